package org.entente.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.testing.SparkTest;
import org.junit.jupiter.api.Test;

/** The topic transforms on in-memory rows: phrases, NPMI coherence, doc topics, trends, entities. */
class TopicsTest extends SparkTest {
  static final StructType TERMS = new StructType()
      .add("tokens", DataTypes.createArrayType(DataTypes.StringType));

  private Dataset<Row> docs(String... docs) {
    return spark.createDataFrame(Arrays.stream(docs)
        .map(d -> RowFactory.create((Object) (d.isEmpty() ? new String[0] : d.split(" ")))).toList(), TERMS);
  }

  @Test
  void phrasesJoinLeftToRight() {
    Set<String> p = Set.of("prime minister", "united nations", "minister met");
    assertThat(Phrases.join(List.of("prime", "minister", "met", "united", "nations", "envoy"), p))
        .containsExactly("prime_minister", "met", "united_nations", "envoy");
    assertThat(Phrases.join(List.of("minister", "met", "prime"), p)).containsExactly("minister_met", "prime");
    assertThat(Phrases.join(List.of(), p)).isEmpty();
  }

  @Test
  void phrasesAreFrequentPairsThatOccurMostlyTogether() {
    String[] d = new String[24];
    for (int i = 0; i < 12; i++) {
      d[i] = "prime minister said talks trade";
    }
    for (int i = 12; i < 24; i++) {
      d[i] = "talks said weather said rain";
    }
    Dataset<Row> docs = docs(d).withColumnRenamed("tokens", "terms");
    // 120 tokens: prime, minister, trade, weather, rain 12 each; talks 24; said 36. Eight bigrams,
    // 12 each, p(ab) = 0.1: NPMI = ln(0.1 / (p(a) p(b))) / ln 10. prime minister 1; talks trade
    // ln 5 / ln 10 = 0.699; minister said, said weather, weather said, said rain ln(10/3) / ln 10 =
    // 0.523; said talks, talks said ln(5/3) / ln 10 = 0.222.
    assertThat(Phrases.learn(docs, 12, 0.5, 100)).containsExactly("minister said", "prime minister",
        "said rain", "said weather", "talks trade", "weather said");
    assertThat(Phrases.learn(docs, 12, 0.6, 100)).containsExactly("prime minister", "talks trade");
    assertThat(Phrases.learn(docs, 12, 0.9, 100)).containsExactly("prime minister");
    assertThat(Phrases.learn(docs, 12, 0.5, 2)).containsExactly("minister said", "prime minister");
    assertThat(Phrases.learn(docs, 13, 0.0, 100)).isEmpty();
  }

  @Test
  void vocabularyKeepsTermsByArticleCountOrdersByCountThenTermAndCaps() {
    // Articles per term: oil 2 (4 times in all), war 3 (3), gas 3 (3), peace 1, rare 1.
    Dataset<Row> docs = docs("oil oil oil war", "war oil gas", "rare gas war", "peace gas")
        .withColumn("article_id", org.apache.spark.sql.functions.monotonically_increasing_id().cast("string"));
    // Equal counts in alphabetical order (gas before war), though war comes first in the text.
    assertThat(Vocabulary.learn(docs, 4, 2, 0.75, 100)).containsExactly("oil", "gas", "war");
    assertThat(Vocabulary.learn(docs, 4, 2, 0.75, 2)).containsExactly("oil", "gas");
    assertThat(Vocabulary.learn(docs, 4, 2, 0.5, 100)).containsExactly("oil");
    // A fraction of 1 is every article (Spark's CountVectorizer reads 1.0 as one article).
    assertThat(Vocabulary.learn(docs, 4, 1, 1.0, 100)).containsExactly("oil", "gas", "war", "peace", "rare");
    assertThat(Vocabulary.learn(docs, 4, 4, 1.0, 100)).isEmpty();

    Row counted = Vocabulary.model(List.of("oil", "gas", "war")).transform(docs.limit(1)).first();
    assertThat(counted.<org.apache.spark.ml.linalg.Vector>getAs("features").toArray()).containsExactly(3.0, 0.0, 1.0);
  }

