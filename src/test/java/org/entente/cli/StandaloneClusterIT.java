package org.entente.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.entente.testing.ChildJvm;
import org.entente.testing.ProcStats;
import org.entente.testing.SparkTest;
import org.entente.topics.TopicModel;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code entente run} on a real Spark standalone cluster: a Master and two Workers (one core
 * each) as separate JVMs on 127.0.0.1, started from the Spark jars alone, and the shaded
 * application jar ({@code target/entente.jar}) submitted to them with SparkSubmit in client
 * mode, on the bundled sample corpus; at the same time the same jar runs in local mode
 * ({@code --master local[2]}). The cluster's event log shows that the tasks ran on executors of
 * both Workers (none in the driver). Every ingest, annotate and co-mention table of the two runs
 * must be equal row for row (run ids and timestamps aside), the topic tables equal in structure
 * (LDA's mini-batches depend on the partitioning); this JVM's Spark session reads them.
 *
 * <p>An integration test (failsafe, after {@code package}), tagged {@code cluster} and so left out
 * of the default {@code mvn verify} (it takes minutes: README, "Running on a cluster");
 * {@code mvn -B verify -Dgroups=cluster} runs it alone. Everything it starts is stopped in {@link #stopCluster} and by a shutdown hook.
 * Outputs, event log and measurements stay under {@code target/it/standalone/}.
 */
@Tag("cluster")
class StandaloneClusterIT extends SparkTest {
  /** The topic step kept cheap: five topics, five online-LDA iterations. */
  static final String K = "5";
  static final String MAX_ITER = "5";
  /**
   * JVM options of the drivers and executors: C1 compilation only. These runs last minutes, and
   * the optimising compiler cost the executors most of their CPU time (measured: 213 s of CPU
   * for driver and executors with it off, 362 s with it on).
   */
  static final List<String> SHORT_JOB_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  static final String CLUSTER_RUN = "cluster run (spark-submit, driver JVM start to exit)";
  static final String LOCAL_RUN = "local run (spark-submit --master local[2], at the same time)";
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(25);
  static final List<ChildJvm> CHILDREN = new ArrayList<>();
  static final Thread HOOK = new Thread(StandaloneClusterIT::stopAll, "stop-standalone-cluster");
  static final ObjectMapper JSON = new ObjectMapper();

  static Path work;
  static Path sparkHome;
  static String sparkClasspath;
  static int masterPort;
  static int masterUi;
  static final int[] WORKER_UI = new int[2];
  static final Map<String, Double> PHASES = new LinkedHashMap<>();
  static final ProcStats STATS = new ProcStats();

  @BeforeAll
  static void startCluster() throws Exception {
    Path jar = appJar();
    assertThat(jar).as("the shaded application jar (built by mvn package)").isRegularFile();
    work = repo().resolve("target/it/standalone");
    deleteTree(work);
    Files.createDirectories(work.resolve("logs"));
    sparkHome = sparkHome(work.resolve("spark-home"));
    sparkClasspath = sparkHome.resolve("conf") + ":" + sparkHome.resolve("jars") + "/*";
    Runtime.getRuntime().addShutdownHook(HOOK);

    long t0 = System.nanoTime();
    try {
      masterPort = freePort();
      masterUi = freePort();
      CHILDREN.add(ChildJvm.start("master", daemonJvm(), sparkClasspath, "org.apache.spark.deploy.master.Master",
          List.of("--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUi)),
          sparkEnv(), work, work.resolve("logs/master.log")));
      for (int i = 0; i < 2; i++) {
        WORKER_UI[i] = freePort();
        Path dir = Files.createDirectories(work.resolve("worker" + (i + 1)));
        CHILDREN.add(ChildJvm.start("worker" + (i + 1), daemonJvm(), sparkClasspath,
            "org.apache.spark.deploy.worker.Worker",
            List.of("--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", String.valueOf(WORKER_UI[i]),
                "--work-dir", dir.toString(), "spark://127.0.0.1:" + masterPort),
            sparkEnv(), work, work.resolve("logs/worker" + (i + 1) + ".log")));
      }
      awaitWorkers(Duration.ofMinutes(3));
    } catch (Throwable e) {
      printTails();
      throw e;
    }
    PHASES.put("cluster start (Master + 2 Workers registered)", seconds(t0));
  }

  @AfterAll
  static void stopCluster() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(HOOK);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs anyway
    }
  }

  @Test
  void theClusterRunsThePipelineOnBothWorkersAndWritesWhatLocalModeWrites() throws Exception {
    try {
      check();
    } catch (Throwable e) {
      printTails();
      throw e;
    } finally {
      writeSummary();
    }
  }

  private void check() throws Exception {
    String clusterWh = work.resolve("warehouse-cluster").toString();
    Path events = Files.createDirectories(work.resolve("events"));

    // 1. The shaded jar, submitted twice at once: to the cluster in client mode (the driver is a
    // child JVM, the tasks run in the Workers' executors), and in local mode, the comparison.
    long t0 = System.nanoTime();
    String localWh = work.resolve("warehouse-local").toString();
    List<String> run = List.of("run", "--warehouse", "WH", "--k", K, "--max-iter", MAX_ITER);
    ChildJvm driver = submit("driver", List.of("--master", "spark://127.0.0.1:" + masterPort, "--deploy-mode", "client",
        "--conf", "spark.executor.memory=768m", "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2",
        "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", SHORT_JOB_JVM),
        // Small data: the partitions local[2] gets from Sessions (4 shuffle and 2 snapshot
        // partitions per core), not Spark's 200 and Delta's 50, so that only the master differs.
        "--conf", "spark.sql.shuffle.partitions=8", "--conf", "spark.databricks.delta.snapshotPartitions=4",
        "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri()),
        run.stream().map(a -> a.equals("WH") ? clusterWh : a).toList());
    ChildJvm localDriver = submit("local", List.of("--master", "local[2]"),
        run.stream().map(a -> a.equals("WH") ? localWh : a).toList());
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while ((driver.alive() || localDriver.alive()) && System.nanoTime() < deadline) {
      sampleProcesses(driver, localDriver);
      Thread.sleep(1000);
      if (!driver.alive() && !PHASES.containsKey(CLUSTER_RUN)) {
        PHASES.put(CLUSTER_RUN, seconds(t0));
      }
      if (!localDriver.alive() && !PHASES.containsKey(LOCAL_RUN)) {
        PHASES.put(LOCAL_RUN, seconds(t0));
      }
    }
    for (ChildJvm d : List.of(driver, localDriver)) {
      assertThat(d.alive()).as("%s still runs after %s", d.name(), RUN_TIMEOUT).isFalse();
      assertThat(d.exitCode()).as("exit status of the %s run (log: %s)", d.name(), d.log()).isZero();
    }

    // 2. The tasks ran on executors of both Workers, none in the driver: the event log says
    // where each task ran, and each executor's log URL names its Worker's web UI port.
    EventLog log = EventLog.read(singleFile(events));
    Map<String, Integer> workerOfExecutor = new TreeMap<>();
    log.executorLogUrls.forEach((exec, url) -> {
      for (int i = 0; i < 2; i++) {
        if (url.contains(":" + WORKER_UI[i] + "/")) {
          workerOfExecutor.put(exec, i + 1);
        }
      }
    });
    assertThat(workerOfExecutor.values()).as("executors by worker (log URLs %s)", log.executorLogUrls)
        .containsExactlyInAnyOrder(1, 2);
    assertThat(log.successfulTasksByExecutor.keySet()).as("executors that ran tasks")
        .isEqualTo(workerOfExecutor.keySet()).doesNotContain("driver");
    assertThat(log.successfulTasksByExecutor.values()).allSatisfy(n -> assertThat(n).isGreaterThan(10));
    assertThat(log.failedTasks).as("failed tasks").isZero();
    // The Master recorded the application as finished, and each Worker ran one of its executors,
    // whose output is in the Worker's work folder.
    JsonNode master = getJson("http://127.0.0.1:" + masterUi + "/json/");
    assertThat(stream(master.get("completedapps").elements())
        .filter(a -> a.get("id").asText().equals(log.appId)).map(a -> a.get("state").asText()).toList())
        .containsExactly("FINISHED");
    for (Map.Entry<String, Integer> e : workerOfExecutor.entrySet()) {
      JsonNode worker = getJson("http://127.0.0.1:" + WORKER_UI[e.getValue() - 1] + "/json/");
      assertThat(stream(worker.get("finishedexecutors").elements())
          .map(x -> x.get("appid").asText() + "/" + x.get("id").asText()).toList())
          .contains(log.appId + "/" + e.getKey());
      assertThat(work.resolve("worker" + e.getValue()).resolve(log.appId).resolve(e.getKey()).resolve("stderr"))
          .isRegularFile();
    }
    EVENT_LOG_SUMMARY.addAll(log.summary(workerOfExecutor));

    // 3. Ingest, annotate and co-mention tables: equal row for row.
    t0 = System.nanoTime();
    Warehouse c = Warehouse.open(spark, clusterWh);
    Warehouse l = Warehouse.open(spark, localWh);
    Map<Table, String[]> differ = new LinkedHashMap<>();
    differ.put(Table.BRONZE_ARTICLES, new String[] {"ingest_batch", "ingested_at"});
    differ.put(Table.SILVER_ARTICLES, new String[] {"ingest_batch", "ingested_at"});
    differ.put(Table.SILVER_REJECTS, new String[] {"ingest_batch", "rejected_at"});
    differ.put(Table.SILVER_MENTIONS, new String[] {"annotate_run"});
    differ.put(Table.SILVER_ARTICLE_TERMS, new String[] {"annotate_run"});
    differ.put(Table.GOLD_ENTITY_COUNTS, new String[0]);
    differ.put(Table.GOLD_COMENTIONS, new String[0]);
    differ.put(Table.GOLD_COMENTION_TRENDS, new String[0]);
    differ.put(Table.GOLD_COMENTION_EVIDENCE, new String[0]);
    Map<String, Long> compared = new LinkedHashMap<>();
    for (Map.Entry<Table, String[]> e : differ.entrySet()) {
      List<String> fromCluster = comparable(c.read(e.getKey()), e.getValue());
      List<String> fromLocal = comparable(l.read(e.getKey()), e.getValue());
      assertEqualRows(e.getKey().relativePath(), fromCluster, fromLocal);
      compared.put(e.getKey().relativePath(), (long) fromCluster.size());
    }
    assertThat(compared.get("silver/articles")).isEqualTo(360);
    assertThat(compared.get("silver/mentions")).isGreaterThan(4000);
    // gold/runs: the same counts for every stage but topics (whose doc-topic rows vary; below).
    String runCols = "stage, status, rows_in, rows_out, rows_rejected, rows_duplicate";
    assertEqualRows("gold/runs", comparable(c.read(Table.GOLD_RUNS).filter("stage not like 'topics%'")
        .selectExpr(runCols.split(", "))), comparable(l.read(Table.GOLD_RUNS).filter("stage not like 'topics%'")
        .selectExpr(runCols.split(", "))));

    // 4. Topics: the same model shape (k, phrases, vocabulary), every article scored, weights
    // summing to 1; the topics themselves may differ (mini-batches follow the partitioning).
    TopicTables topicsC = TopicTables.of(c);
    TopicTables topicsL = TopicTables.of(l);
    Map<String, Object> shape = topicsC.shape();
    assertThat(shape).isEqualTo(topicsL.shape());
    assertThat(shape.get("k")).isEqualTo(Set.of(Integer.parseInt(K)));
    assertThat(shape.get("gold/topics rows, all current")).isEqualTo((long) Integer.parseInt(K));
    assertThat(shape.get("articles scored")).isEqualTo(compared.get("silver/article_terms").intValue());
    assertThat(shape.get("articles without exactly one dominant topic")).isEqualTo(0L);
    assertThat(shape.get("articles whose weights do not sum to 1")).isEqualTo(0L);
    assertThat(shape.get("trend periods whose shares do not sum to 1")).isEqualTo(0L);
    assertThat(shape.get("topic_entities rows > 0")).isEqualTo(true);
    PHASES.put("comparison", seconds(t0));
    EVENT_LOG_SUMMARY.add("topic tables equal row for row too (gold/topics, silver/doc_topics): "
        + (topicsC.sameRowsAs(topicsL) ? "yes" : "no") + "; vocabulary " + shape.get("vocabulary size")
        + " terms, " + topicsC.phrases().size() + " phrases");
  }

  static final List<String> EVENT_LOG_SUMMARY = new ArrayList<>();

  /** Rows as JSON strings (exact doubles), without the columns that legitimately differ, sorted. */
  static List<String> comparable(Dataset<Row> df, String... without) {
    Dataset<Row> d = df.drop(without);
    if (Arrays.asList(d.columns()).contains("reason")) {
      // "date ... is in the future (later than <now + 1 day>)": the clock, not the cluster.
      d = d.withColumn("reason", regexp_replace(col("reason"), "later than [^)]*\\)", "later than NOW+1D)"));
    }
    List<String> rows = new ArrayList<>(d.toJSON().collectAsList());
    rows.sort(null);
    return rows;
  }

  static void assertEqualRows(String table, List<String> cluster, List<String> local) {
    Set<String> onlyCluster = new TreeSet<>(cluster);
    onlyCluster.removeAll(new HashSet<>(local));
    Set<String> onlyLocal = new TreeSet<>(local);
    onlyLocal.removeAll(new HashSet<>(cluster));
    assertThat(onlyCluster).as("%s: rows only in the cluster's table (%d of %d; first 5)", table,
        onlyCluster.size(), cluster.size()).isEmpty();
    assertThat(onlyLocal).as("%s: rows only in the local table", table).isEmpty();
    assertThat(cluster).as("%s: the same rows the same number of times", table).isEqualTo(local);
    assertThat(cluster).as("%s is not empty", table).isNotEmpty();
  }

  /** The current topic model of a warehouse and its tables, collected (a few thousand rows). */
  record TopicTables(String id, List<String> phrases, List<String> vocabulary, List<Row> topics, List<Row> docTopics,
      List<Row> trends, long entities) {
    static TopicTables of(Warehouse w) throws IOException {
      String id = TopicModel.readPointer(spark, w.root() + "/models/topics/current");
      assertThat(id).as("current model of %s", w.root()).isNotNull();
      Path dir = Path.of(URI.create(w.root() + "/models/topics/" + id));
      List<String> phrases = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir.resolve("phrases"))) {
        for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
          phrases.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
        }
      }
      List<String> vocabulary = spark.read().parquet(dir.resolve("vocabulary/data").toString()).first()
          .getList(0);
      Column model = col("model_id").equalTo(id);
      return new TopicTables(id, phrases, vocabulary,
          w.read(Table.GOLD_TOPICS).filter(model).select("topic_id", "k", "current", "terms").collectAsList(),
          w.read(Table.SILVER_DOC_TOPICS).filter(model).select("article_id", "topic_id", "weight", "dominant")
              .collectAsList(),
          w.read(Table.GOLD_TOPIC_TRENDS).filter(model).select("grain", "period_start", "share").collectAsList(),
          w.read(Table.GOLD_TOPIC_ENTITIES).filter(model).count());
    }

    /** The model's shape and its tables' invariants: what a cluster and a local run must share. */
    Map<String, Object> shape() {
      Map<String, Object> shape = new LinkedHashMap<>();
      shape.put("k", topics.stream().map(r -> r.getInt(1)).collect(Collectors.toCollection(TreeSet::new)));
      shape.put("gold/topics rows, all current", topics.stream().filter(r -> r.getBoolean(2)).count());
      shape.put("phrases", new TreeSet<>(phrases));
      shape.put("vocabulary size", vocabulary.size());
      shape.put("vocabulary", new TreeSet<>(vocabulary));
      Map<String, Double> weights = new TreeMap<>();
      Map<String, Integer> dominant = new TreeMap<>();
      for (Row r : docTopics) {
        weights.merge(r.getString(0), r.getDouble(2), Double::sum);
        dominant.merge(r.getString(0), r.getBoolean(3) ? 1 : 0, Integer::sum);
      }
      shape.put("articles scored", weights.size());
      shape.put("articles without exactly one dominant topic", dominant.values().stream().filter(n -> n != 1).count());
      shape.put("articles whose weights do not sum to 1",
          weights.values().stream().filter(v -> Math.abs(v - 1) > 1e-9).count());
      Map<String, Double> shares = new TreeMap<>();
      for (Row r : trends) {
        shares.merge(r.get(0) + " " + r.get(1), r.getDouble(2), Double::sum);
      }
      shape.put("trend periods", shares.size());
      shape.put("trend periods whose shares do not sum to 1",
          shares.values().stream().filter(v -> Math.abs(v - 1) > 1e-9).count());
      shape.put("topic_entities rows > 0", entities > 0);
      return shape;
    }

    /** Whether the topics and doc topics are the same rows (reported, not asserted). */
    boolean sameRowsAs(TopicTables o) {
      return sorted(topics).equals(sorted(o.topics)) && sorted(docTopics).equals(sorted(o.docTopics));
    }

    private static List<String> sorted(List<Row> rows) {
      return rows.stream().map(Row::toString).sorted().toList();
    }
  }

  /** What the event log of one application says about where its tasks ran. */
  static final class EventLog {
    String appId;
    final Map<String, String> executorLogUrls = new TreeMap<>();
    final Map<String, Integer> successfulTasksByExecutor = new TreeMap<>();
    final Map<String, Double> runSecondsByExecutor = new TreeMap<>();
    final Map<String, Double> cpuSecondsByExecutor = new TreeMap<>();
    int failedTasks;
    int jobs;
    int stages;
    long appStart;
    long appEnd;

    static EventLog read(Path file) throws IOException {
      EventLog log = new EventLog();
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          JsonNode e = JSON.readTree(line);
          switch (e.path("Event").asText()) {
            case "SparkListenerApplicationStart" -> {
              log.appId = e.path("App ID").asText();
              log.appStart = e.path("Timestamp").asLong();
            }
            case "SparkListenerApplicationEnd" -> log.appEnd = e.path("Timestamp").asLong();
            case "SparkListenerExecutorAdded" -> log.executorLogUrls.put(e.path("Executor ID").asText(),
                e.path("Executor Info").path("Log Urls").path("stderr").asText());
            case "SparkListenerJobStart" -> log.jobs++;
            case "SparkListenerStageCompleted" -> log.stages++;
            case "SparkListenerTaskEnd" -> {
              String exec = e.path("Task Info").path("Executor ID").asText();
              if (e.path("Task End Reason").path("Reason").asText().equals("Success")) {
                log.successfulTasksByExecutor.merge(exec, 1, Integer::sum);
                JsonNode m = e.path("Task Metrics");
                log.runSecondsByExecutor.merge(exec, m.path("Executor Run Time").asLong() / 1e3, Double::sum);
                log.cpuSecondsByExecutor.merge(exec, m.path("Executor CPU Time").asLong() / 1e9, Double::sum);
              } else {
                log.failedTasks++;
              }
            }
            default -> { }
          }
        }
      }
      return log;
    }

    List<String> summary(Map<String, Integer> workerOfExecutor) {
      List<String> out = new ArrayList<>();
      out.add(String.format("application %s: %.1f s from start to end, %d jobs, %d stages", appId,
          (appEnd - appStart) / 1e3, jobs, stages));
      successfulTasksByExecutor.forEach((exec, n) -> out.add(String.format(
          "executor %s on worker%d: %d tasks, %.1f s running them, %.1f s of CPU", exec, workerOfExecutor.get(exec),
          n, runSecondsByExecutor.get(exec), cpuSecondsByExecutor.get(exec))));
      return out;
    }
  }

  // ---------------------------------------------------------------------------------------------

  static Path appJar() {
    return Path.of(System.getProperty("entente.appJar", repo().resolve("target/entente.jar").toString()));
  }

  /**
   * A SPARK_HOME a Worker accepts: {@code jars/} (links to the Spark jars of the provided scope,
   * which also make the executors' class path) and {@code conf/log4j2.properties}.
   */
  static Path sparkHome(Path home) throws IOException {
    String cpFile = System.getProperty("entente.sparkClasspath", repo().resolve("target/it/spark-classpath.txt")
        .toString());
    List<String> jars = Arrays.stream(Files.readString(Path.of(cpFile)).trim().split(":"))
        .filter(s -> s.endsWith(".jar")).toList();
    assertThat(jars).as("Spark jars in %s", cpFile).hasSizeGreaterThan(50)
        .anyMatch(j -> j.contains("spark-core_2.12")).noneMatch(j -> j.contains("delta-spark") || j.contains("spark-nlp"));
    Path dir = Files.createDirectories(home.resolve("jars"));
    for (String j : jars) {
      Path target = Path.of(j);
      Path link = dir.resolve(target.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, target);
      }
    }
    Files.createDirectories(home.resolve("conf"));
    Files.writeString(home.resolve("conf/log4j2.properties"), String.join("\n",
        "rootLogger.level = warn",
        "rootLogger.appenderRef.stdout.ref = console",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.target = SYSTEM_ERR",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
        "logger.deploy.name = org.apache.spark.deploy",
        "logger.deploy.level = info",
        "logger.hadoop.name = org.apache.hadoop",
        "logger.hadoop.level = error",
        ""));
    return home;
  }

  static Map<String, String> sparkEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
    return env;
  }

  /** Master and Workers do little: a small heap and no optimising JIT. */
  static List<String> daemonJvm() {
    return List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  static void awaitWorkers(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "(no answer)";
    while (System.nanoTime() < deadline) {
      for (ChildJvm c : CHILDREN) {
        assertThat(c.alive()).as("%s exited early (status %s)", c.name(), c.exitCode()).isTrue();
      }
      try {
        JsonNode m = getJson("http://127.0.0.1:" + masterUi + "/json/");
        last = m.toString();
        long alive = stream(m.get("workers").elements()).filter(w -> w.get("state").asText().equals("ALIVE")).count();
        if (alive == 2) {
          return;
        }
      } catch (UncheckedIOException e) {
        last = e.getMessage();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("two workers did not register with the master within " + timeout + ": " + last);
  }

  static JsonNode getJson(String url) {
    try {
      HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
      http.setConnectTimeout(5000);
      http.setReadTimeout(30000);
      try (InputStream in = http.getInputStream()) {
        return JSON.readTree(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(url + ": " + e.getMessage(), e);
    }
  }

  static <T> Stream<T> stream(java.util.Iterator<T> it) {
    List<T> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    return list.stream();
  }

  static Path singleFile(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.toList();
      assertThat(files).as("event logs in %s", dir).hasSize(1);
      return files.get(0);
    }
  }

  /** SparkSubmit of the application jar with {@code sparkArgs}, then {@code appArgs}, as a child JVM. */
  static ChildJvm submit(String name, List<String> sparkArgs, List<String> appArgs) {
    String flags = System.getProperty("entente.sparkJvmFlags", "");
    assertThat(flags).as("Spark's JVM flags (system property entente.sparkJvmFlags)").contains("--add-opens");
    List<String> jvm = new ArrayList<>(Arrays.asList(flags.trim().split("\\s+")));
    jvm.add("-Xmx1g");
    jvm.addAll(SHORT_JOB_JVM);
    List<String> args = new ArrayList<>(sparkArgs);
    args.addAll(List.of("--class", "org.entente.cli.Main", "--conf", "spark.ui.enabled=false",
        appJar().toString()));
    args.addAll(appArgs);
    Map<String, String> env = sparkEnv();
    env.put("ENTENTE_HOME", repo().toString());
    ChildJvm c = ChildJvm.start(name, jvm, sparkClasspath, "org.apache.spark.deploy.SparkSubmit", args, env, work,
        work.resolve("logs/" + name + ".log"));
    CHILDREN.add(c);
    return c;
  }

  static void sampleProcesses(ChildJvm driver, ChildJvm local) {
    STATS.sample(driver.pid(), "driver (SparkSubmit, client mode)");
    STATS.sample(local.pid(), "local run (SparkSubmit, local[2])");
    for (ChildJvm c : CHILDREN) {
      if (c.name().startsWith("worker")) {
        STATS.sample(c.pid(), c.name());
        for (ProcessHandle p : c.children()) {
          if (p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")) {
            STATS.sample(p.pid(), "executor on " + c.name());
          }
        }
      } else if (c.name().equals("master")) {
        STATS.sample(c.pid(), "master");
      }
    }
  }

  static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  static synchronized void stopAll() {
    // The driver first, then the Workers (which end their executors), then the Master.
    List<ChildJvm> order = new ArrayList<>(CHILDREN);
    java.util.Collections.reverse(order);
    for (ChildJvm c : order) {
      c.stop(Duration.ofSeconds(15));
    }
  }

  static void printTails() {
    StringBuilder b = new StringBuilder("\n==== standalone cluster IT: output tails ====\n");
    for (ChildJvm c : CHILDREN) {
      b.append("---- ").append(c.name()).append(" (").append(c.log()).append(", exit ").append(c.exitCode())
          .append(") ----\n").append(c.tail(40)).append('\n');
    }
    if (work != null) {
      try (Stream<Path> s = Files.walk(work, 4)) {
        for (Path p : s.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
          b.append("---- executor ").append(work.relativize(p)).append(" ----\n").append(ChildJvm.tail(p, 30))
              .append('\n');
        }
      } catch (IOException | UncheckedIOException e) {
        b.append("(cannot list executor logs: ").append(e.getMessage()).append(")\n");
      }
    }
    System.err.println(b);
  }

  static void writeSummary() {
    List<String> lines = new ArrayList<>();
    lines.add("standalone cluster IT, " + java.time.Instant.now() + ", load average "
        + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
        + " on " + Runtime.getRuntime().availableProcessors() + " cores");
    PHASES.forEach((k, v) -> lines.add(String.format("%s: %.1f s", k, v)));
    lines.addAll(EVENT_LOG_SUMMARY);
    lines.add(String.format("this JVM (tests' local session: reads and compares): %.1f s of CPU",
        ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis() / 1e3).orElse(Double.NaN)));
    STATS.seen().forEach((pid, s) -> lines.add(String.format("%s (pid %d): peak RSS %d MiB, %.1f s of CPU", s.label(),
        pid, s.peakRssKb() / 1024, s.cpuSeconds())));
    for (ChildJvm c : CHILDREN) {
      if (c.name().equals("driver")) {
        try (Stream<String> s = Files.lines(c.log())) {
          s.filter(l -> l.startsWith("entente: ") && l.matches(".*\\(\\d+\\.\\d s\\)$")).forEach(lines::add);
        } catch (IOException | UncheckedIOException e) {
          lines.add("(driver log unreadable: " + e.getMessage() + ")");
        }
      }
    }
    String text = lines.stream().collect(Collectors.joining("\n", "", "\n"));
    System.out.print(text);
    try {
      Files.writeString(work.resolve("summary.txt"), text);
    } catch (IOException | RuntimeException e) {
      // the summary is a convenience
    }
  }
}
