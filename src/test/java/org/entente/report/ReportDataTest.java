package org.entente.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.entente.report.GoldRows.co;
import static org.entente.report.GoldRows.d;
import static org.entente.report.GoldRows.ec;
import static org.entente.report.GoldRows.ev;
import static org.entente.report.GoldRows.frame;
import static org.entente.report.GoldRows.topic;
import static org.entente.report.GoldRows.tr;
import static org.entente.report.GoldRows.tt;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.report.ReportData.RisingOrder;
import org.entente.testing.SparkTest;
import org.entente.warehouse.Json;
import org.entente.warehouse.Table;
import org.junit.jupiter.api.Test;

/** The report's transforms on in-memory gold rows: exact rows, ranks, ties and bounds. */
class ReportDataTest extends SparkTest {

  private Dataset<Row> entityCounts() {
    return frame(spark, Table.GOLD_ENTITY_COUNTS, List.of(
        ec("month", "2024-01-01", "FRA", "France", 5, 10),
        ec("month", "2024-01-01", "DEU", "Germany", 3, 10),
        ec("month", "2024-02-01", "FRA", "France", 4, 8),
        ec("month", "2024-02-01", "DEU", "Germany", 6, 8),
        ec("month", "2024-02-01", "ITA", "Italy", 2, 8),
        ec("month", "2024-03-01", "ITA", "Italy", 7, 20),
        ec("month", "2024-03-01", "DEU:olaf-scholz", "Olaf Scholz", 2, 20),
        ec("year", "2024-01-01", "FRA", "France", 9, 38),
        ec("year", "2024-01-01", "DEU", "Germany", 9, 38),
        ec("year", "2024-01-01", "ITA", "Italy", 9, 38),
        ec("year", "2024-01-01", "DEU:olaf-scholz", null, 2, 38)));
  }

  static final List<String> GRAINS = ReportData.GRAINS;

  @Test
  void topEntitiesPerGrainByArticlesOverAllPeriodsTiesById() {
    assertThat(rows(ReportData.topEntities(entityCounts(), GRAINS, 3))).containsExactly(
        List.of("month", "DEU", "COUNTRY", "Germany", 9L, 1),
        List.of("month", "FRA", "COUNTRY", "France", 9L, 2),
        List.of("month", "ITA", "COUNTRY", "Italy", 9L, 3),
        List.of("year", "DEU", "COUNTRY", "Germany", 9L, 1),
        List.of("year", "FRA", "COUNTRY", "France", 9L, 2),
        List.of("year", "ITA", "COUNTRY", "Italy", 9L, 3));
    assertThat(rows(ReportData.topEntities(entityCounts(), List.of("month"), 2)).stream().map(r -> r.get(1)))
        .containsExactly("DEU", "FRA");
    assertThat(rows(ReportData.topEntities(entityCounts(), List.of("year"), 10)).stream().map(r -> r.get(1)))
        .containsExactly("DEU", "FRA", "ITA", "DEU:olaf-scholz");
  }

  @Test
  void periodsAttentionNamesAndNodeSizes() {
    assertThat(rows(ReportData.periods(entityCounts(), GRAINS))).containsExactly(
        List.of("month", d("2024-01-01"), 10L), List.of("month", d("2024-02-01"), 8L),
        List.of("month", d("2024-03-01"), 20L), List.of("year", d("2024-01-01"), 38L));
    assertThat(rows(ReportData.attention(entityCounts(), GRAINS, List.of("FRA", "ITA")))).containsExactly(
        List.of("month", d("2024-01-01"), "FRA", 5L, 0.5),
        List.of("month", d("2024-02-01"), "FRA", 4L, 0.5),
        List.of("month", d("2024-02-01"), "ITA", 2L, 0.25),
        List.of("month", d("2024-03-01"), "ITA", 7L, 0.35),
        List.of("year", d("2024-01-01"), "FRA", 9L, 9 / 38.0),
        List.of("year", d("2024-01-01"), "ITA", 9L, 9 / 38.0));
    Map<String, LocalDate> from = Map.of("month", LocalDate.of(2024, 3, 1), "year", LocalDate.of(2025, 1, 1));
    assertThat(rows(ReportData.entityArticles(entityCounts(), from, List.of("ITA", "DEU:olaf-scholz", "FRA"))))
        .containsExactly(List.of("month", d("2024-03-01"), "DEU:olaf-scholz", 2L), List.of("month", d("2024-03-01"), "ITA", 7L));
    // Names come from the year rows; a null name stays null.
    assertThat(rows(ReportData.names(entityCounts(), List.of("DEU", "DEU:olaf-scholz", "ITA", "XXX")))).containsExactly(
        Arrays.asList("DEU", "COUNTRY", "Germany"),
        Arrays.asList("DEU:olaf-scholz", "LEADER", null),
        Arrays.asList("ITA", "COUNTRY", "Italy"));
  }

