package org.entente.warehouse;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Every table of the warehouse: its layer, name and schema, in one place. Column names are a
 * contract with notebooks and users (DESIGN.md): columns may be added, never renamed.
 */
public enum Table {
  /** One row per input record of every ingest batch, as read, with what became of it. */
  BRONZE_ARTICLES("bronze", "articles", schema(
      f("ingest_batch", StringType, false),
      f("ingested_at", TimestampType, false),
      f("source_file", StringType, true),
      f("format", StringType, true),
      f("record", StringType, true),
      f("outcome", StringType, false),
      f("article_id", StringType, true),
      f("reason", StringType, true),
      f("record_hash", StringType, true),
      f("occurrence", IntegerType, true))),

  /** One row per distinct article, normalised. */
  SILVER_ARTICLES("silver", "articles", schema(
      f("article_id", StringType, false),
      f("source", StringType, true),
      f("url", StringType, true),
      f("title", StringType, true),
      f("text", StringType, false),
      f("published_at", TimestampType, false),
      f("published_date", DateType, false),
      f("lang", StringType, true),
      f("word_count", IntegerType, false),
      f("content_hash", StringType, false),
      f("story_id", StringType, false),
      f("ingest_batch", StringType, false),
      f("ingested_at", TimestampType, false),
      f("source_file", StringType, true))),

  /** Every refused input record, whole, with the reason. */
  SILVER_REJECTS("silver", "rejects", schema(
      f("ingest_batch", StringType, false),
      f("source_file", StringType, true),
      f("record", StringType, true),
      f("reason", StringType, false),
      f("record_hash", StringType, false),
      f("rejected_at", TimestampType, false))),

  /** One row per entity mention found by annotate. */
  SILVER_MENTIONS("silver", "mentions", schema(
      f("article_id", StringType, false),
      f("published_date", DateType, false),
      f("sentence_index", IntegerType, false),
      f("entity_id", StringType, false),
      f("entity_type", StringType, false),
      f("country_code", StringType, true),
      f("surface", StringType, false),
      f("begin", IntegerType, false),
      f("end", IntegerType, false),
      f("match_kind", StringType, false),
      f("section", StringType, false),
      f("annotate_run", StringType, false))),

  /** One row per annotated article: its normalised topic terms (the record that it was annotated). */
  SILVER_ARTICLE_TERMS("silver", "article_terms", schema(
      f("article_id", StringType, false),
      f("published_date", DateType, false),
      f("terms", DataTypes.createArrayType(StringType, false), false),
      f("term_count", IntegerType, false),
      f("mention_count", IntegerType, false),
      f("engine", StringType, false),
      f("annotate_run", StringType, false))),

  /**
   * Per grain, period and entity: articles and mentions, and the share of the period's articles;
   * stories = distinct story ids among those articles (near-duplicate copies count once).
   */
  GOLD_ENTITY_COUNTS("gold", "entity_counts", schema(
      f("grain", StringType, false),
      f("period_start", DateType, false),
      f("entity_id", StringType, false),
      f("entity_type", StringType, false),
      f("name", StringType, true),
      f("articles", LongType, false),
      f("mentions", LongType, false),
      f("period_articles", LongType, false),
      f("share", DoubleType, false),
      f("stories", LongType, false),
      f("period_stories", LongType, false))),

  /**
   * Per grain, period and unordered pair of entities (entity_a < entity_b): co-mention counts and
   * association; stories = distinct story ids among the articles naming both.
   */
  GOLD_COMENTIONS("gold", "comentions", schema(
      f("grain", StringType, false),
      f("period_start", DateType, false),
      f("entity_a", StringType, false),
      f("entity_b", StringType, false),
      f("pair_type", StringType, false),
      f("articles", LongType, false),
      f("sentences", LongType, false),
      f("articles_a", LongType, false),
      f("articles_b", LongType, false),
      f("period_articles", LongType, false),
      f("pmi", DoubleType, true),
      f("npmi", DoubleType, true),
      f("lift", DoubleType, true),
      f("share", DoubleType, false),
      f("stories", LongType, false),
      f("period_stories", LongType, false))),

  /** Per pair, grain (week, month) and period: the count against the trailing window. */
  GOLD_COMENTION_TRENDS("gold", "comention_trends", schema(
      f("grain", StringType, false),
      f("period_start", DateType, false),
      f("entity_a", StringType, false),
      f("entity_b", StringType, false),
      f("pair_type", StringType, false),
      f("articles", LongType, false),
      f("window_periods", IntegerType, false),
      f("window_mean", DoubleType, false),
      f("window_std", DoubleType, false),
      f("change", DoubleType, false),
      f("z_score", DoubleType, true))),

  /** Per pair and month: up to five example sentences that mention both, chosen deterministically. */
  GOLD_COMENTION_EVIDENCE("gold", "comention_evidence", schema(
      f("period_start", DateType, false),
      f("entity_a", StringType, false),
      f("entity_b", StringType, false),
      f("rank", IntegerType, false),
      f("article_id", StringType, false),
      f("published_date", DateType, false),
      f("sentence_index", IntegerType, false),
      f("sentence", StringType, false))),

