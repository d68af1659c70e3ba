package org.entente.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.entente.comention.ComentionJob;
import org.entente.generate.CorpusGenerator;
import org.entente.ingest.IngestJob;
import org.entente.nlp.AnnotateJob;
import org.entente.topics.TopicJob;
import org.entente.util.Console;
import org.entente.util.Folders;
import org.entente.util.UserError;
import org.entente.warehouse.Json;
import org.entente.warehouse.Warehouse;

/**
 * How each stage's cost grows with the corpus. For every size: a corpus from {@code entente
 * generate} (seed {@code seed}, 2015-01-01 to 2025-12-31; kept under the scratch folder and reused
 * when its manifest matches), a fresh warehouse, and the stages run once each, in pipeline order,
 * with their default options, timed from the job's start to its {@code gold/runs} row. Then one
 * day's batch (the largest size spread over the corpus's days, dated the day after, another seed)
 * is added to the largest warehouse and every stage runs again, incrementally, as a daily job would.
 *
 * <p>Reads: the generated corpora. Writes: {@code <scratch>/corpus-N}, {@code <scratch>/warehouse-N-<millis>},
 * {@code <scratch>/day-N} and the report (after every stage when {@code out} is given, so a run
 * stopped half-way keeps what it measured). Cost: the whole pipeline at every size plus the
 * generation (on the team's 2-core machine, about 40 minutes for 25k + 100k + 400k articles).
 */
public final class ScaleBench {
  /** The stages in pipeline order; a bench runs a prefix of them. */
  public static final List<String> STAGES = List.of("ingest", "annotate", "comentions", "topics");
  static final LocalDate FROM = LocalDate.of(2015, 1, 1);
  static final LocalDate TO = LocalDate.of(2025, 12, 31);
  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkSession spark;
  private final List<Long> sizes;
  private final List<String> stages;
  private long seed = 1;
  private boolean day = true;
  private Path out;

  private ScaleBench(List<Long> sizes, List<String> stages) {
    this.sizes = sizes.stream().sorted().toList();
    this.stages = stages;
  }

  /**
   * A bench at these sizes (articles, each 1 or more) of these stages (a prefix of {@link #STAGES}:
   * each stage needs the tables of the ones before it).
   */
  public static ScaleBench of(List<Long> sizes, List<String> stages) {
    if (sizes.isEmpty()) {
      throw new UserError("--articles needs at least one size");
    }
    for (long n : sizes) {
      if (n < 1) {
        throw new UserError("--articles sizes must be 1 or more, not " + n);
      }
    }
    if (sizes.stream().distinct().count() != sizes.size()) {
      throw new UserError("--articles lists a size twice: " + sizes);
    }
    for (String s : stages) {
      if (!STAGES.contains(s)) {
        throw new UserError("unknown stage '" + s + "' in --stages (expected " + String.join(", ", STAGES) + ")");
      }
    }
    if (stages.isEmpty() || !stages.equals(STAGES.subList(0, stages.size()))) {
      throw new UserError("with --articles, --stages must be " + String.join(",", STAGES)
          + " or a start of it (each stage reads what the ones before wrote), not " + String.join(",", stages));
    }
    return new ScaleBench(sizes, stages);
  }

  /** The generator's seed for the corpora (the day's batch uses {@code seed + 1}). */
  public ScaleBench seed(long s) {
    this.seed = s;
    return this;
  }

  /** Whether to time one day's batch added to the largest warehouse (default true). */
  public ScaleBench day(boolean d) {
    this.day = d;
    return this;
  }

  /** Where to write the report as it grows (null: only returned). */
  public ScaleBench out(Path file) {
    this.out = file;
    return this;
  }

