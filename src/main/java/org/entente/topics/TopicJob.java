package org.entente.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.ml.clustering.DistributedLDAModel;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.entente.kb.EntityNames;
import org.entente.kb.KnowledgeBase;
import org.entente.spark.Cols;
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
 * the models under {@code <warehouse>/models/topics/<model_id>/} with the current id in
 * {@code models/topics/current}, and rows of {@code gold/runs} (one per fitted model, stage
 * {@code topics-fit}, with its mean NPMI; one for the stage).
 *
 * <p>Incremental by default: when a current model exists, only articles without doc topics are
 * scored with it (no refit); {@code refit} fits anew. Trends and entity association are
 * recomputed from {@code silver/doc_topics}, whose size is a few rows per article.
 *
 * <p>Cost: LDA's online optimizer makes {@code maxIter} passes over a sample of the documents
 * (each pass a Spark job); memory is dominated by the k × vocabulary matrix of doubles that the
 * driver and every task hold (k = 20 and 20,000 terms: 3.2 MB; k = 100 and 262,144 terms:
 * 210 MB per copy), which is why the vocabulary is capped and k × vocabulary over
 * {@value #MAX_MATRIX} is refused. EM keeps the whole corpus graph in memory and checkpoints; use
 * it on small corpora only.
 */
public final class TopicJob {
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
  private int maxIter = 80;
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
    RunLog.StageRun stage = RunLog.start(warehouse, run, "topics").param("k", ks).param("max_iter", maxIter)
        .param("seed", seed).param("optimizer", optimizer).param("min_df", minDf).param("max_df", maxDf)
        .param("vocab_size", vocabSize).param("phrases", phrases).param("threshold", threshold)
        .param("learning_offset", learningOffset).param("learning_decay", learningDecay);
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      Dataset<Row> docs = warehouse.read(Table.SILVER_ARTICLE_TERMS)
          .filter(col("term_count").gt(0)).select("article_id", "published_date", "terms");
      String currentId = TopicModel.readPointer(spark, modelsDir() + "/current");
      boolean fit = refit || currentId == null;
      TopicModel model;
      double meanNpmi;
      Dataset<Row> toScore;
      if (fit) {
        Dataset<Row> all = docs.persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(all);
        long n = all.count();
        int largest = ks.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (n < largest) {
          throw new UserError("too few articles to model: " + n + " with terms, fewer than the " + largest
              + " topics asked for (--k)");
        }
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
        toScore = warehouse.exists(Table.SILVER_DOC_TOPICS)
            ? docs.join(warehouse.read(Table.SILVER_DOC_TOPICS).filter(col("model_id").equalTo(currentId))
                .select("article_id").distinct(), Cols.seq("article_id"), "left_anti")
            : docs;
        stage.param("model_id", currentId);
        Console.info("topics: scoring new articles with the current model %s (k=%d; --refit fits anew)",
            currentId, model.k());
      }

      Dataset<Row> dt = Topics.docTopics(model.score(toScore), model.id(), threshold)
          .persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(dt);
      // One pass over the cached rows for both counts.
      Row counts = dt.agg(count(lit(1)), count(when(col("dominant"), true))).first();
      long dtRows = counts.getLong(0);
      long scored = counts.getLong(1);
      Console.info("topics: scored, %d doc-topic rows (%.1f s)", dtRows, stage.secondsSoFar());
      if (fit || !warehouse.exists(Table.SILVER_DOC_TOPICS)) {
        warehouse.overwrite(Table.SILVER_DOC_TOPICS, dt);
      } else if (dtRows > 0) {
        warehouse.append(Table.SILVER_DOC_TOPICS, dt);
      }
      if (fit || dtRows > 0) {
        Dataset<Row> allDt = warehouse.read(Table.SILVER_DOC_TOPICS).filter(col("model_id").equalTo(model.id()));
        warehouse.overwrite(Table.GOLD_TOPIC_TRENDS, Topics.topicTrends(allDt, Topics.GRAINS));
        Console.info("topics: trends written (%.1f s)", stage.secondsSoFar());
        Dataset<Row> entities = warehouse.exists(Table.SILVER_MENTIONS)
            ? warehouse.read(Table.SILVER_MENTIONS).select("article_id", "entity_id", "entity_type")
            : spark.emptyDataFrame().selectExpr("'' as article_id", "'' as entity_id", "'' as entity_type").limit(0);
        warehouse.overwrite(Table.GOLD_TOPIC_ENTITIES, Topics.topicEntities(allDt, entities, minEntityArticles)
            .join(EntityNames.of(spark, KnowledgeBase.load(kbDir)), Cols.seq("entity_id"),
                "left"));
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
        LDAModel fitted = lda(k, docsWithVocab).fit(features);
        Console.info("topics: k=%d fitted (%.1f s)", k, (System.nanoTime() - fit0) / 1e9);
        LocalLDAModel local = fitted instanceof DistributedLDAModel d ? d.toLocal() : (LocalLDAModel) fitted;
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
            prep.vocabulary().vocabulary().length).param("phrases", prep.phrases().size()).param("max_iter", maxIter)
            .param("optimizer", optimizer).param("seed", seed);
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
    CountVectorizerModel vocabulary = new CountVectorizer().setInputCol("tokens").setOutputCol("features")
        .setMinDF(effectiveMinDf).setMaxDF(maxDf).setVocabSize(vocabSize).fit(tokens);
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

  /** The LDA estimator the stage fits for k topics over {@code docsWithVocab} articles. */
  private LDA lda(int k, long docsWithVocab) {
    LDA lda = new LDA().setK(k).setMaxIter(maxIter).setSeed(seed).setOptimizer(optimizer)
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
    Dataset<Row> all = warehouse.read(Table.SILVER_ARTICLE_TERMS)
        .filter(col("term_count").gt(0)).select("article_id", "published_date", "terms")
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long n = all.count();
      if (n < k) {
        throw new UserError("too few articles to model: " + n + " with terms, fewer than the " + k
            + " topics asked for (--k)");
      }
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      Prepared prep = prepare(all, n);
      long fit0 = System.nanoTime();
      LDAModel fitted = lda(k, prep.documents()).fit(prep.features());
      double ldaSeconds = (System.nanoTime() - fit0) / 1e9;
      LocalLDAModel local = fitted instanceof DistributedLDAModel d ? d.toLocal() : (LocalLDAModel) fitted;
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
