package org.entente.comention;

import org.entente.spark.Cols;
import org.entente.spark.Periods;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The named transforms of the co-mention stage, each a function of DataFrames (testable on
 * in-memory rows). Periods: {@code day}, {@code week} (ISO, Monday start), {@code month},
 * {@code year}, taken from {@code published_date} (the UTC date of publication).
 *
 * <p>Stories: articles carry the {@code story_id} ingest gave them (near-duplicate copies share
 * one); {@code stories} counts the distinct stories among the articles counted, so fifty copies
 * of one wire story are 50 articles and 1 story. A story whose copies fall in two periods counts
 * in both.
 *
 * <p>Association over articles in a period: with p(x) = articles mentioning x / period_articles,
 * lift = p(a,b) / (p(a) p(b)), PMI = ln(lift), NPMI = PMI / -ln p(a,b), and NPMI = 1 when
 * p(a,b) = 1.
 */
public final class Comentions {
  private Comentions() {}

  public static final List<String> GRAINS = Periods.GRAINS;

  /**
   * Mentions as (article_id, published_date, sentence_index, entity_id, entity_type); in the
   * country view a leader's mention also counts as a mention of the country led.
   */
  public static Dataset<Row> entityMentions(Dataset<Row> mentions, boolean countryView) {
    Dataset<Row> m = mentions.select("article_id", "published_date", "sentence_index", "entity_id", "entity_type",
        "country_code");
    if (countryView) {
      Dataset<Row> rolled = m.filter(col("entity_type").equalTo("LEADER").and(col("country_code").isNotNull()))
          .select(col("article_id"), col("published_date"), col("sentence_index"), col("country_code").as("entity_id"),
              lit("COUNTRY").as("entity_type"), col("country_code"));
      m = m.unionByName(rolled);
    }
    return m.drop("country_code");
  }

  /**
   * Distinct entities per article with their mention counts and the article's {@code story_id}
   * (from {@code articles}: {@code article_id}, {@code story_id}; an article not there, or
   * without a story, counts as a story of its own).
   */
  public static Dataset<Row> articleEntities(Dataset<Row> entityMentions, Dataset<Row> articles) {
    return entityMentions.groupBy("article_id", "published_date", "entity_id", "entity_type")
        .agg(count(lit(1)).as("mentions"))
        .join(articles.select(col("article_id"), col("story_id")), Cols.seq("article_id"), "left")
        .withColumn("story_id", coalesce(col("story_id"), col("article_id")));
  }

  /**
   * Articles and stories per period: every article of the corpus, mentions or not
   * ({@code period_articles}), and the distinct {@code story_id}s among them ({@code period_stories}).
   */
  public static Dataset<Row> periodArticles(Dataset<Row> articles, List<String> grains) {
    return Periods.withPeriods(articles.select(col("article_id"), col("published_date"),
            coalesce(col("story_id"), col("article_id")).as("story_id")), grains)
        .groupBy("grain", "period_start")
        .agg(count(lit(1)).as("period_articles"), countDistinct("story_id").as("period_stories"));
  }

  /**
   * gold/entity_counts rows (without names): articles, stories (distinct story ids among the
   * articles), mentions, period_articles, period_stories, share.
   */
  public static Dataset<Row> entityCounts(Dataset<Row> articleEntities, Dataset<Row> periodArticles,
      List<String> grains, long minArticles) {
    return Periods.withPeriods(articleEntities, grains)
        .groupBy("grain", "period_start", "entity_id", "entity_type")
        .agg(count(lit(1)).as("articles"), countDistinct("story_id").as("stories"), sum("mentions").as("mentions"))
        .filter(col("articles").geq(minArticles))
        .join(periodArticles, Cols.seq("grain", "period_start"))
        .withColumn("share", col("articles").divide(col("period_articles")));
  }

  /** Pair type with the kinds in a fixed order whatever the ids' order. */
  static Column pairType(Column typeA, Column typeB) {
    return when(typeA.equalTo("COUNTRY").and(typeB.equalTo("COUNTRY")), lit("COUNTRY-COUNTRY"))
        .when(typeA.equalTo("LEADER").and(typeB.equalTo("LEADER")), lit("LEADER-LEADER"))
        .otherwise(lit("COUNTRY-LEADER"));
  }

  /** Unordered pairs of distinct entities per unit (article, or article + sentence). */
  static Dataset<Row> pairsWithin(Dataset<Row> units, String... keys) {
    Dataset<Row> a = units.alias("a");
    Dataset<Row> b = units.alias("b");
    Column cond = col("a.entity_id").lt(col("b.entity_id"));
    for (String k : keys) {
      cond = cond.and(col("a." + k).equalTo(col("b." + k)));
    }
    List<Column> out = new ArrayList<>();
    for (String k : keys) {
      out.add(col("a." + k).as(k));
    }
    out.add(col("a.published_date").as("published_date"));
    out.add(col("a.entity_id").as("entity_a"));
    out.add(col("b.entity_id").as("entity_b"));
    out.add(pairType(col("a.entity_type"), col("b.entity_type")).as("pair_type"));
    return a.join(b, cond).select(out.toArray(new Column[0]));
  }

