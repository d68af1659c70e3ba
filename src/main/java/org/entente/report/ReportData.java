package org.entente.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.entente.comention.Comentions;
import org.entente.spark.Cols;

/**
 * The named transforms that choose what the report shows, each a small query over one gold
 * table that returns a bounded frame (top N per period), so that the report stays small however
 * big the warehouse is. {@link ReportJob} collects their rows into the page.
 */
public final class ReportData {
  /** The grains the report offers (gold tables also hold day and week; too fine for a page). */
  public static final List<String> GRAINS = List.of("month", "year");

  /** How rising pairs are ranked. */
  public enum RisingOrder {
    /** Articles above the trailing window's mean, then z-score: big movers first. */
    CHANGE,
    /** z-score (change over the window's standard deviation), then change: surprises first. */
    Z
  }

  private ReportData() {}

  /**
   * The {@code n} entities named in the most articles over every period of {@code grain}, from
   * gold/entity_counts: entity_id, entity_type, name, articles (the sum over periods, which is
   * the entity's article count since periods do not overlap), most articles first, ties by id.
   */
  public static Dataset<Row> topEntities(Dataset<Row> entityCounts, String grain, int n) {
    return entityCounts.filter(col("grain").equalTo(grain))
        .groupBy("entity_id")
        .agg(first("entity_type").as("entity_type"), max("name").as("name"), sum("articles").as("articles"))
        .orderBy(col("articles").desc(), col("entity_id"))
        .limit(n);
  }

  /**
   * Every period of {@code grain} that has counted entities, with the period's article count:
   * period_start, period_articles, in time order.
   */
  public static Dataset<Row> periods(Dataset<Row> entityCounts, String grain) {
    return entityCounts.filter(col("grain").equalTo(grain))
        .groupBy("period_start").agg(max("period_articles").as("period_articles"))
        .orderBy("period_start");
  }

  /**
   * The given entities' articles and share of each period of {@code grain} (the attention
   * series): period_start, entity_id, articles, share, ordered by period and entity. A period in
   * which an entity is not named has no row.
   */
  public static Dataset<Row> attention(Dataset<Row> entityCounts, String grain, Collection<String> entityIds) {
    return entityCounts.filter(col("grain").equalTo(grain).and(col("entity_id").isin(entityIds.toArray())))
        .select("period_start", "entity_id", "articles", "share")
        .orderBy("period_start", "entity_id");
  }

  /**
   * Articles naming each entity in each period of {@code grain} from {@code from} on: period_start,
   * entity_id, articles (the network's node sizes).
   */
  public static Dataset<Row> entityArticles(Dataset<Row> entityCounts, String grain, LocalDate from) {
    return entityCounts.filter(col("grain").equalTo(grain).and(col("period_start").geq(Date.valueOf(from))))
        .select("period_start", "entity_id", "articles");
  }

  /**
   * The {@code n} pairs named together in the most articles in each period of {@code grain} from
   * {@code from} on, from gold/comentions: period_start, entity_a, entity_b, pair_type, articles,
   * sentences, npmi, lift, rank (1 = most articles; ties by NPMI, then the ids).
   */
  public static Dataset<Row> topPairs(Dataset<Row> comentions, String grain, LocalDate from, int n) {
    return comentions.filter(col("grain").equalTo(grain).and(col("period_start").geq(Date.valueOf(from))))
        .withColumn("rank", row_number().over(Window.partitionBy("period_start")
            .orderBy(col("articles").desc(), col("npmi").desc_nulls_last(), col("entity_a"), col("entity_b"))))
        .filter(col("rank").leq(n))
        .select("period_start", "entity_a", "entity_b", "pair_type", "articles", "sentences", "npmi", "lift", "rank")
        .orderBy("period_start", "rank");
  }

  /**
   * The {@code n} pairs that rose most in each period of {@code grain} from {@code from} on, from
   * the month rows of gold/comention_trends (pairs with more articles than their trailing mean).
   * At the month grain a pair's row is that month's; at the year grain it is the pair's best month
   * of the year (ranked the same way). Columns: period_start (of the grain), entity_a, entity_b,
   * pair_type, month (the trend row's month), articles, window_mean, change, z_score, window_periods, rank.
   */
  public static Dataset<Row> risingPairs(Dataset<Row> trends, String grain, LocalDate from, int n, RisingOrder by) {
    Column z = col("z_score").desc_nulls_last();
    Column change = col("change").desc();
    Column[] order = by == RisingOrder.Z
        ? new Column[] {z, change, col("articles").desc(), col("entity_a"), col("entity_b"), col("month")}
        : new Column[] {change, z, col("articles").desc(), col("entity_a"), col("entity_b"), col("month")};
    Dataset<Row> rising = trends.filter(col("grain").equalTo("month").and(col("change").gt(0)))
        .withColumn("month", col("period_start"))
        .withColumn("period_start", Comentions.periodStart(grain, col("period_start")))
        .filter(col("period_start").geq(Date.valueOf(from)));
    Dataset<Row> best = rising
        .withColumn("_best", row_number().over(Window.partitionBy("period_start", "entity_a", "entity_b").orderBy(order)))
        .filter(col("_best").equalTo(1));
    return best.withColumn("rank", row_number().over(Window.partitionBy("period_start").orderBy(order)))
        .filter(col("rank").leq(n))
        .select("period_start", "entity_a", "entity_b", "pair_type", "month", "articles", "window_mean", "change",
            "z_score", "window_periods", "rank")
        .orderBy("period_start", "rank");
  }