  @Test
  void topPairsPerPeriodRankedByArticlesThenNpmiThenIds() {
    Dataset<Row> co = frame(spark, Table.GOLD_COMENTIONS, List.of(
        co("month", "2023-12-01", "DEU", "FRA", 50, 0.1),
        co("month", "2024-01-01", "DEU", "FRA", 4, 0.2),
        co("month", "2024-01-01", "FRA", "ITA", 4, 0.5),
        co("month", "2024-01-01", "DEU", "ITA", 4, null),
        co("month", "2024-01-01", "AUT", "DEU", 4, null),
        co("month", "2024-01-01", "DEU", "DEU:olaf-scholz", 9, 0.9),
        co("month", "2024-02-01", "DEU", "FRA", 1, 0.0),
        co("year", "2024-01-01", "DEU", "FRA", 5, 0.3)));
    // (lift is null in these rows)
    Map<String, LocalDate> from = new java.util.TreeMap<>(Map.of("month", LocalDate.of(2024, 1, 1),
        "year", LocalDate.of(2024, 1, 1)));
    assertThat(rows(ReportData.topPairs(co, from, 4))).containsExactly(
        Arrays.asList("month", d("2024-01-01"), "DEU", "DEU:olaf-scholz", "COUNTRY-LEADER", 9L, 9L, 0.9, null, 1),
        Arrays.asList("month", d("2024-01-01"), "FRA", "ITA", "COUNTRY-COUNTRY", 4L, 4L, 0.5, null, 2),
        Arrays.asList("month", d("2024-01-01"), "DEU", "FRA", "COUNTRY-COUNTRY", 4L, 4L, 0.2, null, 3),
        // npmi null ranks after any npmi; then by ids: AUT-DEU before DEU-ITA (the latter cut by n = 4)
        Arrays.asList("month", d("2024-01-01"), "AUT", "DEU", "COUNTRY-COUNTRY", 4L, 4L, null, null, 4),
        Arrays.asList("month", d("2024-02-01"), "DEU", "FRA", "COUNTRY-COUNTRY", 1L, 1L, 0.0, null, 1),
        Arrays.asList("year", d("2024-01-01"), "DEU", "FRA", "COUNTRY-COUNTRY", 5L, 5L, 0.3, null, 1));
    assertThat(rows(ReportData.topPairs(co, Map.of("month", LocalDate.of(2024, 2, 1)), 4))).hasSize(1);
  }

  @Test
  void risingPairsAtMonthAndYearInBothOrders() {
    Dataset<Row> trends = frame(spark, Table.GOLD_COMENTION_TRENDS, List.of(
        tr("2023-12-01", "DEU", "FRA", 30, 1, 1),           // before `from`: left out
        tr("2024-01-01", "DEU", "FRA", 6, 1, 2.5),           // change 5, z 2
        tr("2024-01-01", "FRA", "ITA", 3, 0.5, 0.5),         // change 2.5, z 5
        tr("2024-01-01", "DEU", "ITA", 4, 0, 0),             // change 4, z null (flat window)
        tr("2024-01-01", "AUT", "DEU", 1, 3, 1),             // fell: left out
        tr("2024-02-01", "FRA", "ITA", 9, 1, 2),             // change 8, z 4
        tr("2025-03-01", "DEU", "FRA", 2, 1, 0.5)));         // change 1, z 2
    // Both grains in one query; at the year grain, each pair's best month of the year.
    Map<String, LocalDate> from = new java.util.TreeMap<>(Map.of("month", LocalDate.of(2024, 1, 1),
        "year", LocalDate.of(2024, 1, 1)));
    Dataset<Row> byChange = ReportData.risingPairs(trends, from, 2, RisingOrder.CHANGE);
    assertThat(rows(byChange.select("grain", "period_start", "entity_a", "entity_b", "month", "articles", "change",
        "z_score", "window_periods", "rank"))).containsExactly(
        List.of("month", d("2024-01-01"), "DEU", "FRA", d("2024-01-01"), 6L, 5.0, 2.0, 8, 1),
        Arrays.asList("month", d("2024-01-01"), "DEU", "ITA", d("2024-01-01"), 4L, 4.0, null, 8, 2),
        List.of("month", d("2024-02-01"), "FRA", "ITA", d("2024-02-01"), 9L, 8.0, 4.0, 8, 1),
        List.of("month", d("2025-03-01"), "DEU", "FRA", d("2025-03-01"), 2L, 1.0, 2.0, 8, 1),
        List.of("year", d("2024-01-01"), "FRA", "ITA", d("2024-02-01"), 9L, 8.0, 4.0, 8, 1),
        List.of("year", d("2024-01-01"), "DEU", "FRA", d("2024-01-01"), 6L, 5.0, 2.0, 8, 2),
        List.of("year", d("2025-01-01"), "DEU", "FRA", d("2025-03-01"), 2L, 1.0, 2.0, 8, 1));
    Dataset<Row> januaryByZ = ReportData.risingPairs(trends, Map.of("month", LocalDate.of(2024, 1, 1)), 3,
        RisingOrder.Z).filter("period_start = '2024-01-01'");
    assertThat(rows(januaryByZ.select("entity_a", "entity_b", "rank")))
        .containsExactly(List.of("FRA", "ITA", 1), List.of("DEU", "FRA", 2), List.of("DEU", "ITA", 3));
  }

