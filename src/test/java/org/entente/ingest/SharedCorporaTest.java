package org.entente.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.MonthDay;
import java.util.List;
import org.apache.spark.sql.Row;
import org.entente.testing.SparkTest;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ingest of the team's real corpora with no field options (auto-detection). Skipped when
 * {@code ../shared} is absent.
 */
@Tag("shared-data")
class SharedCorporaTest extends SparkTest {
  private static Path data(String rel) {
    Path shared = shared();
    assumeTrue(shared != null, "../shared is absent");
    return shared.resolve("data").resolve(rel);
  }

  @Test
  void reutersWithAutoDetectedFields() {
    Path f = data("news/reuters21578/reuters21578_train_and_notused.jsonl");
    Warehouse wh = newWarehouse();
    IngestJob.Result r = IngestJob.into(wh).inputs(List.of(f.toString())).source("reuters").execute();
    assertThat(r.read()).isEqualTo(15390);
    assertThat(r.read()).isEqualTo(r.accepted() + r.duplicates() + r.rejected());
    assertThat(List.of(r.accepted(), r.duplicates(), r.rejected())).containsExactly(15120L, 269L, 1L);
    // The one refused record has neither title nor body.
    assertThat(wh.read(Table.SILVER_REJECTS).select("reason").first().getString(0)).isEqualTo("no text and no title");
    Row first = wh.read(Table.SILVER_ARTICLES).filter(col("article_id").equalTo("reuters:1")).first();
    assertThat(first.<String>getAs("title")).isEqualTo("BAHIA COCOA REVIEW");
    assertThat(first.<String>getAs("text")).startsWith("SALVADOR, Feb 26 - Showers continued throughout the week in\n");
    assertThat(first.getAs("published_at").toString()).isEqualTo("1987-02-26 15:01:01.0");
    Row run = wh.read(Table.GOLD_RUNS).first();
    assertThat(run.<Long>getAs("rows_in")).isEqualTo(run.<Long>getAs("rows_out")
        + run.<Long>getAs("rows_duplicate") + run.<Long>getAs("rows_rejected"));
  }

  @Test
  void unSpeechesWithYearOnlyDates() {
    Path f = data("speeches/ungdc/ungdc_speeches_1946_2024.jsonl.gz");
    Warehouse wh = newWarehouse();
    IngestJob.Result r = IngestJob.into(wh).inputs(List.of(f.toString())).source("ungdc")
        .yearAnchor(MonthDay.of(9, 15)).execute();
    assertThat(List.of(r.read(), r.accepted(), r.duplicates(), r.rejected()))
        .containsExactly(10952L, 10952L, 0L, 0L);
    assertThat(rows(wh.read(Table.SILVER_ARTICLES).filter(col("article_id").equalTo("ungdc:ARG_01_1946"))
        .select(col("published_date").cast("string")))).containsExactly(List.of("1946-09-15"));
    assertThat(wh.read(Table.SILVER_ARTICLES).selectExpr("count(distinct year(published_date))").first().getLong(0))
        .isEqualTo(79);
  }
}