  /** Runs the bench in {@code scratch}; returns the report (also written to {@code out}). */
  public Map<String, Object> execute(SparkSession session, Path scratch) {
    this.spark = session;
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("when", Instant.now().toString());
    report.put("machine", BenchJob.machine());
    report.put("generator", Map.of("seed", seed, "from", FROM.toString(), "to", TO.toString()));
    report.put("stages", stages);
    List<Map<String, Object>> runs = new ArrayList<>();
    report.put("sizes", runs);
    Consumer<Map<String, Object>> save = r -> write(r);
    Warehouse largest = null;
    for (long n : sizes) {
      Map<String, Object> run = new LinkedHashMap<>();
      runs.add(run);
      run.put("articles", n);
      Path corpus = corpus(scratch.resolve("corpus-" + n), n, seed, FROM, TO, run);
      Warehouse wh = freshWarehouse(scratch, "warehouse-" + n);
      run.put("warehouse", wh.root());
      Console.info("bench: %,d articles: running %s", n, String.join(", ", stages));
      run.put("stages", runStages(wh, corpus, n, () -> save.accept(report)));
      largest = wh;
      save.accept(report);
    }
    report.put("per_article_cost_ratio", ratios(runs));
    save.accept(report);
    if (day && largest != null) {
      long n = sizes.get(sizes.size() - 1);
      long days = ChronoUnit.DAYS.between(FROM, TO) + 1;
      long perDay = Math.max(1, (n + days - 1) / days);
      LocalDate next = TO.plusDays(1);
      Map<String, Object> d = new LinkedHashMap<>();
      report.put("incremental_day", d);
      d.put("warehouse_articles", n);
      d.put("articles", perDay);
      d.put("date", next.toString());
      Path corpus = corpus(scratch.resolve("day-" + n), perDay, seed + 1, next, next, d);
      Console.info("bench: one day's batch (%,d articles dated %s) into the %,d-article warehouse", perDay, next, n);
      Map<String, Object> dayStages = runStages(largest, corpus, perDay, () -> save.accept(report));
      d.put("stages", dayStages);
      d.put("against_full_run", againstFull(dayStages, stagesOf(runs.get(runs.size() - 1)), perDay, n));
      save.accept(report);
    }
    return report;
  }

