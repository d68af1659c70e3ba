package org.entente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Row;
import org.entente.testing.SampleWarehouse;
import org.entente.testing.SparkTest;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

/**
 * {@code entente run} with no input: the bundled sample corpus. Its deliberate faults (a
 * malformed JSON line, records without text, impossible and future dates, an empty file, exact
 * duplicates) must show up as such, and a second run must leave every silver table unchanged.
 * The first run is {@link SampleWarehouse}'s, shared with the other tests of the JVM.
 */
class SampleRunTest extends SparkTest {
  @Test
  void runsTheSampleTwiceWithTheSameSilverTables() {
    // The first run is the shared sample warehouse's (built once per test JVM); this test
    // changes its warehouse, so it works on a copy.
    String wh = SampleWarehouse.copyTo(tmp.resolve("wh")).toString();

    Warehouse w = Warehouse.open(spark, wh);
    assertThat(rows(w.read(Table.GOLD_RUNS).filter("stage = 'ingest'")
        .select("stage", "rows_in", "rows_out", "rows_duplicate", "rows_rejected")))
        .containsExactly(List.of("ingest", 374L, 360L, 4L, 10L));
    assertThat(w.read(Table.SILVER_ARTICLE_TERMS).count()).isEqualTo(360);
    assertThat(w.read(Table.SILVER_MENTIONS).columns()).startsWith("article_id", "published_date", "sentence_index",
        "entity_id", "entity_type", "country_code", "surface", "begin", "end", "match_kind");
    // Every leader the sample describes in office, and the summit hosts, are found.
    List<String> found = w.read(Table.SILVER_MENTIONS).select("entity_id").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    assertThat(found).contains("USA:joe-biden", "USA:donald-trump", "RUS:vladimir-putin",
        "CHN:xi-jinping", "CHN:li-keqiang", "CHN:li-qiang", "GBR:boris-johnson", "GBR:liz-truss",
        "GBR:rishi-sunak", "GBR:keir-starmer", "GBR:elizabeth-ii", "GBR:charles-iii", "FRA:emmanuel-macron",
        "DEU:olaf-scholz", "DEU:friedrich-merz", "ITA:giorgia-meloni", "JPN:fumio-kishida", "JPN:shigeru-ishiba",
        "CAN:justin-trudeau", "CAN:mark-carney", "IND:narendra-modi", "BRA:luiz-inacio-lula-da-silva",
        "ZAF:cyril-ramaphosa", "TUR:recep-tayyip-erdogan", "UKR:volodymyr-zelenskyy", "ISR:benjamin-netanyahu",
        "IRN:masoud-pezeshkian", "SAU:mohammed-bin-salman", "EGY:abdel-fattah-el-sisi", "IDN:prabowo-subianto",
        "KOR:yoon-suk-yeol", "AUS:anthony-albanese", "MEX:claudia-sheinbaum", "ARG:javier-milei",
        "POL:donald-tusk", "HUN:viktor-orban", "PAK:shehbaz-sharif", "NGA:bola-tinubu", "PRK:kim-jong-un",
        "USA", "RUS", "CHN", "IND", "BRA", "ZAF", "UKR", "GEO", "NER", "NGA", "PNG", "DOM", "JOR", "TUR");
    // The traps: a Mark Rutte who is NATO's secretary general, a Georgia in the US, a turkey for dinner.
    assertThat(w.read(Table.SILVER_MENTIONS).filter("entity_id = 'NLD:mark-rutte' and published_date > '2024-07-02'")
        .count()).isZero();
    assertThat(w.read(Table.SILVER_MENTIONS).filter("entity_id = 'GEO'").join(
        w.read(Table.SILVER_ARTICLES).filter("text like '%Atlanta%' and text not like '%Tbilisi%'"), "article_id")
        .count()).isZero();
    assertThat(w.read(Table.SILVER_MENTIONS).filter("entity_id = 'TUR'").join(
        w.read(Table.SILVER_ARTICLES).filter("title like 'Turkey prices%'"), "article_id").count()).isZero();
    assertThat(rows(w.read(Table.SILVER_REJECTS).groupBy("reason").count().orderBy("reason"))).containsExactly(
        List.of("date 2091-01-01T09:00:00Z is in the future (later than "
            + w.read(Table.SILVER_REJECTS).filter("reason like 'date 2091%'").first().getString(3)
            .replaceAll(".*later than (.*)\\)$", "$1") + ")", 1L),
        List.of("empty file", 1L),
        List.of("impossible date '2023-13-45' in file name 2023-13-45_misdated-note.txt", 1L),
        List.of("impossible date '2024-02-30T10:00:00Z' (Invalid date 'FEBRUARY 30') in field 'pubDate'", 1L),
        List.of("impossible date '31 Apr 2023 10:00' (Invalid date 'APRIL 31') in field 'date'", 1L),
        List.of("malformed JSON: Unexpected end-of-input: was expecting closing quote for a string value", 1L),
        List.of("no text and no title", 2L),
        List.of("no text and no title field (fields: guid, link, outlet, pubDate;"
            + " name them with --text-field or --title-field)", 1L),
        List.of("unparseable date 'last Tuesday' in field 'pubDate'", 1L));
    assertThat(rows(w.read(Table.SILVER_ARTICLES).groupBy("source").count().orderBy("source"))).containsExactly(
        List.of("Atlas Daily", 49L), List.of("Continental Post", 75L), List.of("Meridian Wire", 76L),
        List.of("Northgate Times", 50L), List.of("dispatches", 55L), List.of("eastgatereview.example", 26L),
        List.of("harbourledger.example", 29L));
    assertThat(w.read(Table.SILVER_ARTICLES).selectExpr("min(published_date)", "max(published_date)")
        .first().toString()).isEqualTo("[2022-01-10,2025-12-10]");

    // Gold: the BRICS summit in Kazan (October 2024) puts Russia and China together, and the
    // year counts agree with the mentions they come from.
    Row kazan = w.read(Table.GOLD_COMENTIONS).filter("grain = 'month' and period_start = '2024-10-01'"
        + " and entity_a = 'CHN' and entity_b = 'RUS'").first();
    assertThat(kazan.<Long>getAs("articles")).isPositive().isLessThanOrEqualTo(
        Math.min(kazan.<Long>getAs("articles_a"), kazan.<Long>getAs("articles_b")));
    long chinaIn2024 = w.read(Table.SILVER_MENTIONS).filter("entity_id = 'CHN' and year(published_date) = 2024")
        .select("article_id").distinct().count();
    assertThat(w.read(Table.GOLD_ENTITY_COUNTS).filter("grain = 'year' and period_start = '2024-01-01'"
        + " and entity_id = 'CHN'").select("articles", "name").first().toString())
        .isEqualTo("[" + chinaIn2024 + ",China]");
    assertThat(w.read(Table.GOLD_COMENTION_EVIDENCE).filter("rank > 5").count()).isZero();

    // Topics: one model of 20 topics, every article scored once, each period's shares summing to 1.
    assertThat(rows(w.read(Table.GOLD_TOPICS).groupBy("model_id", "k", "current").count()).get(0).subList(1, 4))
        .containsExactly(20, true, 20L);
    assertThat(w.read(Table.SILVER_DOC_TOPICS).filter("dominant").count()).isEqualTo(360);
    assertThat(w.read(Table.GOLD_TOPIC_TRENDS).groupBy("grain", "period_start").sum("share")
        .filter("abs(`sum(share)` - 1) > 1e-9").count()).isZero();
    assertThat(w.read(Table.GOLD_TOPIC_ENTITIES).filter("entity_id = 'RUS:vladimir-putin'").first()
        .<String>getAs("name")).isEqualTo("Vladimir Putin");

    CliTest.Outcome second = CliTest.run("run", "--warehouse", wh, "--max-iter", "20");
    assertThat(second.code()).isZero();
    assertThat(w.read(Table.SILVER_ARTICLES).count()).isEqualTo(360);
    assertThat(w.read(Table.SILVER_REJECTS).count()).isEqualTo(10);
    assertThat(rows(w.read(Table.GOLD_RUNS).filter("stage = 'ingest'").orderBy("started_at")
        .select("rows_in", "rows_out", "rows_duplicate", "rows_rejected")))
        .containsExactly(List.of(374L, 360L, 4L, 10L), List.of(374L, 0L, 364L, 10L));
    assertThat(rows(w.read(Table.GOLD_RUNS).filter("stage = 'annotate'").orderBy("started_at").select("rows_in")))
        .containsExactly(List.of(360L), List.of(0L));
    assertThat(rows(w.read(Table.GOLD_RUNS).filter("stage = 'topics'").orderBy("started_at").select("rows_in")))
        .containsExactly(List.of(360L), List.of(0L));
    assertThat(rows(w.read(Table.GOLD_RUNS).filter("stage = 'comentions'").orderBy("started_at")
        .select("status", "rows_in"))).hasSize(2).element(1).isEqualTo(List.of("SUCCEEDED", 0L));

    // The Spark NLP reference pipeline and the fast engine write the same mentions.
    String cols = "article_id, section, sentence_index, entity_id, entity_type, country_code, surface, begin, end,"
        + " match_kind";
    List<Row> fast = w.read(Table.SILVER_MENTIONS).selectExpr(cols.split(", ")).collectAsList();
    CliTest.Outcome snlp = CliTest.run("annotate", "--engine", "sparknlp", "--full", "--warehouse", wh);
    assertThat(snlp.code()).as(snlp.err()).isZero();
    List<Row> reference = w.read(Table.SILVER_MENTIONS).selectExpr(cols.split(", ")).collectAsList();
    assertThat(fast).hasSizeGreaterThan(4000);
    assertThat(reference).containsExactlyInAnyOrderElementsOf(fast);
    assertThat(w.read(Table.SILVER_ARTICLE_TERMS).filter("engine = 'sparknlp'").count()).isEqualTo(360);
  }
}