  @Test
  void npmiOnAHandComputedExample() {
    // N = 4 documents; df(a) = 3, df(b) = 2, df(c) = 2; df(a,b) = 2, df(a,c) = 1, df(b,c) = 1.
    Dataset<Row> docs = docs("a b", "a b c", "c", "a");
    double ab = Math.log((2 / 4.0) / ((3 / 4.0) * (2 / 4.0))) / -Math.log(2 / 4.0); // ln(4/3)/ln 2 = 0.41504
    double ac = Math.log((1 / 4.0) / ((3 / 4.0) * (2 / 4.0))) / -Math.log(1 / 4.0); // ln(2/3)/ln 4 = -0.29248
    double bc = 0; // p(b,c) = p(b) p(c)
    assertThat(ab).isCloseTo(0.41504, within(1e-5));
    assertThat(ac).isCloseTo(-0.29248, within(1e-5));
    double[] npmi = Coherence.npmi(docs, List.of(List.of("a", "b", "c"), List.of("b", "d"), List.of("a")));
    assertThat(npmi[0]).isCloseTo((ab + ac + bc) / 3, within(1e-12));
    assertThat(npmi[1]).isEqualTo(-1.0); // d is in no document: the pair never co-occurs
    assertThat(npmi[2]).isEqualTo(0.0);  // one term: no pair
    assertThat(Coherence.pairNpmi(4, 4, 4, 4)).isEqualTo(1.0);
    assertThat(Coherence.count(docs, List.of(List.of("a", "b", "c"))))
        .isEqualTo(new Coherence.Counts(4, java.util.Map.of("a", 3L, "b", 2L, "c", 2L),
            java.util.Map.of("a\tb", 2L, "a\tc", 1L, "b\tc", 1L)));
  }

  static final StructType SCORED = new StructType()
      .add("article_id", DataTypes.StringType).add("published_date", DataTypes.DateType)
      .add("topicDistribution", SQLDataTypes.VectorType());

  @Test
  void docTopicsKeepTheTopicsOverTheThresholdRenormalised() {
    Dataset<Row> scored = spark.createDataFrame(List.of(
        RowFactory.create("x", Date.valueOf("2024-03-31"), Vectors.dense(0.6, 0.3, 0.06, 0.04)),
        RowFactory.create("y", Date.valueOf("2024-04-01"), Vectors.dense(0.25, 0.25, 0.25, 0.25))), SCORED);
    List<List<Object>> rows = rows(Topics.docTopics(scored, "m", 0.05).orderBy("article_id", "topic_id"));
    assertThat(rows).hasSize(7);
    assertThat(rows.get(0).subList(0, 4)).containsExactly("m", "x", Date.valueOf("2024-03-31"), 0);
    assertThat((Double) rows.get(0).get(4)).isCloseTo(0.6 / 0.96, within(1e-12));
    assertThat((Double) rows.get(1).get(4)).isCloseTo(0.3 / 0.96, within(1e-12));
    assertThat((Double) rows.get(2).get(4)).isCloseTo(0.06 / 0.96, within(1e-12));
    assertThat(rows.get(2).subList(3, 7)).containsExactly(2, 0.06 / 0.96, 0.06, false);
    assertThat(rows.subList(0, 3).stream().map(r -> r.get(6)).toList()).containsExactly(true, false, false);
    // A flat article: every topic equals the largest, the first is dominant.
    assertThat(rows.subList(3, 7).stream().map(r -> List.of(r.get(3), r.get(4), r.get(6))).toList())
        .containsExactly(List.of(0, 0.25, true), List.of(1, 0.25, false), List.of(2, 0.25, false),
            List.of(3, 0.25, false));
    // Over a high threshold an article keeps its largest topic alone, with weight 1.
    assertThat(rows(Topics.docTopics(scored.limit(1), "m", 0.7).select("topic_id", "weight", "dominant")))
        .containsExactly(List.of(0, 1.0, true));
  }

