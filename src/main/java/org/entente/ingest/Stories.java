package org.entente.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.Seq;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;
import org.entente.spark.Cols;
import org.entente.util.UserError;

/**
 * Groups near-duplicate articles (syndicated copies of one story: another headline, a byline, a
 * trimmed last paragraph, a few words changed) into stories, and names each story by its
 * earliest article.
 *
 * <p>Similarity is the Jaccard similarity of the texts' sets of {@value #DEFAULT_SHINGLE_WORDS}-word
 * shingles (lower-cased words, numbers such as {@code 2,173,000} kept whole; the title is left out,
 * since copies are re-headlined). Two articles are similar when it is at least the threshold
 * ({@value #DEFAULT_THRESHOLD} by default: a copy with a byline, its last paragraph cut and one
 * word in fifty replaced is near 0.8; one word in ten replaced, or only its first third kept, falls
 * below 0.5; a rewrite is near 0; docs/eval.md has the measurements). A story is a connected
 * component of the graph of similar pairs, so grouping is transitive. Only articles published
 * within {@value #DEFAULT_WINDOW_DAYS} days of each other ({@link #windowDays}) are linked: copies
 * of a story follow it within hours or days, while the same text weeks apart is a recurring
 * report (a chain of daily ones can still link day by day).
 *
 * <p>Candidates come from MinHash LSH with banding. Shingles are hashed into a sparse binary
 * vector of 2^24 dimensions ({@link HashingTF}); Spark MLlib's {@link MinHashLSH} computes
 * {@code bands x rows} MinHash values per article; each band of {@code rows} values is one bucket
 * key, and only articles sharing a bucket in some band are compared, exactly. A pair of
 * similarity J shares a bucket with probability 1 - (1 - J^rows)^bands: with the default 16 bands
 * of 2, 99.0% at J = 0.5, 99.9% at J = 0.6, while a pair of unrelated articles (J = 0.01) is
 * compared with probability 0.16%. MLlib's own {@code approxSimilarityJoin} is the special case of
 * one row per band (a pair is compared when any single MinHash value agrees): with 8 tables it
 * would compare 7.7% of pairs at J = 0.01, so its candidates grow with the square of the corpus
 * (docs/eval.md compares the two); it also shuffles each article's whole vector once per table,
 * where the banded join shuffles (id, band, key) rows and fetches vectors for candidates only.
 *
 * <p>Texts of fewer than {@value #DEFAULT_MIN_WORDS} words ({@link #minWords}; never fewer than a
 * shingle) are not compared: each is a story of its own, so short texts never collapse into one
 * story. In news they are mostly templated briefs: Reuters' dividend notices ("Qtly div four cts
 * vs four cts prior Pay April 15 Record March 23", the company named only in the headline) reach
 * a Jaccard of 0.8 to 1.0 between different companies.
 *
 * <p>Incremental: the articles of a new batch are compared with each other and with the existing
 * articles (through the same buckets, never all pairs). Existing articles keep their
 * {@code story_id}; stories already stored are never renamed or merged, so that gold tables
 * counted earlier stay valid. A new article linked (directly or through other new articles) to
 * an existing article takes that article's story id, even when it was published earlier than the
 * story's first article; linked to several existing stories, it takes the one whose first article
 * is earliest (ties: the smaller id). A group of new articles linked to no existing article is a
 * new story named by its earliest article (by {@code published_at}, ties by {@code article_id}).
 *
 * <p>Components: the number of similar pairs grows with the square of a story's copies (1,225
 * for 50 copies), so nothing bounds it in advance. Up to {@value #DRIVER_PAIR_LIMIT} pairs they
 * are collected on the driver and joined by union-find (tens of MB at most, no further Spark
 * job); beyond that, label propagation runs in Spark over the pairs only (each round a join and
 * a group-by; rounds = the longest chain of links plus one, two or three for the copies of one
 * story). Both give the same stories (tested).
 *
 * <p>Cost: one pass over the batch's texts and over the stored articles' texts within the window
 * of the batch's dates (all of them with no window) (tokenize, shingle, hash:
 * linear), a shuffle of {@code bands} small rows per article for the bucket join, the exact
 * similarity of each candidate pair, then one small job (or a few per propagation round) over
 * the similar pairs. The stored articles' signatures are cached (memory, then disk) for the run.
 */
