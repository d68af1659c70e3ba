package org.entente.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.entente.ingest.InputFiles.InputFile;
import org.entente.spark.Cols;
import org.entente.util.Console;
import org.entente.util.Faults;
import org.entente.util.UserError;
import org.entente.warehouse.RunLog;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;

/**
 * The ingest stage: reads input files, normalises and validates every record, drops exact
 * duplicates, and writes the warehouse.
 *
 * <p>Reads: the input files; the ids and content hashes of {@code silver/articles}, and its texts
 * and story ids (new articles are matched against the stored stories).
 * Writes: {@code bronze/articles} (every distinct record read, with its outcome: MERGE, insert-only,
 * on file, record hash and rank among identical records, so reading a file again adds nothing),
 * {@code silver/articles} (MERGE on {@code article_id}, insert-only: ingesting the same input
 * twice adds nothing; {@code story_id} from {@link Stories}), {@code silver/rejects} (MERGE on file and record hash) and one row of
 * {@code gold/runs} whose counts add up: read = accepted + duplicate + rejected.
 *
 * <p>Hostile input never fails the job: a file no reader can read (binary, not UTF-8, not
 * Parquet, not decompressible; {@link ContentCheck}), a file that yields no record, a record over
 * {@link #maxArticleBytes(long)} and every record that fails validation each become a rejected record
 * with a reason. Only user errors (no input, a field named by option that is not there) and
 * failures of the warehouse itself stop it.
 *
 * <p>Cost: a look at the first 8 KB of every file ({@link ContentCheck}), one pass over the input
 * (cached), two shuffles for dedupe, one join against silver's ids and hashes, the story
 * grouping ({@link Stories}: one pass over the new and the stored texts, an LSH join), a shuffle
 * ranking identical records and an insert-only MERGE into bronze (a join with bronze's keys), the
 * silver MERGE, a count of the batch's silver rows, and four Delta commits in all. Memory: records are processed row by row; the batch is persisted with
 * {@code MEMORY_AND_DISK} so that a batch larger than memory spills. A single record must fit in
 * a task's memory (several copies of it: as read, parsed, normalised), which the article size
 * limit keeps far from the default executor memory.
 */
public final class IngestJob {
  /** Counts of one ingest batch. */
  public record Result(String batch, long read, long accepted, long duplicates, long rejected) {}

  private final Warehouse warehouse;
  private final List<String> inputs = new ArrayList<>();
  private InputFormat format;
  private FieldMapping mapping = new FieldMapping();
  private Instant defaultDate;
  private MonthDay yearAnchor = MonthDay.of(1, 1);
  private String source;
  private String runId;
  private Instant now;
  private long maxArticleBytes = ArticleNormalizer.DEFAULT_MAX_ARTICLE_BYTES;
  private Stories stories = Stories.grouping();

  private IngestJob(Warehouse warehouse) {
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
  }

  public static IngestJob into(Warehouse warehouse) {
    return new IngestJob(warehouse);
  }

  /** Files, folders or globs, local or any Hadoop file system URI. */
  public IngestJob inputs(List<String> paths) {
    inputs.addAll(paths);
    return this;
  }

  /** Forces a format for every file; null (the default) tells by file extension. */
  public IngestJob format(InputFormat f) {
    this.format = f;
    return this;
  }

  public IngestJob mapping(FieldMapping m) {
    this.mapping = Objects.requireNonNull(m);
    return this;
  }

  /** The date given to records that have none (no date field, no date in the file name). */
  public IngestJob defaultDate(Instant d) {
    this.defaultDate = d;
    return this;
  }

  /** Where in its year a year-only date is placed (1 January by default). */
  public IngestJob yearAnchor(MonthDay anchor) {
    this.yearAnchor = Objects.requireNonNull(anchor);
    return this;
  }

  /** A source name for every record, overriding any source field. */
  public IngestJob source(String s) {
    this.source = s;
    return this;
  }

  /** The run id (also the batch id); a new one by default. */
  public IngestJob runId(String id) {
    this.runId = id;
    return this;
  }

  /**
   * Records whose text or title is longer than this many bytes (UTF-8, as read) are rejected;
   * {@link ArticleNormalizer#DEFAULT_MAX_ARTICLE_BYTES} (10 MiB) by default.
   */
  public IngestJob maxArticleBytes(long bytes) {
    if (bytes < 1) {
      throw new UserError("--max-article-bytes must be 1 or more, not " + bytes);
    }
    this.maxArticleBytes = bytes;
    return this;
  }

