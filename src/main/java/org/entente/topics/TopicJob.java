package org.entente.topics;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.ml.clustering.DistributedLDAModel;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.entente.kb.EntityNames;
import org.entente.kb.KnowledgeBase;
import org.entente.spark.Cols;
import org.entente.spark.Periods;
import org.entente.util.Console;
import org.entente.util.UserError;
import org.entente.warehouse.RunLog;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;

/**
 * The topic stage: phrases and a vocabulary over {@code silver/article_terms}, Spark MLlib LDA
 * for each requested k, NPMI coherence of each topic, the best model by mean NPMI kept as the
 * current one, and the tables built from it.
 *
 * <p>Reads {@code silver/article_terms} and, for topic–entity association,
 * {@code silver/mentions}. Writes {@code gold/topics} (every fitted model's topics, the current
 * one marked), {@code silver/doc_topics}, {@code gold/topic_trends}, {@code gold/topic_entities},
 * {@code silver/topic_entity_sums} (internal: the running sums behind topic_entities),
 * the models under {@code <warehouse>/models/topics/<model_id>/} with the current id in
 * {@code models/topics/current}, and rows of {@code gold/runs} (one per fitted model, stage
 * {@code topics-fit}, with its mean NPMI; one for the stage).
 *
 * <p>Incremental by default: when a current model exists, only articles without doc topics are
 * scored with it (no refit); {@code refit} fits anew. An incremental run costs in proportion to
 * its new articles: they are looked for among the articles annotated since the last run,
 * {@code gold/topic_trends} is recomputed only for the periods they fall in (Delta
 * {@code replaceWhere}), and their part is added to {@code silver/topic_entity_sums}, from which
 * {@code gold/topic_entities} is recomputed (a few rows per topic and entity). A fit, or sums that
 * are missing, behind {@code silver/doc_topics}, of another model or over articles annotated
 * again, recompute both from every doc topic and every mention.
 *
 * <p>Cost: LDA's online optimizer makes {@code maxIter} passes over a sample of the documents
 * (each pass a Spark job); memory is dominated by the k × vocabulary matrix of doubles that the
 * driver and every task hold (k = 20 and 20,000 terms: 3.2 MB; k = 100 and 262,144 terms:
 * 210 MB per copy), which is why the vocabulary is capped and k × vocabulary over
 * {@value #MAX_MATRIX} is refused. The Gibbs start ({@link GibbsStart}, on by default) samples on
 * the driver: at most {@value #GIBBS_BUDGET} sampling steps (a few seconds per chain on one
 * core), and per chain two ints per sampled token and one per topic and term. EM keeps the whole
 * corpus graph in memory and checkpoints; use it on small corpora only.
 */
public final class TopicJob {
  /** The most articles the starts' log-likelihoods are compared on (a fixed sample beyond). */
  static final long LIKELIHOOD_SAMPLE = 5_000;

  /** The largest k × vocabulary size accepted (doubles: 400 MB per copy). */
  public static final long MAX_MATRIX = 50_000_000L;

  /** What one run did. */
  public record Result(String modelId, boolean fitted, long scored, long docTopics, double meanNpmi) {}

  /** One fitted model and its quality. */
  record Fit(TopicModel model, List<List<TopicModel.TermWeight>> top, double[] npmi, double meanNpmi,
      double seconds) {}

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private final Warehouse warehouse;
  private List<Integer> ks = List.of(20);
  private Integer maxIter; // null: DEFAULT_ITER, or GIBBS_ITER after a Gibbs start
  private long seed = 1;
  private String optimizer = "online";
  private int minDf = 3;
  private double maxDf = 0.5;
  private int vocabSize = 20_000;
  private boolean phrases = true;
  private long phraseMinCount = 10;
  private double phraseThreshold = 0.5;
  private double threshold = 0.05;
  private long minEntityArticles = 3;
  private boolean refit;
  private double learningOffset = 1;
  private double learningDecay = 0.51;
  private double subsamplingRate;
  private int restarts = 1;
  private int restartIter = 10;
  private int gibbsSweeps = 300;
  private int gibbsChains = 4;
  private String kbDir;
  private String runId;

  private TopicJob(Warehouse warehouse) {
    this.warehouse = Objects.requireNonNull(warehouse);
  }

  public static TopicJob on(Warehouse warehouse) {
    return new TopicJob(warehouse);
  }

  /** Numbers of topics to fit; with several, the model of best mean NPMI is kept. */
  public TopicJob k(List<Integer> k) {
    if (k == null || k.isEmpty()) {
      throw new UserError("--k needs at least one number of topics");
    }
    for (int v : k) {
      if (v < 2 || v > 1000) {
        throw new UserError("--k must be between 2 and 1000 topics, not " + v);
      }
    }
    this.ks = List.copyOf(k);
    return this;
  }

  public TopicJob maxIter(int n) {
    if (n < 1) {
      throw new UserError("--max-iter must be 1 or more, not " + n);
    }
    this.maxIter = n;
    return this;
  }

  public TopicJob seed(long s) {
    this.seed = s;
    return this;
  }

  /** {@code online} (default) or {@code em}. */
  public TopicJob optimizer(String o) {
    String v = o == null ? "" : o.toLowerCase(Locale.ROOT);
    if (!v.equals("online") && !v.equals("em")) {
      throw new UserError("unknown --optimizer '" + o + "' (expected online or em)");
    }
    this.optimizer = v;
    return this;
  }

  /** A term must be in at least this many articles to enter the vocabulary. */
  public TopicJob minDf(int n) {
    if (n < 1) {
      throw new UserError("--min-df must be 1 or more articles, not " + n);
    }
    this.minDf = n;
    return this;
  }

