package org.entente.comention;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.testing.SparkTest;
import org.junit.jupiter.api.Test;

/**
 * The co-mention transforms on in-memory mentions, checked against a brute-force computation in
 * plain Java at every grain, plus hand-computed association measures and period boundaries.
 */
class ComentionsTest extends SparkTest {
  static final StructType MENTIONS = new StructType()
      .add("article_id", DataTypes.StringType).add("published_date", DataTypes.DateType)
      .add("sentence_index", DataTypes.IntegerType).add("entity_id", DataTypes.StringType)
      .add("entity_type", DataTypes.StringType).add("country_code", DataTypes.StringType);
  static final StructType ARTICLES = new StructType()
      .add("article_id", DataTypes.StringType).add("published_date", DataTypes.DateType)
      .add("story_id", DataTypes.StringType);

  record M(String article, LocalDate date, int sentence, String entity) {
    String type() {
      return entity.contains(":") ? "LEADER" : "COUNTRY";
    }
  }

  /** A deterministic random corpus over 14 months, crossing week, month and year boundaries. */
  static List<M> corpus(Map<String, LocalDate> articleDates) {
    Random r = new Random(42);
    String[] entities = {"CHN", "RUS", "USA", "IND", "CHN:xi-jinping", "RUS:vladimir-putin", "USA:joe-biden"};
    List<M> out = new ArrayList<>();
    LocalDate start = LocalDate.of(2023, 11, 20);
    for (int a = 0; a < 120; a++) {
      String id = "a" + a;
      LocalDate d = start.plusDays(r.nextInt(430));
      articleDates.put(id, d);
      int sentences = 1 + r.nextInt(4);
      for (int s = 0; s < sentences; s++) {
        int k = r.nextInt(4);
        for (int e = 0; e < k; e++) {
          out.add(new M(id, d, s, entities[r.nextInt(entities.length)]));
        }
      }
    }
    // A Sunday: the article belongs to the week that began the Monday before.
    articleDates.put("sunday", LocalDate.of(2024, 3, 31));
    out.add(new M("sunday", LocalDate.of(2024, 3, 31), 1, "CHN"));
    out.add(new M("sunday", LocalDate.of(2024, 3, 31), 1, "RUS"));
    return out;
  }

  static LocalDate period(String grain, LocalDate d) {
    return switch (grain) {
      case "day" -> d;
      case "week" -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case "month" -> d.withDayOfMonth(1);
      default -> d.withDayOfYear(1);
    };
  }

