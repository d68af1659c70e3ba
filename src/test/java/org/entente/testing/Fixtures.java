package org.entente.testing;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;

/** Rows of silver/articles built in code, for the stages after ingest. */
public final class Fixtures {
  private Fixtures() {}

  /** An article published at 10:00 UTC on {@code date} (yyyy-MM-dd). */
  public static Row article(String id, String date, String title, String text) {
    return article(id, date, title, text, id);
  }

  /** An article of story {@code story} (its near-duplicate group's id). */
  public static Row article(String id, String date, String title, String text, String story) {
    Timestamp ts = Timestamp.valueOf(date + " 10:00:00");
    return RowFactory.create(id, "src", null, title, text, ts, Date.valueOf(date), "en",
        text.split("\\s+").length, id + "-hash", story, "b1", ts, "f");
  }

  public static void addArticles(Warehouse wh, Row... rows) {
    SparkSession spark = wh.spark();
    wh.append(Table.SILVER_ARTICLES, spark.createDataFrame(Arrays.asList(rows), Table.SILVER_ARTICLES.schema()));
  }
}