  /** A term in more than this fraction of the articles is left out ("said"). */
  public TopicJob maxDf(double f) {
    if (!(f > 0 && f <= 1)) {
      throw new UserError("--max-df must be a fraction of the articles in (0, 1], not " + f);
    }
    this.maxDf = f;
    return this;
  }

  public TopicJob vocabSize(int n) {
    if (n < 10) {
      throw new UserError("--vocab-size must be 10 or more terms, not " + n);
    }
    this.vocabSize = n;
    return this;
  }

  public TopicJob phrases(boolean on) {
    this.phrases = on;
    return this;
  }

  /** Weights under this share of an article are left out of {@code silver/doc_topics}. */
  public TopicJob threshold(double t) {
    if (!(t > 0 && t < 1)) {
      throw new UserError("--threshold must be in (0, 1), not " + t);
    }
    this.threshold = t;
    return this;
  }

  public TopicJob minEntityArticles(long n) {
    if (n < 1) {
      throw new UserError("--min-entity-articles must be 1 or more, not " + n);
    }
    this.minEntityArticles = n;
    return this;
  }

  /**
   * Online optimizer's learning rate (tau0 + t)^-decay at mini-batch t. Spark's default offset,
   * 1024, suits millions of articles; on thousands it leaves the topics near their random start
   * after a few dozen iterations.
   */
  public TopicJob learningOffset(double tau0) {
    if (!(tau0 > 0)) {
      throw new UserError("--learning-offset must be positive, not " + tau0);
    }
    this.learningOffset = tau0;
    return this;
  }

  public TopicJob learningDecay(double kappa) {
    if (!(kappa > 0.5 && kappa <= 1)) {
      throw new UserError("--learning-decay must be in (0.5, 1], not " + kappa);
    }
    this.learningDecay = kappa;
    return this;
  }

  /** Fraction of the articles in each online mini-batch; 0 (default) picks max(5%, 2,048 articles). */
  public TopicJob subsamplingRate(double r) {
    if (!(r >= 0 && r <= 1)) {
      throw new UserError("--subsampling-rate must be in [0, 1], not " + r);
    }
    this.subsamplingRate = r;
    return this;
  }

  /**
   * Starts tried per k: each (seeds {@code seed}, {@code seed + 1}, ...) runs
   * {@link #restartIter} iterations, the one of highest log-likelihood on the corpus (on a sample
   * of at most {@value #LIKELIHOOD_SAMPLE} articles) is fitted to {@code iterations()}. Variational LDA
   * ends in a local optimum that depends on its random start; 1 fits the seed alone.
   */
  public TopicJob restarts(int n) {
    if (n < 1 || n > 50) {
      throw new UserError("--restarts must be between 1 and 50 starts, not " + n);
    }
    this.restarts = n;
    return this;
  }

  /** Iterations each start runs before the starts are compared (see {@link #restarts}). */
  public TopicJob restartIter(int n) {
    if (n < 1) {
      throw new UserError("--restart-iter must be 1 or more, not " + n);
    }
    this.restartIter = n;
    return this;
  }

  /**
   * Sweeps of the collapsed Gibbs sampler ({@link GibbsStart}) whose topics the online
   * optimizer starts from instead of random ones; 0 starts from random topics. Runs on the
   * driver over the articles, or a sample of them when sweeps × tokens × k would pass
   * {@value #GIBBS_BUDGET}. The EM optimizer always starts at random.
   */
  public TopicJob gibbsSweeps(int n) {
    if (n < 0 || n > 10_000) {
      throw new UserError("--gibbs-sweeps must be between 0 and 10000, not " + n);
    }
    this.gibbsSweeps = n;
    return this;
  }

  /** Chains of the Gibbs start: each runs a third of the sweeps, the likeliest runs the rest. */
  public TopicJob gibbsChains(int n) {
    if (n < 1 || n > 64) {
      throw new UserError("--gibbs-chains must be between 1 and 64, not " + n);
    }
    this.gibbsChains = n;
    return this;
  }

  /** LDA iterations when --max-iter is not given: from random topics, and after a Gibbs start. */
  public static final int DEFAULT_ITER = 80;
  public static final int GIBBS_ITER = 10;

  /** The default LDA iterations: {@link #GIBBS_ITER} after a Gibbs start, else {@link #DEFAULT_ITER}. */
  public static int defaultIterations(String optimizer, int gibbsSweeps) {
    return gibbsSweeps > 0 && "online".equalsIgnoreCase(optimizer) ? GIBBS_ITER : DEFAULT_ITER;
  }

  /** Whether the fits start from a Gibbs sampler's topics (online optimizer, sweeps above 0). */
  boolean gibbs() {
    return defaultIterations(optimizer, gibbsSweeps) == GIBBS_ITER;
  }

  /** The LDA iterations of a fit: --max-iter, or its default for the start. */
  int iterations() {
    return maxIter != null ? maxIter : defaultIterations(optimizer, gibbsSweeps);
  }

  /** The most sampling steps (sweeps × tokens × k) of the Gibbs start: a few seconds on one core. */
  static final long GIBBS_BUDGET = 2_000_000_000L;
  private long gibbsBudget = GIBBS_BUDGET;

  /** The Gibbs start's budget of sampling steps (tests use small ones to sample the articles). */
  TopicJob gibbsBudget(long steps) {
    this.gibbsBudget = steps;
    return this;
  }

