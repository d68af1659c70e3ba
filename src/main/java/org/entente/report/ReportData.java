package org.entente.report;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
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
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.entente.spark.Cols;
import org.entente.spark.Periods;

/**
 * The named transforms that choose what the report shows. Each is one query over one gold table
 * for all the report's grains at once (a {@code grain} column, windows per grain), and returns a
 * bounded frame (top N per grain and period), so that the report stays small, and its number of
 * Spark jobs fixed, however big the warehouse is. {@link ReportJob} collects their rows.
 */
public final class ReportData {
  /** The grains the report offers (the gold tables also hold day and week: too fine for a page). */
  public static final List<String> GRAINS = List.of("month", "year");

  /** How rising pairs are ranked. */
  public enum RisingOrder {
    /** Articles above the trailing window's mean, then z-score: big movers first. */
    CHANGE,
    /** z-score (change over the window's standard deviation), then change: surprises first. */
    Z
  }

  private ReportData() {}

  private static Column inGrains(Collection<String> grains) {
    return col("grain").isin(grains.toArray());
  }

  /** Rows of a grain from that grain's first selectable period on ({@code from}: grain to date). */
  private static Column since(Map<String, LocalDate> from) {
    Column c = lit(false);
    for (Map.Entry<String, LocalDate> e : from.entrySet()) {
      c = c.or(col("grain").equalTo(e.getKey()).and(col("period_start").geq(Date.valueOf(e.getValue()))));
    }
    return c;
  }

  /** The start of {@code date}'s period at the row's {@code grain}, for the given grains. */
  private static Column periodOfGrain(Collection<String> grains, Column date) {
    Column c = null;
    for (String g : grains) {
      c = c == null ? when(col("grain").equalTo(g), Periods.periodStart(g, date))
          : c.when(col("grain").equalTo(g), Periods.periodStart(g, date));
    }
    return c;
  }

  /**
   * Per grain, the {@code n} entities named in the most articles over all its periods, from
   * gold/entity_counts: grain, entity_id, entity_type, name, articles (the sum over periods: the
   * entity's article count, since periods do not overlap), rank (most articles first, ties by id).
   */
  public static Dataset<Row> topEntities(Dataset<Row> entityCounts, Collection<String> grains, int n) {
    return entityCounts.filter(inGrains(grains))
        .groupBy("grain", "entity_id")
        .agg(first("entity_type").as("entity_type"), max("name").as("name"), sum("articles").as("articles"))
        .withColumn("rank", row_number().over(Window.partitionBy("grain")
            .orderBy(col("articles").desc(), col("entity_id"))))
        .filter(col("rank").leq(n))
        .orderBy("grain", "rank");
  }

  /**
   * Every period of the grains that has counted entities, with the period's article count:
   * grain, period_start, period_articles, by grain and time.
   */
  public static Dataset<Row> periods(Dataset<Row> entityCounts, Collection<String> grains) {
    return entityCounts.filter(inGrains(grains))
        .groupBy("grain", "period_start").agg(max("period_articles").as("period_articles"))
        .orderBy("grain", "period_start");
  }

  /**
   * The given entities' articles and share in each period of the grains (the attention series):
   * grain, period_start, entity_id, articles, share. A period in which an entity is not named has
   * no row.
   */
  public static Dataset<Row> attention(Dataset<Row> entityCounts, Collection<String> grains,
      Collection<String> entityIds) {
    return entityCounts.filter(inGrains(grains).and(col("entity_id").isin(entityIds.toArray())))
        .select("grain", "period_start", "entity_id", "articles", "share")
        .orderBy("grain", "period_start", "entity_id");
  }

  /**
   * Articles naming each of the given entities in each period from each grain's {@code from}
   * date on: grain, period_start, entity_id, articles (the network's node sizes).
   */
  public static Dataset<Row> entityArticles(Dataset<Row> entityCounts, Map<String, LocalDate> from,
      Collection<String> entityIds) {
    return entityCounts.filter(since(from).and(col("entity_id").isin(entityIds.toArray())))
        .select("grain", "period_start", "entity_id", "articles")
        .orderBy("grain", "period_start", "entity_id");
  }

  /**
   * The {@code n} pairs named together in the most articles in each period, from each grain's
   * {@code from} date on, from gold/comentions: grain, period_start, entity_a, entity_b,
   * pair_type, articles, sentences, npmi, lift, rank (1 = most articles; ties by NPMI, then ids).
   */
  public static Dataset<Row> topPairs(Dataset<Row> comentions, Map<String, LocalDate> from, int n) {
    return comentions.filter(since(from))
        .withColumn("rank", row_number().over(Window.partitionBy("grain", "period_start")
            .orderBy(col("articles").desc(), col("npmi").desc_nulls_last(), col("entity_a"), col("entity_b"))))
        .filter(col("rank").leq(n))
        .select("grain", "period_start", "entity_a", "entity_b", "pair_type", "articles", "sentences", "npmi",
            "lift", "rank")
        .orderBy("grain", "period_start", "rank");
  }

