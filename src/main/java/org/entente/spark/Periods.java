package org.entente.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** The first day of {@code date}'s period at {@code grain}. */
  public static LocalDate periodStart(String grain, LocalDate date) {
    return switch (grain) {
      case "day" -> date;
      case "week" -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case "month" -> date.withDayOfMonth(1);
      case "year" -> date.withDayOfYear(1);
      default -> throw new IllegalArgumentException("unknown grain " + grain);
    };
  }

  /** The last day of {@code date}'s period at {@code grain}. */
  public static LocalDate periodEnd(String grain, LocalDate date) {
    return switch (grain) {
      case "day" -> date;
      case "week" -> date.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
      case "month" -> date.with(TemporalAdjusters.lastDayOfMonth());
      case "year" -> date.with(TemporalAdjusters.lastDayOfYear());
      default -> throw new IllegalArgumentException("unknown grain " + grain);
    };
  }

  /**
   * Per grain, the first and last period start holding a date in {@code [first, last]}: the
   * periods a batch of articles dated so falls in (with the periods between them).
   */
  public static Map<String, LocalDate[]> covering(List<String> grains, LocalDate first, LocalDate last) {
    Map<String, LocalDate[]> ranges = new LinkedHashMap<>();
    for (String g : grains) {
      ranges.put(g, new LocalDate[] {periodStart(g, first), periodStart(g, last)});
    }
    return ranges;
  }

  /** The dates of every period in {@code ranges}: from the earliest first day to the latest last day. */
  public static LocalDate[] span(Map<String, LocalDate[]> ranges) {
    LocalDate from = null;
    LocalDate to = null;
    for (Map.Entry<String, LocalDate[]> e : ranges.entrySet()) {
      LocalDate f = e.getValue()[0];
      LocalDate t = periodEnd(e.getKey(), e.getValue()[1]);
      from = from == null || f.isBefore(from) ? f : from;
      to = to == null || t.isAfter(to) ? t : to;
    }
    return new LocalDate[] {from, to};
  }

  /** Rows (with grain and period_start) whose period falls in {@code ranges}. */
  public static Dataset<Row> restrict(Dataset<Row> rows, Map<String, LocalDate[]> ranges) {
    Column keep = lit(false);
    for (Map.Entry<String, LocalDate[]> e : ranges.entrySet()) {
      keep = keep.or(col("grain").equalTo(e.getKey()).and(col("period_start")
          .between(Date.valueOf(e.getValue()[0]), Date.valueOf(e.getValue()[1]))));
    }
    return rows.filter(keep);
  }

  /** The same ranges as a SQL predicate (for Delta's {@code replaceWhere}). */
  public static String predicate(Map<String, LocalDate[]> ranges) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, LocalDate[]> e : ranges.entrySet()) {
      parts.add("(grain = '" + e.getKey() + "' AND period_start >= DATE'" + e.getValue()[0]
          + "' AND period_start <= DATE'" + e.getValue()[1] + "')");
    }
    return String.join(" OR ", parts);
  }
}
