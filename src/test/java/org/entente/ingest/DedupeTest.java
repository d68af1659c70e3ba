package org.entente.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.testing.SparkTest;
import org.junit.jupiter.api.Test;

/** The dedupe transform on in-memory candidates: exact outcome and reason per record. */
class DedupeTest extends SparkTest {
  private static Row cand(String file, String record, String id, String hash, String date, String reason) {
    return RowFactory.create(file, "jsonl", record, id, "src", null, "t", "text",
        date == null ? null : Timestamp.from(Instant.parse(date + "T00:00:00Z")), "en", 1, hash, reason);
  }

  @Test
  void classifiesEveryRecord() {
    List<Row> in = new ArrayList<>();
    in.add(cand("f1", "r1", "a", "h1", "2024-01-02", null));      // accepted
    in.add(cand("f1", "r1", "a", "h1", "2024-01-02", null));      // same id: duplicate
    in.add(cand("f2", "r3", "b", "h1", "2024-01-01", null));      // same text, earlier: kept, so 'a' loses
    in.add(cand("f1", "r4", "c", "h3", "2024-01-03", null));      // already in silver by id
    in.add(cand("f1", "r5", "d", "h9", "2024-01-03", null));      // already in silver by text
    in.add(cand("f1", "r6", null, null, null, "no text and no title"));
    in.add(cand("f1", "r7", "e", "h7", "2024-01-04", null));      // accepted
    Dataset<Row> candidates = spark.createDataFrame(in, ArticleNormalizer.CANDIDATE);
    StructType ex = new StructType().add("article_id", DataTypes.StringType).add("content_hash", DataTypes.StringType);
    Dataset<Row> existing = spark.createDataFrame(List.of(RowFactory.create("c", "hc"),
        RowFactory.create("z", "h9")), ex);

    Dataset<Row> out = Dedupe.classify(candidates, existing)
        .select("record", "article_id", "outcome", "reason").orderBy("record", "article_id", "outcome", "reason");
    assertThat(rows(out)).containsExactly(
        Arrays.asList("r1", "a", "duplicate", "duplicate of a (same id) in this batch"),
        Arrays.asList("r1", "a", "duplicate", "duplicate of b (same text) in this batch"),
        Arrays.asList("r3", "b", "accepted", null),
        Arrays.asList("r4", "c", "duplicate", "already ingested (same id)"),
        Arrays.asList("r5", "d", "duplicate", "already ingested as z (same text)"),
        Arrays.asList("r6", null, "rejected", "no text and no title"),
        Arrays.asList("r7", "e", "accepted", null));
  }
}
