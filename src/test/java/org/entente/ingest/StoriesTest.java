package org.entente.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.testing.SparkTest;
import org.entente.util.UserError;
import org.junit.jupiter.api.Test;

/**
 * Near-duplicate grouping on in-memory articles with planted copies: each base story with edited
 * copies at several levels (a new headline only, a byline, the last paragraph cut, a few words
 * changed), a heavy rewrite and a different story on the same topic that must stay apart, and
 * texts too short to shingle. The texts are written for this test.
 */
class StoriesTest extends SparkTest {
  static final StructType BATCH = new StructType().add("article_id", DataTypes.StringType)
      .add("published_at", DataTypes.TimestampType).add("text", DataTypes.StringType);
  static final StructType EXISTING = BATCH.add("story_id", DataTypes.StringType);

  static final String PORT = String.join("\n\n",
      "Dock workers at the country's largest container port walked off the job on Tuesday after talks over"
          + " pay and shift patterns broke down late on Monday night, leaving dozens of ships waiting at anchor"
          + " outside the harbour.",
      "The union representing about 4,800 crane operators and lashers said the stoppage would last at least"
          + " three days and could be extended if the port authority refused to return to the table with a"
          + " better offer on overtime rates.",
      "Freight forwarders warned that the strike would add to delays that have already stretched delivery"
          + " times for furniture, electronics and spare parts, and some shipping lines said they would divert"
          + " vessels to smaller terminals along the coast.",
      "A spokeswoman for the port authority said the latest proposal, a 6.5 percent rise spread over two"
          + " years, was fair and affordable, and accused union leaders of ignoring a vote by members earlier"
          + " this month.",
      "The last strike at the port, in the spring of 2019, lasted eleven days and cost exporters an estimated"
          + " 310 million dollars in lost and delayed sales, according to the chamber of commerce.");

  static final String PORT_REWRITE = String.join("\n\n",
      "Ships queued outside the nation's busiest harbour on Tuesday as crane drivers and lashing crews began"
          + " a walkout, hours after negotiations on wages and rosters collapsed.",
      "Their union, which counts roughly 4,800 members at the terminals, expects the action to run for three"
          + " days or longer unless managers come back with improved overtime pay.",
      "Logistics companies fear further hold-ups for goods from sofas to phone parts, and several carriers"
          + " plan to send their boats to minor terminals elsewhere on the coast.",
      "Port management defended its offer of 6.5 percent over two years as reasonable and said union"
          + " bosses had disregarded a members' ballot held this month.",
      "In 2019 an eleven-day stoppage cost exporters around 310 million dollars, the chamber of commerce"
          + " estimates.");

  static final String PORT_OTHER = String.join("\n\n",
      "Pilots who guide ships into the northern river port voted on Thursday to reject a new contract, raising"
          + " the prospect of a second stoppage on the waterfront within a month.",
      "The pilots' association said its members were being asked to work longer rotations without extra rest,"
          + " and that safety on the narrow channel depended on crews who were not exhausted.",
      "Port officials said traffic was moving normally for now and that contingency plans were in place,"
          + " including the use of tugboat crews to escort smaller vessels.",
      "Grain exporters, who ship most of the region's wheat through the river port, urged both sides to settle"
          + " the dispute before the harvest season begins in earnest next month.");

  static final String FLOOD = String.join("\n\n",
      "Heavy rain swept across the southern provinces over the weekend, flooding hundreds of homes and forcing"
          + " the closure of two main highways as rivers burst their banks for the second time this year.",
      "Emergency services said more than 2,300 people had been moved to schools and sports halls, and that"
          + " helicopters had lifted a group of farm workers from the roof of a packing shed on Sunday morning.",
      "The weather service said up to 180 millimetres of rain had fallen in 36 hours in some valleys, far more"
          + " than the monthly average, and warned that more storms were expected before the end of the week.",
      "Farmers' groups said it was too early to count the damage, but that vineyards and orchards close to the"
          + " river had been under water for more than a day, and that many growers had not yet recovered from the"
          + " floods in February.",
      "The regional governor asked the central government to declare a state of emergency, which would release"
          + " funds for repairs to roads, bridges and irrigation channels.");

  static final String CHIPS = String.join("\n\n",
      "A maker of memory chips said on Wednesday it would build a new assembly plant on the outskirts of the"
          + " capital, investing 1.2 billion dollars over five years and hiring about 1,500 workers.",
      "The company said the plant would package and test chips made at its existing factories, and that"
          + " production should begin in the second half of 2026 if permits are granted on time.",
      "Industry analysts said the choice of site reflected generous tax breaks and a large pool of engineering"
          + " graduates, but cautioned that demand for memory had been volatile over the past two years.",
      "Shares in the company rose 3.4 percent in morning trading, while shares in its main rival were little"
          + " changed.");

