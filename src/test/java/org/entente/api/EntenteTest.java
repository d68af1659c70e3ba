package org.entente.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.entente.testing.SparkTest;
import org.entente.util.UserError;
import org.entente.warehouse.DeltaLogSummary;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The notebook API on a tiny warehouse: registered names, table list, history, time travel. */
class EntenteTest extends SparkTest {
  private static Row run(String id, String stage, long rowsOut) {
    Timestamp t = Timestamp.valueOf("2024-10-23 10:00:00");
    return RowFactory.create(id, stage, t, t, "SUCCEEDED", rowsOut, rowsOut, 0L, 0L, 1.5, "{}", "ok");
  }

  private static Row pair(String a, String b, long articles) {
    return RowFactory.create("month", Date.valueOf("2024-10-01"), a, b, "COUNTRY-COUNTRY", articles, articles,
        10L, 12L, 40L, 0.5, 0.25, 1.6, articles / 40.0, articles, 40L);
  }

  private static Path shared;

  @AfterAll
  static void dropShared() {
    deleteTree(shared);
    shared = null;
  }

  /**
   * gold/comentions written once (version 0); gold/runs written twice (versions 0 and 1). Shared
   * by the tests that only read it.
   */
  private Warehouse sharedTiny() throws IOException {
    if (shared == null) {
      shared = Files.createTempDirectory("entente-api-test-");
      fill(Warehouse.open(spark, shared.resolve("warehouse").toString()));
    }
    return Warehouse.open(spark, shared.resolve("warehouse").toString());
  }

  /** A fresh copy of the tiny warehouse, for a test that changes it. */
  private Warehouse tiny() {
    return fill(newWarehouse());
  }

  private Warehouse fill(Warehouse w) {
    w.append(Table.GOLD_COMENTIONS, spark.createDataFrame(List.of(pair("CHN", "RUS", 7), pair("FRA", "USA", 3)),
        Table.GOLD_COMENTIONS.schema()));
    w.append(Table.GOLD_RUNS, spark.createDataFrame(List.of(run("r1", "ingest", 5)), Table.GOLD_RUNS.schema()));
    w.append(Table.GOLD_RUNS, spark.createDataFrame(List.of(run("r1", "annotate", 9), run("r1", "comentions", 2)),
        Table.GOLD_RUNS.schema()));
    return w;
  }

  @Test
  void registersEveryExistingTableUnderItsSqlName() throws Exception {
    Warehouse w = sharedTiny();
    Entente wh = Entente.open(spark, w.root());
    assertThat(wh.tableNames()).containsExactly("gold.comentions", "gold.runs");
    assertThat(wh.root()).isEqualTo(w.root());
    assertThat(rows(wh.sql("select entity_a, entity_b, articles from gold.comentions order by 1")))
        .containsExactly(List.of("CHN", "RUS", 7L), List.of("FRA", "USA", 3L));
    assertThat(rows(wh.sql("select stage, rows_out from gold.runs order by rows_out")))
        .containsExactly(List.of("comentions", 2L), List.of("ingest", 5L), List.of("annotate", 9L));
    // The same rows by Delta path, as on a cluster without Entente.
    assertThat(wh.sql("select * from delta.`" + w.path(Table.GOLD_COMENTIONS) + "`").count()).isEqualTo(2);
    assertThat(rows(wh.table("gold/comentions").selectExpr("sum(articles)"))).containsExactly(List.of(10L));
  }

  @Test
  void listsTablesWithRowsAndVersions() throws Exception {
    Warehouse w = sharedTiny();
    Entente wh = Entente.open(spark, w.root());
    assertThat(wh.tables().columns()).containsExactly("table", "rows", "version", "path");
    assertThat(rows(wh.tables())).containsExactly(
        List.of("gold.comentions", 2L, 0L, w.path(Table.GOLD_COMENTIONS)),
        List.of("gold.runs", 3L, 1L, w.path(Table.GOLD_RUNS)));
    assertThat(wh.version("gold.runs")).isEqualTo(1);
  }

