package org.entente.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.entente.testing.SparkTest;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

/**
 * An incremental topic run (new articles scored with the current model) recomputes only the
 * trend periods its articles fall in and adds their part to the entity sums, and its gold tables
 * equal a recomputation from every doc topic; a missing sums table falls back to the full
 * computation.
 */
class IncrementalTopicsTest extends SparkTest {
  private static final double TOLERANCE = 1e-9;

  /** The corpus of {@link TopicJobTest}, with the dates given, annotated by {@code run}. */
  private static List<Row> terms(int from, int n, long seed, LocalDate[] dates, String run) {
    List<Row> out = new ArrayList<>();
    List<Row> rows = TopicJobTest.corpus(from, n, seed);
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      out.add(RowFactory.create(r.get(0), Date.valueOf(dates[i % dates.length]), r.get(2), r.get(3), 0, "fast", run));
    }
    return out;
  }

  /** Mentions of two to three entities per article (E0..E4 countries, L0..L6 leaders; some twice). */
  private static List<Row> mentions(List<Row> terms) {
    List<Row> out = new ArrayList<>();
    for (Row t : terms) {
      String id = t.getString(0);
      int i = Integer.parseInt(id.substring(1));
      List<String[]> entities = new ArrayList<>(List.of(new String[] {"E" + i % 5, "COUNTRY"},
          new String[] {"L" + i % 7, "LEADER"}, new String[] {"E" + i % 5, "COUNTRY"}));
      if (i % 4 == 0) {
        entities.add(new String[] {"E" + (i + 2) % 5, "COUNTRY"});
      }
      int s = 0;
      for (String[] e : entities) {
        out.add(RowFactory.create(id, t.get(1), s++, e[0], e[1], null, e[0], 0, 2, "name", "body", t.get(6)));
      }
    }
    return out;
  }

  private static void add(Warehouse wh, List<Row> terms) {
    wh.append(Table.SILVER_ARTICLE_TERMS, wh.spark().createDataFrame(terms, Table.SILVER_ARTICLE_TERMS.schema()));
    wh.append(Table.SILVER_MENTIONS, wh.spark().createDataFrame(mentions(terms), Table.SILVER_MENTIONS.schema()));
  }

  private static LocalDate[] days(String... isoDates) {
    return java.util.Arrays.stream(isoDates).map(LocalDate::parse).toArray(LocalDate[]::new);
  }

  private TopicJob job(Warehouse wh) {
    return TopicJob.on(wh).k(List.of(3)).maxIter(10).seed(11).minEntityArticles(2).trendRowsPerFile(12);
  }

  @Test
  void aNewBatchRewritesItsPeriodsAndAddsToTheSumsWithTheSameResultAsAFullRecompute() {
    Warehouse wh = newWarehouse();
    // January to March 2024.
    List<String> firstDays = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2024, 1, 1); d.isBefore(LocalDate.of(2024, 4, 1)); d = d.plusDays(3)) {
      firstDays.add(d.toString());
    }
    add(wh, terms(0, 120, 7, days(firstDays.toArray(String[]::new)), "run-0"));
    TopicJob.Result fit = job(wh).execute();
    assertThat(fit.fitted()).isTrue();
    assertThat(wh.read(Table.GOLD_TOPIC_TRENDS).inputFiles().length).isGreaterThan(3);
    Map<String, Set<String>> filesBefore = filesByPeriod(wh);
    Map<String, List<String>> rowsBefore = rowsByPeriod(wh);

    // A batch in the last week of March (an existing week, month and year) and in April (new week and month):
    // scored with the current model, nothing refitted, the doc topics of earlier articles untouched.
    List<Row> docTopicsBefore = wh.read(Table.SILVER_DOC_TOPICS).collectAsList();
    add(wh, terms(120, 30, 8, days("2024-03-28", "2024-04-02", "2024-04-03"), "run-120"));
    TopicJob.Result inc = job(wh).execute();
    assertThat(inc.fitted()).isFalse();
    assertThat(inc.modelId()).isEqualTo(fit.modelId());
    assertThat(inc.scored()).isEqualTo(30);
    assertThat(wh.read(Table.SILVER_DOC_TOPICS).collectAsList()).containsAll(docTopicsBefore);
    assertThat(wh.read(Table.SILVER_DOC_TOPICS).filter("dominant").count()).isEqualTo(150);
    assertThat(lastTopicsParams(wh)).contains("\"incremental\":true").contains("\"entity_sums\":\"added\"");
    assertFullRecompute(wh, fit.modelId());

    // Only the batch's periods were written: every other period keeps its rows, and the files
    // holding none of the batch's periods are kept as they were.
    List<String> touched = List.of("week 2024-03-25", "week 2024-04-01", "month 2024-03-01", "month 2024-04-01",
        "year 2024-01-01");
    Map<String, Set<String>> filesAfter = filesByPeriod(wh);
    Map<String, List<String>> rowsAfter = rowsByPeriod(wh);
    assertThat(filesAfter.keySet()).containsAll(filesBefore.keySet()).contains("week 2024-04-01", "month 2024-04-01");
    Set<String> rewritten = new HashSet<>();
    touched.forEach(t -> rewritten.addAll(filesBefore.getOrDefault(t, Set.of())));
    int kept = 0;
    for (String period : filesBefore.keySet()) {
      if (!touched.contains(period)) {
        assertThat(rowsAfter.get(period)).as(period).isEqualTo(rowsBefore.get(period));
        if (java.util.Collections.disjoint(filesBefore.get(period), rewritten)) {
          kept++;
          assertThat(filesAfter.get(period)).as(period).isEqualTo(filesBefore.get(period));
        }
      }
    }
    assertThat(kept).isGreaterThan(5);
    assertThat(rowsAfter.get("year 2024-01-01")).isNotEqualTo(rowsBefore.get("year 2024-01-01"));
    Map<String, Long> metrics = wh.lastOperationMetrics(Table.GOLD_TOPIC_TRENDS);
    assertThat(metrics.get("numRemovedFiles")).isEqualTo(rewritten.size()).isLessThan(allFiles(filesBefore).size());

    // Without the sums (a warehouse from before them), the next batch rebuilds everything, equally.
    deleteTable(wh, Table.SILVER_TOPIC_ENTITY_SUMS);
    wh = Warehouse.open(spark, wh.root());
    add(wh, terms(150, 12, 9, days("2024-02-14", "2025-01-06"), "run-150"));
    TopicJob.Result rebuilt = job(wh).execute();
    assertThat(rebuilt.scored()).isEqualTo(12);
    assertThat(lastTopicsParams(wh)).contains("\"incremental\":false").contains("\"entity_sums\":\"rebuilt\"");
    assertEntitiesRecomputed(wh, fit.modelId());

    assertThat(wh.read(Table.SILVER_DOC_TOPICS).filter("dominant").count()).isEqualTo(162);
    assertThat(job(wh).execute().scored()).as("nothing new to score").isZero();
  }

  /** gold/topic_trends and gold/topic_entities equal Topics' full computation over every doc topic. */
  private void assertFullRecompute(Warehouse wh, String modelId) {
    Dataset<Row> dt = wh.read(Table.SILVER_DOC_TOPICS).filter(col("model_id").equalTo(modelId));
    assertEqualRows(wh.read(Table.GOLD_TOPIC_TRENDS), Topics.topicTrends(dt, Topics.GRAINS),
        List.of("model_id", "grain", "period_start", "topic_id"), List.of("articles", "period_articles"),
        List.of("share"));
    assertEntitiesRecomputed(wh, modelId);
  }

  /** gold/topic_entities equals Topics' full computation over every doc topic and mention. */
  private void assertEntitiesRecomputed(Warehouse wh, String modelId) {
    Dataset<Row> dt = wh.read(Table.SILVER_DOC_TOPICS).filter(col("model_id").equalTo(modelId));
    Dataset<Row> expected = Topics.topicEntities(dt, wh.read(Table.SILVER_MENTIONS), 2);
    assertThat(expected.count()).isGreaterThan(20);
    assertEqualRows(wh.read(Table.GOLD_TOPIC_ENTITIES), expected, List.of("model_id", "topic_id", "entity_id"),
        List.of("entity_type", "articles", "rank"), List.of("weight", "lift", "topic_articles"));
  }

  private static void assertEqualRows(Dataset<Row> actual, Dataset<Row> expected, List<String> keys,
      List<String> exact, List<String> approximate) {
    Map<String, Row> a = byKey(actual, keys);
    Map<String, Row> e = byKey(expected, keys);
    assertThat(a.keySet()).isEqualTo(e.keySet());
    for (Map.Entry<String, Row> x : e.entrySet()) {
      Row ar = a.get(x.getKey());
      Row er = x.getValue();
      for (String c : exact) {
        assertThat((Object) ar.getAs(c)).as("%s %s", x.getKey(), c).isEqualTo(er.getAs(c));
      }
      for (String c : approximate) {
        double ev = er.getAs(c);
        double av = ar.getAs(c);
        assertThat(Math.abs(av - ev)).as("%s %s: %s against %s", x.getKey(), c, av, ev)
            .isLessThanOrEqualTo(TOLERANCE * Math.max(Math.abs(ev), 1e-300));
      }
    }
  }

  private static Map<String, Row> byKey(Dataset<Row> rows, List<String> keys) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      StringBuilder k = new StringBuilder();
      for (String c : keys) {
        k.append(String.valueOf((Object) r.getAs(c))).append('|');
      }
      assertThat(out.put(k.toString(), r)).as("duplicate key %s", k).isNull();
    }
    return out;
  }

  /** Per "grain period_start" of gold/topic_trends, the files holding its rows. */
  private static Map<String, Set<String>> filesByPeriod(Warehouse wh) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (Row r : wh.read(Table.GOLD_TOPIC_TRENDS).select(col("grain"), col("period_start"),
        input_file_name().as("file")).distinct().collectAsList()) {
      out.computeIfAbsent(r.getString(0) + " " + r.getDate(1), x -> new HashSet<>()).add(r.getString(2));
    }
    return out;
  }

  private static Set<String> allFiles(Map<String, Set<String>> byPeriod) {
    Set<String> all = new HashSet<>();
    byPeriod.values().forEach(all::addAll);
    return all;
  }

  private static Map<String, List<String>> rowsByPeriod(Warehouse wh) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Row r : wh.read(Table.GOLD_TOPIC_TRENDS).orderBy("topic_id").collectAsList()) {
      out.computeIfAbsent(r.<String>getAs("grain") + " " + r.getAs("period_start"), x -> new ArrayList<>())
          .add(r.toString());
    }
    return out;
  }

  private static String lastTopicsParams(Warehouse wh) {
    return wh.read(Table.GOLD_RUNS).filter("stage = 'topics'").orderBy(col("finished_at").desc()).first()
        .getAs("params");
  }

  private static void deleteTable(Warehouse wh, Table t) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(wh.path(t));
      p.getFileSystem(wh.spark().sparkContext().hadoopConfiguration()).delete(p, true);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