  /**
   * How near-duplicate articles are grouped into stories ({@link Stories}); null: not at all,
   * every new article is a story of its own ({@code story_id} = {@code article_id}).
   */
  public IngestJob stories(Stories s) {
    this.stories = s;
    return this;
  }

  /** The clock used to refuse future dates; the wall clock by default. */
  public IngestJob now(Instant t) {
    this.now = t;
    return this;
  }

  public Result execute() {
    SparkSession spark = warehouse.spark();
    String batch = runId != null ? runId : RunLog.newRunId();
    Instant clock = now != null ? now : Instant.now();
    List<InputFile> files = InputFiles.resolve(spark.sparkContext().hadoopConfiguration(), inputs, format);
    long bytes = files.stream().mapToLong(InputFile::bytes).sum();
    Console.info("ingest: %d file(s), %.1f MB, batch %s", files.size(), bytes / 1e6, batch);

    RunLog.StageRun run = RunLog.start(warehouse, batch, "ingest")
        .param("inputs", inputs)
        .param("files", files.size())
        .param("bytes", bytes)
        .param("format", format == null ? "auto" : format.id())
        .param("default_date", defaultDate == null ? null : defaultDate.toString())
        .param("source", source)
        .param("max_article_bytes", maxArticleBytes)
        .param("stories", stories != null)
        .param("story_threshold", stories == null ? null : stories.threshold())
        .param("story_bands", stories == null ? null : stories.bands())
        .param("story_band_rows", stories == null ? null : stories.rows())
        .param("story_min_words", stories == null ? null : stories.minWords())
        .param("story_window_days", stories == null ? null : stories.windowDays());
    for (FieldMapping.Target t : FieldMapping.Target.values()) {
      if (mapping.explicit(t) != null) {
        run.param(t.optionName().substring(2), mapping.explicit(t));
      }
    }
    Dataset<Row> classified = null;
    Dataset<Row> normalized = null;
    Stories.Result grouped = null;
    try {
      Dataset<Row> raw = RawRecords.read(spark, files);
      checkMapping(raw, files);
      ArticleNormalizer normalizer = new ArticleNormalizer(mapping, new DateParser(yearAnchor), clock,
          defaultDate, source, maxArticleBytes);
      // Persisted: dedupe reads the candidates in two branches (refused and kept records), and
      // normalising is the costly part of the pass.
      normalized = raw.map((MapFunction<Row, Row>) normalizer::apply,
          Encoders.row(ArticleNormalizer.CANDIDATE)).persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> candidates = withFilesWithoutRecords(spark, normalized, files);
      Dataset<Row> existing = warehouse.read(Table.SILVER_ARTICLES).select("article_id", "content_hash");
      classified = Dedupe.classify(candidates, existing).persist(StorageLevel.MEMORY_AND_DISK());

      Map<String, long[]> counts = outcomes(classified);
      normalized.unpersist();
      long read = counts.values().stream().mapToLong(c -> c[0]).sum();
      long accepted = counts.getOrDefault(Dedupe.ACCEPTED, new long[2])[0];
      long duplicates = counts.getOrDefault(Dedupe.DUPLICATE, new long[2])[0];
      long rejected = counts.getOrDefault(Dedupe.REJECTED, new long[2])[0];
      long replaced = counts.getOrDefault(Dedupe.ACCEPTED, new long[2])[1];

      Timestamp at = Timestamp.from(clock);
      // A record's key in bronze: its file, its hash and, among identical records of one file, its
      // rank (the accepted one first). Reading the same records again (a re-run after a kill, a
      // daily glob over old files) adds no bronze row; gold/runs still counts every read.
      Dataset<Row> stamped = classified.withColumn("ingest_batch", lit(batch))
          .withColumn("ingested_at", lit(at))
          .withColumn("record_hash", sha2(coalesce(col("record"), lit("")), 256))
          .withColumn("occurrence", row_number().over(Window.partitionBy("source_file", "record_hash")
              .orderBy(col("outcome"), col("article_id"))));
      warehouse.retrying(Table.BRONZE_ARTICLES, () ->
          warehouse.insertNew(Table.BRONZE_ARTICLES, stamped, "source_file", "record_hash", "occurrence"));
      Faults.at("ingest:after-bronze");

      Dataset<Row> rejects = stamped.filter(col("outcome").equalTo(Dedupe.REJECTED))
          .withColumn("rejected_at", lit(at));
      if (rejected > 0) {
        warehouse.retrying(Table.SILVER_REJECTS, () -> {
          warehouse.appendNew(Table.SILVER_REJECTS, rejects, "source_file", "record_hash");
          return null;
        });
      }

      Dataset<Row> articles = stamped.filter(col("outcome").equalTo(Dedupe.ACCEPTED))
          .withColumn("published_date", to_date(col("published_at")));
      if (stories != null && accepted > 0) {
        grouped = stories.assign(articles, warehouse.read(Table.SILVER_ARTICLES));
        articles = articles.join(grouped.storyIds().select("article_id", "story_id"), Cols.seq("article_id"));
        Console.info("ingest: %d new article(s) in %d stories: %d new (%d with more than one article),"
                + " %d article(s) joined existing stories (Jaccard >= %s over %d-word shingles, %d similar pairs)",
            grouped.articles(), grouped.stories(), grouped.newStories(), grouped.multiArticleStories(),
            grouped.joinedExisting(), stories.threshold(), stories.shingleWords(), grouped.similarPairs());
        run.param("story_count", grouped.stories()).param("stories_new", grouped.newStories())
            .param("stories_multi_article", grouped.multiArticleStories())
            .param("story_joined_existing", grouped.joinedExisting())
            .param("story_similar_pairs", grouped.similarPairs());
      } else {
        articles = articles.withColumn("story_id", col("article_id"));
      }
      if (accepted > 0) {
        // Insert-only MERGE on article_id: what another run committed meanwhile is not inserted
        // twice (a conflicting commit makes the MERGE run again against the new table).
        Dataset<Row> toInsert = articles;
        warehouse.retrying(Table.SILVER_ARTICLES, () -> warehouse.insertNew(Table.SILVER_ARTICLES,
            Faults.duringWrite(toInsert, "ingest:during-merge"), "article_id"));
      }
      // Counted from the table, not the commit's metrics, which may belong to a concurrent run.
      long inserted = accepted > 0
          ? warehouse.read(Table.SILVER_ARTICLES).filter(col("ingest_batch").equalTo(batch)).count() : 0;
      if (inserted != accepted) {
        // Another ingest committed some of the same ids between our check and our MERGE.
        Console.warn("ingest: %d article(s) were inserted concurrently by another run; counted as duplicates",
            accepted - inserted);
        duplicates += accepted - inserted;
        accepted = inserted;
      }
      Faults.at("ingest:before-runs");
      run.rowsIn = read;
      run.rowsOut = accepted;
      run.rowsDuplicate = duplicates;
      run.rowsRejected = rejected;
      run.succeeded(String.format("read %d, accepted %d, duplicates %d, rejected %d%s%s", read, accepted,
          duplicates, rejected, rejected > 0 ? " (reasons in silver/rejects)" : "",
          replaced > 0 ? "; " + replaced + " accepted with U+FFFD in place of bytes that are not UTF-8" : ""));
      return new Result(batch, read, accepted, duplicates, rejected);
    } catch (RuntimeException e) {
      run.failed(e);
      throw e;
    } finally {
      if (grouped != null) {
        grouped.release();
      }
      if (classified != null) {
        classified.unpersist();
      }
      if (normalized != null) {
        normalized.unpersist();
      }
    }
  }