  /**
   * gold/comentions rows: counts per pair and period (articles naming both, the distinct stories
   * among them, sentences naming both), with association measures over articles.
   */
  public static Dataset<Row> comentions(Dataset<Row> articleEntities, Dataset<Row> entityMentions,
      Dataset<Row> entityCounts, Dataset<Row> periodArticles, List<String> grains, long minArticles) {
    // story_id is a key too: the same within an article, it is carried to the pair rows.
    Dataset<Row> articlePairs = Periods.withPeriods(pairsWithin(articleEntities, "article_id", "story_id"), grains)
        .groupBy("grain", "period_start", "entity_a", "entity_b", "pair_type")
        .agg(count(lit(1)).as("articles"), countDistinct("story_id").as("stories"))
        .filter(col("articles").geq(minArticles));
    Dataset<Row> sentences = entityMentions.select("article_id", "published_date", "sentence_index", "entity_id",
        "entity_type").distinct();
    Dataset<Row> sentencePairs = Periods.withPeriods(pairsWithin(sentences, "article_id", "sentence_index"), grains)
        .groupBy("grain", "period_start", "entity_a", "entity_b")
        .agg(count(lit(1)).as("sentences"));
    Dataset<Row> ea = entityCounts.select(col("grain"), col("period_start"), col("entity_id").as("entity_a"),
        col("articles").as("articles_a"));
    Dataset<Row> eb = entityCounts.select(col("grain"), col("period_start"), col("entity_id").as("entity_b"),
        col("articles").as("articles_b"));
    Column n = col("period_articles").cast("double");
    Column pab = col("articles").divide(n);
    Column lift = col("articles").multiply(n).divide(col("articles_a").multiply(col("articles_b")));
    return articlePairs
        .join(sentencePairs, Cols.seq("grain", "period_start", "entity_a", "entity_b"), "left")
        .withColumn("sentences", coalesce(col("sentences"), lit(0L)))
        .join(ea, Cols.seq("grain", "period_start", "entity_a"))
        .join(eb, Cols.seq("grain", "period_start", "entity_b"))
        .join(periodArticles, Cols.seq("grain", "period_start"))
        .withColumn("lift", lift)
        .withColumn("pmi", log(col("lift")))
        .withColumn("npmi", when(pab.geq(1.0), lit(1.0)).otherwise(col("pmi").divide(log(pab).multiply(-1))))
        .withColumn("share", col("articles").divide(n));
  }

  /**
   * gold/comention_trends rows for {@code grain} (week or month): each pair's count in a period
   * against the mean and standard deviation of its counts in the previous {@code window}
   * periods, periods without co-mentions counting as 0. z_score is null when the window has no
   * variation.
   */
  public static Dataset<Row> trends(Dataset<Row> comentions, String grain, int window) {
    Dataset<Row> c = comentions.filter(col("grain").equalTo(grain))
        .select("grain", "period_start", "entity_a", "entity_b", "pair_type", "articles");
    Dataset<Row> h = c.select(col("entity_a").as("h_a"), col("entity_b").as("h_b"),
        col("period_start").as("h_start"), col("articles").as("h_articles"));
    Column from = grain.equals("week") ? date_sub(col("period_start"), 7 * window)
        : add_months(col("period_start"), -window);
    Dataset<Row> joined = c.join(h, col("entity_a").equalTo(col("h_a")).and(col("entity_b").equalTo(col("h_b")))
        .and(col("h_start").geq(from)).and(col("h_start").lt(col("period_start"))), "left");
    Column w = lit((double) window);
    Dataset<Row> agg = joined.groupBy("grain", "period_start", "entity_a", "entity_b", "pair_type", "articles")
        .agg(coalesce(sum("h_articles"), lit(0L)).as("_s"),
            coalesce(sum(col("h_articles").multiply(col("h_articles"))), lit(0L)).as("_ss"));
    Column mean = col("_s").divide(w);
    Column variance = greatest(lit(0.0), col("_ss").divide(w).minus(mean.multiply(mean)));
    return agg.withColumn("window_periods", lit(window))
        .withColumn("window_mean", mean)
        .withColumn("window_std", sqrt(variance))
        .withColumn("change", col("articles").minus(col("window_mean")))
        .withColumn("z_score", when(col("window_std").gt(0),
            col("change").divide(col("window_std"))))
        .drop("_s", "_ss");
  }

  /**
   * The sentences that mention both entities of a pair, per month: (period_start, entity_a,
   * entity_b, rank, article_id, published_date, sentence_index), the first {@code perPair}
   * by date, article id and sentence index.
   */
  public static Dataset<Row> evidenceSentences(Dataset<Row> entityMentions, int perPair) {
    Dataset<Row> sentences = entityMentions.select("article_id", "published_date", "sentence_index", "entity_id",
        "entity_type").distinct();
    Dataset<Row> pairs = pairsWithin(sentences, "article_id", "sentence_index")
        .withColumn("period_start", Periods.periodStart("month", col("published_date")));
    return pairs.withColumn("rank", row_number().over(Window.partitionBy("period_start", "entity_a", "entity_b")
            .orderBy("published_date", "article_id", "sentence_index")))
        .filter(col("rank").leq(perPair))
        .select("period_start", "entity_a", "entity_b", "rank", "article_id", "published_date", "sentence_index");
  }

}
