package org.entente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.entente.testing.SparkTest;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stages with input and warehouse on HDFS (Hadoop's MiniDFSCluster: a NameNode and one
 * DataNode in this JVM), given as hdfs:// URIs to the command line: ingest, annotate and
 * comentions write their Delta tables there, and they read back exactly. (Topics are left out
 * for time: on this tiny input the stage cost as much CPU as ingest, ~30 s.)
 */
@Tag("hdfs")
class HdfsRunTest extends SparkTest {
  static MiniDFSCluster dfs;
  static java.nio.file.Path base;
  static String root;

  /** Seconds the cluster may take to start (10-20 s here) before it is abandoned and started again. */
  static final long START_SECONDS = 180;

  @BeforeAll
  static void startHdfs() throws Exception {
    // Hadoop's NameNode start-up was once seen to hang for good while loading its (empty) image
    // (FSImageFormatPBINode waiting on an executor left without a thread): a start that takes
    // too long is interrupted, which ends it with an error, and a new cluster is started once.
    for (int attempt = 1; dfs == null; attempt++) {
      java.nio.file.Path dir = Files.createTempDirectory("entente-minidfs-");
      java.util.concurrent.FutureTask<MiniDFSCluster> start = new java.util.concurrent.FutureTask<>(() -> {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toString());
        conf.set("dfs.replication", "1");
        // Their metrics loggers need commons-logging's Log4JLogger, which Spark's class path lacks.
        conf.setInt("dfs.namenode.metrics.logger.period.seconds", 0);
        conf.setInt("dfs.datanode.metrics.logger.period.seconds", 0);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        return cluster;
      });
      Thread starter = new Thread(start, "minidfs-start-" + attempt);
      starter.setDaemon(true);
      starter.start();
      try {
        dfs = start.get(START_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        base = dir;
      } catch (java.util.concurrent.TimeoutException e) {
        starter.interrupt();
        if (attempt == 2) {
          throw new IllegalStateException("MiniDFSCluster did not start in " + START_SECONDS + " s, twice", e);
        }
        System.err.println("HdfsRunTest: MiniDFSCluster did not start in " + START_SECONDS + " s; starting another");
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof Exception x ? x : e;
      }
    }
    root = dfs.getFileSystem().getUri().toString();
  }

  @AfterAll
  static void stopHdfs() throws IOException {
    try {
      if (root != null) {
        // Spark's cached client for this NameNode would outlive it.
        FileSystem.get(java.net.URI.create(root), spark.sparkContext().hadoopConfiguration()).close();
      }
    } finally {
      if (dfs != null) {
        dfs.shutdown(true);
      }
      deleteTree(base);
    }
  }

  static final String CORPUS = String.join("\n",
      "{\"id\":\"1\",\"source\":\"Wire\",\"title\":\"Trade deal\",\"text\":\"Russia and China signed a trade deal."
          + " Officials in France watched closely.\",\"date\":\"2024-03-01T09:00:00Z\"}",
      "{\"id\":\"2\",\"source\":\"Wire\",\"title\":\"Climate talks\",\"text\":\"France and China held talks on"
          + " climate.\",\"date\":\"2024-03-02T09:00:00Z\"}",
      "{\"id\":\"3\",\"source\":\"Wire\",\"title\":\"Grain exports\",\"text\":\"Russia raised grain exports this"
          + " spring.\",\"date\":\"2024-04-10T09:00:00Z\"}",
      "{\"id\":\"3\",\"source\":\"Wire\",\"title\":\"Grain exports\",\"text\":\"Russia raised grain exports this"
          + " spring.\",\"date\":\"2024-04-10T09:00:00Z\"}",
      "{\"id\":\"5\",\"source\":\"Wire\",\"title\":\"\",\"text\":\"\",\"date\":\"2024-04-11T09:00:00Z\"}",
      "");

  @Test
  void everyStageReadsAndWritesHdfs() throws IOException {
    FileSystem fs = dfs.getFileSystem();
    try (OutputStream out = fs.create(new Path("/news/in/wire.jsonl"))) {
      out.write(CORPUS.getBytes(StandardCharsets.UTF_8));
    }
    String in = root + "/news/in";
    String wh = root + "/entente/warehouse";
    for (String[] stage : List.of(new String[] {"ingest", "--input", in}, new String[] {"annotate"},
        new String[] {"comentions"})) {
      String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(stage), java.util.stream.Stream.of(
          "--warehouse", wh)).toArray(String[]::new);
      CliTest.Outcome o = CliTest.run(args);
      assertThat(o.code()).as("%s: %s", stage[0], o.err()).isZero();
    }