  /**
   * The {@code n} pairs that rose most in each period, from each grain's {@code from} date on,
   * from the month rows of gold/comention_trends (pairs with more articles than their trailing
   * mean). At the month grain a pair's row is that month's; at the year grain it is the pair's
   * best month of the year (ranked the same way). Columns: grain, period_start, entity_a,
   * entity_b, pair_type, month (the trend row's month), articles, window_mean, change, z_score,
   * window_periods, rank.
   */
  public static Dataset<Row> risingPairs(Dataset<Row> trends, Map<String, LocalDate> from, int n, RisingOrder by) {
    Column z = col("z_score").desc_nulls_last();
    Column change = col("change").desc();
    Column[] order = by == RisingOrder.Z
        ? new Column[] {z, change, col("articles").desc(), col("entity_a"), col("entity_b"), col("month")}
        : new Column[] {change, z, col("articles").desc(), col("entity_a"), col("entity_b"), col("month")};
    // Months before every grain's first period cannot count: left out before the rows are copied per grain.
    LocalDate earliest = from.values().stream().min(LocalDate::compareTo).orElse(LocalDate.MAX);
    Dataset<Row> rising = trends.filter(col("grain").equalTo("month").and(col("change").gt(0))
            .and(col("period_start").geq(Date.valueOf(earliest))))
        .withColumn("month", col("period_start"))
        .withColumn("grain", explode(array(from.keySet().stream().map(g -> lit(g)).toArray(Column[]::new))))
        .withColumn("period_start", periodOfGrain(from.keySet(), col("month")))
        .filter(since(from));
    Dataset<Row> best = rising
        .withColumn("_best", row_number().over(Window.partitionBy("grain", "period_start", "entity_a", "entity_b")
            .orderBy(order)))
        .filter(col("_best").equalTo(1));
    return best.withColumn("rank", row_number().over(Window.partitionBy("grain", "period_start").orderBy(order)))
        .filter(col("rank").leq(n))
        .select("grain", "period_start", "entity_a", "entity_b", "pair_type", "month", "articles", "window_mean",
            "change", "z_score", "window_periods", "rank")
        .orderBy("grain", "period_start", "rank");
  }

  /**
   * Up to {@code perPair} evidence sentences for each wanted pair and period, from the monthly
   * rows of gold/comention_evidence (for a year: the year's first sentences by date, article id
   * and sentence index). {@code pairs} holds grain, period_start (of that grain), entity_a,
   * entity_b. Columns: grain, period_start, entity_a, entity_b, rank, article_id,
   * published_date, sentence_index, sentence.
   */
  public static Dataset<Row> evidence(Dataset<Row> evidence, Dataset<Row> pairs, Collection<String> grains,
      int perPair) {
    Dataset<Row> wanted = pairs.select("grain", "period_start", "entity_a", "entity_b").distinct();
    return evidence.withColumn("grain", explode(array(grains.stream().map(g -> lit(g)).toArray(Column[]::new))))
        .withColumn("period_start", periodOfGrain(grains, col("period_start")))
        .join(wanted, Cols.seq("grain", "period_start", "entity_a", "entity_b"), "left_semi")
        .withColumn("rank", row_number().over(Window.partitionBy("grain", "period_start", "entity_a", "entity_b")
            .orderBy(col("published_date"), col("article_id"), col("sentence_index"), col("rank"))))
        .filter(col("rank").leq(perPair))
        .select("grain", "period_start", "entity_a", "entity_b", "rank", "article_id", "published_date",
            "sentence_index", "sentence")
        .orderBy("grain", "period_start", "entity_a", "entity_b", "rank");
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
   * The display name and type of the given entities, from gold/entity_counts: entity_id,
   * entity_type, name (null when the knowledge base had none). Read at the year grain, the
   * fewest rows.
   */
  public static Dataset<Row> names(Dataset<Row> entityCounts, Collection<String> entityIds) {
    return entityCounts.filter(col("grain").equalTo("year").and(col("entity_id").isin(entityIds.toArray())))
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
   * The model's topic shares per period of each grain, from gold/topic_trends: per grain, the
   * {@code n} topics with the highest mean share over its periods keep their id, the others are
   * summed as topic -1. Columns: grain, period_start, topic_id, share, articles.
   */
  public static Dataset<Row> topicShares(Dataset<Row> topicTrends, String modelId, Collection<String> grains, int n) {
    Dataset<Row> rows = topicTrends.filter(col("model_id").equalTo(modelId).and(inGrains(grains)));
    Dataset<Row> top = rows.groupBy("grain", "topic_id").agg(sum("share").as("_total"))
        .withColumn("_rank", row_number().over(Window.partitionBy("grain")
            .orderBy(col("_total").desc(), col("topic_id"))))
        .filter(col("_rank").leq(n))
        .select("grain", "topic_id").withColumn("_top", lit(true));
    return rows.join(top, Cols.seq("grain", "topic_id"), "left")
        .withColumn("topic_id", when(col("_top").isNull(), lit(-1)).otherwise(col("topic_id")))
        .groupBy("grain", "period_start", "topic_id")
        .agg(sum("share").as("share"), sum("articles").as("articles"))
        .orderBy("grain", "period_start", "topic_id");
  }
}
