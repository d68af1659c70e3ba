package org.entente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.entente.testing.SparkTest;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

/**
 * {@code entente run} with no input: the bundled sample corpus. Its deliberate faults (a
 * malformed JSON line, records without text, impossible and future dates, an empty file, exact
 * duplicates) must show up as such, and a second run must leave every silver table unchanged.
 */
class SampleRunTest extends SparkTest {
  @Test
  void runsTheSampleTwiceWithTheSameSilverTables() {
    System.setProperty("entente.home", repo().toString());
    String wh = tmp.resolve("wh").toString();
    CliTest.Outcome first = CliTest.run("run", "--warehouse", wh);
    assertThat(first.code()).as(first.err()).isZero();

    Warehouse w = Warehouse.open(spark, wh);
    assertThat(rows(w.read(Table.GOLD_RUNS).select("stage", "rows_in", "rows_out", "rows_duplicate", "rows_rejected")))
        .containsExactly(List.of("ingest", 374L, 360L, 4L, 10L));
    assertThat(rows(w.read(Table.SILVER_REJECTS).groupBy("reason").count().orderBy("reason"))).containsExactly(
        List.of("date 2091-01-01T09:00:00Z is in the future (later than "
            + w.read(Table.SILVER_REJECTS).filter("reason like 'date 2091%'").first().getString(3)
            .replaceAll(".*later than (.*)\\)$", "$1") + ")", 1L),
        List.of("empty file", 1L),
        List.of("impossible date '2023-13-45' in file name 2023-13-45_misdated-note.txt", 1L),
        List.of("impossible date '2024-02-30T10:00:00Z' (Invalid date 'FEBRUARY 30') in field 'pubDate'", 1L),
        List.of("impossible date '31 Apr 2023 10:00' (Invalid date 'APRIL 31') in field 'date'", 1L),
        List.of("malformed JSON: Unexpected end-of-input: was expecting closing quote for a string value", 1L),
        List.of("no text and no title", 3L),
        List.of("unparseable date 'last Tuesday' in field 'pubDate'", 1L));
    assertThat(rows(w.read(Table.SILVER_ARTICLES).groupBy("source").count().orderBy("source"))).containsExactly(
        List.of("Atlas Daily", 49L), List.of("Continental Post", 75L), List.of("Meridian Wire", 76L),
        List.of("Northgate Times", 50L), List.of("dispatches", 55L), List.of("eastgatereview.example", 26L),
        List.of("harbourledger.example", 29L));
    assertThat(w.read(Table.SILVER_ARTICLES).selectExpr("min(published_date)", "max(published_date)")
        .first().toString()).isEqualTo("[2022-01-10,2025-12-10]");

    CliTest.Outcome second = CliTest.run("run", "--warehouse", wh);
    assertThat(second.code()).isZero();
    assertThat(w.read(Table.SILVER_ARTICLES).count()).isEqualTo(360);
    assertThat(w.read(Table.SILVER_REJECTS).count()).isEqualTo(10);
    assertThat(rows(w.read(Table.GOLD_RUNS).orderBy("started_at")
        .select("rows_in", "rows_out", "rows_duplicate", "rows_rejected")))
        .containsExactly(List.of(374L, 360L, 4L, 10L), List.of(374L, 0L, 364L, 10L));
  }
}
