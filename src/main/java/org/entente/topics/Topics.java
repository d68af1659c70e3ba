package org.entente.topics;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.entente.spark.Cols;
import org.entente.spark.Periods;

/**
 * The topic stage's named transforms, each a function of DataFrames (testable on in-memory
 * rows).
 */
public final class Topics {
  private Topics() {}

  /** The grains of {@code gold/topic_trends}. */
  public static final List<String> GRAINS = List.of("week", "month", "year");

  /**
   * Per article, the topics holding at least {@code threshold} of it (always at least its
   * largest): (model_id, article_id, published_date, topic_id, weight, lda_weight, dominant),
   * where weight is lda_weight renormalised over the kept topics, so that an article's weights
   * sum to 1, and dominant marks the largest (the lowest topic id on a tie).
   *
   * @param scored rows with article_id, published_date and topicDistribution (a vector)
   */
  public static Dataset<Row> docTopics(Dataset<Row> scored, String modelId, double threshold) {
    String keep = "(x >= " + threshold + " OR x = _max)";
    return scored
        .select(col("article_id"), col("published_date"),
            functions.vector_to_array(col("topicDistribution"), "float64").as("_w"))
        .withColumn("_max", array_max(col("_w")))
        .withColumn("_top", expr("array_position(_w, _max) - 1"))
        .withColumn("_kept", expr("aggregate(filter(_w, x -> " + keep + "), 0D, (acc, x) -> acc + x)"))
        .select(col("article_id"), col("published_date"), col("_max"), col("_top"), col("_kept"),
            posexplode(col("_w")).as(new String[] {"topic_id", "lda_weight"}))
        .filter(col("lda_weight").geq(threshold).or(col("lda_weight").equalTo(col("_max"))))
        .select(lit(modelId).as("model_id"), col("article_id"), col("published_date"),
            col("topic_id").cast("int").as("topic_id"),
            col("lda_weight").divide(col("_kept")).as("weight"), col("lda_weight"),
            col("topic_id").equalTo(col("_top")).as("dominant"));
  }

  /**
   * Per grain, period and topic: share = the sum of the topic's weights over the period's
   * articles / the period's articles (a period's shares sum to 1), and articles = the articles
   * whose dominant topic it is.
   */
  public static Dataset<Row> topicTrends(Dataset<Row> docTopics, List<String> grains) {
    Dataset<Row> withPeriods = Periods.withPeriods(docTopics, grains);
    Dataset<Row> periodArticles = withPeriods.groupBy("model_id", "grain", "period_start")
        .agg(countDistinct("article_id").as("period_articles"));
    return withPeriods.groupBy("model_id", "grain", "period_start", "topic_id")
        .agg(sum("weight").as("_weight"), count(when(col("dominant"), true)).as("articles"))
        .join(periodArticles, Cols.seq("model_id", "grain", "period_start"))
        .withColumn("share", col("_weight").divide(col("period_articles")))
        .select("model_id", "grain", "period_start", "topic_id", "share", "articles", "period_articles");
  }

  /**
   * Per topic and entity named in at least {@code minArticles} scored articles: weight = the
   * topic's mean weight over the articles naming the entity, lift = weight / the topic's mean
   * weight over all scored articles, topic_articles = the sum of the topic's weights over the
   * entity's articles, rank = by lift within the topic (then by entity id).
   *
   * @param articleEntities distinct (article_id, entity_id, entity_type)
   */
  public static Dataset<Row> topicEntities(Dataset<Row> docTopics, Dataset<Row> articleEntities, long minArticles) {
    Dataset<Row> dt = docTopics.select("model_id", "article_id", "topic_id", "weight");
    Dataset<Row> scored = docTopics.select("model_id", "article_id").distinct();
    Dataset<Row> total = scored.groupBy("model_id").agg(count(lit(1)).as("_n"));
    Dataset<Row> topicShare = dt.groupBy("model_id", "topic_id").agg(sum("weight").as("_tw"))
        .join(total, "model_id")
        .withColumn("_p", col("_tw").divide(col("_n")))
        .select("model_id", "topic_id", "_p");
    Dataset<Row> ae = articleEntities.select("article_id", "entity_id", "entity_type").distinct()
        .join(scored, "article_id");
    Dataset<Row> entityArticles = ae.groupBy("model_id", "entity_id", "entity_type").agg(count(lit(1)).as("articles"))
        .filter(col("articles").geq(minArticles));
    return ae.join(dt, Cols.seq("model_id", "article_id"))
        .groupBy("model_id", "topic_id", "entity_id").agg(sum("weight").as("topic_articles"))
        .join(entityArticles, Cols.seq("model_id", "entity_id"))
        .join(topicShare, Cols.seq("model_id", "topic_id"))
        .withColumn("weight", col("topic_articles").divide(col("articles")))
        .withColumn("lift", col("weight").divide(col("_p")))
        .withColumn("rank", row_number().over(Window.partitionBy("model_id", "topic_id")
            .orderBy(col("lift").desc(), col("entity_id"))))
        .select("model_id", "topic_id", "entity_id", "entity_type", "weight", "lift", "articles", "topic_articles",
            "rank");
  }
}