  @Test
  void sparkEqualsBruteForceAtEveryGrain() {
    Map<String, LocalDate> dates = new TreeMap<>();
    List<M> ms = corpus(dates);
    // Articles without mentions still count in period_articles.
    dates.put("quiet1", LocalDate.of(2024, 1, 1));
    dates.put("quiet2", LocalDate.of(2024, 12, 31));
    // Stories: articles share story ids at random (a story's copies may fall in several periods);
    // quiet2 has none and counts as a story of its own.
    Map<String, String> stories = new TreeMap<>();
    Random sr = new Random(7);
    dates.keySet().forEach(id -> stories.put(id, id.equals("quiet2") ? null : "s" + sr.nextInt(45)));
    java.util.function.Function<String, String> story = id -> stories.get(id) == null ? id : stories.get(id);

    List<Row> mrows = new ArrayList<>();
    for (M m : ms) {
      mrows.add(RowFactory.create(m.article(), Date.valueOf(m.date()), m.sentence(), m.entity(), m.type(),
          m.entity().substring(0, 3)));
    }
    List<Row> arows = new ArrayList<>();
    dates.forEach((id, d) -> arows.add(RowFactory.create(id, Date.valueOf(d), stories.get(id))));
    Dataset<Row> mentions = spark.createDataFrame(mrows, MENTIONS);
    Dataset<Row> articles = spark.createDataFrame(arows, ARTICLES);

    List<String> grains = Comentions.GRAINS;
    Dataset<Row> em = Comentions.entityMentions(mentions, false);
    Dataset<Row> ae = Comentions.articleEntities(em, articles);
    Dataset<Row> pa = Comentions.periodArticles(articles, grains);
    Dataset<Row> ec = Comentions.entityCounts(ae, pa, grains, 1);
    Dataset<Row> co = Comentions.comentions(ae, em, ec, pa, grains, 1);

    // Brute force.
    Map<String, Long> periodArticles = new HashMap<>();
    Map<String, Set<String>> periodStories = new HashMap<>();
    Map<String, Set<String>> entityArticles = new HashMap<>();
    Map<String, Long> entityMentions = new HashMap<>();
    Map<String, Set<String>> pairArticles = new HashMap<>();
    Map<String, Set<String>> pairSentences = new HashMap<>();
    for (String g : grains) {
      dates.forEach((id, d) -> periodArticles.merge(g + "|" + period(g, d), 1L, Long::sum));
      dates.forEach((id, d) -> periodStories.computeIfAbsent(g + "|" + period(g, d), k -> new HashSet<>())
          .add(story.apply(id)));
      Map<String, Set<String>> byArticle = new HashMap<>();
      Map<String, Set<String>> bySentence = new HashMap<>();
      for (M m : ms) {
        String p = g + "|" + period(g, m.date());
        entityArticles.computeIfAbsent(p + "|" + m.entity(), k -> new HashSet<>()).add(m.article());
        entityMentions.merge(p + "|" + m.entity(), 1L, Long::sum);
        byArticle.computeIfAbsent(m.article(), k -> new HashSet<>()).add(m.entity());
        bySentence.computeIfAbsent(m.article() + "#" + m.sentence(), k -> new HashSet<>()).add(m.entity());
      }
      byArticle.forEach((art, ents) -> {
        String p = g + "|" + period(g, dates.get(art));
        for (String a : ents) {
          for (String b : ents) {
            if (a.compareTo(b) < 0) {
              pairArticles.computeIfAbsent(p + "|" + a + "|" + b, k -> new HashSet<>()).add(art);
            }
          }
        }
      });
      bySentence.forEach((sent, ents) -> {
        String art = sent.substring(0, sent.indexOf('#'));
        String p = g + "|" + period(g, dates.get(art));
        for (String a : ents) {
          for (String b : ents) {
            if (a.compareTo(b) < 0) {
              pairSentences.computeIfAbsent(p + "|" + a + "|" + b, k -> new HashSet<>()).add(sent);
            }
          }
        }
      });
    }

    Map<String, String> expectedCounts = new TreeMap<>();
    entityArticles.forEach((k, arts) -> {
      String p = k.substring(0, k.lastIndexOf('|'));
      long storyCount = arts.stream().map(story).distinct().count();
      expectedCounts.put(k, arts.size() + " " + storyCount + " " + entityMentions.get(k) + " "
          + periodArticles.get(p) + " " + periodStories.get(p).size());
    });
    Map<String, String> actualCounts = new TreeMap<>();
    for (Row r : ec.collectAsList()) {
      actualCounts.put(r.getAs("grain") + "|" + r.getAs("period_start") + "|" + r.getAs("entity_id"),
          r.getAs("articles") + " " + r.getAs("stories") + " " + r.getAs("mentions") + " "
              + r.getAs("period_articles") + " " + r.getAs("period_stories"));
      assertThat(r.<Double>getAs("share")).isCloseTo(
          (double) r.<Long>getAs("articles") / r.<Long>getAs("period_articles"), within(1e-12));
    }
    assertThat(actualCounts).isEqualTo(expectedCounts);

    Map<String, String> expectedPairs = new TreeMap<>();
    pairArticles.forEach((k, arts) -> {
      String[] p = k.split("\\|");
      String pk = p[0] + "|" + p[1];
      long n = periodArticles.get(pk);
      long a = entityArticles.get(pk + "|" + p[2]).size();
      long b = entityArticles.get(pk + "|" + p[3]).size();
      long ab = arts.size();
      double lift = (double) ab * n / ((double) a * b);
      double pab = (double) ab / n;
      double npmi = pab >= 1 ? 1.0 : Math.log(lift) / -Math.log(pab);
      long sentences = pairSentences.getOrDefault(k, Set.of()).size();
      long storyCount = arts.stream().map(story).distinct().count();
      expectedPairs.put(k, String.format("%d %d %d %d %d %d %d %.9f %.9f", ab, storyCount, sentences, a, b, n,
          periodStories.get(pk).size(), lift, npmi));
    });
    Map<String, String> actualPairs = new TreeMap<>();
    for (Row r : co.collectAsList()) {
      String k = r.getAs("grain") + "|" + r.getAs("period_start") + "|" + r.getAs("entity_a") + "|" + r.getAs("entity_b");
      actualPairs.put(k, String.format("%d %d %d %d %d %d %d %.9f %.9f", r.<Long>getAs("articles"),
          r.<Long>getAs("stories"), r.<Long>getAs("sentences"), r.<Long>getAs("articles_a"),
          r.<Long>getAs("articles_b"), r.<Long>getAs("period_articles"), r.<Long>getAs("period_stories"),
          r.<Double>getAs("lift"), r.<Double>getAs("npmi")));
      // Invariants.
      assertThat(r.<String>getAs("entity_a")).isLessThan(r.getAs("entity_b"));
      assertThat(r.<Long>getAs("articles")).isLessThanOrEqualTo(Math.min(r.<Long>getAs("articles_a"), r.<Long>getAs("articles_b")));
      assertThat(r.<Long>getAs("sentences")).isGreaterThanOrEqualTo(0);
    }
    assertThat(actualPairs).isEqualTo(expectedPairs);
    // The stories are not the articles: some pair and some entity count fewer stories than articles.
    assertThat(co.filter(col("stories").lt(col("articles"))).count()).isPositive();
    assertThat(ec.filter(col("stories").lt(col("articles"))).count()).isPositive();
    assertThat(actualPairs.keySet()).anyMatch(k -> k.startsWith("week|2024-03-25|CHN|RUS"));
    assertThat(co.filter(col("grain").equalTo("week")).select("period_start").distinct().collectAsList())
        .allMatch(r -> r.getDate(0).toLocalDate().getDayOfWeek() == DayOfWeek.MONDAY);
  }

