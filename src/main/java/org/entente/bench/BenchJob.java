package org.entente.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.entente.ingest.IngestJob;
import org.entente.kb.KnowledgeBase;
import org.entente.nlp.AnnotateJob;
import org.entente.util.Console;
import org.entente.warehouse.Warehouse;

/**
 * Stage-by-stage throughput on a given corpus, in one JVM so that the figures are warm: ingest
 * into a scratch warehouse (repeated, each into a fresh one), then annotate {@code --full} with
 * each engine (repeated). Reports wall seconds and articles per second for every run and the
 * median, with the machine described. Cost: the stages themselves, {@code repeat} times.
 */
public final class BenchJob {
  private final SparkSession spark;
  private final List<String> inputs;
  private final List<String> engines;
  private final int repeat;
  private final String source;
  private final boolean timeIngest;

  public BenchJob(SparkSession spark, List<String> inputs, List<String> engines, int repeat, String source,
      boolean timeIngest) {
    this.timeIngest = timeIngest;
    this.spark = spark;
    this.inputs = inputs;
    this.engines = engines;
    this.repeat = repeat;
    this.source = source;
  }

  /** The report as nested maps (written as JSON by the command). */
  public Map<String, Object> execute(Path scratch) throws IOException {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("when", Instant.now().toString());
    report.put("machine", machine());
    report.put("inputs", inputs);
    Warehouse last = null;
    List<Double> ingestSeconds = new ArrayList<>();
    long articles = 0;
    long read = 0;
    for (int i = 0; i < (timeIngest ? repeat : 1); i++) {
      Warehouse wh = Warehouse.open(spark, Files.createDirectories(scratch.resolve("ingest-" + i)).toString());
      long t0 = System.nanoTime();
      IngestJob.Result r = IngestJob.into(wh).inputs(inputs).source(source).execute();
      ingestSeconds.add((System.nanoTime() - t0) / 1e9);
      articles = r.accepted();
      read = r.read();
      last = wh;
    }
    report.put("records_read", read);
    report.put("articles", articles);
    if (timeIngest) {
      report.put("ingest", stage(ingestSeconds, read));
    }
    KnowledgeBase kb = KnowledgeBase.load(null);
    Map<String, Object> annotate = new LinkedHashMap<>();
    for (String engine : engines) {
      List<Double> secs = new ArrayList<>();
      long mentions = 0;
      for (int i = 0; i < repeat; i++) {
        long t0 = System.nanoTime();
        AnnotateJob.Result r = AnnotateJob.on(last).kb(kb).engine(engine).full(true).execute();
        secs.add((System.nanoTime() - t0) / 1e9);
        mentions = r.mentions();
      }
      Map<String, Object> s = stage(secs, articles);
      s.put("mentions", mentions);
      annotate.put(engine, s);
    }
    report.put("annotate", annotate);
    return report;
  }

  private static Map<String, Object> stage(List<Double> seconds, long rows) {
    List<Double> sorted = new ArrayList<>(seconds);
    sorted.sort(Double::compare);
    double median = sorted.get(sorted.size() / 2);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runs_seconds", seconds);
    m.put("median_seconds", Math.round(median * 100) / 100.0);
    m.put("rows_per_second", Math.round(rows / median));
    Console.info("bench: %d rows, median %.2f s, %.0f rows/s (runs %s)", rows, median, rows / median, seconds);
    return m;
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1 << 20));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    m.put("master", SparkSession.active().sparkContext().master());
    try {
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      m.put("memory_gb", Math.round(os.getTotalMemorySize() / 1e9));
    } catch (ClassCastException e) {
      m.put("memory_gb", null);
    }
    return m;
  }
}