  /**
   * Per outcome: the number of records, and how many of them hold U+FFFD in their text or title
   * (Spark's readers put it in place of bytes that are not UTF-8).
   */
  private static Map<String, long[]> outcomes(Dataset<Row> classified) {
    Map<String, long[]> m = new LinkedHashMap<>();
    Column replaced = when(col("text").contains("\uFFFD").or(col("title").contains("\uFFFD")), 1).otherwise(0);
    for (Row r : classified.groupBy("outcome").agg(count(lit(1)), sum(replaced)).collectAsList()) {
      m.put(r.getString(0), new long[] {r.getLong(1), r.isNullAt(2) ? 0 : r.getLong(2)});
    }
    return m;
  }

  /**
   * The candidates plus one rejection for each input file that gave no record at all (a JSONL
   * file of blank lines, a CSV file with a header only, a Parquet file without rows, a compressed
   * file that holds nothing): every file given as input shows in the counts. Cost: a distinct
   * over the file names of the (persisted) candidates.
   */
  private static Dataset<Row> withFilesWithoutRecords(SparkSession spark, Dataset<Row> candidates,
      List<InputFile> files) {
    Set<String> seen = new HashSet<>();
    for (Row r : candidates.select("source_file").distinct().collectAsList()) {
      seen.add(r.getString(0));
    }
    List<Row> none = new ArrayList<>();
    for (InputFile f : files) {
      String name = RawRecords.fileName(f);
      if (!seen.contains(name)) {
        none.add(ArticleNormalizer.rejected(name, f.format().id(), "", noRecords(f.format())));
      }
    }
    return none.isEmpty() ? candidates
        : candidates.unionByName(spark.createDataFrame(none, ArticleNormalizer.CANDIDATE));
  }