  static Timestamp at(String iso) {
    return Timestamp.from(java.time.Instant.parse(iso));
  }

  static Row a(String id, String iso, String text) {
    return RowFactory.create(id, at(iso), text);
  }

  static Row e(String id, String iso, String text, String story) {
    return RowFactory.create(id, at(iso), text, story);
  }

  /** A copy with a byline before and a reporting credit after. */
  static String bylined(String text) {
    return "By Maria Lopez and Tom Hale\n\n" + text + "\n\n(Reporting by Maria Lopez; Editing by Tom Hale)";
  }

  /** A copy without its last paragraph. */
  static String trimmed(String text) {
    return text.substring(0, text.lastIndexOf("\n\n"));
  }

  /** A copy with a few words replaced (positions spread over the text). */
  static String substituted(String text, String... replacements) {
    String[] words = text.split(" ", -1);
    int step = words.length / (replacements.length + 1);
    for (int i = 0; i < replacements.length; i++) {
      words[(i + 1) * step] = replacements[i];
    }
    return String.join(" ", words);
  }

  Map<String, String> storiesOf(Stories.Result r) {
    Map<String, String> m = new TreeMap<>();
    for (Row row : r.storyIds().collectAsList()) {
      m.put(row.getAs("article_id"), row.getAs("story_id"));
    }
    return m;
  }

  Dataset<Row> batch(Row... rows) {
    return spark.createDataFrame(Arrays.asList(rows), BATCH);
  }

  Dataset<Row> existing(Row... rows) {
    return spark.createDataFrame(Arrays.asList(rows), EXISTING);
  }

  @Test
  void plantedCopiesGroupIntoStoriesAndRewritesStayApart() {
    Dataset<Row> in = batch(
        a("port", "2024-05-07T06:00:00Z", PORT),
        // The same text under another headline (the headline is not compared), a little earlier:
        // the story is named after it.
        a("port-headline", "2024-05-07T05:30:00Z", PORT),
        a("port-byline", "2024-05-07T09:00:00Z", bylined(PORT)),
        a("port-trimmed", "2024-05-07T11:00:00Z", trimmed(PORT)),
        a("port-words", "2024-05-08T08:00:00Z", substituted(PORT, "Wednesday", "5,000", "delays", "said")),
        a("port-rewrite", "2024-05-07T07:00:00Z", PORT_REWRITE),
        a("port-other", "2024-05-07T07:00:00Z", PORT_OTHER),
        // Two copies at the same time: the smaller id names the story.
        a("flood-b", "2024-03-03T12:00:00Z", FLOOD),
        a("flood-a", "2024-03-03T12:00:00Z", trimmed(bylined(FLOOD))),
        a("flood-edit", "2024-03-04T12:00:00Z", substituted(trimmed(FLOOD), "storms", "350", "dried")),
        // The same text weeks later, outside the 2-day window: a recurring report, its own story.
        a("flood-again", "2024-03-20T12:00:00Z", FLOOD),
        a("chips", "2024-06-01T00:00:00Z", CHIPS),
        // Texts under 20 words: never compared, each its own story, even two copies of one
        // template (dividend notices of two companies) and texts shorter than a shingle.
        a("short-1", "2024-01-01T00:00:00Z", "Qtly div four cts vs four cts prior Pay April 15 Record March 23"),
        a("short-2", "2024-01-01T00:00:00Z", "Qtly div four cts vs four cts prior. Pay April 15, Record March 23."),
        a("short-3", "2024-01-01T00:00:00Z", "Markets closed."),
        a("empty", "2024-01-01T00:00:00Z", ""));
    Stories.Result r = Stories.grouping().assign(in, existing());
    try {
      Map<String, String> expected = new TreeMap<>();
      for (String id : List.of("port", "port-headline", "port-byline", "port-trimmed", "port-words")) {
        expected.put(id, "port-headline");
      }
      expected.put("port-rewrite", "port-rewrite");
      expected.put("port-other", "port-other");
      for (String id : List.of("flood-a", "flood-b", "flood-edit")) {
        expected.put(id, "flood-a");
      }
      for (String id : List.of("chips", "flood-again", "short-1", "short-2", "short-3", "empty")) {
        expected.put(id, id);
      }
      assertThat(storiesOf(r)).isEqualTo(expected);
      assertThat(List.of(r.articles(), r.stories(), r.newStories(), r.multiArticleStories(), r.joinedExisting()))
          .containsExactly(16L, 10L, 10L, 2L, 0L);
      // Pairs within the two groups: 5 copies of the port story give 10 pairs, 3 of the flood story 3.
      assertThat(r.similarPairs()).isEqualTo(13);
    } finally {
      r.release();
    }
  }

