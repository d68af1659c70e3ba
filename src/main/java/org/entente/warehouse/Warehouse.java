package org.entente.warehouse;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.entente.util.Console;
import org.entente.util.UserError;
import scala.collection.JavaConverters;

/**
 * A warehouse root (local path or any Hadoop file system URI) holding Delta tables at
 * {@code <root>/<layer>/<table>}. Reads, appends and merges go through here so that every table
 * is created with its declared schema ({@link Table}).
 */
public final class Warehouse {
  private final SparkSession spark;
  private final String root;
  private final String location;
  private final java.util.Set<Table> known = java.util.EnumSet.noneOf(Table.class);
  private int commitAttempts = DEFAULT_COMMIT_ATTEMPTS;

  /** How many times a write that lost a race with a concurrent run is tried, by default. */
  public static final int DEFAULT_COMMIT_ATTEMPTS = 8;

  private Warehouse(SparkSession spark, String root, String location) {
    this.spark = spark;
    this.root = root;
    this.location = location;
  }

  /**
   * Opens (does not create) the warehouse at {@code location}. A plain path is made absolute so
   * that it means the same directory to every executor.
   */
  public static Warehouse open(SparkSession spark, String location) {
    if (location == null || location.isBlank()) {
      throw new UserError("--warehouse must not be empty");
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try {
      Path p = new Path(location);
      FileSystem fs = p.getFileSystem(hadoop);
      Path qualified = fs.makeQualified(p);
      if (fs.exists(qualified) && !fs.getFileStatus(qualified).isDirectory()) {
        throw new UserError("--warehouse " + location + " is a file, not a directory");
      }
      String s = qualified.toString();
      return new Warehouse(spark, s.endsWith("/") ? s.substring(0, s.length() - 1) : s, location);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError("cannot open warehouse " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses, as a {@link UserError} naming {@code --warehouse}, a warehouse on the local file
   * system that this process cannot write: the folder itself (or, when it does not exist yet, the
   * nearest folder above it, where it would be created), and the layer and table folders and
   * Delta logs already in it. Checked before a stage starts, so that a read-only warehouse is one
   * clear line rather than a failure after the work is done. Other file systems (hdfs://, s3a://)
   * are not checked here: their permissions show at the first write. Cost: a few file system
   * checks, no Spark job.
   *
   * <p>The folder is tried rather than its permissions asked about ({@link Files#isWritable} does
   * not bind a process running as root): a probe file is created in it and deleted at once (a
   * read-only mount, or a kernel file system such as /sys, refuses root too).
   */
  public Warehouse requireWritable() {
    java.net.URI uri = new Path(root).toUri();
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      return this;
    }
    java.nio.file.Path dir = java.nio.file.Path.of(uri.getPath());
    java.nio.file.Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return this;
    }
    if (!Files.isDirectory(existing)) {
      throw new UserError("--warehouse " + location + " is not writable: " + existing + " is a file, not a folder");
    }
    if (!canCreateFileIn(existing)) {
      throw new UserError("--warehouse " + location + " is not writable"
          + (existing.equals(dir) ? "" : ": cannot create it in " + existing));
    }
    if (existing.equals(dir)) {
      for (Table t : Table.values()) {
        java.nio.file.Path layer = dir.resolve(t.layer());
        java.nio.file.Path table = dir.resolve(t.relativePath());
        for (java.nio.file.Path p : List.of(layer, table, table.resolve("_delta_log"))) {
          if (Files.exists(p) && !Files.isWritable(p)) {
            throw new UserError("--warehouse " + location + " is not writable: " + p + " is read-only");
          }
        }
      }
    }
    return this;
  }

  /** True when a file can be created (and is then deleted) in {@code dir}. */
  private static boolean canCreateFileIn(java.nio.file.Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, ".entente-write-check-", ".tmp"));
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /**
   * How many times {@link #retrying} tries a write that conflicts with another run's commit
   * (Delta's optimistic concurrency) before giving up with a message; at least 1.
   */
  public Warehouse commitAttempts(int attempts) {
    if (attempts < 1) {
      throw new UserError("--commit-attempts must be at least 1, not " + attempts);
    }
    this.commitAttempts = attempts;
    return this;
  }

  /**
   * Runs {@code write} (one Delta commit, or a check-then-commit such as a MERGE) and, when it
   * loses a race with a concurrent run's commit to the same table (a Delta
   * {@code ConcurrentModificationException}: two first runs creating a table, two MERGEs
   * inserting into it), runs it again from the start after a short random pause, up to
   * {@link #commitAttempts} times. A write that re-reads the table (MERGE, anti-join) then sees
   * what the other run committed, so the outcome is as if the runs had been one after the other.
   * When every attempt conflicts, fails with a message that says so.
   */
  public <T> T retrying(Table table, java.util.function.Supplier<T> write) {
    java.util.Random jitter = new java.util.Random();
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes, thrown unchecked from Scala
        if (!losesARace(e)) {
          throw Warehouse.<RuntimeException>rethrow(e);
        }
        known.remove(table);
        if (attempt >= commitAttempts) {
          throw new CommitConflict(table.sqlName() + ": gave up after " + attempt + " attempts, each in conflict with"
              + " another run writing it at the same time (" + e.getClass().getSimpleName() + "); run again"
              + " when the other run has finished, or raise --commit-attempts", e);
        }
        long pause = 200L * attempt + jitter.nextInt(500);
        Console.info("%s: a concurrent run committed first (%s); trying again in %d ms (attempt %d of %d)",
            table.sqlName(), e.getClass().getSimpleName(), pause, attempt + 1, commitAttempts);
        try {
          Thread.sleep(pause);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw Warehouse.<RuntimeException>rethrow(e);
        }
      }
    }
  }

  /**
   * A conflicting commit (Delta's {@code ConcurrentModificationException} family), or a table
   * another run is creating this instant (its log folder is there, its first commit not yet:
   * {@code DELTA_TABLE_NOT_FOUND}): both pass when tried again.
   */
  static boolean losesARace(Throwable e) {
    return e instanceof java.util.ConcurrentModificationException
        || e instanceof org.apache.spark.SparkThrowable t && "DELTA_TABLE_NOT_FOUND".equals(t.getErrorClass());
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable e) throws E {
    throw (E) e;
  }

  /** A write that conflicted with concurrent runs on every attempt {@link #retrying} made. */
  public static final class CommitConflict extends RuntimeException {
    CommitConflict(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public SparkSession spark() {
    return spark;
  }

  public String root() {
    return root;
  }

  public String path(Table table) {
    return root + "/" + table.relativePath();
  }

  /** True when the table has a Delta log (a file system check; no Spark job). */
  public boolean exists(Table table) {
    if (known.contains(table)) {
      return true;
    }
    try {
      Path log = new Path(path(table), "_delta_log");
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(log) && fs.listStatus(log, p -> p.getName().endsWith(".json")).length > 0) {
        known.add(table);
        return true;
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check table " + path(table), e);
    }
  }

  /** The table's rows; an empty frame with the declared schema if it does not exist yet. */
  public Dataset<Row> read(Table table) {
    if (!exists(table)) {
      return spark.createDataFrame(new ArrayList<Row>(), table.schema());
    }
    return spark.read().format("delta").load(path(table));
  }

  /** Creates the table with its declared schema if it does not exist. */
  public DeltaTable createIfMissing(Table table) {
    return DeltaTable.createIfNotExists(spark)
        .location(path(table))
        .addColumns(table.schema())
        .execute();
  }

  public DeltaTable delta(Table table) {
    createIfMissing(table);
    return DeltaTable.forPath(spark, path(table));
  }

  /** Appends rows, selecting the table's columns in order (extra columns are an error). */
  public void append(Table table, Dataset<Row> rows) {
    conform(table, rows).write().format("delta").mode("append").save(path(table));
    known.add(table);
  }

  /** Replaces the table's rows (a Delta overwrite: earlier versions stay readable by time travel). */
  public void overwrite(Table table, Dataset<Row> rows) {
    conform(table, rows).write().format("delta").mode("overwrite").save(path(table));
    known.add(table);
  }

  /**
   * Writes a table of per-period rows: all of them (an overwrite), or with {@code replaceWhere}
   * (a SQL predicate over grain and period_start) only the rows of those periods, when the table
   * exists. The rows go out ordered by period, in files of at most {@code rowsPerFile} rows, so
   * that each file covers a span of time and a later run replacing a few periods rewrites only the
   * files whose period statistics overlap them (Delta's replaceWhere copies every other row of a
   * file it touches). Returns the rows written for these periods, from the commit's own metrics
   * (the caller must be the only writer of the table).
   */
  public long replacePeriods(Table table, Dataset<Row> rows, String replaceWhere, long rowsPerFile) {
    Dataset<Row> conformed = conform(table, rows);
    conformed = List.of(conformed.columns()).contains("grain") ? conformed.orderBy("period_start", "grain")
        : conformed.orderBy("period_start");
    var writer = conformed.write().format("delta").mode("overwrite").option("maxRecordsPerFile", rowsPerFile);
    if (replaceWhere != null && exists(table)) {
      writer = writer.option("replaceWhere", replaceWhere);
    }
    writer.save(path(table));
    known.add(table);
    Map<String, Long> metrics = lastOperationMetrics(table);
    return metrics.getOrDefault("numOutputRows", 0L) - metrics.getOrDefault("numCopiedRows", 0L);
  }

  /**
   * Inserts the rows whose key columns match no existing row (Delta MERGE, insert-only), and
   * returns the number of rows inserted as reported by Delta for this commit.
   */
  public long insertNew(Table table, Dataset<Row> rows, String... keys) {
    if (!exists(table)) {
      // Created empty first so that two concurrent first runs still meet in one MERGE.
      createIfMissing(table);
      known.add(table);
    }
    addMissingColumns(table);
    DeltaTable target = DeltaTable.forPath(spark, path(table));
    StringBuilder cond = new StringBuilder();
    for (String k : keys) {
      if (cond.length() > 0) {
        cond.append(" AND ");
      }
      cond.append("t.`").append(k).append("` <=> s.`").append(k).append('`');
    }
    target.as("t")
        .merge(conform(table, rows).as("s"), cond.toString())
        .whenNotMatched().insertAll()
        .execute();
    return lastOperationMetric(table, "numTargetRowsInserted");
  }

  /**
   * Appends the rows whose key columns match no existing row (a left anti join, then a blind
   * append): cheaper than {@link #insertNew} where a rare duplicate from two concurrent runs is
   * harmless (the rejects log).
   */
  public void appendNew(Table table, Dataset<Row> rows, String... keys) {
    Dataset<Row> fresh = rows;
    if (exists(table)) {
      Dataset<Row> have = read(table).select(java.util.Arrays.stream(keys).map(functions::col)
          .toArray(Column[]::new)).distinct();
      fresh = rows.join(have, JavaConverters.asScalaBuffer(List.of(keys)).toSeq(), "left_anti");
    }
    append(table, fresh);
  }

  /**
   * Adds to an existing table the declared columns it lacks (a warehouse written by an older
   * version), as nullable columns: their old rows read as null. Cost: a look at the table's schema.
   */
  public void addMissingColumns(Table table) {
    if (!exists(table)) {
      return;
    }
    java.util.Set<String> have = new java.util.HashSet<>(List.of(read(table).columns()));
    for (StructField f : table.schema().fields()) {
      if (!have.contains(f.name())) {
        spark.sql("ALTER TABLE delta.`" + path(table).replace("`", "``") + "` ADD COLUMNS (`" + f.name() + "` "
            + f.dataType().sql() + ")");
        Console.info("%s: added column %s (older warehouse)", table.sqlName(), f.name());
      }
    }
  }

  /** The table's latest Delta version (one read of its log's newest entry); -1 when it does not exist. */
  public long version(Table table) {
    if (!exists(table)) {
      return -1;
    }
    return DeltaTable.forPath(spark, path(table)).history(1).select("version").first().getLong(0);
  }

  /** A numeric metric of the table's latest commit (e.g. rows inserted by a MERGE); 0 when absent. */
  public long lastOperationMetric(Table table, String metric) {
    return lastOperationMetrics(table).getOrDefault(metric, 0L);
  }

  /** The numeric metrics of the table's latest commit (one read of the Delta log's newest entry). */
  public Map<String, Long> lastOperationMetrics(Table table) {
    Row last = DeltaTable.forPath(spark, path(table)).history(1).select("operationMetrics").first();
    Map<String, String> metrics = last.getJavaMap(0);
    Map<String, Long> out = new java.util.HashMap<>();
    if (metrics != null) {
      metrics.forEach((k, v) -> out.put(k, Long.parseLong(v)));
    }
    return out;
  }

  /** Rows cast to the table's declared columns, in the declared order. */
  public static Dataset<Row> conform(Table table, Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    java.util.Set<String> have = new java.util.HashSet<>(List.of(rows.columns()));
    for (StructField f : table.schema().fields()) {
      if (!have.contains(f.name())) {
        throw new IllegalArgumentException(
            "rows for " + table.sqlName() + " lack column " + f.name() + " (have " + have + ")");
      }
      DataType actual = rows.schema().apply(f.name()).dataType();
      // A nested type read back from Delta is all-nullable; casting it to a declared non-null one fails.
      cols.add(DataType.equalsStructurally(actual, f.dataType(), true) && !(f.dataType() instanceof AtomicType)
          ? functions.col(f.name()).as(f.name())
          : functions.col(f.name()).cast(f.dataType()).as(f.name()));
    }
    return rows.select(JavaConverters.asScalaBuffer(cols).toSeq());
  }
}
