package org.entente.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.entente.ingest.FieldMapping.Target;
import org.entente.testing.SparkTest;
import org.entente.util.UserError;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

/** The whole ingest stage into a scratch warehouse: tables, counts, idempotence. */
class IngestJobTest extends SparkTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private void writeInputs() {
    write("in/wire.jsonl", String.join("\n",
        "{\"id\":\"1\",\"source\":\"Wire\",\"headline\":\"Kazan summit opens\",\"body\":\"Leaders met in Kazan.\",\"published\":\"2024-10-22T08:00:00Z\"}",
        "{\"id\":\"1\",\"source\":\"Wire\",\"headline\":\"Kazan summit opens\",\"body\":\"Leaders met in Kazan.\",\"published\":\"2024-10-22T08:00:00Z\"}",
        "{\"id\":\"2\",\"source\":\"Wire\",\"headline\":\"Bad date\",\"body\":\"x\",\"published\":\"2024-02-30\"}",
        "{\"id\":\"3\",\"source\":\"Wire\",\"headline\":\"\",\"body\":\"\",\"published\":\"2024-01-01\"}",
        "{\"id\":\"4\",\"source\":\"Wire\",\"headline\":\"Cut",
        "{\"id\":\"5\",\"source\":\"Other\",\"headline\":\"Copy\",\"body\":\"Leaders met in  Kazan.\",\"published\":\"2024-10-23\"}"));
    write("in/feed.csv", "link,title,text,date\n"
        + "https://x.example/a,G20 in Rio,\"Lula hosted the G20, in Rio.\",18 Nov 2024 10:00\n");
    write("in/dispatches/2023-08-22_brics.txt", "BRICS leaders meet\n\nJohannesburg hosted the summit.\n");
  }

  @Test
  void writesBronzeSilverRejectsAndARunThatAddsUpThenOnlyWhatIsNew() {
    writeInputs();
    Warehouse wh = newWarehouse();
    IngestJob.Result r = IngestJob.into(wh).inputs(List.of(tmp.resolve("in").toString())).now(NOW)
        .runId("batch-1").execute();
    assertThat(r).isEqualTo(new IngestJob.Result("batch-1", 8, 3, 2, 3));

    String textId = "t" + org.entente.util.Hashing.sha256("johannesburg hosted the summit.").substring(0, 32);
    String urlId = "u" + org.entente.util.Hashing.sha256("http://x.example/a").substring(0, 32);
    assertThat(rows(wh.read(Table.SILVER_ARTICLES)
        .select(col("article_id"), col("source"), col("url"), col("title"), col("text"),
            col("published_date").cast("string"), col("word_count"), col("story_id"), col("ingest_batch"))
        .orderBy("published_at"))).containsExactly(
        Arrays.asList(textId, "dispatches", null, "BRICS leaders meet", "Johannesburg hosted the summit.",
            "2023-08-22", 4, textId, "batch-1"),
        Arrays.asList("wire:1", "Wire", null, "Kazan summit opens", "Leaders met in Kazan.",
            "2024-10-22", 4, "wire:1", "batch-1"),
        Arrays.asList(urlId, "feed", "https://x.example/a", "G20 in Rio", "Lula hosted the G20, in Rio.",
            "2024-11-18", 6, urlId, "batch-1"));

    assertThat(rows(wh.read(Table.SILVER_REJECTS).select("reason").orderBy("reason"))).containsExactly(
        List.of("impossible date '2024-02-30' (Invalid date 'FEBRUARY 30') in field 'published'"),
        List.of("malformed JSON: Unexpected end-of-input: was expecting closing quote for a string value"),
        List.of("no text and no title"));
    Row malformed = wh.read(Table.SILVER_REJECTS).filter(col("reason").startsWith("malformed")).first();
    assertThat(malformed.<String>getAs("record")).isEqualTo("{\"id\":\"4\",\"source\":\"Wire\",\"headline\":\"Cut");
    assertThat(malformed.<String>getAs("source_file")).isEqualTo("file:" + tmp.resolve("in/wire.jsonl"));

    assertThat(rows(wh.read(Table.BRONZE_ARTICLES).groupBy("outcome").count().orderBy("outcome")))
        .containsExactly(List.of("accepted", 3L), List.of("duplicate", 2L), List.of("rejected", 3L));
    assertThat(rows(wh.read(Table.BRONZE_ARTICLES).filter(col("outcome").equalTo("duplicate"))
        .select("article_id", "reason").orderBy("article_id"))).containsExactly(
        List.of("other:5", "duplicate of wire:1 (same text) in this batch"),
        List.of("wire:1", "duplicate of wire:1 (same id) in this batch"));

    Row run = wh.read(Table.GOLD_RUNS).first();
    assertThat(List.of(run.<String>getAs("stage"), run.<String>getAs("status"), run.<Long>getAs("rows_in"),
        run.<Long>getAs("rows_out"), run.<Long>getAs("rows_duplicate"), run.<Long>getAs("rows_rejected")))
        .containsExactly("ingest", "SUCCEEDED", 8L, 3L, 2L, 3L);
    assertThat(run.<String>getAs("params")).contains("\"files\":3");

    // The same input again adds nothing to silver, nor to bronze, which holds each record once
    // (gold/runs counts the reads).
    IngestJob.Result again = IngestJob.into(wh).inputs(List.of(tmp.resolve("in").toString())).now(NOW).runId("batch-2")
        .execute();
    assertThat(again).isEqualTo(new IngestJob.Result("batch-2", 8, 0, 5, 3));
    assertThat(wh.read(Table.SILVER_ARTICLES).count()).isEqualTo(3);
    assertThat(wh.read(Table.SILVER_REJECTS).count()).isEqualTo(3);
    assertThat(wh.read(Table.BRONZE_ARTICLES).count()).isEqualTo(8);
    assertThat(rows(wh.read(Table.GOLD_RUNS).select("run_id", "rows_in", "rows_out", "rows_duplicate", "rows_rejected")
        .orderBy("run_id"))).containsExactly(List.of("batch-1", 8L, 3L, 2L, 3L), List.of("batch-2", 8L, 0L, 5L, 3L));

    // A new batch adds only its new articles: an id seen before keeps its first text.
    write("more/next.jsonl", "{\"id\":\"1\",\"source\":\"Wire\",\"body\":\"Changed text, same id.\",\"date\":\"2024-10-22\"}\n"
        + "{\"id\":\"9\",\"source\":\"Wire\",\"body\":\"A new story.\",\"date\":\"2024-12-01\"}\n");
    IngestJob.Result more = IngestJob.into(wh).inputs(List.of(tmp.resolve("more").toString())).now(NOW).execute();
    assertThat(List.of(more.read(), more.accepted(), more.duplicates(), more.rejected()))
        .containsExactly(2L, 1L, 1L, 0L);
    assertThat(wh.read(Table.SILVER_ARTICLES).filter(col("article_id").equalTo("wire:1")).first()
        .<String>getAs("text")).isEqualTo("Leaders met in Kazan.");
    assertThat(wh.read(Table.SILVER_ARTICLES).count()).isEqualTo(4);
  }

  @Test
  void theDateOfAnArticleIsItsUtcDate() {
    // Sunday 23:59 UTC, written in UTC and as Monday 01:59 at +02:00: both are Sunday's articles,
    // so the co-mention tables put them in the week that began on Monday 2024-03-25 and in March.
    write("late/a.jsonl", "{\"id\":\"a\",\"text\":\"x\",\"date\":\"2024-03-31T23:59:00Z\"}\n"
        + "{\"id\":\"b\",\"text\":\"y\",\"date\":\"2024-04-01T01:59:00+02:00\"}\n");
    Warehouse wh = newWarehouse();
    IngestJob.into(wh).inputs(List.of(tmp.resolve("late").toString())).now(NOW).execute();
    assertThat(rows(wh.read(Table.SILVER_ARTICLES).orderBy("article_id")
        .select(col("published_at").cast("string"), col("published_date").cast("string")))).containsExactly(
        List.of("2024-03-31 23:59:00", "2024-03-31"), List.of("2024-03-31 23:59:00", "2024-03-31"));
  }

  @Test
  void nearDuplicatesShareAStoryAcrossBatches() {
    // Batch 1: a wire story, a bylined copy published earlier by another outlet, a different story.
    write("b1/wire.jsonl", String.join("\n",
        json("w1", "Wire", "Port strike begins", "2024-05-07T06:00:00Z", StoriesTest.PORT),
        json("h7", "Herald", "Dockers walk out", "2024-05-07T05:00:00Z", StoriesTest.bylined(StoriesTest.PORT)),
        json("w2", "Wire", "Floods in the south", "2024-03-03T12:00:00Z", StoriesTest.FLOOD)));
    Warehouse wh = newWarehouse();
    IngestJob.into(wh).inputs(List.of(tmp.resolve("b1").toString())).now(NOW).runId("b1").execute();
    // Batch 2: a trimmed copy of the port story joins its stored story; a copy of the flood story
    // published before it still takes the stored story's id.
    write("b2/more.jsonl", String.join("\n",
        json("t3", "Times", "Port shut by strike", "2024-05-08T09:00:00Z", StoriesTest.trimmed(StoriesTest.PORT)),
        json("t4", "Times", "Rain floods homes", "2024-03-02T12:00:00Z", StoriesTest.trimmed(StoriesTest.FLOOD))));
    IngestJob.into(wh).inputs(List.of(tmp.resolve("b2").toString())).now(NOW).runId("b2").execute();
    assertThat(rows(wh.read(Table.SILVER_ARTICLES).select("article_id", "story_id", "ingest_batch")
        .orderBy("article_id"))).containsExactly(
        List.of("herald:h7", "herald:h7", "b1"), List.of("times:t3", "herald:h7", "b2"),
        List.of("times:t4", "wire:w2", "b2"), List.of("wire:w1", "herald:h7", "b1"),
        List.of("wire:w2", "wire:w2", "b1"));
    List<Row> runs = wh.read(Table.GOLD_RUNS).orderBy("run_id").collectAsList();
    assertThat(runs.get(0).<String>getAs("params")).contains("\"story_count\":2,", "\"stories_new\":2,",
        "\"stories_multi_article\":1,", "\"story_joined_existing\":0,", "\"story_similar_pairs\":1,");
    assertThat(runs.get(1).<String>getAs("params")).contains("\"story_count\":2,", "\"stories_new\":0,",
        "\"stories_multi_article\":0,", "\"story_joined_existing\":2,", "\"story_similar_pairs\":3,");
  }

  private static String json(String id, String source, String title, String date, String text) {
    return "{\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"title\":\"" + title + "\",\"date\":\""
        + date + "\",\"text\":\"" + text.replace("\n", "\\n") + "\"}";
  }

  @Test
  void mappingOptionsDefaultDateAndSource() {
    write("in/plain.jsonl", "{\"k\":\"a1\",\"words\":\"Undated text one.\"}\n{\"k\":\"a2\",\"words\":\"Undated text two.\"}\n");
    Warehouse wh = newWarehouse();
    FieldMapping m = new FieldMapping().with(Target.TEXT, "words").with(Target.ID, "k");
    // With stories off (--no-stories), every article is its own story.
    IngestJob.Result r = IngestJob.into(wh).inputs(List.of(tmp.resolve("in").toString())).now(NOW).stories(null)
        .mapping(m).source("Archive").defaultDate(Instant.parse("1999-12-31T00:00:00Z")).execute();
    assertThat(r.accepted()).isEqualTo(2);
    assertThat(rows(wh.read(Table.SILVER_ARTICLES).select(col("article_id"), col("source"),
        col("published_date").cast("string"), col("story_id")).orderBy("article_id")))
        .containsExactly(List.of("archive:a1", "Archive", "1999-12-31", "archive:a1"),
            List.of("archive:a2", "Archive", "1999-12-31", "archive:a2"));
  }

  @Test
  void aFieldNamedByOptionThatIsNotThereIsAUserError() {
    write("in/a.jsonl", "{\"body\":\"x\",\"date\":\"2020-01-01\"}\n");
    Warehouse wh = newWarehouse();
    assertThatThrownBy(() -> IngestJob.into(wh).inputs(List.of(tmp.resolve("in").toString()))
        .mapping(new FieldMapping().with(Target.TEXT, "article_text")).execute())
        .isInstanceOf(UserError.class)
        .hasMessage("no such field in the input: --text-field article_text (fields seen: body, date)");
  }

  @Test
  void missingInputsAreUserErrors() {
    Warehouse wh = newWarehouse();
    assertThatThrownBy(() -> IngestJob.into(wh).inputs(List.of(tmp.resolve("nope").toString())).execute())
        .isInstanceOf(UserError.class).hasMessageStartingWith("input not found: ");
    write("in/readme.md", "x");
    assertThatThrownBy(() -> IngestJob.into(wh).inputs(List.of(tmp.resolve("in/readme.md").toString())).execute())
        .isInstanceOf(UserError.class).hasMessageContaining("cannot tell the format of");
    assertThatThrownBy(() -> IngestJob.into(wh).inputs(List.of(tmp.resolve("in").toString())).execute())
        .isInstanceOf(UserError.class).hasMessageStartingWith("no readable input files under ");
  }
}