  /** The tokens of a term-count vector (the sum of its counts). */
  private static final org.apache.spark.sql.expressions.UserDefinedFunction TOKENS = org.apache.spark.sql.functions.udf(
      (org.apache.spark.sql.api.java.UDF1<org.apache.spark.ml.linalg.Vector, Long>) v -> {
        long n = 0;
        for (double c : v.toSparse().values()) {
          n += Math.round(c);
        }
        return n;
      }, org.apache.spark.sql.types.DataTypes.LongType);

  public TopicJob refit(boolean r) {
    this.refit = r;
    return this;
  }

  public TopicJob kbDir(String dir) {
    this.kbDir = dir;
    return this;
  }

  public TopicJob runId(String id) {
    this.runId = id;
    return this;
  }

  String modelsDir() {
    return warehouse.root() + "/models/topics";
  }

  public Result execute() {
    for (int k : ks) {
      if ((long) k * vocabSize > MAX_MATRIX) {
        throw new UserError(String.format("--k %d with --vocab-size %d makes a %,d-double topic matrix (%,d MB per"
            + " copy, held by the driver and every task): lower --vocab-size or --k", k, vocabSize,
            (long) k * vocabSize, (long) k * vocabSize * 8 / 1_000_000));
      }
    }
    if (!warehouse.exists(Table.SILVER_ARTICLE_TERMS)) {
      throw new UserError("nothing to model: " + warehouse.path(Table.SILVER_ARTICLE_TERMS)
          + " does not exist (run ingest and annotate first)");
    }
    SparkSession spark = warehouse.spark();
    String run = runId != null ? runId : RunLog.newRunId();
    RunLog.StageRun stage = RunLog.start(warehouse, run, "topics").param("k", ks).param("max_iter", iterations())
        .param("seed", seed).param("optimizer", optimizer).param("min_df", minDf).param("max_df", maxDf)
        .param("vocab_size", vocabSize).param("phrases", phrases).param("threshold", threshold)
        .param("learning_offset", learningOffset).param("learning_decay", learningDecay)
        .param("restarts", restarts).param("restart_iter", restartIter).param("gibbs_sweeps", gibbs() ? gibbsSweeps : 0)
        .param("gibbs_chains", gibbs() ? gibbsChains : 0);
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      Dataset<Row> terms = warehouse.read(Table.SILVER_ARTICLE_TERMS).filter(col("term_count").gt(0));
      String currentId = TopicModel.readPointer(spark, modelsDir() + "/current");
      boolean fit = refit || currentId == null;
      TopicModel model;
      double meanNpmi;
      Dataset<Row> toScore;
      // The entity sums, when they are current for the model and doc topics (null: rebuild them).
      SumsState state = null;
      // The newest annotate run this run has seen every article of (null: none seen).
      String watermark;
      if (fit) {
        Dataset<Row> all = termsToFit().persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(all);
        // One pass: the articles, and the newest annotate run among them.
        Row seen = all.agg(count(lit(1)), max("annotate_run")).first();
        long n = seen.getLong(0);
        int largest = ks.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (n < largest) {
          throw new UserError("too few articles to model: " + n + " with terms, fewer than the " + largest
              + " topics asked for (--k)");
        }
        watermark = seen.isNullAt(1) ? null : seen.getString(1);
        List<Fit> fits = fit(spark, all, n, stage);
        Fit best = fits.get(0);
        for (Fit f : fits) {
          if (f.meanNpmi() > best.meanNpmi()) {
            best = f;
          }
        }
        for (Fit f : fits) {
          f.model().save(spark, modelsDir() + "/" + f.model().id());
        }
        Console.info("topics: models saved (%.1f s)", stage.secondsSoFar());
        TopicModel.writePointer(spark, modelsDir() + "/current", best.model().id());
        writeTopics(spark, fits, best.model().id());
        Console.info("topics: gold/topics written (%.1f s)", stage.secondsSoFar());
        model = best.model();
        meanNpmi = best.meanNpmi();
        toScore = all;
        stage.param("model_id", model.id()).param("model_npmi", meanNpmi);
        Console.info("topics: kept %s (k=%d, mean NPMI %.3f)", model.id(), model.k(), meanNpmi);
      } else {
        model = TopicModel.load(spark, modelsDir() + "/" + currentId, currentId);
        meanNpmi = Double.NaN;
        stage.param("model_id", currentId);
        Console.info("topics: scoring new articles with the current model %s (k=%d; --refit fits anew; %.1f s)",
            currentId, model.k(), stage.secondsSoFar());
        boolean haveDocTopics = warehouse.exists(Table.SILVER_DOC_TOPICS);
        state = haveDocTopics ? currentSums(currentId, warehouse.version(Table.SILVER_DOC_TOPICS)) : null;
        // With current sums, every article annotated up to their watermark has been scored (or has
        // no word of the vocabulary): only later ones are looked at, and Delta skips the files of
        // earlier annotate runs.
        Dataset<Row> candidates = state == null ? terms : terms.filter(col("annotate_run").gt(state.watermark()));
        Dataset<Row> ids;
        if (haveDocTopics) {
          Dataset<Row> scoredIds = warehouse.read(Table.SILVER_DOC_TOPICS).filter(col("model_id").equalTo(currentId))
              .select("article_id").distinct().withColumn("_scored", lit(true));
          ids = candidates.select("article_id", "annotate_run").join(scoredIds, Cols.seq("article_id"), "left")
              .persist(StorageLevel.MEMORY_AND_DISK());
          cached.add(ids);
        } else {
          ids = candidates.select(col("article_id"), col("annotate_run"), lit(null).cast("boolean").as("_scored"));
        }
        Row seen = ids.agg(count(lit(1)), count(col("_scored")), max("annotate_run")).first();
        watermark = state == null ? null : state.watermark();
        if (!seen.isNullAt(2) && (watermark == null || seen.getString(2).compareTo(watermark) > 0)) {
          watermark = seen.getString(2);
        }
        if (state != null && seen.getLong(1) > 0) {
          Console.info("topics: %d scored article(s) annotated again since the last run: entity sums recomputed in"
              + " full", seen.getLong(1));
          state = state.reannotated();
        }
        Dataset<Row> fresh = ids.filter(col("_scored").isNull()).select("article_id");
        long unscored = seen.getLong(0) - seen.getLong(1);
        Console.info("topics: %d article(s) without doc topics among %d %s (%.1f s)", unscored, seen.getLong(0),
            state == null ? "articles with terms" : "annotated since the last run", stage.secondsSoFar());
        toScore = candidates.select("article_id", "published_date", "terms")
            .join(unscored <= BROADCAST_IDS ? broadcast(fresh) : fresh, Cols.seq("article_id"), "left_semi");
      }

      // Checkpointed, not persisted: the new articles are found by an anti-join with
      // silver/doc_topics, and writing to that table makes Spark recompute cached plans that read
      // it, which would find no new article left once they are appended.
      Dataset<Row> dt = Topics.docTopics(model.score(toScore), model.id(), threshold).localCheckpoint();
      // One pass over the cached rows for the counts and the dates.
      Row counts = dt.agg(count(lit(1)), count(when(col("dominant"), true)), min("published_date"),
          max("published_date")).first();
      long dtRows = counts.getLong(0);
      long scored = counts.getLong(1);
      Console.info("topics: scored, %d doc-topic rows (%.1f s)", dtRows, stage.secondsSoFar());
      if (fit || !warehouse.exists(Table.SILVER_DOC_TOPICS)) {
        // Ordered by date, so that a date filter (the trends of a few periods) skips most files.
        Warehouse.conform(Table.SILVER_DOC_TOPICS, dt).orderBy("published_date").write().format("delta")
            .mode("overwrite").save(warehouse.path(Table.SILVER_DOC_TOPICS));
      } else if (dtRows > 0) {
        warehouse.append(Table.SILVER_DOC_TOPICS, dt);
      }
      // Sums to rebuild even without new articles: missing (a warehouse made before them), behind, or
      // over mentions since changed.
      boolean rebuildSums = !fit && (state == null || state.stale()) && warehouse.exists(Table.SILVER_DOC_TOPICS);
      if (fit || dtRows > 0 || rebuildSums) {
        long version = warehouse.version(Table.SILVER_DOC_TOPICS);
        Dataset<Row> allDt = warehouse.read(Table.SILVER_DOC_TOPICS).filter(col("model_id").equalTo(model.id()));
        boolean periodsOnly = !fit && state != null && warehouse.exists(Table.GOLD_TOPIC_TRENDS);
        if (dtRows > 0 || !periodsOnly) {
          LocalDate first = dtRows > 0 ? counts.getDate(2).toLocalDate() : null;
          LocalDate last = dtRows > 0 ? counts.getDate(3).toLocalDate() : null;
          long trendRows = writeTrends(allDt, periodsOnly ? Periods.covering(Topics.GRAINS, first, last) : null);
          Console.info("topics: trends written (%s, %d rows; %.1f s)", periodsOnly
              ? "periods of " + first + (first.equals(last) ? "" : " to " + last) : "all periods", trendRows,
              stage.secondsSoFar());
        }
        boolean addToSums = periodsOnly && !state.stale();
        writeEntities(model.id(), addToSums ? state : null, addToSums ? dt : allDt, version, watermark);
        Console.info("topics: entities written (%s; %.1f s)", addToSums ? "the new articles added to the sums"
            : "sums rebuilt from every doc topic", stage.secondsSoFar());
        stage.param("incremental", periodsOnly).param("entity_sums", addToSums ? "added" : "rebuilt");
      }
      stage.rowsIn = scored;
      stage.rowsOut = dtRows;
      stage.succeeded(String.format("%s: %d articles scored, %d doc-topic rows", model.id(), scored, dtRows));
      return new Result(model.id(), fit, scored, dtRows, meanNpmi);
    } catch (RuntimeException e) {
      stage.failed(e);
      throw e;
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  /**
   * The articles to fit on (with terms; their annotate run beside), spread over the cores.
   * silver/article_terms may be one Parquet row group (100,000 generated articles: one 21 MB
   * file), which Spark reads as one task, and every
   * step of the fit (phrases, vocabulary, each LDA iteration, scoring) would then run on one
   * core: at 100,000 articles the LDA fit took 197 s instead of 135 to 163. One shuffle of the
   * terms, before they are cached.
   *
   * <p>Spread by article id and sorted by it within each partition, so that the fit sees the
   * articles in the same partitions and order whatever files and row order the table has: LDA
   * draws each article's starting topic weights in the order of its partition, and a plain
   * {@code repartition(n)} (round robin over the order of the files) made two runs on the same
   * articles with the same {@code --seed} fit different topics. The same articles, seed and
   * number of partitions (the cores) give the same model.
   */
  private Dataset<Row> termsToFit() {
    return warehouse.read(Table.SILVER_ARTICLE_TERMS).filter(col("term_count").gt(0))
        .select("article_id", "published_date", "terms", "annotate_run")
        .repartition(Math.max(2, warehouse.spark().sparkContext().defaultParallelism()), col("article_id"))
        .sortWithinPartitions("article_id");
  }

  /** Up to this many new articles, their ids are broadcast to pick their terms out. */
  static final long BROADCAST_IDS = 1_000_000;

  /** The most rows a {@code gold/topic_trends} file holds (see {@link #writeTrends}). */
  static final long TREND_ROWS_PER_FILE = 5_000;
  private long trendRowsPerFile = TREND_ROWS_PER_FILE;

  /** Files of {@code gold/topic_trends} hold at most this many rows (tests use small files). */
  TopicJob trendRowsPerFile(long rows) {
    this.trendRowsPerFile = rows;
    return this;
  }

  /**
   * The state of {@code silver/topic_entity_sums}: current (its sums cover doc topics version
   * {@code version} of the model, and every article annotated up to {@code watermark}), or
   * {@code stale} (articles scored before were annotated again: their mentions changed).
   */
  record SumsState(long version, String watermark, boolean stale) {
    SumsState reannotated() {
      return new SumsState(version, watermark, true);
    }
  }

  /**
   * The entity sums' state when they can be added to: they exist, hold only {@code modelId},
   * and cover exactly doc topics version {@code docTopicsVersion} (a run that wrote doc topics
   * and failed before the sums, or another model's run, leaves them behind). Otherwise null,
   * and why is printed. Cost: one read of the small sums table.
   */
  private SumsState currentSums(String modelId, long docTopicsVersion) {
    if (!warehouse.exists(Table.SILVER_TOPIC_ENTITY_SUMS)) {
      Console.info("topics: no %s yet: trends and entity sums recomputed in full",
          Table.SILVER_TOPIC_ENTITY_SUMS.sqlName());
      return null;
    }
    List<Row> heads = warehouse.read(Table.SILVER_TOPIC_ENTITY_SUMS)
        .filter(col("topic_id").equalTo(Topics.ALL_TOPICS).and(col("entity_id").equalTo(Topics.ALL_ARTICLES)))
        .select("model_id", "doc_topics_version", "annotate_watermark").collectAsList();
    if (heads.size() != 1 || !modelId.equals(heads.get(0).getString(0)) || heads.get(0).isNullAt(1)
        || heads.get(0).isNullAt(2) || heads.get(0).getLong(1) != docTopicsVersion) {
      Console.info("topics: %s is not current (%s; silver.doc_topics is at version %d): trends and entity sums"
          + " recomputed in full", Table.SILVER_TOPIC_ENTITY_SUMS.sqlName(), heads.isEmpty() ? "empty"
          : heads.stream().map(r -> r.getString(0) + " at version " + r.get(1)).collect(Collectors.joining(", ")),
          docTopicsVersion);
      return null;
    }
    return new SumsState(heads.get(0).getLong(1), heads.get(0).getString(2), false);
  }

  /**
   * Writes {@code gold/topic_trends} from the model's doc topics: every period, or (with
   * {@code ranges}) only the periods in them, recomputed from the doc topics dated within those
   * periods and written with Delta {@code replaceWhere}. The rows go out ordered by period, in
   * files of at most {@link #TREND_ROWS_PER_FILE} rows, so that replacing the latest periods
   * rewrites one or two files rather than the table. Returns the rows written.
   */
  private long writeTrends(Dataset<Row> modelDocTopics, Map<String, LocalDate[]> ranges) {
    Dataset<Row> trends;
    if (ranges == null) {
      trends = Topics.topicTrends(modelDocTopics, Topics.GRAINS);
    } else {
      LocalDate[] span = Periods.span(ranges);
      trends = Periods.restrict(Topics.topicTrends(modelDocTopics.filter(col("published_date")
          .between(Date.valueOf(span[0]), Date.valueOf(span[1]))), Topics.GRAINS), ranges);
    }
    return warehouse.replacePeriods(Table.GOLD_TOPIC_TRENDS, trends, ranges == null ? null : Periods.predicate(ranges),
        trendRowsPerFile);
  }

  /**
   * Writes {@code silver/topic_entity_sums} and, from them, {@code gold/topic_entities}. With a
   * current {@code state}, {@code docTopics} are the new articles' doc topics and their part
   * (their mentions, picked by annotate run and article id) is added to the stored sums;
   * without, the sums are rebuilt from {@code docTopics} (all of the model's) and every mention.
   */
  private void writeEntities(String modelId, SumsState state, Dataset<Row> docTopics, long docTopicsVersion,
      String watermark) {
    SparkSession spark = warehouse.spark();
    Dataset<Row> mentions = warehouse.exists(Table.SILVER_MENTIONS)
        ? warehouse.read(Table.SILVER_MENTIONS).select("article_id", "entity_id", "entity_type", "annotate_run")
        : spark.emptyDataFrame().selectExpr("'' as article_id", "'' as entity_id", "'' as entity_type",
            "'' as annotate_run").limit(0);
    Dataset<Row> sums;
    if (state != null) {
      // The new articles were annotated after the watermark: their mentions are in later files.
      Dataset<Row> newIds = docTopics.select("article_id").distinct();
      Dataset<Row> newMentions = mentions.filter(col("annotate_run").gt(state.watermark()))
          .join(broadcast(newIds), Cols.seq("article_id"), "left_semi");
      sums = Topics.addSums(warehouse.read(Table.SILVER_TOPIC_ENTITY_SUMS).filter(col("model_id").equalTo(modelId)),
          Topics.topicEntitySums(docTopics, newMentions));
    } else {
      sums = Topics.topicEntitySums(docTopics, mentions);
    }
    Column head = col("topic_id").equalTo(Topics.ALL_TOPICS).and(col("entity_id").equalTo(Topics.ALL_ARTICLES));
    // Materialised: the sums are read from the table they replace (a few rows per topic and entity).
    sums = sums.withColumn("doc_topics_version", when(head, lit(docTopicsVersion)))
        .withColumn("annotate_watermark", when(head, lit(watermark)))
        .localCheckpoint();
    warehouse.overwrite(Table.SILVER_TOPIC_ENTITY_SUMS, sums.orderBy("topic_id", "entity_id", "entity_type"));
    warehouse.overwrite(Table.GOLD_TOPIC_ENTITIES, Topics.topicEntitiesFromSums(sums, minEntityArticles)
        .join(EntityNames.of(spark, KnowledgeBase.load(kbDir)), Cols.seq("entity_id"), "left"));
  }

  /** Phrases, vocabulary, then one LDA per k; each model's coherence recorded in gold/runs. */
  private List<Fit> fit(SparkSession spark, Dataset<Row> docs, long n, RunLog.StageRun parent) {
    Prepared prep = prepare(docs, n);
    Dataset<Row> features = prep.features();
    try {
      long docsWithVocab = prep.documents();
      String stamp = STAMP.format(Instant.now());
      List<Fit> fits = new ArrayList<>();
      for (int k : ks) {
        RunLog.StageRun fitRun = RunLog.start(warehouse, parent.runId(), "topics-fit");
        long fit0 = System.nanoTime();
        Started started = fitLda(k, features, docsWithVocab);
        Console.info("topics: k=%d fitted (%.1f s)", k, (System.nanoTime() - fit0) / 1e9);
        LocalLDAModel local = started.model();
        TopicModel model = new TopicModel("lda-k" + k + "-" + stamp, prep.phrases(), prep.vocabulary(), local);
        List<List<TopicModel.TermWeight>> top = model.topTerms(20);
        List<List<String>> top10 = new ArrayList<>();
        for (List<TopicModel.TermWeight> t : top) {
          top10.add(t.subList(0, Math.min(10, t.size())).stream().map(TopicModel.TermWeight::term).toList());
        }
        double[] npmi = Coherence.npmi(features, top10);
        double mean = java.util.Arrays.stream(npmi).average().orElse(0);
        double seconds = (System.nanoTime() - fit0) / 1e9;
        fitRun.rowsIn = docsWithVocab;
        fitRun.rowsOut = k;
        fitRun.param("model_id", model.id()).param("k", k).param("mean_npmi", mean).param("vocabulary",
            prep.vocabulary().vocabulary().length).param("phrases", prep.phrases().size()).param("max_iter", iterations())
            .param("optimizer", optimizer).param("seed", started.seed()).param("restarts", restarts);
        if (started.logLikelihoods().length > 0) {
          fitRun.param("restart_iter", Math.min(restartIter, iterations()))
              .param("restart_log_likelihoods", java.util.Arrays.stream(started.logLikelihoods()).boxed().toList());
        }
        fitRun.succeeded(String.format("%s: k=%d, mean NPMI %.3f over %d articles", model.id(), k, mean,
            docsWithVocab));
        fits.add(new Fit(model, top, npmi, mean, seconds));
      }
      return fits;
    } finally {
      features.unpersist();
    }
  }

  /**
   * The phrases, the vocabulary and the articles' term-count vectors (column {@code features},
   * beside {@code tokens}; articles with no vocabulary word left out), persisted: the caller
   * unpersists {@code features}.
   */
  private record Prepared(List<String> phrases, CountVectorizerModel vocabulary, Dataset<Row> features,
      long documents, double phraseSeconds, double vocabularySeconds) {}

  private Prepared prepare(Dataset<Row> docs, long n) {
    long t0 = System.nanoTime();
    List<String> phraseList = phrases ? Phrases.learn(docs, phraseMinCount, phraseThreshold, 5000) : List.of();
    double phraseSeconds = (System.nanoTime() - t0) / 1e9;
    Console.info("topics: phrases learnt (%.1f s)", phraseSeconds);
    Console.info("topics: %d articles, %d phrases (e.g. %s)", n, phraseList.size(),
        phraseList.stream().limit(5).map(p -> p.replace(' ', '_')).collect(Collectors.joining(", ")));
    Dataset<Row> tokens = docs.withColumn("tokens", Phrases.joiner(phraseList).apply(col("terms")));
    int effectiveMinDf = (int) Math.min(minDf, Math.max(1, n / 2));
    CountVectorizerModel vocabulary = Vocabulary.model(Vocabulary.learn(tokens, n, effectiveMinDf, maxDf, vocabSize));
    if (vocabulary.vocabulary().length < 2) {
      throw new UserError("too few terms to model: the vocabulary has " + vocabulary.vocabulary().length
          + " terms (lower --min-df or raise --max-df)");
    }
    Console.info("topics: vocabulary of %d terms (min df %d, max df %.2f, cap %d; %.1f s)",
        vocabulary.vocabulary().length, effectiveMinDf, maxDf, vocabSize, (System.nanoTime() - t0) / 1e9);
    Dataset<Row> features = vocabulary.transform(tokens).filter(TopicModel.nonEmpty(col("features")))
        .persist(StorageLevel.MEMORY_AND_DISK());
    long docsWithVocab = features.count();
    return new Prepared(phraseList, vocabulary, features, docsWithVocab, phraseSeconds,
        (System.nanoTime() - t0) / 1e9 - phraseSeconds);
  }

  /** A fitted LDA, the seed it started from, and each start's log-likelihood (none with one start). */
  record Started(LocalLDAModel model, long seed, double[] logLikelihoods) {}

  /**
   * LDA for k topics over {@code features}: with one start, the fit of {@code seed}; with
   * {@link #restarts} starts, each run for {@link #restartIter} iterations and scored by its
   * log-likelihood (variational bound) on the same articles, then the best seed fitted to
   * {@code iterations()}. A fit's first iterations depend only on its seed and the data, so the final
   * fit continues the chosen start exactly (its first iterations are run again: the price of
   * using the public estimator). Cost: restarts × (restartIter iterations + one pass over at most
   * {@value #LIKELIHOOD_SAMPLE} articles) on top of the fit.
   */
  private Started fitLda(int k, Dataset<Row> features, long documents) {
    if (restarts == 1) {
      return new Started(fitOne(k, seed, iterations(), features, documents), seed, new double[0]);
    }
    int trial = Math.min(restartIter, iterations());
    Dataset<Row> probe = documents <= LIKELIHOOD_SAMPLE ? features
        : features.sample(false, LIKELIHOOD_SAMPLE / (double) documents, seed).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      double[] ll = new double[restarts];
      int best = 0;
      LDAModel bestModel = null;
      for (int r = 0; r < restarts; r++) {
        long t0 = System.nanoTime();
        LDAModel m = fitOne(k, seed + r, trial, features, documents);
        ll[r] = m.logLikelihood(probe);
        Console.info("topics: k=%d start %d of %d (seed %d, %d iterations): log-likelihood %.1f (%.1f s)", k, r + 1,
            restarts, seed + r, trial, ll[r], (System.nanoTime() - t0) / 1e9);
        if (bestModel == null || ll[r] > ll[best]) {
          best = r;
          bestModel = m;
        }
      }
      long chosen = seed + best;
      Console.info("topics: k=%d continues the start of seed %d", k, chosen);
      LDAModel fitted = trial == iterations() ? bestModel : fitOne(k, chosen, iterations(), features, documents);
      return new Started(local(fitted), chosen, ll);
    } finally {
      if (probe != features) {
        probe.unpersist();
      }
    }
  }