  /**
   * Up to {@code perPair} evidence sentences for each given pair and period of {@code grain},
   * from the monthly rows of gold/comention_evidence (at the year grain: the year's first
   * sentences by date, article id and sentence index). {@code pairs} holds period_start (of the
   * grain), entity_a, entity_b. Columns: period_start, entity_a, entity_b, rank, article_id,
   * published_date, sentence_index, sentence.
   */
  public static Dataset<Row> evidence(Dataset<Row> evidence, Dataset<Row> pairs, String grain, int perPair) {
    Dataset<Row> wanted = pairs.select("period_start", "entity_a", "entity_b").distinct();
    return evidence.withColumn("period_start", Comentions.periodStart(grain, col("period_start")))
        .join(wanted, Cols.seq("period_start", "entity_a", "entity_b"), "left_semi")
        .withColumn("rank", row_number().over(Window.partitionBy("period_start", "entity_a", "entity_b")
            .orderBy(col("published_date"), col("article_id"), col("sentence_index"), col("rank"))))
        .filter(col("rank").leq(perPair))
        .select("period_start", "entity_a", "entity_b", "rank", "article_id", "published_date", "sentence_index",
            "sentence")
        .orderBy("period_start", "entity_a", "entity_b", "rank");
  }

  /**
   * The title and source of the given articles, from silver/articles: article_id, title, source.
   * The ids are a filter on the scan (no join against the whole table).
   */
  public static Dataset<Row> titles(Dataset<Row> articles, Collection<String> articleIds) {
    return articles.filter(col("article_id").isin(articleIds.toArray()))
        .select("article_id", "title", "source");
  }

  /**
   * Every entity's display name and type, from gold/entity_counts: entity_id, entity_type, name
   * (null when the knowledge base had none). Read at the year grain, the fewest rows.
   */
  public static Dataset<Row> names(Dataset<Row> entityCounts) {
    return entityCounts.filter(col("grain").equalTo("year"))
        .groupBy("entity_id").agg(first("entity_type").as("entity_type"), max("name").as("name"))
        .orderBy("entity_id");
  }

  /**
   * The current topic model's topics, from gold/topics: model_id, topic_id, label,
   * coherence_npmi, k, model_npmi, by topic. When several models are marked current (a run that
   * failed half-way), the one fitted last.
   */
  public static Dataset<Row> currentTopics(Dataset<Row> topics) {
    Dataset<Row> current = topics.filter(col("current"));
    Dataset<Row> latest = current.groupBy("model_id").agg(max("fitted_at").as("_at"))
        .orderBy(col("_at").desc(), col("model_id").desc()).limit(1).select("model_id");
    return current.join(latest, Cols.seq("model_id"), "left_semi")
        .select("model_id", "topic_id", "label", "coherence_npmi", "k", "model_npmi")
        .orderBy("topic_id");
  }

  /**
   * The model's topic shares per period of {@code grain}, from gold/topic_trends: the {@code n}
   * topics with the highest mean share over the periods keep their id, the others are summed as
   * topic -1. Columns: period_start, topic_id, share, articles, by period and topic.
   */
  public static Dataset<Row> topicShares(Dataset<Row> topicTrends, String modelId, String grain, int n) {
    Dataset<Row> rows = topicTrends.filter(col("model_id").equalTo(modelId).and(col("grain").equalTo(grain)));
    Dataset<Row> top = rows.groupBy("topic_id").agg(sum("share").as("_total"))
        .orderBy(col("_total").desc(), col("topic_id")).limit(n).select("topic_id").withColumn("_top", lit(true));
    return rows.join(top, Cols.seq("topic_id"), "left")
        .withColumn("topic_id", when(col("_top").isNull(), lit(-1)).otherwise(col("topic_id")))
        .groupBy("period_start", "topic_id")
        .agg(sum("share").as("share"), sum("articles").as("articles"))
        .orderBy("period_start", "topic_id");
  }
}