  static String noRecords(InputFormat format) {
    return switch (format) {
      case JSONL -> "no records: the file holds only blank lines";
      case CSV, TSV -> "no records: the file has a header row and no data rows";
      case PARQUET -> "no records: the Parquet file has no rows";
      case TEXT -> "no records";
    };
  }

  /** Records sampled per format in each partition for {@link #checkMapping}. */
  private static final int SAMPLE_RECORDS = 200;

  private static final StructType FIELD_NAMES = new StructType()
      .add("format", DataTypes.StringType).add("field", DataTypes.StringType);

  /**
   * The distinct (format, field name) pairs of the first {@link #SAMPLE_RECORDS} records of each
   * format in a partition; stops reading once every format seen has that many (a partition holds
   * the records of one reader, so it stops after its first records).
   */
  static Iterator<Row> fieldNames(Iterator<Row> rows) {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Set<String>> names = new LinkedHashMap<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      String format = r.getString(0);
      int n = counts.merge(format, 1, Integer::sum);
      if (n <= SAMPLE_RECORDS) {
        names.computeIfAbsent(format, k -> new LinkedHashSet<>()).addAll(r.<String>getList(1));
      }
      if (n >= SAMPLE_RECORDS && counts.values().stream().allMatch(c -> c >= SAMPLE_RECORDS)) {
        break;
      }
    }
    List<Row> out = new ArrayList<>();
    names.forEach((format, keys) -> keys.forEach(k -> out.add(RowFactory.create(format, k))));
    return out.iterator();
  }

  /**
   * Logs the field mapping for each format from a sample of records (the first records of every
   * partition), and refuses a field named by option that no sampled record has.
   */
  private void checkMapping(Dataset<Row> raw, List<InputFile> files) {
    Map<InputFormat, List<InputFile>> groups = InputFiles.byFormat(files);
    // One job (not one per format, each reading on until its sample is full).
    Map<String, TreeSet<String>> sampled = new LinkedHashMap<>();
    for (Row r : raw.filter(col("fields").isNotNull()).select(col("format"), map_keys(col("fields")))
        .mapPartitions((MapPartitionsFunction<Row, Row>) IngestJob::fieldNames, Encoders.row(FIELD_NAMES))
        .collectAsList()) {
      sampled.computeIfAbsent(r.getString(0), k -> new TreeSet<>()).add(r.getString(1));
    }
    TreeSet<String> allKeys = new TreeSet<>();
    for (InputFormat f : groups.keySet()) {
      TreeSet<String> keys = sampled.getOrDefault(f.id(), new TreeSet<>());
      allKeys.addAll(keys);
      if (!keys.isEmpty()) {
        Console.info("ingest: %s fields %s -> %s", f.id(), keys, mapping.describe(keys));
        Map<String, String> idx = new LinkedHashMap<>();
        keys.forEach(k -> idx.putIfAbsent(FieldMapping.key(k), k));
        if (mapping.fieldFor(FieldMapping.Target.TEXT, idx) == null
            && mapping.fieldFor(FieldMapping.Target.TITLE, idx) == null) {
          Console.warn("ingest: the %s records have no text or title field (fields: %s): they will be rejected;"
              + " name one with --text-field or --title-field", f.id(), String.join(", ", keys));
        }
      }
    }
    List<String> missing = mapping.missingExplicit(allKeys);
    if (!missing.isEmpty() && !allKeys.isEmpty()) {
      throw new UserError("no such field in the input: " + String.join(", ", missing)
          + " (fields seen: " + String.join(", ", allKeys) + ")");
    }
  }
}