public final class Stories {
  public static final double DEFAULT_THRESHOLD = 0.5;
  public static final int DEFAULT_SHINGLE_WORDS = 5;
  public static final int DEFAULT_MIN_WORDS = 20;
  public static final int DEFAULT_WINDOW_DAYS = 2;
  public static final int DEFAULT_BANDS = 16;
  public static final int DEFAULT_ROWS = 2;
  /** Dimensions of the hashed shingle vectors (collisions within one article are negligible). */
  static final int FEATURES = 1 << 24;
  /** The seed of MLlib's HashingTF, kept so that stored signatures stay comparable. */
  private static final int HASH_SEED = 42;
  /** Fixed so that the same corpus always gives the same buckets. */
  static final long SEED = 20240901L;
  /** Words: runs of letters and digits, joined across . , ' / - inside numbers and names (2,173,000; 12-1/2; tax-free). */
  public static final String WORD = "[\\p{L}\\p{N}]+(?:[.,'\u2019/-][\\p{L}\\p{N}]+)*";

  /**
   * Story ids of one batch, and counts for the log: articles of the batch, stories among them,
   * new stories (not joined to stored ones), new stories of more than one article, articles that
   * joined a stored story, similar pairs found, rounds of label propagation (0: on the driver).
   */
  public record Result(Dataset<Row> storyIds, long articles, long stories, long newStories,
      long multiArticleStories, long joinedExisting, long similarPairs, int rounds) {
    /** Releases the story ids if they were cached. */
    public void release() {
      storyIds.unpersist();
    }
  }

  /**
   * Up to this many similar pairs, components are found on the driver (one pass over the pairs);
   * beyond it, in Spark (a few more jobs per round, no driver memory bound).
   */
  static final long DRIVER_PAIR_LIMIT = 250_000;

  private double threshold = DEFAULT_THRESHOLD;
  private int shingleWords = DEFAULT_SHINGLE_WORDS;
  private int minWords = DEFAULT_MIN_WORDS;
  private int windowDays = DEFAULT_WINDOW_DAYS;
  private int bands = DEFAULT_BANDS;
  private int rows = DEFAULT_ROWS;
  private long driverPairLimit = DRIVER_PAIR_LIMIT;

  private Stories() {}

  public static Stories grouping() {
    return new Stories();
  }

  /** Jaccard similarity of the shingle sets at or above which two articles are one story (0 < t ≤ 1). */
  public Stories threshold(double t) {
    if (!(t > 0 && t <= 1)) {
      throw new UserError("--story-threshold must be above 0 and at most 1 (a Jaccard similarity), not " + t);
    }
    this.threshold = t;
    return this;
  }

  /** Words per shingle (default {@value #DEFAULT_SHINGLE_WORDS}). */
  public Stories shingleWords(int k) {
    if (k < 1 || k > 20) {
      throw new UserError("shingle size must be 1 to 20 words, not " + k);
    }
    this.shingleWords = k;
    return this;
  }

  /**
   * Texts with fewer words are stories of their own (default {@value #DEFAULT_MIN_WORDS}; at least
   * the shingle size): short briefs are mostly templates ("Qtly div four cts vs four cts prior
   * Pay April 15 Record March 23") whose copies for different companies look identical.
   */
  public Stories minWords(int n) {
    if (n < 1 || n > 1000) {
      throw new UserError("--story-min-words must be 1 to 1000, not " + n);
    }
    this.minWords = n;
    return this;
  }

  public int minWords() {
    return minWords;
  }

  /**
   * Copies must be published within this many days of each other (default
   * {@value #DEFAULT_WINDOW_DAYS}; 0: no limit). The same text weeks apart is a recurring report
   * (the Fed's daily repurchase notice, a weekly price table), not one story; the window also
   * limits the stored articles read to those near the batch's dates.
   */
  public Stories windowDays(int days) {
    if (days < 0 || days > 36_500) {
      throw new UserError("--story-window-days must be 0 (no limit) to 36500, not " + days);
    }
    this.windowDays = days;
    return this;
  }

  public int windowDays() {
    return windowDays;
  }

  /** LSH bands (more: fewer missed pairs, more candidates to compare). */
  public Stories bands(int n) {
    if (n < 1 || n > 256) {
      throw new UserError("--story-bands must be 1 to 256, not " + n);
    }
    this.bands = n;
    return this;
  }

  /** MinHash values per band (more: fewer candidates, more missed pairs; 1 = MLlib's OR-only tables). */
  public Stories rows(int n) {
    if (n < 1 || n > 8) {
      throw new UserError("--story-band-rows must be 1 to 8, not " + n);
    }
    this.rows = n;
    return this;
  }