  @Test
  void trendSharesSumToOnePerPeriodAndDominantArticlesCount() {
    Dataset<Row> scored = spark.createDataFrame(List.of(
        RowFactory.create("x", Date.valueOf("2024-03-31"), Vectors.dense(0.6, 0.3, 0.1)),   // Sunday: week of 03-25
        RowFactory.create("y", Date.valueOf("2024-04-01"), Vectors.dense(0.1, 0.2, 0.7)),   // Monday: week of 04-01
        RowFactory.create("z", Date.valueOf("2024-04-07"), Vectors.dense(0.5, 0.5, 0.0))), SCORED);
    Dataset<Row> dt = Topics.docTopics(scored, "m", 0.05);
    Dataset<Row> trends = Topics.topicTrends(dt, Topics.GRAINS);
    assertThat(rows(trends.groupBy("grain", "period_start").agg(
        org.apache.spark.sql.functions.round(org.apache.spark.sql.functions.sum("share"), 12),
        org.apache.spark.sql.functions.sum("articles"), org.apache.spark.sql.functions.max("period_articles"))
        .orderBy("grain", "period_start"))).containsExactly(
        List.of("month", Date.valueOf("2024-03-01"), 1.0, 1L, 1L),
        List.of("month", Date.valueOf("2024-04-01"), 1.0, 2L, 2L),
        List.of("week", Date.valueOf("2024-03-25"), 1.0, 1L, 1L),
        List.of("week", Date.valueOf("2024-04-01"), 1.0, 2L, 2L),
        List.of("year", Date.valueOf("2024-01-01"), 1.0, 3L, 3L));
    assertThat(rows(trends.filter("grain = 'week' and period_start = '2024-04-01'").orderBy("topic_id")
        .selectExpr("topic_id", "round(share, 12)", "articles"))).containsExactly(
        List.of(0, 0.3, 1L), List.of(1, 0.35, 0L), List.of(2, 0.35, 1L));
  }

  @Test
  void entitiesAreRankedByLiftOverTheTopicsMeanWeight() {
    Dataset<Row> scored = spark.createDataFrame(List.of(
        RowFactory.create("p", Date.valueOf("2024-01-01"), Vectors.dense(0.8, 0.2)),
        RowFactory.create("q", Date.valueOf("2024-01-02"), Vectors.dense(0.6, 0.4)),
        RowFactory.create("r", Date.valueOf("2024-01-03"), Vectors.dense(0.1, 0.9)),
        RowFactory.create("s", Date.valueOf("2024-01-04"), Vectors.dense(0.3, 0.7))), SCORED);
    Dataset<Row> dt = Topics.docTopics(scored, "m", 0.05);
    StructType aeSchema = new StructType().add("article_id", DataTypes.StringType)
        .add("entity_id", DataTypes.StringType).add("entity_type", DataTypes.StringType);
    Dataset<Row> ae = spark.createDataFrame(List.of(
        RowFactory.create("p", "OPEC", "COUNTRY"), RowFactory.create("q", "OPEC", "COUNTRY"),
        RowFactory.create("q", "USA", "COUNTRY"), RowFactory.create("r", "USA", "COUNTRY"),
        RowFactory.create("s", "USA", "COUNTRY"), RowFactory.create("s", "FRA", "COUNTRY"),
        RowFactory.create("zz", "USA", "COUNTRY")), aeSchema); // zz was not scored
    // Topic 0's mean weight: (0.8 + 0.6 + 0.1 + 0.3) / 4 = 0.45; OPEC: (0.8 + 0.6) / 2 = 0.7, lift 0.7 / 0.45.
    List<List<Object>> rows = rows(Topics.topicEntities(dt, ae, 2).orderBy("topic_id", "rank")
        .selectExpr("topic_id", "entity_id", "round(weight, 12)", "round(lift, 12)", "articles",
            "round(topic_articles, 12)", "rank"));
    assertThat(rows).containsExactly(
        List.of(0, "OPEC", 0.7, Math.round(0.7 / 0.45 * 1e12) / 1e12, 2L, 1.4, 1),
        List.of(0, "USA", round((0.6 + 0.1 + 0.3) / 3), round((1.0 / 3) / 0.45), 3L, 1.0, 2),
        List.of(1, "USA", round((0.4 + 0.9 + 0.7) / 3), round((2.0 / 3) / 0.55), 3L, 2.0, 1),
        List.of(1, "OPEC", 0.3, round(0.3 / 0.55), 2L, 0.6, 2));
  }

  private static double round(double v) {
    return Math.round(v * 1e12) / 1e12;
  }
}
