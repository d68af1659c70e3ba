package org.entente.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Classifies normalised candidates as {@code accepted}, {@code duplicate} or {@code rejected}
 * (column {@code outcome}; {@code reason} says why a record was not accepted).
 *
 * <p>Exact duplicates are kept once: first among records with the same {@code article_id},
 * then among records with the same {@code content_hash}; the copy kept is the earliest
 * published (ties: smallest id, then file, then record text, so the choice is deterministic).
 * Records whose id or text is already in {@code silver/articles} are duplicates too.
 * Cost: two shuffles over the batch plus a join with the ids and hashes of silver.
 */
public final class Dedupe {
  private Dedupe() {}

  public static final String ACCEPTED = "accepted";
  public static final String DUPLICATE = "duplicate";
  public static final String REJECTED = "rejected";

  /**
   * @param candidates rows of {@link ArticleNormalizer#CANDIDATE}
   * @param existing the {@code article_id} and {@code content_hash} of articles already stored
   * @return the candidates plus {@code outcome}, with {@code reason} filled for every row not accepted
   */
  public static Dataset<Row> classify(Dataset<Row> candidates, Dataset<Row> existing) {
    Dataset<Row> rejected = candidates.filter(col("reason").isNotNull())
        .withColumn("outcome", lit(REJECTED));
    Dataset<Row> ok = candidates.filter(col("reason").isNull());

    WindowSpec byId = Window.partitionBy("article_id")
        .orderBy(col("published_at"), col("source_file"), col("record"));
    ok = ok.withColumn("_rn", row_number().over(byId));
    Dataset<Row> sameId = ok.filter(col("_rn").gt(1))
        .withColumn("outcome", lit(DUPLICATE))
        .withColumn("reason", concat(lit("duplicate of "), col("article_id"), lit(" (same id) in this batch")))
        .drop("_rn");
    Dataset<Row> firstById = ok.filter(col("_rn").equalTo(1)).drop("_rn");

    WindowSpec byHash = Window.partitionBy("content_hash")
        .orderBy(col("published_at"), col("article_id"), col("source_file"), col("record"));
    firstById = firstById.withColumn("_rn", row_number().over(byHash))
        .withColumn("_first", first(col("article_id")).over(byHash));
    Dataset<Row> sameText = firstById.filter(col("_rn").gt(1))
        .withColumn("outcome", lit(DUPLICATE))
        .withColumn("reason", concat(lit("duplicate of "), col("_first"), lit(" (same text) in this batch")))
        .drop("_rn", "_first");
    Dataset<Row> unique = firstById.filter(col("_rn").equalTo(1)).drop("_rn", "_first");

    Dataset<Row> ids = existing.select(col("article_id").as("_ex_id")).distinct();
    Dataset<Row> hashes = existing.groupBy(col("content_hash").as("_ex_hash"))
        .agg(min("article_id").as("_ex_hash_id"));
    Dataset<Row> checked = unique
        .join(ids, unique.col("article_id").equalTo(ids.col("_ex_id")), "left")
        .join(hashes, unique.col("content_hash").equalTo(hashes.col("_ex_hash")), "left");
    Column knownId = col("_ex_id").isNotNull();
    Column knownText = col("_ex_hash_id").isNotNull();
    checked = checked
        .withColumn("outcome", when(knownId.or(knownText), lit(DUPLICATE)).otherwise(lit(ACCEPTED)))
        .withColumn("reason", when(knownId, lit("already ingested (same id)"))
            .when(knownText, concat(lit("already ingested as "), col("_ex_hash_id"), lit(" (same text)"))))
        .drop("_ex_id", "_ex_hash", "_ex_hash_id");

    return rejected.unionByName(sameId).unionByName(sameText).unionByName(checked)
        .withColumn("reason", coalesce(col("reason"), lit(null).cast("string")));
  }
}