  @Test
  void jaccardOfThePlantedCopiesIsWhatTheThresholdIsChosenFor() {
    // Exact Jaccard of the 5-word shingle sets, computed here in plain Java: the copies sit above
    // 0.5, the rewrite and the other story far below.
    assertThat(jaccard(PORT, bylined(PORT))).isGreaterThan(0.9);
    assertThat(jaccard(PORT, trimmed(PORT))).isBetween(0.75, 0.85);
    assertThat(jaccard(PORT, substituted(PORT, "Wednesday", "5,000", "delays", "said"))).isBetween(0.75, 0.9);
    assertThat(jaccard(PORT, PORT_REWRITE)).isLessThan(0.05);
    assertThat(jaccard(PORT, PORT_OTHER)).isLessThan(0.05);
  }

  @Test
  void copiesJustInsideTheWindowAreFoundWhereverTheyFallAgainstTheTimeSlots() {
    // Candidates are joined within time slots of the window's width (2 days) and their
    // neighbours: a copy 47h59m later must be found whatever the first article's offset in its
    // slot, one 48h01m later never. Seven copy pairs, their first articles 3h apart modulo 48h
    // (pairs a week apart, so that no two pairs come near each other), the same from the stored side.
    List<Row> rows = new ArrayList<>();
    List<Row> stored = new ArrayList<>();
    Map<String, String> expected = new TreeMap<>();
    java.time.Instant t0 = java.time.Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < 7; i++) {
      java.time.Instant base = t0.plus(java.time.Duration.ofHours(i * (7 * 24 + 7)));
      String text = "Report number " + i + " of the series. " + PORT;
      rows.add(a("in-" + i, base.toString(), text));
      rows.add(a("in-" + i + "-copy", base.plusSeconds(48 * 3600 - 60).toString(), text));
      rows.add(a("in-" + i + "-late", base.minusSeconds(48 * 3600 + 60).toString(), text));
      expected.put("in-" + i, "in-" + i);
      expected.put("in-" + i + "-copy", "in-" + i);
      expected.put("in-" + i + "-late", "in-" + i + "-late");
      String other = "Other report " + i + " in the archive. " + FLOOD;
      java.time.Instant b = base.plus(java.time.Duration.ofDays(2).plusHours(12));
      stored.add(e("old-" + i, b.toString(), other, "old-" + i));
      rows.add(a("new-" + i, b.plusSeconds(48 * 3600 - 60).toString(), other));
      expected.put("new-" + i, "old-" + i);
    }
    Stories.Result r = Stories.grouping().assign(batch(rows.toArray(new Row[0])),
        existing(stored.toArray(new Row[0])));
    try {
      assertThat(storiesOf(r)).isEqualTo(expected);
      assertThat(r.joinedExisting()).isEqualTo(7);
    } finally {
      r.release();
    }
  }

  @Test
  void theOnePassShingleVectorIsMllibsTokenizerNGramAndHashingTf() {
    // The vector ingest stores signatures of, against the MLlib stages it replaced (same words,
    // k-grams and hash indices): long, short, empty and non-Latin texts, numbers and apostrophes.
    List<String> texts = List.of(PORT, PORT_REWRITE, "Too short to shingle.", "",
        "Le président a déclaré jeudi que l'accord de 2,173,000 euros serait signé à Genève d'ici mai."
            + " Москва и Киев обменялись пленными в пятницу, сообщили обе стороны в коротких заявлениях.",
        PORT + "\n\n" + PORT + "\n\n" + PORT_REWRITE);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      rows.add(RowFactory.create("t" + i, texts.get(i)));
    }
    Dataset<Row> in = spark.createDataFrame(rows,
        new StructType().add("article_id", DataTypes.StringType).add("text", DataTypes.StringType));
    Dataset<Row> words = new org.apache.spark.ml.feature.RegexTokenizer().setInputCol("text").setOutputCol("w")
        .setGaps(false).setPattern(Stories.WORD).setToLowercase(true).transform(in);
    Dataset<Row> grams = new org.apache.spark.ml.feature.NGram().setN(5).setInputCol("w").setOutputCol("g")
        .transform(words);
    Map<String, Object> expected = new TreeMap<>();
    for (Row r : new org.apache.spark.ml.feature.HashingTF().setInputCol("g").setOutputCol("v")
        .setNumFeatures(Stories.FEATURES).setBinary(true).transform(grams).collectAsList()) {
      List<?> w = r.getList(r.fieldIndex("w"));
      expected.put(r.getString(0), w.size() < 20 ? "none" : r.get(r.fieldIndex("v")));
    }
    Map<String, Object> actual = new TreeMap<>();
    for (Row r : in.select(col("article_id"), Stories.shingleVector(5, 20).apply(col("text"))).collectAsList()) {
      actual.put(r.getString(0), r.isNullAt(1) ? "none" : r.get(1));
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.values().stream().filter(v -> !"none".equals(v)).count()).isEqualTo(4);
  }

  static double jaccard(String x, String y) {
    java.util.Set<String> a = shingleSet(x);
    java.util.Set<String> b = shingleSet(y);
    java.util.Set<String> inter = new java.util.HashSet<>(a);
    inter.retainAll(b);
    java.util.Set<String> union = new java.util.HashSet<>(a);
    union.addAll(b);
    return (double) inter.size() / union.size();
  }

  static java.util.Set<String> shingleSet(String text) {
    List<String> words = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(Stories.WORD).matcher(text.toLowerCase());
    while (m.find()) {
      words.add(m.group());
    }
    java.util.Set<String> s = new java.util.HashSet<>();
    for (int i = 0; i + 5 <= words.size(); i++) {
      s.add(String.join(" ", words.subList(i, i + 5)));
    }
    return s;
  }

  @Test
  void aNewBatchJoinsExistingStoriesWhoseIdsStayStable() {
    // Stored: the port story (two copies, named by "port"), the flood story, and two copies of
    // the chips story stored as their own stories (ingested with --no-stories).
    Dataset<Row> stored = existing(
        e("port", "2024-05-07T06:00:00Z", PORT, "port"),
        e("port-byline", "2024-05-07T09:00:00Z", bylined(PORT), "port"),
        e("flood", "2024-03-03T12:00:00Z", FLOOD, "flood"),
        e("chips-1", "2024-06-01T00:00:00Z", CHIPS, "chips-1"),
        e("chips-2", "2024-06-02T00:00:00Z", bylined(CHIPS), "chips-2"));
    Dataset<Row> next = batch(
        // Published before the story's first article: still takes the existing id.
        a("port-early", "2024-05-06T23:00:00Z", trimmed(PORT)),
        a("port-late", "2024-05-08T10:00:00Z", substituted(PORT, "Thursday", "4,900", "holdups")),
        // Linked to two stored stories: the one whose first article is earliest; neither is renamed.
        a("chips-3", "2024-06-03T00:00:00Z", trimmed(CHIPS)),
        // A new story of two copies, and a rewrite that is a story of its own.
        a("other-2", "2024-05-10T00:00:00Z", bylined(PORT_OTHER)),
        a("other-1", "2024-05-09T00:00:00Z", PORT_OTHER),
        a("rewrite", "2024-05-07T07:00:00Z", PORT_REWRITE));
    // The same stories whether components are found on the driver or in Spark.
    for (long driverLimit : new long[] {Stories.DRIVER_PAIR_LIMIT, 0}) {
      Stories.Result r = Stories.grouping().driverPairLimit(driverLimit).assign(next, stored);
      try {
        assertThat(storiesOf(r)).isEqualTo(new TreeMap<>(Map.of(
            "port-early", "port", "port-late", "port", "chips-3", "chips-1",
            "other-1", "other-1", "other-2", "other-1", "rewrite", "rewrite")));
        assertThat(List.of(r.articles(), r.stories(), r.newStories(), r.multiArticleStories(), r.joinedExisting()))
            .containsExactly(6L, 4L, 2L, 1L, 3L);
        assertThat(rows(r.storyIds().filter(col("joined_existing")).select("article_id").orderBy("article_id")))
            .containsExactly(List.of("chips-3"), List.of("port-early"), List.of("port-late"));
        // port-early, port-late: 2 links to stored port copies each, 1 between them; chips-3: 2;
        // other-1 with other-2: 1.
        assertThat(r.similarPairs()).isEqualTo(8);
        assertThat(r.rounds()).isEqualTo(driverLimit == 0 ? 2 : 0);
      } finally {
        r.release();
      }
    }
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> Stories.grouping().threshold(0)).isInstanceOf(UserError.class)
        .hasMessage("--story-threshold must be above 0 and at most 1 (a Jaccard similarity), not 0.0");
    assertThatThrownBy(() -> Stories.grouping().threshold(1.5)).isInstanceOf(UserError.class);
    assertThatThrownBy(() -> Stories.grouping().bands(0)).isInstanceOf(UserError.class)
        .hasMessage("--story-bands must be 1 to 256, not 0");
    assertThatThrownBy(() -> Stories.grouping().rows(9)).isInstanceOf(UserError.class)
        .hasMessage("--story-band-rows must be 1 to 8, not 9");
    assertThatThrownBy(() -> Stories.grouping().minWords(0)).isInstanceOf(UserError.class)
        .hasMessage("--story-min-words must be 1 to 1000, not 0");
    assertThatThrownBy(() -> Stories.grouping().windowDays(-1)).isInstanceOf(UserError.class)
        .hasMessage("--story-window-days must be 0 (no limit) to 36500, not -1");
  }
}
