package org.entente.topics;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.entente.testing.SparkTest;
import org.entente.util.UserError;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

/**
 * The topic stage on a synthetic corpus with three planted topics of disjoint vocabularies:
 * LDA recovers them, the saved model scores the same again, new articles are scored without a
 * refit, several k are fitted with the best kept, and {@link TopicJob#fitOnly} (the benchmark's
 * hook) fits the same model as the stage while writing nothing.
 */
class TopicJobTest extends SparkTest {
  static final String[][] PLANTED = {
      {"oil", "barrel", "crude", "opec", "refinery", "pipeline", "gasoline", "drilling", "output", "brent"},
      {"election", "ballot", "voters", "campaign", "parliament", "candidate", "polling", "coalition", "turnout", "seats"},
      {"football", "striker", "league", "goal", "coach", "stadium", "match", "penalty", "midfield", "trophy"}};

  /** Articles whose terms come 90% from one planted topic and 10% from the others. */
  static List<Row> corpus(int from, int n, long seed) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      int topic = i % 3;
      String[] terms = new String[30];
      for (int t = 0; t < terms.length; t++) {
        int src = r.nextDouble() < 0.9 ? topic : r.nextInt(3);
        terms[t] = PLANTED[src][r.nextInt(10)];
      }
      LocalDate d = LocalDate.of(2024, 1, 1).plusDays(i % 90);
      rows.add(RowFactory.create("d" + i, Date.valueOf(d), terms, terms.length, 0, "fast", "run-" + from));
    }
    return rows;
  }

  static void addTerms(Warehouse wh, List<Row> rows) {
    wh.append(Table.SILVER_ARTICLE_TERMS, wh.spark().createDataFrame(rows, Table.SILVER_ARTICLE_TERMS.schema()));
  }

  @Test
  void recoversPlantedTopicsAndScoresNewArticlesWithTheSavedModel() {
    Warehouse wh = newWarehouse();
    addTerms(wh, corpus(0, 300, 7));
    TopicJob.Result first = TopicJob.on(wh).k(List.of(3)).maxIter(20).seed(11).execute();
    assertThat(first.fitted()).isTrue();
    assertThat(first.scored()).isEqualTo(300);

    // Each fitted topic's ten top terms are one planted topic's ten words, and the three differ.
    List<Row> topics = wh.read(Table.GOLD_TOPICS).orderBy("topic_id").collectAsList();
    assertThat(topics).hasSize(3);
    Set<Integer> matched = new HashSet<>();
    for (Row t : topics) {
      List<Row> terms = t.getList(t.fieldIndex("terms"));
      Set<String> top10 = new HashSet<>();
      terms.subList(0, 10).forEach(x -> top10.add(x.getString(0)));
      int planted = -1;
      for (int p = 0; p < 3; p++) {
        if (top10.equals(Set.of(PLANTED[p]))) {
          planted = p;
        }
      }
      assertThat(planted).as("topic %s: %s", t.getInt(1), top10).isNotNegative();
      matched.add(planted);
      assertThat(t.getDouble(t.fieldIndex("coherence_npmi"))).isGreaterThan(0.0);
      assertThat(t.getBoolean(t.fieldIndex("current"))).isTrue();
    }
    assertThat(matched).containsExactlyInAnyOrder(0, 1, 2);

    // Every article's dominant topic is the topic planted in it (d0, d3, ... share one).
    Map<Integer, Set<Integer>> dominantByPlanted = new HashMap<>();
    for (Row r : wh.read(Table.SILVER_DOC_TOPICS).filter("dominant").collectAsList()) {
      int i = Integer.parseInt(r.<String>getAs("article_id").substring(1));
      dominantByPlanted.computeIfAbsent(i % 3, x -> new HashSet<>()).add(r.getAs("topic_id"));
    }
    assertThat(dominantByPlanted.values()).allSatisfy(s -> assertThat(s).hasSize(1));
    assertThat(wh.read(Table.SILVER_DOC_TOPICS).filter("dominant").count()).isEqualTo(300);

    // The saved model, loaded, scores the articles exactly as the stage did.
    String id = TopicModel.readPointer(spark, wh.root() + "/models/topics/current");
    assertThat(id).isEqualTo(first.modelId()).startsWith("lda-k3-");
    TopicModel loaded = TopicModel.load(spark, wh.root() + "/models/topics/" + id, id);
    Dataset<Row> again = Topics.docTopics(loaded.score(wh.read(Table.SILVER_ARTICLE_TERMS)), id, 0.05);
    assertThat(sorted(again)).isEqualTo(sorted(wh.read(Table.SILVER_DOC_TOPICS)));

    // Trends: every period's shares sum to 1, its dominant articles to its scored articles.
    assertThat(wh.read(Table.GOLD_TOPIC_TRENDS).groupBy("grain", "period_start")
        .agg(org.apache.spark.sql.functions.sum("share").as("s"), org.apache.spark.sql.functions.sum("articles")
            .as("a"), org.apache.spark.sql.functions.max("period_articles").as("n"))
        .filter("abs(s - 1) > 1e-9 or a != n").count()).isZero();
    assertThat(wh.read(Table.GOLD_TOPIC_TRENDS).filter("grain = 'year'").agg(
        org.apache.spark.sql.functions.sum("articles")).first().getLong(0)).isEqualTo(300);

    // fitOnly (the benchmark's hook) fits the same model as the stage and writes nothing.
    long runRows = wh.read(Table.GOLD_RUNS).count();
    long topicRows = wh.read(Table.GOLD_TOPICS).count();
    List<String> modelDirs = listModels(wh);
    TopicJob.Measured m = TopicJob.on(wh).k(List.of(3)).maxIter(20).seed(11).fitOnly();
    try {
      assertThat(m.documents()).isEqualTo(300);
      assertThat(m.features().count()).isEqualTo(300);
      assertThat(m.features().columns()).contains("article_id", "tokens", "features");
      assertThat(m.model().k()).isEqualTo(3);
      assertThat(m.ldaSeconds()).isPositive();
      assertThat(m.vocabularySeconds()).isPositive();
    } finally {
      m.features().unpersist();
    }
    List<List<String>> stageTerms = new ArrayList<>();
    for (Row t : topics) {
      List<Row> terms = t.getList(t.fieldIndex("terms"));
      stageTerms.add(terms.subList(0, 10).stream().map(x -> x.getString(0)).toList());
    }
    assertThat(m.model().topTerms(10).stream()
        .map(topic -> topic.stream().map(TopicModel.TermWeight::term).toList()).toList()).isEqualTo(stageTerms);
    assertThat(wh.read(Table.GOLD_RUNS).count()).isEqualTo(runRows);
    assertThat(wh.read(Table.GOLD_TOPICS).count()).isEqualTo(topicRows);
    assertThat(listModels(wh)).isEqualTo(modelDirs);

    // Several k: each fitted and recorded with its mean NPMI, the best kept as current.
    TopicJob.Result multi = TopicJob.on(wh).k(List.of(2, 3)).maxIter(15).seed(11).refit(true).execute();
    List<Row> fits = wh.read(Table.GOLD_RUNS).filter("stage = 'topics-fit'").orderBy("started_at").collectAsList();
    assertThat(fits).hasSize(3);
    assertThat(fits.get(1).<String>getAs("params")).contains("\"k\":2");
    assertThat(fits.get(2).<String>getAs("params")).contains("\"k\":3");
    assertThat(multi.modelId()).startsWith("lda-k3-"); // three planted topics are more coherent as three
    assertThat(wh.read(Table.GOLD_TOPICS).filter("current").select("model_id").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly(multi.modelId());
    assertThat(wh.read(Table.GOLD_TOPICS).count()).isEqualTo(3 + 2 + 3);
    assertThat(wh.read(Table.SILVER_DOC_TOPICS).select("model_id").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly(multi.modelId());
  }

  @Test
  void optionsAreCheckedUpFront() {
    Warehouse wh = newWarehouse();
    assertThatThrownBy(() -> TopicJob.on(wh).k(List.of(1))).isInstanceOf(UserError.class)
        .hasMessage("--k must be between 2 and 1000 topics, not 1");
    assertThatThrownBy(() -> TopicJob.on(wh).maxDf(1.5)).isInstanceOf(UserError.class)
        .hasMessage("--max-df must be a fraction of the articles in (0, 1], not 1.5");
    assertThatThrownBy(() -> TopicJob.on(wh).optimizer("gibbs")).isInstanceOf(UserError.class)
        .hasMessage("unknown --optimizer 'gibbs' (expected online or em)");
    assertThatThrownBy(() -> TopicJob.on(wh).restarts(0)).isInstanceOf(UserError.class)
        .hasMessage("--restarts must be between 1 and 50 starts, not 0");
    assertThatThrownBy(() -> TopicJob.on(wh).restartIter(0)).isInstanceOf(UserError.class)
        .hasMessage("--restart-iter must be 1 or more, not 0");
    assertThatThrownBy(() -> TopicJob.on(wh).k(List.of(500)).vocabSize(262_144).execute())
        .isInstanceOf(UserError.class).hasMessageStartingWith("--k 500 with --vocab-size 262144 makes a");
    assertThatThrownBy(() -> TopicJob.on(wh).execute()).isInstanceOf(UserError.class)
        .hasMessageStartingWith("nothing to model: ");
    addTerms(wh, corpus(0, 4, 1));
    assertThatThrownBy(() -> TopicJob.on(wh).k(List.of(5)).execute()).isInstanceOf(UserError.class)
        .hasMessage("too few articles to model: 4 with terms, fewer than the 5 topics asked for (--k)");
  }

  private static List<String> listModels(Warehouse wh) {
    try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(
        java.nio.file.Path.of(java.net.URI.create(wh.root() + "/models/topics")))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void restartsContinueTheLikeliestStartAndAFitDoesNotDependOnRowOrder() {
    Warehouse wh = newWarehouse();
    List<Row> rows = corpus(0, 120, 5);
    addTerms(wh, rows);
    TopicJob.Result fit = TopicJob.on(wh).k(List.of(3)).maxIter(8).seed(21).restarts(3).restartIter(3).execute();
    assertThat(fit.fitted()).isTrue();

    // Each start's log-likelihood is recorded, and the seed kept is the start of the highest.
    String params = wh.read(Table.GOLD_RUNS).filter("stage = 'topics-fit'").first().getAs("params");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"restart_log_likelihoods\":\\[([^\\]]*)\\]")
        .matcher(params);
    assertThat(m.find()).as(params).isTrue();
    double[] ll = java.util.Arrays.stream(m.group(1).split(",")).mapToDouble(Double::parseDouble).toArray();
    assertThat(ll).hasSize(3);
    assertThat(java.util.Arrays.stream(ll).max().orElseThrow()).isNegative();
    int best = 0;
    for (int r = 1; r < ll.length; r++) {
      best = ll[r] > ll[best] ? r : best;
    }
    assertThat(params).contains("\"seed\":" + (21 + best)).contains("\"restart_iter\":3").contains("\"restarts\":3");

    // The kept model is the chosen seed's fit run to --max-iter: the same topics, term by term and weight by weight.
    TopicJob.Measured aloneFit = TopicJob.on(wh).k(List.of(3)).maxIter(8).seed(21 + best).fitOnly();
    aloneFit.features().unpersist();
    List<List<TopicModel.TermWeight>> alone = aloneFit.model().topTerms(10);
    List<Row> topics = wh.read(Table.GOLD_TOPICS).orderBy("topic_id").collectAsList();
    assertThat(topics).hasSize(3);
    for (int t = 0; t < 3; t++) {
      List<Row> terms = topics.get(t).getList(topics.get(t).fieldIndex("terms"));
      for (int i = 0; i < 10; i++) {
        assertThat(terms.get(i).getString(0)).as("topic %d term %d", t, i).isEqualTo(alone.get(t).get(i).term());
        assertThat(terms.get(i).getDouble(1)).as("topic %d term %d", t, i)
            .isCloseTo(alone.get(t).get(i).weight(), within(1e-12));
      }
    }

    // The same articles written in another order (reversed, in two appends: other files, other
    // rows within them) and the same seed: the same vocabulary and topics, weight for weight.
    List<Row> reversed = new ArrayList<>(rows);
    java.util.Collections.reverse(reversed);
    Warehouse other = Warehouse.open(spark, tmp.resolve("reversed").toString());
    addTerms(other, reversed.subList(0, 50));
    addTerms(other, reversed.subList(50, 120));
    TopicJob.Measured otherFit = TopicJob.on(other).k(List.of(3)).maxIter(8).seed(21 + best).fitOnly();
    otherFit.features().unpersist();
    assertThat(otherFit.model().vocabulary().vocabulary()).containsExactly(aloneFit.model().vocabulary().vocabulary());
    assertThat(otherFit.model().topTerms(30)).isEqualTo(aloneFit.model().topTerms(30));
  }

  @Test
  void onlineLdaWithoutAStartIsMllibsFitAndFromAGibbsStartFindsThePlantedTopics() {
    Warehouse wh = newWarehouse();
    addTerms(wh, corpus(0, 90, 9));
    TopicJob.Measured m = TopicJob.on(wh).k(List.of(3)).maxIter(5).seed(4).fitOnly();
    try {
      org.apache.spark.ml.clustering.LDA estimator = new org.apache.spark.ml.clustering.LDA().setK(3).setMaxIter(5)
          .setSeed(4).setOptimizer("online").setFeaturesCol("features").setSubsamplingRate(1.0).setLearningOffset(1);
      double[] mllib = ((org.apache.spark.ml.clustering.LocalLDAModel) estimator.fit(m.features()))
          .topicsMatrix().toArray();
      double[] driven = OnlineLda.fit(estimator, m.features(), null).topicsMatrix().toArray();
      assertThat(driven).containsExactly(mllib);

      // Started from a Gibbs sampler's topics, one iteration already has the planted topics.
      int vocabulary = m.model().vocabulary().vocabulary().length;
      int[][] docs = m.features().select("features").collectAsList().stream().map(r -> {
        org.apache.spark.ml.linalg.SparseVector v = r.<org.apache.spark.ml.linalg.Vector>getAs(0).toSparse();
        return java.util.stream.IntStream.range(0, v.indices().length)
            .flatMap(j -> java.util.stream.IntStream.generate(() -> v.indices()[j]).limit((long) v.values()[j]))
            .toArray();
      }).toArray(int[][]::new);
      double[][] start = GibbsStart.topicTermCounts(docs, 3, vocabulary, 1, 0.01, 30, 4);
      TopicModel fromGibbs = new TopicModel("t", List.of(), m.model().vocabulary(),
          OnlineLda.fit(estimator.setMaxIter(1), m.features(), start));
      Set<Set<String>> found = new HashSet<>();
      for (List<TopicModel.TermWeight> topic : fromGibbs.topTerms(10)) {
        found.add(new HashSet<>(topic.stream().map(TopicModel.TermWeight::term).toList()));
      }
      assertThat(found).containsExactlyInAnyOrder(Set.of(PLANTED[0]), Set.of(PLANTED[1]), Set.of(PLANTED[2]));
    } finally {
      m.features().unpersist();
    }

    // A budget of 1,000 tokens (3 topics, 600 sweeps' cost) samples about 33 of the 90 articles
    // (2,700 tokens): the start, scaled to the corpus, still gives the planted topics.
    TopicJob.Measured sampled = TopicJob.on(wh).k(List.of(3)).seed(4).gibbsBudget(3L * 600 * 1000).fitOnly();
    sampled.features().unpersist();
    Set<Set<String>> fromSample = new HashSet<>();
    for (List<TopicModel.TermWeight> topic : sampled.model().topTerms(10)) {
      fromSample.add(new HashSet<>(topic.stream().map(TopicModel.TermWeight::term).toList()));
    }
    assertThat(fromSample).containsExactlyInAnyOrder(Set.of(PLANTED[0]), Set.of(PLANTED[1]), Set.of(PLANTED[2]));
    TopicJob.Measured whole = TopicJob.on(wh).k(List.of(3)).seed(4).fitOnly();
    whole.features().unpersist();
    assertThat(sampled.model().topTerms(10)).as("a start from a sample, not from every article")
        .isNotEqualTo(whole.model().topTerms(10));
  }

  @Test
  void fitOnlyFitsOneKAtATime() {
    Warehouse wh = newWarehouse();
    addTerms(wh, corpus(0, 30, 7));
    assertThatThrownBy(() -> TopicJob.on(wh).k(List.of(2, 3)).fitOnly()).isInstanceOf(UserError.class)
        .hasMessageContaining("one k");
  }

  private static List<String> sorted(Dataset<Row> df) {
    return df.select("model_id", "article_id", "topic_id", "dominant").collectAsList().stream()
        .map(Row::toString).sorted().toList();
  }
}
