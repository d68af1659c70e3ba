package org.entente.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every stage runs in: Delta's SQL extension and catalog, UTC session
 * time zone, and settings that suit the machine. Under {@code spark-submit} the cluster's master
 * and settings win; {@link #local} is for {@code bin/entente} and tests.
 */
public final class Sessions {
  private Sessions() {}

  /** Settings Entente needs on any cluster. */
  public static Map<String, String> required() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.put("spark.sql.session.timeZone", "UTC");
    // Columns added by later versions (e.g. a new count column) merge into existing tables.
    conf.put("spark.databricks.delta.schema.autoMerge.enabled", "true");
    // Dates are computed in the proleptic Gregorian calendar (java.time) and written as they are.
    // Spark's default refuses, and fails the whole write on, a timestamp before 1900 in INT96
    // (articles from the 1800s are accepted) "because Spark 2.x or legacy Hive might misread it".
    conf.put("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED");
    conf.put("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED");
    // Wide plans (articles have many columns) otherwise log a truncation warning on every query.
    conf.put("spark.sql.debug.maxToStringFields", "500");
    return conf;
  }

  /**
   * Returns the active session or builds one. {@code master} may be null: then the master
   * given by {@code spark-submit} (system property {@code spark.master}) is used, else
   * {@code local[*]}.
   */
  public static SparkSession getOrCreate(String master, boolean verbose) {
    quietLogging(verbose);
    SparkSession active = SparkSession.getActiveSession().isDefined()
        ? SparkSession.getActiveSession().get()
        : SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get() : null;
    if (active != null && !active.sparkContext().isStopped()) {
      return active;
    }
    SparkConf conf = new SparkConf();
    String m = master != null ? master : System.getProperty("spark.master", "local[*]");
    conf.setMaster(m);
    conf.setAppName(System.getProperty("spark.app.name", "entente"));
    required().forEach(conf::set);
    if (m.startsWith("local")) {
      int cores = localCores(m);
      setIfAbsent(conf, "spark.sql.shuffle.partitions", String.valueOf(Math.max(4, cores * 4)));
      setIfAbsent(conf, "spark.databricks.delta.snapshotPartitions", String.valueOf(Math.max(2, cores * 2)));
      // The progress bar on a terminal only: in a log file its carriage returns are noise.
      setIfAbsent(conf, "spark.ui.showConsoleProgress", String.valueOf(System.console() != null));
      setIfAbsent(conf, "spark.driver.host", "127.0.0.1");
      setIfAbsent(conf, "spark.sql.warehouse.dir",
          Path.of(System.getProperty("java.io.tmpdir"), "entente-spark-warehouse").toString());
    }
    // An even split of one large input over the cores (see STACK.md: openCostInBytes).
    setIfAbsent(conf, "spark.sql.files.openCostInBytes", "0");
    // Parquet row groups of 16 MB instead of 128: a row group is read by one task, and a stage
    // that writes one file (ingest's MERGE of a batch) otherwise left silver/articles of 100,000
    // articles as one 80 MB row group, read by one task while the other cores waited.
    setIfAbsent(conf, "spark.hadoop.parquet.block.size", String.valueOf(16 << 20));
    setIfAbsent(conf, "spark.sql.adaptive.enabled", "true");
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** A small local session for tests: local[2], few partitions, no UI. */
  public static SparkSession forTests() {
    quietLogging(false);
    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("entente-tests");
    required().forEach(conf::set);
    conf.set("spark.sql.shuffle.partitions", "2");
    conf.set("spark.databricks.delta.snapshotPartitions", "1");
    conf.set("spark.sql.adaptive.coalescePartitions.initialPartitionNum", "2");
    conf.set("spark.ui.enabled", "false");
    conf.set("spark.ui.showConsoleProgress", "false");
    conf.set("spark.driver.host", "127.0.0.1");
    conf.set("spark.sql.files.openCostInBytes", "0");
    conf.set("spark.sql.warehouse.dir",
        Path.of(System.getProperty("java.io.tmpdir"), "entente-test-spark-warehouse").toString());
    conf.set("spark.databricks.delta.delta.log.cacheSize", "50");
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** Spark and its libraries at WARN unless verbose; Entente's own logger at INFO. */
  public static void quietLogging(boolean verbose) {
    try {
      if (!verbose) {
        Configurator.setRootLevel(Level.WARN);
        Configurator.setLevel("org.apache.spark", Level.WARN);
        Configurator.setLevel("org.sparkproject", Level.WARN);
        Configurator.setLevel("org.apache.hadoop", Level.ERROR);
        Configurator.setLevel("io.delta", Level.WARN);
        Configurator.setLevel("com.johnsnowlabs", Level.WARN);
        // Harmless on a laptop: "Unable to load native-hadoop library".
        Configurator.setLevel("org.apache.hadoop.util.NativeCodeLoader", Level.ERROR);
        Configurator.setLevel("org.apache.spark.util.Utils", Level.ERROR);
        // Misleading on every topic fit: MLlib's LDA warns that "the input data is not directly
        // cached" because it maps the (cached) feature vectors to an RDD it does not cache itself.
        Configurator.setLevel("org.apache.spark.mllib.clustering.OnlineLDAOptimizer", Level.ERROR);
        // Harmless: no native BLAS for vectors, so the pure-Java one is used (as it is anyway on
        // most machines).
        Configurator.setLevel("dev.ludovic.netlib", Level.ERROR);
      } else {
        Configurator.setRootLevel(Level.INFO);
      }
    } catch (NoClassDefFoundError | RuntimeException e) {
      // A cluster may log through another backend; its own configuration then applies.
    }
  }

  private static int localCores(String master) {
    String inside = master.replaceAll("^local\\[?([^,\\]]*).*$", "$1");
    if (inside.isEmpty() || inside.equals("*") || inside.equals("local")) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      return Integer.parseInt(inside);
    } catch (NumberFormatException e) {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  private static void setIfAbsent(SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      conf.set(key, value);
    }
  }
}
