package org.entente.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Row;
import org.entente.cli.CliTest;
import org.entente.ingest.IngestJob;
import org.entente.testing.EntenteJvm;
import org.entente.testing.EntenteJvm.Outcome;
import org.entente.testing.SparkTest;
import org.entente.util.Faults;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Killed and concurrent ingests. An ingest runs as a child JVM that halts (as {@code kill -9}
 * would) at a named point ({@link Faults}): during the silver MERGE, before its gold/runs row; it
 * is then run again, and the warehouse must equal one clean run's: no duplicate, no missing row.
 * Two ingests of overlapping inputs run at the same time into one warehouse and leave every
 * article exactly once. (Co-mentions killed in the middle of their writes: ComentionJobTest.)
 */
@Tag("faults")
class FaultToleranceTest extends SparkTest {
  private static final String[] WIRE = {
      record("w1", "2024-10-21T08:00:00Z", "Summit in Kazan", "Russia and China met in Kazan. India sent its prime minister."),
      record("w2", "2024-10-22T09:30:00Z", "Trade talks", "Brazil and Argentina discussed trade. China watched."),
      record("w3", "2024-10-23T10:00:00Z", "Energy", "Saudi Arabia and Russia agreed on output. Iran objected."),
      record("w4", "2024-11-04T07:00:00Z", "Election week", "The United States votes; Mexico and Canada wait."),
      record("w4", "2024-11-04T07:00:00Z", "Election week", "The United States votes; Mexico and Canada wait."),
      "{\"id\":\"w5\",\"title\":\"No date\",\"text\":\"Nothing here\",\"published_at\":\"someday\"}",
      "{\"id\":\"w6\",\"title\":\"Cut"};
  private static final String[] FEED = {
      record("f1", "2024-11-05T12:00:00Z", "Rio G20", "Brazil hosted the G20 in Rio. Argentina and France attended."),
      record("f2", "2024-11-12T12:00:00Z", "Baku", "Azerbaijan hosted climate talks; Brazil and China spoke."),
      record("w2", "2024-10-22T09:30:00Z", "Trade talks", "Brazil and Argentina discussed trade. China watched.")};
  private static final String[] LATE = {
      record("l1", "2024-11-06T12:00:00Z", "After the vote", "Mexico and the United States talked. Canada too."),
      record("l2", "2024-12-02T12:00:00Z", "December", "Russia and India signed a deal. China and Brazil watched.")};

  private static String record(String id, String at, String title, String text) {
    return "{\"id\":\"" + id + "\",\"source\":\"Wire\",\"title\":\"" + title + "\",\"text\":\"" + text
        + "\",\"published_at\":\"" + at + "\"}";
  }

  private Path input(String name, String[]... files) {
    Path dir = tmp.resolve(name);
    for (int i = 0; i < files.length; i++) {
      write(name + "/part-" + i + ".jsonl", String.join("\n", files[i]) + "\n");
    }
    return dir;
  }

  @Test
  void anIngestKilledAnywhereAndRunAgainEqualsOneCleanRun() {
    Path in = input("in", WIRE, FEED);
    // The killed runs are separate warehouses: their child JVMs run while the clean run does.
    // (Killed at ingest:after-bronze, the state is the during-merge one without the rejects: not
    // run, for time.)
    List<String> points = List.of("ingest:during-merge", "ingest:before-runs");
    List<EntenteJvm.Running> started = points.stream().map(point -> EntenteJvm.start(tmp, point, "ingest",
        "--input", in.toString(), "--warehouse", tmp.resolve(point.replace(':', '-')).toString())).toList();

    Warehouse clean = Warehouse.open(spark, tmp.resolve("clean").toString());
    IngestJob.Result once = IngestJob.into(clean).inputs(List.of(in.toString())).execute();
    assertThat(once.read()).isEqualTo(10);
    assertThat(once.accepted() + once.duplicates() + once.rejected()).isEqualTo(10);
    Snapshot expected = ingestTables(clean);

    List<Outcome> children = started.stream().map(EntenteJvm::finish).toList();
    for (int i = 0; i < points.size(); i++) {
      String point = points.get(i);
      Path dir = tmp.resolve(point.replace(':', '-'));
      Outcome killed = children.get(i);
      assertThat(killed.code()).as(point + ": " + killed.tail()).isEqualTo(Faults.HALT_STATUS);
      assertThat(killed.tail()).contains("fault injected at " + point);

      Warehouse wh = Warehouse.open(spark, dir.toString());
      long before = wh.read(Table.SILVER_ARTICLES).count();
      // Killed during the MERGE: its files may be written, but with no commit nothing shows.
      assertThat(before).as(point).isEqualTo(point.equals("ingest:before-runs") ? once.accepted() : 0);
      assertThat(wh.read(Table.GOLD_RUNS).count()).as(point).isZero();

      IngestJob.Result again = IngestJob.into(wh).inputs(List.of(in.toString())).execute();
      assertThat(again.read()).isEqualTo(10);
      assertThat(again.accepted() + again.duplicates() + again.rejected()).isEqualTo(10);
      assertThat(again.accepted()).isEqualTo(once.accepted() - before);
      assertThat(ingestTables(wh)).as(point).isEqualTo(expected);
      assertThat(sortedRowStrings(wh.read(Table.GOLD_RUNS).selectExpr("stage", "status", "rows_in",
          "rows_out + rows_duplicate + rows_rejected"))).as(point).containsExactly("[ingest,SUCCEEDED,10,10]");
    }
  }