  @Test
  void evidenceOfTheWantedPairsPerMonthAndPerYear() {
    Dataset<Row> ev = frame(spark, Table.GOLD_COMENTION_EVIDENCE, List.of(
        ev("2024-01-01", "DEU", "FRA", 1, "a1", "2024-01-03", 1, "one"),
        ev("2024-01-01", "DEU", "FRA", 2, "a2", "2024-01-09", 4, "two"),
        ev("2024-01-01", "DEU", "FRA", 3, "a3", "2024-01-20", 2, "three"),
        ev("2024-02-01", "DEU", "FRA", 1, "a4", "2024-02-02", 1, "four"),
        ev("2024-01-01", "FRA", "ITA", 1, "a5", "2024-01-05", 1, "five")));
    StructType pairs = new StructType().add("grain", DataTypes.StringType).add("period_start", DataTypes.DateType)
        .add("entity_a", DataTypes.StringType).add("entity_b", DataTypes.StringType);
    Dataset<Row> wanted = spark.createDataFrame(List.of(
        RowFactory.create("month", d("2024-01-01"), "DEU", "FRA"), RowFactory.create("month", d("2024-01-01"), "DEU", "FRA"),
        RowFactory.create("month", d("2024-02-01"), "DEU", "FRA"),
        RowFactory.create("year", d("2024-01-01"), "DEU", "FRA"), RowFactory.create("year", d("2024-01-01"), "FRA", "ITA")),
        pairs);
    // At most 3 a pair: January's 3 of DEU-FRA, the year's first 3 over January and February.
    List<List<Object>> got = rows(ReportData.evidence(ev, wanted, GRAINS, 3));
    assertThat(got.subList(0, 4)).containsExactly(
        List.of("month", d("2024-01-01"), "DEU", "FRA", 1, "a1", d("2024-01-03"), 1, "one"),
        List.of("month", d("2024-01-01"), "DEU", "FRA", 2, "a2", d("2024-01-09"), 4, "two"),
        List.of("month", d("2024-01-01"), "DEU", "FRA", 3, "a3", d("2024-01-20"), 2, "three"),
        List.of("month", d("2024-02-01"), "DEU", "FRA", 1, "a4", d("2024-02-02"), 1, "four"));
    assertThat(got.subList(4, got.size()).stream().map(r -> List.of(r.get(0), r.get(1), r.get(2), r.get(4), r.get(8))))
        .containsExactly(List.of("year", d("2024-01-01"), "DEU", 1, "one"), List.of("year", d("2024-01-01"), "DEU", 2, "two"),
            List.of("year", d("2024-01-01"), "DEU", 3, "three"), List.of("year", d("2024-01-01"), "FRA", 1, "five"));
  }

