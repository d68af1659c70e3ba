package org.entente.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The time grains every gold table counts by: {@code day}, {@code week} (ISO, Monday start),
 * {@code month}, {@code year}, taken from {@code published_date} (the UTC date of publication).
 * Shared by the co-mention, topic and report stages.
 */
public final class Periods {
  private Periods() {}

  public static final List<String> GRAINS = List.of("day", "week", "month", "year");

  /** The first day of {@code date}'s period at {@code grain}. */
  public static Column periodStart(String grain, Column date) {
    return date_trunc(grain, date.cast("timestamp")).cast("date");
  }

  /** One row per grain for each input row: adds {@code grain} and {@code period_start}. */
  public static Dataset<Row> withPeriods(Dataset<Row> rows, List<String> grains) {
    List<Column> periods = new ArrayList<>();
    for (String g : grains) {
      periods.add(struct(lit(g).as("grain"), periodStart(g, col("published_date")).as("period_start")));
    }
    List<Column> cols = new ArrayList<>();
    for (String c : rows.columns()) {
      cols.add(col(c));
    }
    cols.add(explode(array(periods.toArray(new Column[0]))).as("_p"));
    return rows.select(cols.toArray(new Column[0]))
        .withColumn("grain", col("_p.grain")).withColumn("period_start", col("_p.period_start")).drop("_p");
  }
}
