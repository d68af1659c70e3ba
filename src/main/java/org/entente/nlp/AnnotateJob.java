package org.entente.nlp;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.entente.kb.KnowledgeBase;
import org.entente.util.Console;
import org.entente.util.Iterators;
import org.entente.util.UserError;
import org.entente.warehouse.RunLog;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import scala.collection.JavaConverters;

/**
 * The annotate stage: finds the country and leader mentions of every article not annotated yet
 * (all of them with {@link #full}) and its topic terms.
 *
 * <p>Reads {@code silver/articles} and, to skip what is done, the ids of
 * {@code silver/article_terms}. Writes {@code silver/mentions} (one row per mention) and
 * {@code silver/article_terms} (one row per article, written after its mentions: an article
 * with terms is annotated), appending, or replacing both with {@code full}; one row of
 * {@code gold/runs} (rows_in = articles, rows_out = mentions).
 *
 * <p>Cost: one pass over the new articles' text. The fast engine's automaton and the knowledge
 * base (a few MB) are broadcast once; each article costs one scan of its text plus the
 * resolver's work per candidate. The Spark NLP engine adds its annotators' cost
 * ({@link SparkNlpEngine}).
 */
public final class AnnotateJob {
  /** Counts of one run. */
  public record Result(long articles, long mentions, long skipped) {}

  static final StructType MENTION = new StructType()
      .add("section", DataTypes.StringType)
      .add("sentence_index", DataTypes.IntegerType)
      .add("entity_id", DataTypes.StringType)
      .add("entity_type", DataTypes.StringType)
      .add("country_code", DataTypes.StringType)
      .add("surface", DataTypes.StringType)
      .add("begin", DataTypes.IntegerType)
      .add("end", DataTypes.IntegerType)
      .add("match_kind", DataTypes.StringType);

  static final StructType ANNOTATED = new StructType()
      .add("article_id", DataTypes.StringType)
      .add("published_date", DataTypes.DateType)
      .add("terms", DataTypes.createArrayType(DataTypes.StringType, false))
      .add("mentions", DataTypes.createArrayType(MENTION, false));

  private final Warehouse warehouse;
  private KnowledgeBase kb;
  private String kbDir;
  private String engine = "fast";
  private boolean full;
  private boolean places = true;
  private String runId;

  private AnnotateJob(Warehouse warehouse) {
    this.warehouse = Objects.requireNonNull(warehouse);
  }

  public static AnnotateJob on(Warehouse warehouse) {
    return new AnnotateJob(warehouse);
  }

  /** A knowledge base folder ({@code --kb}); the bundled seeds when null. */
  public AnnotateJob kbDir(String dir) {
    this.kbDir = dir;
    return this;
  }

  public AnnotateJob kb(KnowledgeBase k) {
    this.kb = k;
    return this;
  }

  /** {@code fast} (default) or {@code sparknlp}. */
  public AnnotateJob engine(String e) {
    if (!e.equals("fast") && !e.equals("sparknlp")) {
      throw new UserError("unknown --engine '" + e + "' (expected fast or sparknlp)");
    }
    this.engine = e;
    return this;
  }

  /** Re-annotate every article (after a knowledge-base change), replacing both tables. */
  public AnnotateJob full(boolean f) {
    this.full = f;
    return this;
  }

  /** Whether cities, regions and institutions count as mentions of their country (default yes). */
  public AnnotateJob places(boolean p) {
    this.places = p;
    return this;
  }

  public AnnotateJob runId(String id) {
    this.runId = id;
    return this;
  }