  private Map<String, Object> runStages(Warehouse wh, Path corpus, long n, Runnable saved) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (String stage : stages) {
      Console.info("bench: %s on %,d articles ...", stage, n);
      Map<String, Object> m = new LinkedHashMap<>();
      long t0;
      double seconds;
      try (PeakMemory peak = new PeakMemory(spark.sparkContext())) {
        t0 = System.nanoTime();
        switch (stage) {
          case "ingest" -> {
            IngestJob.Result r = IngestJob.into(wh).inputs(List.of(corpus.resolve("articles-*.jsonl.gz").toString()))
                .execute();
            m.put("read", r.read());
            m.put("accepted", r.accepted());
            m.put("duplicates", r.duplicates());
            m.put("rejected", r.rejected());
          }
          case "annotate" -> {
            AnnotateJob.Result r = AnnotateJob.on(wh).execute();
            m.put("annotated", r.articles());
            m.put("mentions", r.mentions());
          }
          case "comentions" -> {
            ComentionJob.Result r = ComentionJob.on(wh).execute();
            m.put("entity_counts", r.entityCounts());
            m.put("comentions", r.comentions());
            m.put("trends", r.trends());
            m.put("evidence", r.evidence());
          }
          case "topics" -> {
            TopicJob.Result r = TopicJob.on(wh).execute();
            m.put("model", r.modelId());
            m.put("fitted", r.fitted());
            m.put("scored", r.scored());
            m.put("doc_topics", r.docTopics());
          }
          default -> throw new IllegalStateException(stage);
        }
        seconds = (System.nanoTime() - t0) / 1e9;
        m.put("peak_heap_mb", peak.driverMb());
        if (peak.executorMb() > 0) {
          m.put("executor_peak_heap_mb", peak.executorMb());
        }
      }
      m.put("seconds", round(seconds, 2));
      double rate = n / seconds;
      m.put("articles_per_second", rate >= 100 ? (Object) Math.round(rate) : (Object) round(rate, 2));
      m.put("ms_per_1000_articles", round(seconds * 1e6 / n, 1));
      Console.info("bench: %s on %,d articles: %.1f s, %,.0f articles/s", stage, n, seconds, n / seconds);
      result.put(stage, orderedTiming(m));
      saved.run();
    }
    return result;
  }

  /** Timing first, then the stage's own counts. */
  private static Map<String, Object> orderedTiming(Map<String, Object> m) {
    Map<String, Object> o = new LinkedHashMap<>();
    for (String k : List.of("seconds", "articles_per_second", "ms_per_1000_articles", "peak_heap_mb",
        "executor_peak_heap_mb")) {
      if (m.containsKey(k)) {
        o.put(k, m.get(k));
      }
    }
    m.forEach(o::putIfAbsent);
    return o;
  }

  /** Per stage and for the whole pipeline: each size's seconds per article over the smallest size's. */
  static Map<String, Object> ratios(List<Map<String, Object>> runs) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (runs.size() < 2) {
      return out;
    }
    Map<String, Object> first = runs.get(0);
    long n0 = (Long) first.get("articles");
    for (Map<String, Object> run : runs.subList(1, runs.size())) {
      long n = (Long) run.get("articles");
      Map<String, Object> r = new LinkedHashMap<>();
      double total = 0;
      double total0 = 0;
      for (Map.Entry<String, Map<String, Object>> e : stagesOf(run).entrySet()) {
        double s = seconds(e.getValue());
        double s0 = seconds(stagesOf(first).get(e.getKey()));
        total += s;
        total0 += s0;
        r.put(e.getKey(), round((s / n) / (s0 / n0), 3));
      }
      r.put("pipeline", round((total / n) / (total0 / n0), 3));
      out.put(n + "_vs_" + n0, r);
    }
    return out;
  }

  /** Per stage: the day's seconds, as a share of the full run's, next to the day's share of articles. */
  static Map<String, Object> againstFull(Map<String, Object> day, Map<String, Map<String, Object>> full, long dayN,
      long fullN) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("article_share", round((double) dayN / fullN, 6));
    double d = 0;
    double f = 0;
    for (Map.Entry<String, Map<String, Object>> e : full.entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> ds = (Map<String, Object>) day.get(e.getKey());
      double s = seconds(ds);
      double fs = seconds(e.getValue());
      d += s;
      f += fs;
      out.put(e.getKey() + "_time_share", round(s / fs, 4));
    }
    out.put("pipeline_time_share", round(d / f, 4));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> stagesOf(Map<String, Object> run) {
    return (Map<String, Map<String, Object>>) (Map<String, ?>) run.get("stages");
  }

  private static double seconds(Map<String, Object> stage) {
    return ((Number) stage.get("seconds")).doubleValue();
  }

  private static double round(double x, int places) {
    double f = Math.pow(10, places);
    return Math.round(x * f) / f;
  }

  /** Generates the corpus into {@code dir} unless a matching one is there already. */
  private static Path corpus(Path dir, long n, long seed, LocalDate from, LocalDate to, Map<String, Object> into) {
    Path manifest = dir.resolve("manifest.json");
    try {
      JsonNode kept = Files.isRegularFile(manifest) ? JSON.readTree(manifest.toFile()) : null;
      boolean reuse = kept != null && kept.path("articles").asLong() == n && kept.path("seed").asLong() == seed
          && kept.path("from").asText().equals(from.toString()) && kept.path("to").asText().equals(to.toString());
      if (reuse) {
        Console.info("bench: reusing the corpus in %s", dir);
      } else {
        CorpusGenerator.Result g = CorpusGenerator.into(dir).articles(n).seed(seed).range(from, to).force(true)
            .execute();
        into.put("generate_seconds", round(g.seconds(), 2));
      }
      JsonNode planted = JSON.readTree(manifest.toFile()).get("planted_mentions");
      into.put("planted_mentions", planted == null ? null : planted.asLong());
      into.put("input_gzip_bytes", gzipBytes(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest, e);
    }
    return dir;
  }

  private static long gzipBytes(Path dir) throws IOException {
    long bytes = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "articles-*.jsonl.gz")) {
      for (Path f : files) {
        bytes += Files.size(f);
      }
    }
    return bytes;
  }

  /**
   * A new warehouse folder {@code <name>-<millis>}, earlier ones of that name deleted first: a new
   * path each time, because Delta caches table logs by path within the session.
   */
  private Warehouse freshWarehouse(Path scratch, String name) {
    try {
      try (DirectoryStream<Path> old = Files.newDirectoryStream(scratch, name + "-*")) {
        for (Path dir : old) {
          Folders.deleteTree(dir);
        }
      }
      Path dir = Files.createDirectories(scratch.resolve(name + "-" + System.currentTimeMillis()));
      return Warehouse.open(spark, dir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a warehouse in " + scratch, e);
    }
  }

  private void write(Map<String, Object> report) {
    if (out == null) {
      return;
    }
    try {
      Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
      Files.writeString(tmp, Json.object(report) + "\n");
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }
}
