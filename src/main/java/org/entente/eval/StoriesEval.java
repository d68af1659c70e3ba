package org.entente.eval;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.util.Folders;
import org.entente.eval.PlantedCopies.Edit;
import org.entente.generate.CorpusGenerator;
import org.entente.ingest.Stories;
import org.entente.util.UserError;

/**
 * How well {@link Stories} groups near-duplicates, on a planted corpus: base articles (real ones
 * from a JSONL file, or synthetic ones from the generator), each with copies edited at known
 * levels ({@link PlantedCopies}). Measures:
 *
 * <ul>
 *   <li>the exact Jaccard similarity of each kind of copy to its base, and of base pairs, in
 *       plain Java (what a threshold separates), including a sweep of stronger edits;
 *   <li>pairwise precision and recall of the grouping per threshold: a pair of articles is
 *       correct when both are copies of the same base (a rewrite is a story of its own);
 *   <li>per LSH setting (MinHash values per band x bands; 1 x N is MLlib's OR-only
 *       {@code approxSimilarityJoin}): candidate pairs compared, similar pairs found against
 *       all pairs compared exactly, and wall time;
 *   <li>the same corpus in two batches (the second matched against the first as stored
 *       stories) against one batch.
 * </ul>
 *
 * <p>Cost: the bases' pairs in plain Java (quadratic, a few seconds for 500), then one story
 * grouping per threshold and per table count over (bases x 7) articles.
 */
public final class StoriesEval {
  /** A base article. */
  public record Base(String id, String text) {}

  /** Pairwise scores of one grouping. */
  public record Scores(long articles, long stories, long truePairs, long predictedPairs, long correctPairs) {
    public double precision() {
      return predictedPairs == 0 ? 1.0 : (double) correctPairs / predictedPairs;
    }

    public double recall() {
      return truePairs == 0 ? 1.0 : (double) correctPairs / truePairs;
    }
  }

  static final StructType ARTICLES = new StructType().add("article_id", DataTypes.StringType)
      .add("published_at", DataTypes.TimestampType).add("text", DataTypes.StringType);

  private final SparkSession spark;
  private final java.io.PrintWriter sink;
  private final StringBuilder out = new StringBuilder();

  /** Report lines go to {@code sink} as they are measured. */
  public StoriesEval(SparkSession spark, java.io.PrintWriter sink) {
    this.spark = spark;
    this.sink = sink;
  }

  /**
   * Up to {@code n} bases with at least {@code minWords} words from a JSON-lines file (field
   * {@code text}, else {@code body}, else {@code content}; id from {@code id}), chosen by a hash
   * of their ids and the seed, so the same file and seed give the same bases.
   */
  public List<Base> basesFrom(String path, int n, int minWords, long seed) {
    Dataset<Row> raw = spark.read().json(path);
    List<String> fields = Arrays.asList(raw.columns());
    String textField = fields.contains("text") ? "text" : fields.contains("body") ? "body"
        : fields.contains("content") ? "content" : null;
    if (textField == null || !fields.contains("id")) {
      throw new UserError("--input " + path + " needs fields id and text (or body, content); it has " + fields);
    }
    List<Row> rows = raw.select(col("id").cast("string"), col(textField)).filter(col(textField).isNotNull())
        .collectAsList();
    List<Base> all = new ArrayList<>();
    for (Row r : rows) {
      if (PlantedCopies.words(r.getString(1)) >= minWords) {
        all.add(new Base(r.getString(0), r.getString(1)));
      }
    }
    all.sort((a, b) -> Long.compare(mix(a.id().hashCode() ^ seed), mix(b.id().hashCode() ^ seed)));
    // The bases must be distinct stories: one that is a near-copy of a base already chosen (real
    // corpora hold some) is skipped, else its planted copies would count as false merges.
    List<Base> chosen = new ArrayList<>();
    List<Set<String>> sets = new ArrayList<>();
    int skipped = 0;
    for (Base b : all) {
      if (chosen.size() == n) {
        break;
      }
      Set<String> s = shingleSet(b.text(), Stories.DEFAULT_SHINGLE_WORDS);
      if (sets.stream().anyMatch(x -> jaccard(x, s) >= DISTINCT_BASES)) {
        skipped++;
        continue;
      }
      chosen.add(b);
      sets.add(s);
    }
    skippedBases = skipped;
    return chosen;
  }