    // The tables are on HDFS (and read back from there).
    Warehouse w = Warehouse.open(spark, wh);
    assertThat(w.root()).isEqualTo(wh);
    for (Table t : List.of(Table.BRONZE_ARTICLES, Table.SILVER_ARTICLES, Table.SILVER_REJECTS, Table.SILVER_MENTIONS,
        Table.SILVER_ARTICLE_TERMS, Table.GOLD_ENTITY_COUNTS, Table.GOLD_COMENTIONS, Table.GOLD_COMENTION_TRENDS,
        Table.GOLD_COMENTION_EVIDENCE, Table.GOLD_RUNS)) {
      assertThat(fs.exists(new Path("/entente/warehouse/" + t.relativePath() + "/_delta_log/00000000000000000000.json")))
          .as(t.relativePath()).isTrue();
    }

    assertThat(rows(w.read(Table.GOLD_RUNS).filter("stage = 'ingest'")
        .select("rows_in", "rows_out", "rows_duplicate", "rows_rejected")))
        .containsExactly(List.of(5L, 3L, 1L, 1L));
    assertThat(rows(w.read(Table.BRONZE_ARTICLES).groupBy("outcome").count().orderBy("outcome")))
        .containsExactly(List.of("accepted", 3L), List.of("duplicate", 1L), List.of("rejected", 1L));
    assertThat(rows(w.read(Table.SILVER_ARTICLES).selectExpr("article_id", "cast(published_date as string)",
        "source_file").orderBy("article_id"))).containsExactly(
        List.of("wire:1", "2024-03-01", root + "/news/in/wire.jsonl"),
        List.of("wire:2", "2024-03-02", root + "/news/in/wire.jsonl"),
        List.of("wire:3", "2024-04-10", root + "/news/in/wire.jsonl"));
    assertThat(rows(w.read(Table.SILVER_REJECTS).select("reason"))).containsExactly(List.of("no text and no title"));

    assertThat(rows(w.read(Table.SILVER_MENTIONS).select("article_id", "sentence_index", "entity_id", "surface",
        "match_kind").orderBy("article_id", "sentence_index", "begin"))).containsExactly(
        List.of("wire:1", 1, "RUS", "Russia", "NAME"),
        List.of("wire:1", 1, "CHN", "China", "NAME"),
        List.of("wire:1", 2, "FRA", "France", "NAME"),
        List.of("wire:2", 1, "FRA", "France", "NAME"),
        List.of("wire:2", 1, "CHN", "China", "NAME"),
        List.of("wire:3", 1, "RUS", "Russia", "NAME"));
    assertThat(w.read(Table.SILVER_ARTICLE_TERMS).count()).isEqualTo(3);

    assertThat(rows(w.read(Table.GOLD_ENTITY_COUNTS).filter("grain = 'year'")
        .select("entity_id", "articles", "mentions", "period_articles").orderBy("entity_id"))).containsExactly(
        List.of("CHN", 2L, 2L, 3L), List.of("FRA", 2L, 2L, 3L), List.of("RUS", 2L, 2L, 3L));
    assertThat(rows(w.read(Table.GOLD_COMENTIONS).selectExpr("grain", "cast(period_start as string)", "entity_a",
        "entity_b", "articles", "sentences", "period_articles").filter("grain in ('month', 'year')")
        .orderBy("grain", "period_start", "entity_a", "entity_b"))).containsExactly(
        List.of("month", "2024-03-01", "CHN", "FRA", 2L, 1L, 2L),
        List.of("month", "2024-03-01", "CHN", "RUS", 1L, 1L, 2L),
        List.of("month", "2024-03-01", "FRA", "RUS", 1L, 0L, 2L),
        List.of("year", "2024-01-01", "CHN", "FRA", 2L, 1L, 3L),
        List.of("year", "2024-01-01", "CHN", "RUS", 1L, 1L, 3L),
        List.of("year", "2024-01-01", "FRA", "RUS", 1L, 0L, 3L));
    assertThat(rows(w.read(Table.GOLD_COMENTION_EVIDENCE).selectExpr("cast(period_start as string)", "entity_a",
        "entity_b", "rank", "article_id", "sentence").orderBy("entity_a", "entity_b", "rank"))).containsExactly(
        List.of("2024-03-01", "CHN", "FRA", 1, "wire:2", "France and China held talks on climate."),
        List.of("2024-03-01", "CHN", "RUS", 1, "wire:1", "Russia and China signed a trade deal."));

    assertThat(rows(w.read(Table.GOLD_RUNS).select("stage", "status").orderBy("stage"))).containsExactly(
        List.of("annotate", "SUCCEEDED"), List.of("comentions", "SUCCEEDED"), List.of("ingest", "SUCCEEDED"));
  }
}