  @Test
  void associationMeasuresOnHandComputedCases() {
    // Period of 4 articles: a in {1,2}, b in {2,3}; together in 1: p(ab) = 1/4, p(a) = p(b) = 1/2:
    // lift = 0.25 / 0.25 = 1, PMI = 0, NPMI = 0. Pair c,d alone in article 4 and c in 1:
    // p(cd) = 1/4, p(c) = 2/4, p(d) = 1/4: lift = 2, PMI = ln 2, NPMI = ln 2 / ln 4 = 0.5.
    LocalDate d = LocalDate.of(2024, 5, 6);
    List<Row> m = List.of(mention("1", d, "A"), mention("2", d, "A"), mention("2", d, "B"), mention("3", d, "B"),
        mention("4", d, "C"), mention("4", d, "D"), mention("1", d, "C"),
        // a second period where x and y appear in every article: p(xy) = 1, NPMI = 1 by definition.
        mention("5", d.plusYears(1), "X"), mention("5", d.plusYears(1), "Y"));
    List<Row> arts = List.of(article("1", d), article("2", d), article("3", d), article("4", d),
        article("5", d.plusYears(1)));
    Dataset<Row> co = compute(m, arts).filter(col("grain").equalTo("year"));
    Map<String, double[]> got = new TreeMap<>();
    for (Row r : co.collectAsList()) {
      got.put(r.getAs("entity_a") + "-" + r.getAs("entity_b"),
          new double[] {r.<Double>getAs("lift"), r.<Double>getAs("pmi"), r.<Double>getAs("npmi")});
    }
    assertThat(got.get("A-B")).containsExactly(new double[] {1.0, 0.0, 0.0}, within(1e-12));
    assertThat(got.get("C-D")).containsExactly(new double[] {2.0, Math.log(2), 0.5}, within(1e-12));
    assertThat(got.get("X-Y")).containsExactly(new double[] {1.0, 0.0, 1.0}, within(1e-12));
  }