  /** Where components are found: on the driver up to this many similar pairs, else in Spark. */
  Stories driverPairLimit(long n) {
    this.driverPairLimit = n;
    return this;
  }

  public double threshold() {
    return threshold;
  }

  public int shingleWords() {
    return shingleWords;
  }

  public int bands() {
    return bands;
  }

  public int rows() {
    return rows;
  }

  /**
   * The story of every article of a batch.
   *
   * @param batch the new articles: {@code article_id}, {@code published_at}, {@code text}
   * @param existing articles already stored: {@code article_id}, {@code published_at},
   *     {@code text}, {@code story_id} (may be empty)
   * @return {@code article_id}, {@code story_id} and {@code joined_existing} (true when the story
   *     is an existing one) for every article of the batch (call {@link Result#release()} when
   *     done with them), and counts
   */
  public Result assign(Dataset<Row> batch, Dataset<Row> existing) {
    SparkSession spark = batch.sparkSession();
    MinHashLSHModel model = model(spark);
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      // The key a story is named by: rank 0 for an existing story (key: its first article's
      // date and id), 1 for a new article (its own date and id); the least key of a group wins.
      Dataset<Row> fresh = signatures(batch.select(col("article_id"), col("text"), col("published_at").as("at"),
          struct(lit(1).as("rank"), col("published_at").as("ts"), col("article_id").as("id")).as("key"),
          lit(false).as("existing")), model).persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(fresh);
      StructType labelSchema = new StructType().add("node", "string")
          .add("label", fresh.schema().apply("key").dataType());
      if (fresh.isEmpty()) {
        // No text long enough to compare (one small job): every article is its own story.
        long n = batch.count();
        return new Result(storyIds(batch, spark.createDataFrame(new ArrayList<Row>(), labelSchema)), n, n, n, 0, 0, 0, 0);
      }
      Dataset<Row> roots = existing.select(col("article_id").as("story_id"), col("published_at").as("root_ts"));
      Dataset<Row> near = existing;
      if (windowDays > 0) {
        // Only stored articles within the window of some new one can be linked to it.
        Row span = batch.agg(min("published_at"), max("published_at")).first();
        long w = windowDays * 86_400_000L;
        near = existing.filter(col("published_at").between(new Timestamp(span.getTimestamp(0).getTime() - w),
            new Timestamp(span.getTimestamp(1).getTime() + w)));
      }
      Dataset<Row> old = signatures(near.select("article_id", "text", "story_id", "published_at")
          .join(roots, Cols.seq("story_id"), "left")
          .select(col("article_id"), col("text"), col("published_at").as("at"),
              struct(lit(0).as("rank"), coalesce(col("root_ts"), col("published_at")).as("ts"),
                  col("story_id").as("id")).as("key"),
              lit(true).as("existing")), model).persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(old);
      Dataset<Row> all = fresh.unionByName(old);

      // Candidates: a new article and any article sharing a bucket with it; each pair once.
      // With a window, the join key holds a time slot of the window's width too: a new article
      // meets only rows of its own slot and the two next to it, so the candidates grow with the
      // articles near in time rather than with every article that ever shared a bucket (templated
      // wire copy shares many; on a generated 8,000-article corpus, 670,803 candidates against
      // about 800 within the window).
      Dataset<Row> bucketsA = buckets(fresh).select(col("article_id").as("a"), col("band"), col("bucket"),
          slot(col("at")).as("slot"));
      Dataset<Row> bucketsB = buckets(all).select(col("article_id").as("b"), col("existing").as("b_existing"),
          col("band"), col("bucket"), explode(array(slot(col("at")).minus(1), slot(col("at")),
              slot(col("at")).plus(1))).as("slot"));
      Dataset<Row> candidates = bucketsA.join(bucketsB, Cols.seq("band", "bucket", "slot"))
          .filter(col("b_existing").or(col("a").lt(col("b"))))
          .select("a", "b", "b_existing").distinct();
      Dataset<Row> pairs = candidates
          .join(fresh.select(col("article_id").as("a"), col("key").as("key_a"), col("at").as("at_a"),
              col("features").as("fa")), Cols.seq("a"))
          .join(all.select(col("article_id").as("b"), col("key").as("key_b"), col("at").as("at_b"),
              col("features").as("fb")), Cols.seq("b"))
          .filter(windowDays == 0 ? lit(true) : abs(col("at_a").cast("long").minus(col("at_b").cast("long")))
              .leq(windowDays * 86_400L))
          .withColumn("similarity", JACCARD.apply(col("fa"), col("fb")))
          .filter(col("similarity").geq(threshold))
          .select("a", "key_a", "b", "key_b", "b_existing", "similarity");

      // Few pairs (the usual case): one job brings them to the driver.
      List<Row> few = pairs.limit((int) Math.min(Integer.MAX_VALUE - 1, driverPairLimit) + 1).collectAsList();
      if (few.size() <= driverPairLimit) {
        List<Row> labels = unionFind(few.iterator());
        Dataset<Row> ids = storyIds(batch, spark.createDataFrame(labels, labelSchema));
        long articles = batch.count();
        Set<String> joined = new HashSet<>();
        Set<String> grouped = new HashSet<>();
        long joinedArticles = 0;
        for (Row l : labels) {
          Row key = l.getStruct(1);
          if (key.getInt(0) == 0) {
            joined.add(key.getString(2));
            joinedArticles++;
          } else {
            grouped.add(key.getString(2));
          }
        }
        long singles = articles - labels.size();
        return new Result(ids, articles, singles + joined.size() + grouped.size(), singles + grouped.size(),
            grouped.size(), joinedArticles, few.size(), 0);
      }

      // Many pairs: components in Spark.
      pairs = pairs.persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(pairs);
      long similar = pairs.count();
      Propagated p = propagate(pairs, cached);
      Dataset<Row> ids = storyIds(batch, p.labels()).persist(StorageLevel.MEMORY_AND_DISK());
      Row c = ids.groupBy("story_id").agg(count(lit(1)).as("n"), sum(col("joined_existing").cast("int")).as("j"))
          .agg(count(lit(1)), sum("n"), sum(when(col("j").equalTo(0), 1).otherwise(0)),
              sum(when(col("j").equalTo(0).and(col("n").gt(1)), 1).otherwise(0)), sum("j"))
          .first();
      return new Result(ids, longOrZero(c, 1), c.getLong(0), longOrZero(c, 2), longOrZero(c, 3),
          longOrZero(c, 4), similar, p.rounds());
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  /** (article_id, story_id, joined_existing) of every batch article, from the labels of those in a group. */
  private static Dataset<Row> storyIds(Dataset<Row> batch, Dataset<Row> labels) {
    return batch.select("article_id")
        .join(labels.withColumnRenamed("node", "article_id"), Cols.seq("article_id"), "left")
        .select(col("article_id"), coalesce(col("label.id"), col("article_id")).as("story_id"),
            coalesce(col("label.rank"), lit(1)).equalTo(0).as("joined_existing"));
  }

  /**
   * Diagnostic (for {@code entente eval-stories}): the number of distinct pairs of articles of
   * {@code articles} ({@code article_id}, {@code text}) that share a bucket in at least one band,
   * i.e. the pairs whose exact similarity is computed. Cost: one self-join of the bucket rows.
   */
  public long candidatePairs(Dataset<Row> articles) {
    Dataset<Row> b = buckets(signatures(articles.select(col("article_id"), col("text"), lit(false).as("existing")),
        model(articles.sparkSession())));
    Dataset<Row> other = b.select(col("article_id").as("other"), col("band"), col("bucket"));
    return b.join(other, Cols.seq("band", "bucket")).filter(col("article_id").lt(col("other")))
        .select("article_id", "other").distinct().count();
  }

  /**
   * Components in Spark: each round every new article takes the least label among its own and
   * its neighbours'; existing articles keep theirs (they pass it on but do not relay others').
   * Rounds: the longest chain of links plus one. Returns (node, label) of the new articles in the
   * graph.
   */
  private static Propagated propagate(Dataset<Row> pairs, List<Dataset<Row>> cached) {
    Dataset<Row> edges = pairs.select(col("a").as("src"), col("b").as("dst"))
        .unionByName(pairs.select(col("b").as("src"), col("a").as("dst")))
        .persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(edges);
    Dataset<Row> nodes = pairs.select(col("a").as("node"), col("key_a").as("label"), lit(false).as("fixed"))
        .unionByName(pairs.select(col("b").as("node"), col("key_b").as("label"), col("b_existing").as("fixed")))
        .dropDuplicates("node");
    // Checkpointed each round: the plan stays one round long however many rounds there are.
    Dataset<Row> current = nodes.localCheckpoint();
    int rounds = 0;
    while (true) {
      rounds++;
      Dataset<Row> offers = edges.join(current.select(col("node").as("src"), col("label").as("offer")), Cols.seq("src"))
          .groupBy(col("dst").as("node")).agg(min("offer").as("offer"));
      Dataset<Row> next = current.join(offers, Cols.seq("node"), "left")
          .withColumn("proposed", when(col("fixed").or(col("offer").isNull()), col("label"))
              .otherwise(least(col("label"), col("offer"))))
          .withColumn("changed", col("proposed").notEqual(col("label")))
          .select(col("node"), col("proposed").as("label"), col("fixed"), col("changed"))
          .localCheckpoint();
      long changed = next.filter(col("changed")).count();
      current = next.drop("changed");
      if (changed == 0) {
        break;
      }
    }
    return new Propagated(current.filter(col("fixed").equalTo(false)).select("node", "label"), rounds);
  }

  private record Propagated(Dataset<Row> labels, int rounds) {}

  /**
   * Components on the driver, streaming the similar pairs: union-find over the links between new
   * articles, then each group's label is the least of its articles' keys and of the keys of the
   * existing articles linked to any of them (the same result as {@link #propagate}). Memory: a
   * few hundred bytes per article in a pair, which {@link #driverPairLimit} bounds.
   */
  static List<Row> unionFind(Iterator<Row> pairs) {
    Map<String, Integer> index = new HashMap<>();
    List<String> names = new ArrayList<>();
    List<Row> keys = new ArrayList<>();
    Map<Integer, Row> existingOffer = new HashMap<>();
    List<long[]> links = new ArrayList<>();
    while (pairs.hasNext()) {
      Row p = pairs.next();
      int a = node(p.getString(0), p.getStruct(1), index, names, keys);
      if (p.getBoolean(4)) {
        existingOffer.merge(a, p.getStruct(3), (x, y) -> KEY_ORDER.compare(x, y) <= 0 ? x : y);
      } else {
        int b = node(p.getString(2), p.getStruct(3), index, names, keys);
        links.add(new long[] {a, b});
      }
    }
    int[] up = new int[names.size()];
    for (int i = 0; i < up.length; i++) {
      up[i] = i;
    }
    for (long[] l : links) {
      int ra = root(up, (int) l[0]);
      int rb = root(up, (int) l[1]);
      if (ra != rb) {
        up[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
    Row[] best = new Row[up.length];
    for (int i = 0; i < up.length; i++) {
      int r = root(up, i);
      Row k = keys.get(i);
      Row offer = existingOffer.get(i);
      if (offer != null && KEY_ORDER.compare(offer, k) < 0) {
        k = offer;
      }
      if (best[r] == null || KEY_ORDER.compare(k, best[r]) < 0) {
        best[r] = k;
      }
    }
    List<Row> out = new ArrayList<>(up.length);
    for (int i = 0; i < up.length; i++) {
      out.add(RowFactory.create(names.get(i), best[root(up, i)]));
    }
    return out;
  }

  private static int node(String id, Row key, Map<String, Integer> index, List<String> names, List<Row> keys) {
    Integer i = index.get(id);
    if (i == null) {
      i = names.size();
      index.put(id, i);
      names.add(id);
      keys.add(key);
    }
    return i;
  }

  private static int root(int[] up, int i) {
    while (up[i] != i) {
      up[i] = up[up[i]];
      i = up[i];
    }
    return i;
  }

  /** The order of story keys (rank, ts, id), as Spark orders the struct. */
  static final Comparator<Row> KEY_ORDER = Comparator
      .<Row>comparingInt(r -> r.getInt(0))
      .thenComparing(r -> (Timestamp) r.get(1), Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(r -> r.getString(2));

  private static long longOrZero(Row r, int i) {
    return r.isNullAt(i) ? 0 : ((Number) r.get(i)).longValue();
  }

  /** The MinHash model: fitting only draws the hash functions (seeded) for the vector size. */
  MinHashLSHModel model(SparkSession spark) {
    Dataset<Row> one = spark.createDataFrame(List.of(RowFactory.create(Vectors.sparse(FEATURES,
        new int[] {0}, new double[] {1.0}))), new StructType().add("features", new VectorUDT()));
    return new MinHashLSH().setNumHashTables(bands * rows).setSeed(SEED)
        .setInputCol("features").setOutputCol("hashes").fit(one);
  }

  /**
   * Rows with at least one shingle, with {@code features} (the hashed shingle set) and
   * {@code hashes} ({@code bands x rows} MinHash values, one vector each); {@code text} and the
   * intermediate columns dropped.
   */
  Dataset<Row> signatures(Dataset<Row> articles, MinHashLSHModel model) {
    Dataset<Row> hashed = articles.withColumn("features", shingleVector(shingleWords, minWords).apply(col("text")))
        .drop("text").filter(col("features").isNotNull());
    return model.transform(hashed);
  }

  /**
   * The time slot of a timestamp: whole windows since the epoch (0 for every row without a
   * window). Two articles within the window of each other lie in the same or adjacent slots.
   */
  private Column slot(Column at) {
    return windowDays > 0 ? floor(at.cast("long").divide(windowDays * 86_400L)) : lit(0L);
  }

  /**
   * One row per article and band: {@code article_id}, {@code existing}, {@code band},
   * {@code bucket}, and {@code at} when the signatures have it.
   */
  Dataset<Row> buckets(Dataset<Row> signatures) {
    boolean dated = List.of(signatures.columns()).contains("at");
    return signatures.select(col("article_id"), col("existing"), dated ? col("at") : lit(null).cast("timestamp").as("at"),
            posexplode(bandKeys(rows).apply(col("hashes"))).as(new String[] {"band", "bucket"}));
  }

  /**
   * The bucket key of each band: its {@code rows} MinHash values (each below 2^31) packed into a
   * long, exactly for up to two values, mixed for more (a rare collision only adds a candidate).
   */
  static UserDefinedFunction bandKeys(int rows) {
    return udf((UDF1<Seq<Vector>, long[]>) hashes -> {
      int n = hashes.length() / rows;
      long[] keys = new long[n];
      for (int band = 0; band < n; band++) {
        long k = 0;
        for (int j = 0; j < rows; j++) {
          long v = (long) hashes.apply(band * rows + j).apply(0);
          k = rows <= 2 ? (k << 32) | v : mix(k * 0x9E3779B97F4A7C15L + v);
        }
        keys[band] = k;
      }
      return keys;
    }, DataTypes.createArrayType(DataTypes.LongType, false));
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }

  /** Exact Jaccard similarity of two binary sparse vectors (sorted indices). */
  static final UserDefinedFunction JACCARD = udf((UDF2<Vector, Vector, Double>) (x, y) -> {
    int[] a = ((SparseVector) x).indices();
    int[] b = ((SparseVector) y).indices();
    int i = 0;
    int j = 0;
    int both = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        both++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    int union = a.length + b.length - both;
    return union == 0 ? 0.0 : (double) both / union;
  }, DataTypes.DoubleType);

  /**
   * The text's hashed shingle set: its words ({@link #WORD}, lower case), their k-grams joined by
   * a space, each hashed to one of {@link #FEATURES} indices with Spark's MurmurHash3 (seed 42),
   * as a binary sparse vector; null for a text of fewer than {@code minWords} words or fewer than
   * k. The same vector as MLlib's RegexTokenizer, NGram and binary HashingTF in a row, in one
   * pass over each text: NGram hands its k-grams over as a Scala Stream, which Spark's row
   * conversion indexes element by element (quadratic in the article's length; it took a third of
   * an ingest's CPU on long articles).
   */
  static UserDefinedFunction shingleVector(int k, int minWords) {
    Pattern word = Pattern.compile(WORD);
    return udf((UDF1<String, Vector>) text -> shingleIndices(text, word, k, minWords), new VectorUDT());
  }

  static Vector shingleIndices(String text, Pattern word, int k, int minWords) {
    if (text == null) {
      return null;
    }
    List<String> words = new ArrayList<>();
    Matcher m = word.matcher(text.toLowerCase());
    while (m.find()) {
      words.add(m.group());
    }
    if (words.size() < Math.max(minWords, k)) {
      return null;
    }
    int n = words.size() - k + 1;
    int[] idx = new int[n];
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.setLength(0);
      for (int j = 0; j < k; j++) {
        if (j > 0) {
          sb.append(' ');
        }
        sb.append(words.get(i + j));
      }
      byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
      int h = Murmur3_x86_32.hashUnsafeBytes2(b, Platform.BYTE_ARRAY_OFFSET, b.length, HASH_SEED);
      idx[i] = Math.floorMod(h, FEATURES);
    }
    Arrays.sort(idx);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || idx[i] != idx[i - 1]) {
        idx[distinct++] = idx[i];
      }
    }
    double[] ones = new double[distinct];
    Arrays.fill(ones, 1.0);
    return Vectors.sparse(FEATURES, Arrays.copyOf(idx, distinct), ones);
  }
}