  /** One LDA fit of {@code iterations} from seed {@code startSeed}: from a Gibbs start when asked for. */
  private LocalLDAModel fitOne(int k, long startSeed, int iterations, Dataset<Row> features, long documents) {
    LDA estimator = lda(k, documents).setSeed(startSeed).setMaxIter(iterations);
    if (!gibbs()) {
      return local(estimator.fit(features));
    }
    return OnlineLda.fit(estimator, features, gibbsStart(k, startSeed, features, documents));
  }

  /**
   * The Gibbs start's topics for k topics, scaled to the corpus. The articles' term ids, or a
   * random sample of the articles (Spark's {@code sample}, seeded) holding about the budget's
   * tokens, are collected to the driver; {@link #gibbsChains} chains (seeds drawn from
   * {@code startSeed}) each run a third of {@link #gibbsSweeps} sweeps on the driver's cores, the
   * one of highest log p(w, z) runs the rest (a chain stuck with two categories in one topic
   * shows it in its likelihood early: on BBC News the likeliest of four after 100 sweeps was
   * never one of the stuck ones), and its counts are multiplied by articles / articles sampled.
   * Document prior 1/k (MLlib's online default), term prior 0.01. Cost: one pass over the
   * cached vectors to count the tokens, one to collect the sample, then chains × sweeps / 3 +
   * 2 × sweeps / 3 sweeps of the sample.
   */
  private double[][] gibbsStart(int k, long startSeed, Dataset<Row> features, long documents) {
    long t0 = System.nanoTime();
    int burn = Math.max(1, gibbsSweeps / 3);
    long sweepCost = (long) gibbsChains * burn + (gibbsSweeps - burn);
    long maxTokens = Math.max(1, gibbsBudget / (sweepCost * k));
    Row total = features.select(TOKENS.apply(col("features")).as("n")).agg(sum("n")).first();
    double fraction = total.isNullAt(0) ? 1 : maxTokens / (double) total.getLong(0);
    Dataset<Row> picked = fraction >= 1 ? features : features.sample(false, fraction, startSeed);
    List<int[]> sample = new ArrayList<>();
    long tokens = 0;
    int vocabulary = 0;
    for (Row r : picked.select("features").collectAsList()) {
      org.apache.spark.ml.linalg.SparseVector v = r.<org.apache.spark.ml.linalg.Vector>getAs(0).toSparse();
      vocabulary = v.size();
      int n = 0;
      for (double c : v.values()) {
        n += (int) Math.round(c);
      }
      int[] doc = new int[n];
      int at = 0;
      for (int j = 0; j < v.indices().length; j++) {
        for (long c = Math.round(v.values()[j]); c > 0; c--) {
          doc[at++] = v.indices()[j];
        }
      }
      sample.add(doc);
      tokens += n;
    }
    if (sample.isEmpty()) {
      throw new IllegalStateException("the Gibbs start's sample of " + documents + " articles is empty");
    }
    int[][] docs = sample.toArray(new int[0][]);
    int terms = vocabulary;
    java.util.SplittableRandom seeds = new java.util.SplittableRandom(startSeed);
    List<GibbsStart> chains = new ArrayList<>();
    for (int c = 0; c < gibbsChains; c++) {
      chains.add(new GibbsStart(docs, k, terms, 1.0 / k, 0.01, seeds.nextLong()));
    }
    double[] ll = new double[gibbsChains];
    int threads = Math.min(gibbsChains, Runtime.getRuntime().availableProcessors());
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<Double>> runs = new ArrayList<>();
      for (GibbsStart chain : chains) {
        runs.add(pool.submit(() -> chain.sweep(burn).logLikelihood()));
      }
      for (int c = 0; c < ll.length; c++) {
        ll[c] = runs.get(c).get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sampling the Gibbs start", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the Gibbs start failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    int best = 0;
    for (int c = 1; c < ll.length; c++) {
      best = ll[c] > ll[best] ? c : best;
    }
    double[][] counts = chains.get(best).sweep(gibbsSweeps - burn).topicTermCounts();
    double scale = documents / (double) docs.length;
    for (double[] topic : counts) {
      for (int w = 0; w < topic.length; w++) {
        topic[w] *= scale;
      }
    }
    Console.info("topics: k=%d Gibbs start: %d chain(s) of %d sweeps (log p(w,z) %s), chain %d run to %d sweeps;"
        + " %d articles, %d tokens (%.1f s)", k, gibbsChains, burn, java.util.Arrays.stream(ll)
        .mapToObj(x -> String.format("%.0f", x)).collect(Collectors.joining(", ")), best + 1, gibbsSweeps,
        docs.length, tokens, (System.nanoTime() - t0) / 1e9);
    return counts;
  }

  private static LocalLDAModel local(LDAModel fitted) {
    return fitted instanceof DistributedLDAModel d ? d.toLocal() : (LocalLDAModel) fitted;
  }

  /** The LDA estimator the stage fits for k topics over {@code docsWithVocab} articles. */
  private LDA lda(int k, long docsWithVocab) {
    LDA lda = new LDA().setK(k).setMaxIter(iterations()).setSeed(seed).setOptimizer(optimizer)
        .setFeaturesCol("features");
    if (optimizer.equals("online")) {
      lda.setSubsamplingRate(subsamplingRate > 0 ? subsamplingRate
          : Math.min(1.0, Math.max(0.05, 2048.0 / docsWithVocab)));
      lda.setLearningOffset(learningOffset);
      lda.setLearningDecay(learningDecay);
    }
    return lda;
  }

  /**
   * One fit as {@link #execute} makes it (the same reading of {@code silver/article_terms},
   * phrases, vocabulary and LDA, for the one configured k), timed step by step and writing
   * nothing: no model, table or {@code gold/runs} row. For the topic benchmark
   * ({@code org.entente.bench.TopicBench}). {@code features} (columns article_id, tokens,
   * features, ...) stays persisted; the caller unpersists it.
   */
  public Measured fitOnly() {
    if (ks.size() != 1) {
      throw new UserError("the benchmark fits one k at a time, not " + ks);
    }
    if (!warehouse.exists(Table.SILVER_ARTICLE_TERMS)) {
      throw new UserError("nothing to model: " + warehouse.path(Table.SILVER_ARTICLE_TERMS)
          + " does not exist (run ingest and annotate first)");
    }
    int k = ks.get(0);
    long t0 = System.nanoTime();
    Dataset<Row> all = termsToFit().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long n = all.count();
      if (n < k) {
        throw new UserError("too few articles to model: " + n + " with terms, fewer than the " + k
            + " topics asked for (--k)");
      }
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      Prepared prep = prepare(all, n);
      long fit0 = System.nanoTime();
      LocalLDAModel local = fitLda(k, prep.features(), prep.documents()).model();
      double ldaSeconds = (System.nanoTime() - fit0) / 1e9;
      TopicModel model = new TopicModel("lda-k" + k + "-" + STAMP.format(Instant.now()), prep.phrases(),
          prep.vocabulary(), local);
      return new Measured(model, prep.features(), prep.documents(), loadSeconds, prep.phraseSeconds(),
          prep.vocabularySeconds(), ldaSeconds);
    } finally {
      all.unpersist();
    }
  }