  @Test
  void twoIngestsOfOverlappingInputsAtTheSameTimeLeaveEveryArticleOnce() {
    Path a = input("a", WIRE, FEED);
    Path b = input("b", FEED, LATE);
    Path dir = tmp.resolve("shared");
    List<EntenteJvm.Running> started = List.of(
        EntenteJvm.start(tmp, null, "ingest", "--input", a.toString(), "--warehouse", dir.toString()),
        EntenteJvm.start(tmp, null, "ingest", "--input", b.toString(), "--warehouse", dir.toString()));
    List<Outcome> runs = started.stream().map(EntenteJvm::finish).toList();
    assertThat(runs.get(0).code()).as(runs.get(0).tail()).isZero();
    assertThat(runs.get(1).code()).as(runs.get(1).tail()).isZero();

    Warehouse wh = Warehouse.open(spark, dir.toString());
    List<String> ids = wh.read(Table.SILVER_ARTICLES).select("article_id").collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList();
    assertThat(ids).containsExactly("wire:f1", "wire:f2", "wire:l1", "wire:l2", "wire:w1", "wire:w2", "wire:w3",
        "wire:w4");
    List<Row> ingests = wh.read(Table.GOLD_RUNS).filter("stage = 'ingest'").collectAsList();
    assertThat(ingests).hasSize(2).allSatisfy(r -> {
      assertThat(r.<String>getAs("status")).isEqualTo("SUCCEEDED");
      assertThat(r.<Long>getAs("rows_out") + r.<Long>getAs("rows_duplicate") + r.<Long>getAs("rows_rejected"))
          .isEqualTo(r.<Long>getAs("rows_in"));
    });
    assertThat(ingests.stream().mapToLong(r -> r.<Long>getAs("rows_out")).sum()).isEqualTo(8);
    assertThat(ingests.stream().mapToLong(r -> r.<Long>getAs("rows_in")).sum()).isEqualTo(15);
    // Every record of each file once (the two FEED copies are two files), each reject once.
    assertThat(wh.read(Table.BRONZE_ARTICLES).count()).isEqualTo(15);
    assertThat(wh.read(Table.SILVER_REJECTS).count()).isEqualTo(2);
  }

  @Test
  void aWriteThatKeepsConflictingGivesUpWithAMessageAfterTheBound() {
    Warehouse wh = newWarehouse().commitAttempts(3);
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(() -> wh.retrying(Table.SILVER_ARTICLES, () -> {
      tries.incrementAndGet();
      throw new ConcurrentModificationException("files were added by a concurrent update");
    })).isInstanceOf(Warehouse.CommitConflict.class)
        .hasMessage("silver.articles: gave up after 3 attempts, each in conflict with another run writing it at"
            + " the same time (ConcurrentModificationException); run again when the other run has finished,"
            + " or raise --commit-attempts");
    assertThat(tries.get()).isEqualTo(3);

    AtomicInteger second = new AtomicInteger();
    assertThat(wh.retrying(Table.SILVER_ARTICLES, () -> {
      if (second.incrementAndGet() == 1) {
        throw new ConcurrentModificationException("first try loses");
      }
      return "committed";
    })).isEqualTo("committed");
    assertThat(second.get()).isEqualTo(2);

    // A table another run is creating this instant (its log folder there, its first commit not
    // yet) is tried again too; Spark throws it as an exception Java sees as checked.
    Path creating = tmp.resolve("creating");
    write("creating/_delta_log/.keep", "");
    AtomicInteger third = new AtomicInteger();
    assertThat(wh.retrying(Table.SILVER_ARTICLES, () -> third.incrementAndGet() == 1
        ? DeltaTable.forPath(spark, creating.toString()).toDF().count() : -1L)).isEqualTo(-1L);
    assertThat(third.get()).isEqualTo(2);

    Path in = write("x.jsonl", WIRE[0]);
    CliTest.Outcome o = CliTest.run("ingest", "--input", in.toString(), "--commit-attempts", "0", "--warehouse",
        tmp.resolve("w").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.errLines()).containsExactly("entente: error: --commit-attempts must be at least 1, not 0");
  }

  // ---------------------------------------------------------------------------------------------

  /** Sorted rows of the ingest tables, without the columns that name a batch or a time. */
  private Snapshot ingestTables(Warehouse wh) {
    return new Snapshot(List.of(
        sortedRowStrings(wh.read(Table.SILVER_ARTICLES).drop("ingest_batch", "ingested_at")),
        sortedRowStrings(wh.read(Table.SILVER_REJECTS).drop("ingest_batch", "rejected_at")),
        sortedRowStrings(wh.read(Table.BRONZE_ARTICLES).drop("ingest_batch", "ingested_at"))));
  }

  record Snapshot(List<List<String>> tables) {}
}