  @Test
  void titlesOfTheGivenArticlesOnly() {
    Dataset<Row> articles = frame(spark, Table.SILVER_ARTICLES, List.of(
        GoldRows.article("a1", "Wire", "First", "Text one", "2024-01-03"),
        GoldRows.article("a2", "Post", "Second", "Text two", "2024-01-04"),
        GoldRows.article("a3", "Wire", "Third", "Text three", "2024-01-05")));
    assertThat(rows(ReportData.titles(articles, List.of("a3", "a1", "zz")).orderBy("article_id")))
        .containsExactly(List.of("a1", "First", "Wire"), List.of("a3", "Third", "Wire"));
  }

  @Test
  void currentModelAndItsTopicSharesWithTheRestAsOther() {
    Dataset<Row> topics = frame(spark, Table.GOLD_TOPICS, List.of(
        topic("old", 0, "x, y, z", 0.1, false, "2024-01-01 00:00:00"),
        topic("m1", 1, "war, troops, front", 0.2, true, "2024-02-01 00:00:00"),
        topic("m1", 0, "trade, tariffs, exports", 0.3, true, "2024-02-01 00:00:00"),
        topic("m0", 0, "stale, current, flag", 0.3, true, "2024-01-15 00:00:00")));
    assertThat(rows(ReportData.currentTopics(topics))).containsExactly(
        List.of("m1", 0, "trade, tariffs, exports", 0.3, 3, 0.25),
        List.of("m1", 1, "war, troops, front", 0.2, 3, 0.25));
    Dataset<Row> trends = frame(spark, Table.GOLD_TOPIC_TRENDS, List.of(
        tt("m1", "month", "2024-01-01", 0, 0.5, 5), tt("m1", "month", "2024-01-01", 1, 0.3, 3),
        tt("m1", "month", "2024-01-01", 2, 0.15, 1), tt("m1", "month", "2024-01-01", 3, 0.05, 1),
        tt("m1", "month", "2024-02-01", 0, 0.25, 2), tt("m1", "month", "2024-02-01", 1, 0.25, 3),
        tt("m1", "month", "2024-02-01", 2, 0.5, 5),
        tt("m1", "year", "2024-01-01", 0, 1.0, 20), tt("old", "month", "2024-01-01", 0, 1.0, 9)));
    // Mean monthly shares: topic 0 0.375, topic 2 0.325, topic 1 0.275, topic 3 0.025: the top two
    // keep their id, the rest are -1. The year has one topic.
    List<List<Object>> shares = rows(ReportData.topicShares(trends, "m1", GRAINS, 2));
    assertThat(shares.stream().map(r -> List.of(r.get(0), r.get(1), r.get(2), r.get(4)))).containsExactly(
        List.of("month", d("2024-01-01"), -1, 4L), List.of("month", d("2024-01-01"), 0, 5L),
        List.of("month", d("2024-01-01"), 2, 1L), List.of("month", d("2024-02-01"), -1, 3L),
        List.of("month", d("2024-02-01"), 0, 2L), List.of("month", d("2024-02-01"), 2, 5L),
        List.of("year", d("2024-01-01"), 0, 20L));
    double[] expected = {0.35, 0.5, 0.15, 0.25, 0.25, 0.5, 1.0};
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) shares.get(i).get(3)).as("share of row %d", i).isCloseTo(expected[i], within(1e-12));
    }
  }

  @Test
  void htmlJsonEscapesMarkupAndLineSeparatorsAndWritesNumbersCompactly() {
    Map<String, Object> v = new java.util.LinkedHashMap<>();
    v.put("name", "</script><img src=x onerror=alert(1)> & \u2028\u2029 \"q\" \\ \n\u0001");
    v.put("numbers", Arrays.asList(1L, 2, 0.1 + 0.2, 1.0 / 3, 2.0, Double.NaN, Double.POSITIVE_INFINITY, null, true));
    v.put("date", LocalDate.of(2024, 3, 1));
    assertThat(Json.forHtml(v)).isEqualTo("{\"name\":\"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e"
        + " \\u0026 \\u2028\\u2029 \\\"q\\\" \\\\ \\n\\u0001\","
        + "\"numbers\":[1,2,0.3,0.333333,2,null,null,null,true],\"date\":\"2024-03-01\"}");
  }

  @Test
  void inlinedScriptsCannotCloseTheirElementAndAreAllowedByHash() {
    assertThat(ReportPage.scriptText("var a = '</script>'; var b = '</SCRIPT >';"))
        .isEqualTo("var a = '<\\/script>'; var b = '<\\/SCRIPT >';");
    // SHA-256 of the empty string, base64: the CSP source that allows an empty inline script.
    assertThat(ReportPage.hash("")).isEqualTo("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  }
}