  /**
   * What {@link #fitOnly} made and how long each step took (wall seconds): reading and caching
   * the article terms, learning phrases, the vocabulary with the feature vectors cached and
   * counted, the LDA fit.
   */
  public record Measured(TopicModel model, Dataset<Row> features, long documents, double loadSeconds,
      double phraseSeconds, double vocabularySeconds, double ldaSeconds) {}

  /** gold/topics: earlier models' rows (no longer current) and the new fits. */
  private void writeTopics(SparkSession spark, List<Fit> fits, String currentId) {
    List<Row> rows = new ArrayList<>();
    Timestamp now = Timestamp.from(Instant.now());
    for (Fit f : fits) {
      for (int t = 0; t < f.top().size(); t++) {
        List<TopicModel.TermWeight> terms = f.top().get(t);
        List<Row> tw = terms.stream().map(x -> RowFactory.create(x.term(), x.weight())).toList();
        String label = terms.stream().limit(3).map(TopicModel.TermWeight::term).collect(Collectors.joining(", "));
        rows.add(RowFactory.create(f.model().id(), t, label, tw.toArray(), f.npmi()[t], f.model().k(),
            f.meanNpmi(), f.model().id().equals(currentId), now));
      }
    }
    Dataset<Row> fresh = spark.createDataFrame(rows, Table.GOLD_TOPICS.schema());
    if (warehouse.exists(Table.GOLD_TOPICS)) {
      List<String> ids = fits.stream().map(f -> f.model().id()).toList();
      Dataset<Row> earlier = warehouse.read(Table.GOLD_TOPICS)
          .filter(not(col("model_id").isin(ids.toArray())))
          .withColumn("current", lit(false));
      fresh = Warehouse.conform(Table.GOLD_TOPICS, earlier).unionByName(fresh).localCheckpoint();
    }
    warehouse.overwrite(Table.GOLD_TOPICS, fresh);
  }
}