  public Result execute() {
    SparkSession spark = warehouse.spark();
    String run = runId != null ? runId : RunLog.newRunId();
    if (!warehouse.exists(Table.SILVER_ARTICLES)) {
      throw new UserError("nothing to annotate: " + warehouse.path(Table.SILVER_ARTICLES)
          + " does not exist (run ingest first)");
    }
    KnowledgeBase k = kb != null ? kb : KnowledgeBase.load(kbDir, places);
    RunLog.StageRun stage = RunLog.start(warehouse, run, "annotate").param("engine", engine).param("full", full)
        .param("places", places).param("kb", kbDir == null ? "bundled" : kbDir);
    Dataset<Row> annotated = null;
    try {
      boolean incremental = !full && warehouse.exists(Table.SILVER_ARTICLE_TERMS);
      if (incremental) {
        removeOrphanMentions();
      }
      Dataset<Row> all = warehouse.read(Table.SILVER_ARTICLES)
          .select("article_id", "published_date", "title", "text");
      Dataset<Row> todo = incremental
          ? all.join(warehouse.read(Table.SILVER_ARTICLE_TERMS).select("article_id"),
              JavaConverters.asScalaBuffer(List.of("article_id")).toSeq(), "left_anti")
          : all;
      // Spread the articles over the cores: silver/articles may lie in one large Parquet row
      // group, which is one task (100,000 generated articles: one task of 28 s, the other core
      // idle). The shuffle of the texts costs less than the idle core. Always: the number of input
      // partitions says nothing about where the rows are (that file splits into two partitions,
      // one of them empty), and a small incremental batch pays well under a second for it.
      int cores = spark.sparkContext().defaultParallelism();
      todo = todo.repartition(Math.max(2, cores * 2));
      Dataset<Row> out = engine.equals("fast") ? fast(spark, todo, k) : SparkNlpEngine.annotate(spark, todo, k);
      annotated = out.persist(StorageLevel.MEMORY_AND_DISK());
      // One job computes the annotations (cached for the two writes) and both counts.
      Row counts = annotated.agg(org.apache.spark.sql.functions.count(lit(1)),
          org.apache.spark.sql.functions.sum(size(col("mentions")))).first();
      long articles = counts.getLong(0);
      long mentionCount = counts.isNullAt(1) ? 0 : counts.getLong(1);
      long skipped = incremental ? warehouse.read(Table.SILVER_ARTICLE_TERMS).count() : 0;
      Dataset<Row> mentions = annotated.select(col("article_id"), col("published_date"),
              explode(col("mentions")).as("m"))
          .select(col("article_id"), col("published_date"), col("m.*"))
          .withColumn("annotate_run", lit(run));
      Dataset<Row> terms = annotated.select(col("article_id"), col("published_date"), col("terms"),
              size(col("terms")).as("term_count"), size(col("mentions")).as("mention_count"))
          .withColumn("engine", lit(engine)).withColumn("annotate_run", lit(run));
      if (incremental) {
        // Mentions first: an article with a terms row is annotated, so a run that dies between
        // the two leaves mentions without terms, which the next run removes and redoes.
        warehouse.append(Table.SILVER_MENTIONS, mentions);
        warehouse.append(Table.SILVER_ARTICLE_TERMS, terms);
      } else {
        warehouse.overwrite(Table.SILVER_MENTIONS, mentions);
        warehouse.overwrite(Table.SILVER_ARTICLE_TERMS, terms);
      }
      stage.rowsIn = articles;
      stage.rowsOut = mentionCount;
      stage.param("articles_already_annotated", skipped);
      stage.succeeded(String.format("%d article(s), %d mention(s)%s", articles, mentionCount,
          skipped > 0 ? ", " + skipped + " already annotated" : ""));
      return new Result(articles, mentionCount, skipped);
    } catch (RuntimeException e) {
      stage.failed(e);
      throw e;
    } finally {
      if (annotated != null) {
        annotated.unpersist();
      }
    }
  }

  /** Mentions of an article whose terms row is missing come from a run that died half-way. */
  private void removeOrphanMentions() {
    if (!warehouse.exists(Table.SILVER_MENTIONS)) {
      return;
    }
    Dataset<Row> orphans = warehouse.read(Table.SILVER_MENTIONS).select("article_id").distinct()
        .join(warehouse.read(Table.SILVER_ARTICLE_TERMS).select("article_id"),
            JavaConverters.asScalaBuffer(List.of("article_id")).toSeq(), "left_anti");
    if (orphans.isEmpty()) {
      return;
    }
    Console.warn("annotate: removing mentions of %d article(s) left by an unfinished run", orphans.count());
    DeltaTable.forPath(warehouse.spark(), warehouse.path(Table.SILVER_MENTIONS)).as("t")
        .merge(orphans.as("o"), "t.article_id = o.article_id")
        .whenMatched().delete()
        .execute();
  }

  /** The fast engine: an Aho-Corasick scan in {@code mapPartitions}, knowledge base broadcast. */
  static Dataset<Row> fast(SparkSession spark, Dataset<Row> articles, KnowledgeBase kb) {
    Annotator annotator = new Annotator(kb, new FastEngine(kb));
    Broadcast<Annotator> b = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
        .broadcast(annotator);
    return articles.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> annotateAll(b.value(), rows),
        Encoders.row(ANNOTATED));
  }

  static Iterator<Row> annotateAll(Annotator a, Iterator<Row> rows) {
    return Iterators.map(rows, r -> {
      Date date = r.getDate(1);
      return toRow(r.getString(0), date, a.annotate(r.getString(2), r.getString(3), date.toLocalDate()));
    });
  }

  /** One annotated row; arrays are Java arrays, which the row encoder takes as they are. */
  static Row toRow(String articleId, Date date, Annotator.Result res) {
    Row[] ms = new Row[res.mentions().size()];
    int i = 0;
    for (Mention m : res.mentions()) {
      ms[i++] = RowFactory.create(m.section(), m.sentenceIndex(), m.entityId(), m.entityType(), m.countryCode(),
          m.surface(), m.begin(), m.end(), m.matchKind());
    }
    return RowFactory.create(articleId, date, res.terms().toArray(new String[0]), ms);
  }
}
