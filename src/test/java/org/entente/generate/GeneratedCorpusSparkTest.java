package org.entente.generate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.entente.bench.ScaleBench;
import org.entente.testing.SparkTest;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

/**
 * A generated corpus through the real ingest and annotate stages, run by {@code entente bench
 * --articles} (one size and its incremental day): the warehouse holds exactly the truth, and the
 * bench's report adds up.
 */
class GeneratedCorpusSparkTest extends SparkTest {
  @Test
  void theBenchIngestsAndAnnotatesExactlyThePlantedEntitiesAndADay() throws Exception {
    Path scratch = tmp.resolve("bench");
    Path out = tmp.resolve("scale.json");
    Map<String, Object> report = ScaleBench.of(List.of(300L), List.of("ingest", "annotate")).seed(11).out(out)
        .execute(spark, scratch);

    // The truth: (article_id, entity_id) pairs, mentions and day per article.
    Path corpus = scratch.resolve("corpus-300");
    TreeSet<String> truthPairs = new TreeSet<>();
    Map<String, Long> truthMentions = new TreeMap<>();
    Map<String, String> truthDates = new TreeMap<>();
    long plantedMentions = 0;
    for (JsonNode t : CorpusGeneratorTest.json(corpus.resolve("truth").resolve(CorpusGenerator.name("truth-", 0)))) {
      String id = t.get("article_id").asText();
      t.get("entities").forEach(e -> truthPairs.add(id + " " + e.asText()));
      truthDates.put(id, t.get("published_date").asText());
      plantedMentions += t.get("mentions").asLong();
      if (t.get("mentions").asLong() > 0) {
        truthMentions.put(id, t.get("mentions").asLong());
      }
    }
    assertThat(truthDates).hasSize(300);
    assertThat(truthPairs).hasSizeGreaterThan(300);

    @SuppressWarnings("unchecked")
    Map<String, Object> size = ((List<Map<String, Object>>) report.get("sizes")).get(0);
    assertThat(size).containsEntry("articles", 300L).containsEntry("planted_mentions", plantedMentions);
    assertThat(stage(size, "ingest")).containsEntry("read", 300L).containsEntry("accepted", 300L)
        .containsEntry("duplicates", 0L).containsEntry("rejected", 0L);
    assertThat(stage(size, "annotate")).containsEntry("annotated", 300L).containsEntry("mentions", plantedMentions);
    assertThat((Double) stage(size, "ingest").get("seconds")).isPositive();
    assertThat((Long) stage(size, "ingest").get("peak_heap_mb")).isPositive();

    // 300 articles over 4,018 days: a day's batch of one article, dated 2026-01-01, seed 12.
    @SuppressWarnings("unchecked")
    Map<String, Object> day = (Map<String, Object>) report.get("incremental_day");
    assertThat(day).containsEntry("articles", 1L).containsEntry("date", "2026-01-01")
        .containsEntry("warehouse_articles", 300L);
    assertThat(stage(day, "ingest")).containsEntry("read", 1L).containsEntry("accepted", 1L);
    assertThat(stage(day, "annotate")).containsEntry("annotated", 1L)
        .containsEntry("mentions", day.get("planted_mentions"));
    assertThat(Files.readString(out)).startsWith("{\"when\":").contains("\"incremental_day\":{");

    Warehouse wh = Warehouse.open(spark, (String) size.get("warehouse"));
    assertThat(wh.read(Table.SILVER_ARTICLES).count()).isEqualTo(301);
    assertThat(wh.read(Table.SILVER_ARTICLES).filter("published_date = '2026-01-01'").count()).isEqualTo(1);

    TreeSet<String> found = new TreeSet<>();
    Map<String, Long> perArticle = new TreeMap<>();
    Dataset<Row> before = wh.read(Table.SILVER_MENTIONS).filter("published_date < '2026-01-01'");
    for (Row r : before.select("article_id", "entity_id").distinct().collectAsList()) {
      found.add(r.getString(0) + " " + r.getString(1));
    }
    for (Row r : before.groupBy("article_id").count().collectAsList()) {
      perArticle.put(r.getString(0), r.getLong(1));
    }
    assertThat(found).isEqualTo(truthPairs);
    assertThat(perArticle).isEqualTo(truthMentions);
    Map<String, String> stored = new TreeMap<>();
    for (Row r : wh.read(Table.SILVER_ARTICLES).filter("published_date < '2026-01-01'")
        .select(col("article_id"), col("published_date").cast("string")).collectAsList()) {
      stored.put(r.getString(0), r.getString(1));
    }
    assertThat(stored).isEqualTo(truthDates);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stage(Map<String, Object> run, String name) {
    return (Map<String, Object>) ((Map<String, Object>) run.get("stages")).get(name);
  }
}
