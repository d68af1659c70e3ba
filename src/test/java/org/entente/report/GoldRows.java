package org.entente.report;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.entente.warehouse.Table;

/** Rows of the gold tables, with their declared schemas, built in code for the report's tests. */
final class GoldRows {
  private GoldRows() {}

  static Date d(String iso) {
    return Date.valueOf(iso);
  }

  static Dataset<Row> frame(SparkSession spark, Table table, List<Row> rows) {
    return spark.createDataFrame(rows, table.schema());
  }

  private static String type(String id) {
    return id.contains(":") ? "LEADER" : "COUNTRY";
  }

  /** gold/entity_counts: mentions = 2 × articles, share = articles / period articles, one story per article. */
  static Row ec(String grain, String period, String id, String name, long articles, long periodArticles) {
    return RowFactory.create(grain, d(period), id, type(id), name, articles, 2 * articles, periodArticles,
        (double) articles / periodArticles, articles, periodArticles);
  }

  /** gold/comentions (a &lt; b): sentences = articles, 100 period articles, pmi and lift left null, one story per article. */
  static Row co(String grain, String period, String a, String b, long articles, Double npmi) {
    String pairType = type(a).equals(type(b)) ? type(a) + "-" + type(a) : "COUNTRY-LEADER";
    return RowFactory.create(grain, d(period), a, b, pairType, articles, articles, articles, articles, 100L,
        null, npmi, null, articles / 100.0, articles, 100L);
  }

  /** gold/comention_trends, month grain, 8-period window: change = articles − mean, z = change / std (null when 0). */
  static Row tr(String period, String a, String b, long articles, double mean, double std) {
    String pairType = type(a).equals(type(b)) ? type(a) + "-" + type(a) : "COUNTRY-LEADER";
    double change = articles - mean;
    return RowFactory.create("month", d(period), a, b, pairType, articles, 8, mean, std, change,
        std > 0 ? change / std : null);
  }

  /** gold/comention_evidence. */
  static Row ev(String month, String a, String b, int rank, String article, String date, int sentence, String text) {
    return RowFactory.create(d(month), a, b, rank, article, d(date), sentence, text);
  }

  /** gold/topics (terms left empty). */
  static Row topic(String model, int id, String label, double npmi, boolean current, String fittedAt) {
    return RowFactory.create(model, id, label, new Row[0], npmi, 3, 0.25, current, Timestamp.valueOf(fittedAt));
  }

  /** gold/topic_trends (period articles 10). */
  static Row tt(String model, String grain, String period, int topic, double share, long articles) {
    return RowFactory.create(model, grain, d(period), topic, share, articles, 10L);
  }

  /** silver/articles: an article with the given title and source, published on {@code date}. */
  static Row article(String id, String source, String title, String text, String date) {
    Timestamp at = Timestamp.valueOf(date + " 12:00:00");
    return RowFactory.create(id, source, null, title, text, at, d(date), "en", text.split(" ").length,
        "h" + id, id, "b1", at, "in.jsonl");
  }
}