  @Test
  void countryViewAddsTheLeadersCountry() {
    LocalDate d = LocalDate.of(2024, 5, 6);
    List<Row> m = List.of(RowFactory.create("1", Date.valueOf(d), 1, "RUS:vladimir-putin", "LEADER", "RUS"),
        RowFactory.create("1", Date.valueOf(d), 1, "CHN", "COUNTRY", "CHN"));
    Dataset<Row> mentions = spark.createDataFrame(m, MENTIONS);
    assertThat(rows(Comentions.entityMentions(mentions, true).select("entity_id", "entity_type").orderBy("entity_id")))
        .containsExactly(List.of("CHN", "COUNTRY"), List.of("RUS", "COUNTRY"), List.of("RUS:vladimir-putin", "LEADER"));
    assertThat(Comentions.entityMentions(mentions, false).count()).isEqualTo(2);
  }

  @Test
  void trendsCompareWithTheTrailingWindowCountingEmptyPeriodsAsZero() {
    List<Row> rows = new ArrayList<>();
    // Pair present in 3 of the 8 months before 2024-09: counts 2, 4, 0*5, then 10 in September.
    rows.add(co("2024-01-01", 2));
    rows.add(co("2024-02-01", 4));
    rows.add(co("2024-09-01", 10));
    StructType schema = new StructType().add("grain", DataTypes.StringType).add("period_start", DataTypes.DateType)
        .add("entity_a", DataTypes.StringType).add("entity_b", DataTypes.StringType)
        .add("pair_type", DataTypes.StringType).add("articles", DataTypes.LongType);
    Dataset<Row> t = Comentions.trends(spark.createDataFrame(rows, schema), "month", 8)
        .filter(col("period_start").equalTo(Date.valueOf("2024-09-01")));
    Row r = t.first();
    double mean = 6.0 / 8;
    double std = Math.sqrt((4 + 16) / 8.0 - mean * mean);
    assertThat(r.<Double>getAs("window_mean")).isCloseTo(mean, within(1e-12));
    assertThat(r.<Double>getAs("window_std")).isCloseTo(std, within(1e-12));
    assertThat(r.<Double>getAs("change")).isCloseTo(10 - mean, within(1e-12));
    assertThat(r.<Double>getAs("z_score")).isCloseTo((10 - mean) / std, within(1e-12));
    // January has no history: no variation, no z-score.
    Row jan = Comentions.trends(spark.createDataFrame(rows, schema), "month", 8)
        .filter(col("period_start").equalTo(Date.valueOf("2024-01-01"))).first();
    assertThat(jan.<Object>getAs("z_score")).isNull();
  }

  private static Row co(String period, long articles) {
    return RowFactory.create("month", Date.valueOf(period), "CHN", "RUS", "COUNTRY-COUNTRY", articles);
  }

  private Dataset<Row> compute(List<Row> m, List<Row> a) {
    Dataset<Row> em = Comentions.entityMentions(spark.createDataFrame(m, MENTIONS), false);
    Dataset<Row> articles = spark.createDataFrame(a, ARTICLES);
    Dataset<Row> ae = Comentions.articleEntities(em, articles);
    Dataset<Row> pa = Comentions.periodArticles(articles, Comentions.GRAINS);
    Dataset<Row> ec = Comentions.entityCounts(ae, pa, Comentions.GRAINS, 1);
    return Comentions.comentions(ae, em, ec, pa, Comentions.GRAINS, 1);
  }

  private static Row mention(String article, LocalDate d, String entity) {
    return RowFactory.create(article, Date.valueOf(d), 1, entity, "COUNTRY", entity);
  }

  private static Row article(String id, LocalDate d) {
    return RowFactory.create(id, Date.valueOf(d), id);
  }
}
