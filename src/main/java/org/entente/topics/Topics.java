package org.entente.topics;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
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
    return liftRanked(ae.join(dt, Cols.seq("model_id", "article_id"))
        .groupBy("model_id", "topic_id", "entity_id").agg(sum("weight").as("topic_articles")), entityArticles,
        topicShare);
  }

  /** {@code topic_id} of the per-entity and per-model rows of the entity sums. */
  public static final int ALL_TOPICS = -1;
  /** {@code entity_id} (and entity_type) of the per-topic and per-model rows of the entity sums. */
  public static final String ALL_ARTICLES = "";

  private static final String[] SUM_KEYS = {"model_id", "topic_id", "entity_id", "entity_type"};

  /**
   * The additive parts of {@link #topicEntities} over these doc topics
   * ({@code silver/topic_entity_sums} without its bookkeeping columns): columns model_id,
   * topic_id, entity_id, entity_type, articles, weight. Per (topic, entity, type): the articles
   * naming the entity that carry the topic and the sum of the topic's weights over them; per
   * (entity, type) with topic {@link #ALL_TOPICS}: the scored articles naming it; per topic with
   * entity {@link #ALL_ARTICLES}: the articles carrying it and the sum of its weights; one row
   * with both: the scored articles. No minimum of articles: the sums of two disjoint sets of
   * articles add up ({@link #addSums}) to the sums of their union.
   *
   * @param articleEntities rows with article_id, entity_id, entity_type (duplicates ignored)
   */
  public static Dataset<Row> topicEntitySums(Dataset<Row> docTopics, Dataset<Row> articleEntities) {
    Dataset<Row> dt = docTopics.select("model_id", "article_id", "topic_id", "weight");
    Dataset<Row> scored = docTopics.select("model_id", "article_id").distinct();
    Dataset<Row> ae = articleEntities.select("article_id", "entity_id", "entity_type").distinct()
        .join(scored, "article_id");
    Dataset<Row> total = scored.groupBy("model_id").agg(count(lit(1)).as("articles"))
        .select(col("model_id"), lit(ALL_TOPICS).as("topic_id"), lit(ALL_ARTICLES).as("entity_id"),
            lit(ALL_ARTICLES).as("entity_type"), col("articles"), lit(0.0).as("weight"));
    Dataset<Row> topics = dt.groupBy("model_id", "topic_id")
        .agg(count(lit(1)).as("articles"), sum("weight").as("weight"))
        .select(col("model_id"), col("topic_id"), lit(ALL_ARTICLES).as("entity_id"),
            lit(ALL_ARTICLES).as("entity_type"), col("articles"), col("weight"));
    Dataset<Row> entities = ae.groupBy("model_id", "entity_id", "entity_type").agg(count(lit(1)).as("articles"))
        .select(col("model_id"), lit(ALL_TOPICS).as("topic_id"), col("entity_id"), col("entity_type"),
            col("articles"), lit(0.0).as("weight"));
    Dataset<Row> pairs = ae.join(dt, Cols.seq("model_id", "article_id"))
        .groupBy(SUM_KEYS[0], SUM_KEYS[1], SUM_KEYS[2], SUM_KEYS[3])
        .agg(count(lit(1)).as("articles"), sum("weight").as("weight"));
    return total.unionByName(topics).unionByName(entities).unionByName(pairs);
  }

  /** Two sets of entity sums (over disjoint articles) added key by key. */
  public static Dataset<Row> addSums(Dataset<Row> a, Dataset<Row> b) {
    String[] cols = {"model_id", "topic_id", "entity_id", "entity_type", "articles", "weight"};
    return a.selectExpr(cols).unionByName(b.selectExpr(cols))
        .groupBy(SUM_KEYS[0], SUM_KEYS[1], SUM_KEYS[2], SUM_KEYS[3])
        .agg(sum("articles").as("articles"), sum("weight").as("weight"));
  }

  /**
   * {@link #topicEntities} from entity sums ({@link #topicEntitySums}): the same rows, up to the
   * order in which the weights were added.
   */
  public static Dataset<Row> topicEntitiesFromSums(Dataset<Row> sums, long minArticles) {
    Column allTopics = col("topic_id").equalTo(ALL_TOPICS);
    Column allArticles = col("entity_id").equalTo(ALL_ARTICLES);
    Dataset<Row> total = sums.filter(allTopics.and(allArticles)).select(col("model_id"), col("articles").as("_n"));
    Dataset<Row> topicShare = sums.filter(not(allTopics).and(allArticles)).join(total, "model_id")
        .withColumn("_p", col("weight").divide(col("_n")))
        .select("model_id", "topic_id", "_p");
    Dataset<Row> entityArticles = sums.filter(allTopics.and(not(allArticles)))
        .select("model_id", "entity_id", "entity_type", "articles")
        .filter(col("articles").geq(minArticles));
    return liftRanked(sums.filter(not(allTopics).and(not(allArticles)))
        .groupBy("model_id", "topic_id", "entity_id").agg(sum("weight").as("topic_articles")), entityArticles,
        topicShare);
  }

  /**
   * The rows of {@code gold/topic_entities} from their parts, however computed: per (topic,
   * entity) the summed weight {@code topic_articles}, per entity its {@code articles} (already cut
   * at the minimum), per topic its mean weight {@code _p}.
   */
  private static Dataset<Row> liftRanked(Dataset<Row> topicArticles, Dataset<Row> entityArticles,
      Dataset<Row> topicShare) {
    return topicArticles
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
