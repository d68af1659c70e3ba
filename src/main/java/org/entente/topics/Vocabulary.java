package org.entente.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.List;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The terms a topic model counts, chosen so that the same articles always give the same
 * vocabulary in the same order: terms in at least {@code minDf} articles and in at most the
 * fraction {@code maxDf} of them, the {@code cap} most frequent, ordered by their count over
 * the corpus (most frequent first) and then alphabetically.
 *
 * <p>Why not Spark's {@code CountVectorizer.fit}: it orders terms of equal count as its
 * partitions' results happen to arrive, and LDA's starting topics are drawn term index by
 * term index, so two runs on the same articles could start from different topics (and a tie
 * at the cap could change which terms are in). It also reads {@code maxDf} 1.0 as "one
 * article", not "every article".
 */
public final class Vocabulary {
  private Vocabulary() {}

  /**
   * Learns the vocabulary from {@code docs} (columns {@code article_id}, {@code tokens}: an
   * array of strings), {@code documents} being their number. Cost: one pass over the tokens
   * and one shuffle of the distinct terms per partition (none for the per-article counts when
   * {@code docs} is already partitioned by article_id), then the top {@code cap} terms taken on
   * the driver.
   */
  public static List<String> learn(Dataset<Row> docs, long documents, long minDf, double maxDf, int cap) {
    double maxArticles = maxDf * documents;
    return docs.select(col("article_id"), explode(col("tokens")).as("term"))
        .groupBy("article_id", "term").agg(count(lit(1)).as("n"))
        .groupBy("term").agg(sum("n").as("total"), count(lit(1)).as("articles"))
        .filter(col("articles").geq(minDf).and(col("articles").leq(maxArticles)))
        .orderBy(col("total").desc(), col("term"))
        .limit(cap)
        .select("term").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  /** The term counter for {@code terms}: column {@code tokens} in, vector column {@code features} out. */
  public static CountVectorizerModel model(List<String> terms) {
    return new CountVectorizerModel(terms.toArray(new String[0])).setInputCol("tokens").setOutputCol("features");
  }
}
