package org.entente.generate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.entente.ingest.IngestJob;
import org.entente.nlp.AnnotateJob;
import org.entente.testing.SparkTest;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

/** A generated corpus through the real ingest and annotate stages: the warehouse holds exactly the truth. */
class GeneratedCorpusSparkTest extends SparkTest {
  @Test
  void ingestAndAnnotateFindExactlyThePlantedEntities() {
    Path corpus = tmp.resolve("corpus");
    CorpusGenerator.Result gen = CorpusGenerator.into(corpus).articles(300).perFile(150).seed(11).execute();

    // The truth: (article_id, entity_id) pairs, mentions and day per article.
    TreeSet<String> truthPairs = new TreeSet<>();
    Map<String, Long> truthMentions = new TreeMap<>();
    Map<String, String> truthDates = new TreeMap<>();
    for (int f = 0; f < gen.files(); f++) {
      for (JsonNode t : CorpusGeneratorTest.json(corpus.resolve("truth").resolve(CorpusGenerator.name("truth-", f)))) {
        String id = t.get("article_id").asText();
        t.get("entities").forEach(e -> truthPairs.add(id + " " + e.asText()));
        truthDates.put(id, t.get("published_date").asText());
        if (t.get("mentions").asLong() > 0) {
          truthMentions.put(id, t.get("mentions").asLong());
        }
      }
    }
    assertThat(truthDates).hasSize(300);
    assertThat(truthPairs).hasSize((int) gen.plantedEntities());

    Warehouse wh = newWarehouse();
    IngestJob.Result in = IngestJob.into(wh).inputs(List.of(corpus.resolve("articles-*.jsonl.gz").toString()))
        .runId("gen-ingest").execute();
    assertThat(in).isEqualTo(new IngestJob.Result("gen-ingest", 300, 300, 0, 0));
    Map<String, String> dates = new TreeMap<>();
    for (Row r : wh.read(Table.SILVER_ARTICLES).select(col("article_id"), col("published_date").cast("string"))
        .collectAsList()) {
      dates.put(r.getString(0), r.getString(1));
    }
    assertThat(dates).isEqualTo(truthDates);

    AnnotateJob.Result an = AnnotateJob.on(wh).runId("gen-annotate").execute();
    assertThat(an).isEqualTo(new AnnotateJob.Result(300, gen.plantedMentions(), 0));

    TreeSet<String> found = new TreeSet<>();
    for (Row r : wh.read(Table.SILVER_MENTIONS).select("article_id", "entity_id").distinct().collectAsList()) {
      found.add(r.getString(0) + " " + r.getString(1));
    }
    assertThat(found).isEqualTo(truthPairs);
    Map<String, Long> perArticle = new TreeMap<>();
    for (Row r : wh.read(Table.SILVER_MENTIONS).groupBy("article_id").count().collectAsList()) {
      perArticle.put(r.getString(0), r.getLong(1));
    }
    assertThat(perArticle).isEqualTo(truthMentions);
  }
}