  /** Bases at least this similar to a base already chosen are skipped as copies of it. */
  static final double DISTINCT_BASES = 0.2;
  private int skippedBases;

  /** {@code n} synthetic bases from the generator ({@code entente generate}), written to a scratch folder. */
  public List<Base> generatedBases(int n, int minWords, long seed) {
    try {
      Path dir = Files.createTempDirectory("entente-eval-stories-");
      CorpusGenerator.into(dir).articles(n * 2L).seed(seed).execute();
      try {
        return basesFrom(dir.resolve("articles-00000.jsonl.gz").toString(), n, minWords, seed);
      } finally {
        Folders.deleteTree(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    return x;
  }

  /** One planted article: id, truth story, text, publication time. */
  record Planted(String id, String truth, String text, Timestamp at, Edit edit) {}

  static List<Planted> plant(List<Base> bases, long seed) {
    Random r = new Random(seed);
    Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
    List<Planted> out = new ArrayList<>();
    for (int i = 0; i < bases.size(); i++) {
      String story = "b" + i;
      Instant at = t0.plus(i, ChronoUnit.HOURS);
      out.add(new Planted(story, story, bases.get(i).text(), Timestamp.from(at), null));
      for (Edit e : Edit.values()) {
        // Copies within a day either side of the base: some come before it.
        Instant when = at.plus(r.nextInt(48 * 60) - 24 * 60, ChronoUnit.MINUTES);
        out.add(new Planted(story + "-" + e.name().toLowerCase(Locale.ROOT), e.sameStory ? story : story + "-r",
            PlantedCopies.apply(e, bases.get(i).text(), r), Timestamp.from(when), e));
      }
    }
    return out;
  }

  /** Runs every measurement; returns the report (also printed as it goes). */
  public String run(List<Base> bases, String describe, long seed, List<Double> thresholds, List<int[]> lsh) {
    if (bases.size() < 2) {
      throw new UserError("need at least 2 base articles, found " + bases.size());
    }
    List<Planted> corpus = plant(bases, seed);
    line("# Near-duplicate stories: %d bases (%s), %d articles with the planted copies", bases.size(), describe,
        corpus.size());
    line("(%d candidate bases skipped as copies of a base already chosen: Jaccard >= %.1f)", skippedBases,
        DISTINCT_BASES);
    similarities(bases, corpus, thresholds, seed);

    Dataset<Row> df = frame(corpus).localCheckpoint();
    Map<String, String> truth = new HashMap<>();
    corpus.forEach(p -> truth.put(p.id(), p.truth()));

    line("");
    line("## Grouping by threshold (%d bands of %d MinHash values)", Stories.DEFAULT_BANDS, Stories.DEFAULT_ROWS);
    line("threshold\tstories\tpairs_predicted\tpairs_true\tprecision\trecall\tseconds");
    for (double t : thresholds) {
      long t0 = System.nanoTime();
      Map<String, String> got = group(Stories.grouping().threshold(t), df, null);
      Scores s = score(truth, got);
      line("%.2f\t%d\t%d\t%d\t%.4f\t%.4f\t%.1f", t, s.stories(), s.predictedPairs(), s.truePairs(), s.precision(),
          s.recall(), (System.nanoTime() - t0) / 1e9);
    }

    line("");
    long allPairs = (long) corpus.size() * (corpus.size() - 1) / 2;
    long exact = exactSimilarPairs(corpus, Stories.DEFAULT_THRESHOLD);
    line("## LSH settings at threshold %.2f (%d similar pairs by comparing all %d pairs in plain Java)",
        Stories.DEFAULT_THRESHOLD, exact, allPairs);
    line("rows x bands\tP(J=0.5)\tP(J=0.1)\tP(J=0.01)\tcandidate_pairs\tof_all_pairs\tsimilar_found\tof_exact"
        + "\tprecision\trecall\tseconds");
    for (int[] rb : lsh) {
      Stories s = Stories.grouping().rows(rb[0]).bands(rb[1]);
      long candidates = s.candidatePairs(df);
      long t0 = System.nanoTime();
      Stories.Result r = s.assign(df, empty());
      Map<String, String> got = collect(r);
      double secs = (System.nanoTime() - t0) / 1e9;
      Scores sc = score(truth, got);
      line("%dx%d\t%.4f\t%.4f\t%.5f\t%d\t%.4f\t%d\t%.4f\t%.4f\t%.4f\t%.1f", rb[0], rb[1], collide(0.5, rb),
          collide(0.1, rb), collide(0.01, rb), candidates, (double) candidates / allPairs, r.similarPairs(),
          exact == 0 ? 1.0 : (double) r.similarPairs() / exact, sc.precision(), sc.recall(), secs);
      r.release();
    }

    line("");
    line("## Two batches: bases, headline, byline and trimmed copies first; the other copies matched against them");
    Stories s = Stories.grouping();
    Map<String, String> one = group(s, df, null);
    Set<Edit> firstEdits = Set.of(Edit.HEADLINE, Edit.BYLINE, Edit.TRIM);
    Dataset<Row> first = frame(corpus.stream().filter(p -> p.edit() == null || firstEdits.contains(p.edit())).toList());
    Dataset<Row> second = frame(corpus.stream().filter(p -> p.edit() != null && !firstEdits.contains(p.edit())).toList());
    Map<String, String> a = group(s, first, null);
    Dataset<Row> stored = first.join(spark.createDataFrame(
        a.entrySet().stream().map(e -> RowFactory.create(e.getKey(), e.getValue())).toList(),
        new StructType().add("article_id", "string").add("story_id", "string")), "article_id");
    Map<String, String> b = group(s, second, stored);
    Map<String, String> both = new HashMap<>(a);
    both.putAll(b);
    Scores one1 = score(truth, one);
    Scores two = score(truth, both);
    line("batches\tstories\tprecision\trecall\tsame_partition_as_one_batch");
    line("1\t%d\t%.4f\t%.4f\t", one1.stories(), one1.precision(), one1.recall());
    line("2\t%d\t%.4f\t%.4f\t%s", two.stories(), two.precision(), two.recall(), samePartition(one, both));
    return out.toString();
  }

  /** Exact Jaccard of the planted copies to their bases, of stronger edits, and of base pairs. */
  private void similarities(List<Base> bases, List<Planted> corpus, List<Double> thresholds, long seed) {
    Map<String, Set<String>> shingles = new HashMap<>();
    for (Planted p : corpus) {
      shingles.put(p.id(), shingleSet(p.text(), Stories.DEFAULT_SHINGLE_WORDS));
    }
    Map<String, List<Double>> byEdit = new LinkedHashMap<>();
    for (Planted p : corpus) {
      if (p.edit() != null) {
        String base = p.id().substring(0, p.id().indexOf('-'));
        byEdit.computeIfAbsent(p.edit().name().toLowerCase(Locale.ROOT) + (p.edit().sameStory ? "" : " (other story)"),
            k -> new ArrayList<>()).add(jaccard(shingles.get(base), shingles.get(p.id())));
      }
    }
    // Stronger edits than the planted ones, to see where a threshold cuts.
    Random r = new Random(seed + 1);
    for (double rate : new double[] {0.05, 0.10, 0.15, 0.20, 0.30}) {
      List<Double> js = new ArrayList<>();
      for (Base b : bases) {
        js.add(jaccard(shingleSet(b.text(), 5), shingleSet(PlantedCopies.substitute(b.text(), rate, 1, r), 5)));
      }
      byEdit.put(String.format("words %d%% (sweep)", Math.round(rate * 100)), js);
    }
    for (double keep : new double[] {0.75, 0.5, 0.35, 0.25}) {
      List<Double> js = new ArrayList<>();
      for (Base b : bases) {
        js.add(jaccard(shingleSet(b.text(), 5), shingleSet(PlantedCopies.truncate(b.text(), keep), 5)));
      }
      byEdit.put(String.format("first %d%% of sentences (sweep)", Math.round(keep * 100)), js);
    }
    List<Set<String>> baseSets = new ArrayList<>();
    for (int i = 0; i < bases.size(); i++) {
      baseSets.add(shingles.get("b" + i));
    }
    List<Double> basePairs = new ArrayList<>();
    List<Double> nearest = new ArrayList<>();
    for (int i = 0; i < baseSets.size(); i++) {
      double best = 0;
      for (int j = 0; j < baseSets.size(); j++) {
        if (i != j) {
          double jac = jaccard(baseSets.get(i), baseSets.get(j));
          best = Math.max(best, jac);
          if (j > i) {
            basePairs.add(jac);
          }
        }
      }
      nearest.add(best);
    }
    byEdit.put("most similar other base", nearest);

    line("");
    line("## Jaccard similarity of %d-word shingle sets to the base (exact)", Stories.DEFAULT_SHINGLE_WORDS);
    StringBuilder head = new StringBuilder("copy\tn\tmin\tp10\tmedian\tp90\tmax");
    for (double t : thresholds) {
      head.append(String.format("\t>=%.2f", t));
    }
    line("%s", head);
    for (Map.Entry<String, List<Double>> e : byEdit.entrySet()) {
      line("%s", distribution(e.getKey(), e.getValue(), thresholds));
    }
    StringBuilder pairsLine = new StringBuilder(String.format("base pairs: %d", basePairs.size()));
    for (double t : thresholds) {
      pairsLine.append(String.format("; >=%.2f: %d", t, basePairs.stream().filter(x -> x >= t).count()));
    }
    line("%s", pairsLine);
  }

  private static String distribution(String name, List<Double> values, List<Double> thresholds) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    StringBuilder sb = new StringBuilder(String.format("%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f", name, v.length, v[0],
        q(v, 0.1), q(v, 0.5), q(v, 0.9), v[v.length - 1]));
    for (double t : thresholds) {
      long n = Arrays.stream(v).filter(x -> x >= t).count();
      sb.append(String.format("\t%.3f", (double) n / v.length));
    }
    return sb.toString();
  }

  private static double q(double[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  private Dataset<Row> frame(List<Planted> rows) {
    List<Row> out = new ArrayList<>();
    for (Planted p : rows) {
      out.add(RowFactory.create(p.id(), p.at(), p.text()));
    }
    return spark.createDataFrame(out, ARTICLES);
  }

  private Dataset<Row> empty() {
    return spark.createDataFrame(new ArrayList<Row>(), ARTICLES.add("story_id", DataTypes.StringType));
  }

  private Map<String, String> group(Stories s, Dataset<Row> batch, Dataset<Row> stored) {
    Stories.Result r = s.assign(batch, stored == null ? empty() : stored);
    try {
      return collect(r);
    } finally {
      r.release();
    }
  }

  /** The probability that a pair of similarity j shares a bucket: 1 - (1 - j^rows)^bands. */
  static double collide(double j, int[] rowsBands) {
    return 1 - Math.pow(1 - Math.pow(j, rowsBands[0]), rowsBands[1]);
  }

  /** Pairs with Jaccard at least {@code t}, by comparing every pair (shingles as sorted int ids). */
  static long exactSimilarPairs(List<Planted> corpus, double t) {
    Map<String, Integer> ids = new HashMap<>();
    List<int[]> sets = new ArrayList<>();
    for (Planted p : corpus) {
      int[] v = shingleSet(p.text(), Stories.DEFAULT_SHINGLE_WORDS).stream()
          .mapToInt(x -> ids.computeIfAbsent(x, k -> ids.size())).sorted().toArray();
      sets.add(v);
    }
    long n = 0;
    for (int i = 0; i < sets.size(); i++) {
      int[] a = sets.get(i);
      for (int j = i + 1; j < sets.size(); j++) {
        int[] b = sets.get(j);
        if (a.length == 0 || b.length == 0 || Math.min(a.length, b.length) < t * Math.max(a.length, b.length)) {
          continue;
        }
        int x = 0;
        int y = 0;
        int both = 0;
        while (x < a.length && y < b.length) {
          if (a[x] == b[y]) {
            both++;
            x++;
            y++;
          } else if (a[x] < b[y]) {
            x++;
          } else {
            y++;
          }
        }
        if ((double) both / (a.length + b.length - both) >= t) {
          n++;
        }
      }
    }
    return n;
  }

  private static Map<String, String> collect(Stories.Result r) {
    Map<String, String> m = new HashMap<>();
    for (Row row : r.storyIds().select("article_id", "story_id").collectAsList()) {
      m.put(row.getString(0), row.getString(1));
    }
    return m;
  }

  /** Pairwise scores of a predicted grouping against the truth (both: item -> group). */
  public static Scores score(Map<String, String> truth, Map<String, String> predicted) {
    Map<String, Long> t = new HashMap<>();
    Map<String, Long> p = new HashMap<>();
    Map<String, Long> both = new HashMap<>();
    for (Map.Entry<String, String> e : predicted.entrySet()) {
      String tr = truth.get(e.getKey());
      if (tr == null) {
        throw new IllegalArgumentException("no truth for " + e.getKey());
      }
      t.merge(tr, 1L, Long::sum);
      p.merge(e.getValue(), 1L, Long::sum);
      both.merge(tr + "\u0000" + e.getValue(), 1L, Long::sum);
    }
    return new Scores(predicted.size(), p.size(), pairs(t), pairs(p), pairs(both));
  }

  private static long pairs(Map<String, Long> sizes) {
    return sizes.values().stream().mapToLong(n -> n * (n - 1) / 2).sum();
  }

  /** True when the two groupings put the same items together (whatever the groups are named). */
  static boolean samePartition(Map<String, String> x, Map<String, String> y) {
    if (!x.keySet().equals(y.keySet())) {
      return false;
    }
    Map<String, String> xy = new HashMap<>();
    Map<String, String> yx = new HashMap<>();
    for (String k : x.keySet()) {
      String a = x.get(k);
      String b = y.get(k);
      if (!b.equals(xy.computeIfAbsent(a, z -> b)) || !a.equals(yx.computeIfAbsent(b, z -> a))) {
        return false;
      }
    }
    return true;
  }

  private static final Pattern WORD = Pattern.compile(Stories.WORD);

  /** The text's k-word shingles as ingest forms them (lower case words joined by a space). */
  public static Set<String> shingleSet(String text, int k) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      words.add(m.group());
    }
    Set<String> s = new HashSet<>();
    for (int i = 0; i + k <= words.size(); i++) {
      s.add(String.join(" ", words.subList(i, i + k)));
    }
    return s;
  }

  public static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 0;
    }
    Set<String> small = a.size() <= b.size() ? a : b;
    Set<String> large = small == a ? b : a;
    long inter = small.stream().filter(large::contains).count();
    return (double) inter / (a.size() + b.size() - inter);
  }

  private void line(String format, Object... args) {
    String l = String.format(format, args);
    out.append(l).append('\n');
    sink.println(l);
    sink.flush();
  }
}