  @Test
  void countsWithSparkWhenTheLogsFirstCommitsAreGone() throws Exception {
    Warehouse w = tiny();
    String runs = w.path(Table.GOLD_RUNS);
    spark.sql("ALTER TABLE delta.`" + runs + "` SET TBLPROPERTIES ('delta.checkpointInterval' = '2')");
    w.append(Table.GOLD_RUNS, spark.createDataFrame(List.of(run("r2", "ingest", 1)), Table.GOLD_RUNS.schema()));
    // Versions 0 (append), 1 (append), 2 (properties, checkpointed), 3 (append); then the log is cleaned
    // up to the checkpoint, as Delta does after its retention period.
    Path log = Path.of(new URI(runs + "/_delta_log"));
    assertThat(log.resolve("00000000000000000002.checkpoint.parquet")).exists();
    for (String v : List.of("00000000000000000000", "00000000000000000001")) {
      Files.delete(log.resolve(v + ".json"));
      Files.deleteIfExists(log.resolve(v + ".crc"));
    }
    assertThat(DeltaLogSummary.read(spark.sparkContext().hadoopConfiguration(), runs))
        .isEmpty();
    Entente wh = Entente.open(spark, w.root());
    assertThat(rows(wh.tables().select("table", "rows", "version")))
        .containsExactly(List.of("gold.comentions", 2L, 0L), List.of("gold.runs", 4L, 3L));
    assertThat(wh.version("gold.runs")).isEqualTo(3);
  }

  @Test
  void historyAndTimeTravel() throws Exception {
    Warehouse w = sharedTiny();
    Entente wh = Entente.open(spark, w.root());
    assertThat(rows(wh.history("gold.runs").select("version", "operation")))
        .containsExactly(List.of(1L, "WRITE"), List.of(0L, "WRITE"));
    assertThat(rows(wh.asOf("gold.runs", 0).select("stage"))).containsExactly(List.of("ingest"));
    assertThat(wh.asOf("gold.runs", 1).count()).isEqualTo(3);
    assertThat(wh.table("gold.runs").count()).isEqualTo(3);
    // The timestamp of version 0's commit reads version 0.
    Timestamp v0 = wh.history("gold.runs").filter("version = 0").first().getAs("timestamp");
    assertThat(wh.asOf("gold.runs", v0.toInstant().toString().replace('T', ' ').replace("Z", "")).count())
        .isEqualTo(1);
    assertThatThrownBy(() -> wh.asOf("gold.runs", 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version 2 of gold.runs does not exist (versions 0 to 1)");
    assertThatThrownBy(() -> wh.asOf("gold.runs", -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version -1 of gold.runs does not exist (versions 0 to 1)");
  }

  @Test
  void unknownAndMissingTablesAreClearErrors() throws Exception {
    Entente wh = Entente.open(spark, sharedTiny().root());
    assertThatThrownBy(() -> wh.table("gold.nothing")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no table named 'gold.nothing' (tables: [bronze.articles, silver.articles,");
    assertThatThrownBy(() -> wh.history("gold.topics")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table gold.topics does not exist yet in " + wh.root()
            + " (run the stage that writes it: bin/entente run)");
    write("afile", "x");
    assertThatThrownBy(() -> Entente.open(spark, tmp.resolve("afile").toString())).isInstanceOf(UserError.class)
        .hasMessage("--warehouse " + tmp.resolve("afile") + " is a file, not a directory");
  }

  @Test
  void anEmptyWarehouseHasNoTablesUntilRefreshed() {
    Warehouse w = newWarehouse();
    Entente wh = Entente.open(spark, w.root());
    assertThat(wh.tableNames()).isEmpty();
    assertThat(wh.tables().count()).isZero();
    w.append(Table.GOLD_RUNS, spark.createDataFrame(List.of(run("r1", "ingest", 5)), Table.GOLD_RUNS.schema()));
    assertThat(wh.refresh().tableNames()).containsExactly("gold.runs");
    assertThat(wh.sql("select * from gold.runs").count()).isEqualTo(1);
  }

  @Test
  void openInTheActiveSessionCalmsJavaLogging() throws Exception {
    Logger root = Logger.getLogger("");
    Level before = root.getLevel();
    try {
      root.setLevel(Level.FINEST);
      Entente wh = Entente.open(sharedTiny().root());
      assertThat(wh.spark()).isSameAs(spark);
      assertThat(root.getLevel()).isEqualTo(Level.INFO);
      assertThat(wh.tableNames()).containsExactly("gold.comentions", "gold.runs");
    } finally {
      root.setLevel(before);
    }
  }
}