  /**
   * One row per topic of every fitted model: the label (top three terms), the top terms with
   * their weights, NPMI coherence of the top ten, and whether the model is the current one.
   */
  GOLD_TOPICS("gold", "topics", schema(
      f("model_id", StringType, false),
      f("topic_id", IntegerType, false),
      f("label", StringType, false),
      f("terms", DataTypes.createArrayType(new StructType(new StructField[] {
          f("term", StringType, false), f("weight", DoubleType, false)}), false), false),
      f("coherence_npmi", DoubleType, false),
      f("k", IntegerType, false),
      f("model_npmi", DoubleType, false),
      f("current", DataTypes.BooleanType, false),
      f("fitted_at", TimestampType, false))),

  /**
   * Per article and topic of the current model, the topics holding at least the threshold of
   * the article: {@code weight} renormalised over the kept topics (an article's weights sum to
   * 1), {@code lda_weight} as LDA gave it.
   */
  SILVER_DOC_TOPICS("silver", "doc_topics", schema(
      f("model_id", StringType, false),
      f("article_id", StringType, false),
      f("published_date", DateType, false),
      f("topic_id", IntegerType, false),
      f("weight", DoubleType, false),
      f("lda_weight", DoubleType, false),
      f("dominant", DataTypes.BooleanType, false))),

  /**
   * Per grain (week, month, year), period and topic: the topic's mean share of the period's
   * scored articles (shares of a period sum to 1), and the articles whose dominant topic it is.
   */
  GOLD_TOPIC_TRENDS("gold", "topic_trends", schema(
      f("model_id", StringType, false),
      f("grain", StringType, false),
      f("period_start", DateType, false),
      f("topic_id", IntegerType, false),
      f("share", DoubleType, false),
      f("articles", LongType, false),
      f("period_articles", LongType, false))),

  /**
   * Per topic and entity (named in at least the minimum of scored articles): weight = the
   * topic's mean share of the articles naming the entity, lift = weight / the topic's share of
   * all articles, rank by lift within the topic.
   */
  GOLD_TOPIC_ENTITIES("gold", "topic_entities", schema(
      f("model_id", StringType, false),
      f("topic_id", IntegerType, false),
      f("entity_id", StringType, false),
      f("entity_type", StringType, false),
      f("name", StringType, true),
      f("weight", DoubleType, false),
      f("lift", DoubleType, false),
      f("articles", LongType, false),
      f("topic_articles", DoubleType, false),
      f("rank", IntegerType, false))),

  /**
   * Internal: the running sums behind {@code gold/topic_entities}, so that an incremental topic
   * run adds its new articles' part instead of joining every doc topic with every mention. Per
   * current model: one row per (topic, entity, entity type) with the articles naming the entity
   * that carry the topic and the sum of their weights; per (entity, entity type) with
   * {@code topic_id} -1, the scored articles naming it; per topic with {@code entity_id} '', the
   * articles carrying it and the sum of its weights; one row with {@code topic_id} -1 and
   * {@code entity_id} '': the scored articles, the {@code silver/doc_topics} version the sums
   * cover and the newest {@code annotate_run} seen (both null on the other rows). Rebuilt in
   * full when missing, from another model, or behind {@code silver/doc_topics}.
   */
  SILVER_TOPIC_ENTITY_SUMS("silver", "topic_entity_sums", schema(
      f("model_id", StringType, false),
      f("topic_id", IntegerType, false),
      f("entity_id", StringType, false),
      f("entity_type", StringType, false),
      f("articles", LongType, false),
      f("weight", DoubleType, false),
      f("doc_topics_version", LongType, true),
      f("annotate_watermark", StringType, true))),

  /** One row per stage run. */
  GOLD_RUNS("gold", "runs", schema(
      f("run_id", StringType, false),
      f("stage", StringType, false),
      f("started_at", TimestampType, false),
      f("finished_at", TimestampType, false),
      f("status", StringType, false),
      f("rows_in", LongType, false),
      f("rows_out", LongType, false),
      f("rows_rejected", LongType, false),
      f("rows_duplicate", LongType, false),
      f("seconds", DoubleType, false),
      f("params", StringType, true),
      f("message", StringType, true)));

  private final String layer;
  private final String tableName;
  private final StructType schema;

  Table(String layer, String tableName, StructType schema) {
    this.layer = layer;
    this.tableName = tableName;
    this.schema = schema;
  }

  public String layer() {
    return layer;
  }

  public String tableName() {
    return tableName;
  }

  /** {@code layer/name}, the path below the warehouse root. */
  public String relativePath() {
    return layer + "/" + tableName;
  }

  /** {@code layer.name}, the name in {@code entente sql}. */
  public String sqlName() {
    return layer + "." + tableName;
  }

  public StructType schema() {
    return schema;
  }

  /** Finds a table by {@code layer.name} or {@code layer/name}, case-insensitive. */
  public static Optional<Table> byName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace('/', '.');
    return Arrays.stream(values()).filter(t -> t.sqlName().equals(n)).findFirst();
  }

  private static StructField f(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }
}
