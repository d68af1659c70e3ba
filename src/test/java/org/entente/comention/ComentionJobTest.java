package org.entente.comention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.entente.nlp.AnnotateJob;
import org.entente.testing.EntenteJvm;
import org.entente.testing.Fixtures;
import org.entente.testing.SparkTest;
import org.entente.util.Faults;
import org.entente.util.UserError;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

/**
 * The co-mention stage on a small warehouse: an incremental run equals a full rebuild, and the
 * same run killed in the middle of its writes and run again equals it too.
 */
class ComentionJobTest extends SparkTest {
  /** The gold tables the stage writes. */
  static final List<Table> GOLD_TABLES = List.of(Table.GOLD_ENTITY_COUNTS, Table.GOLD_COMENTIONS,
      Table.GOLD_COMENTION_TRENDS, Table.GOLD_COMENTION_EVIDENCE);
  static final Row[] FIRST = {
      Fixtures.article("a1", "2024-10-22", "Putin hosts Xi in Kazan", "The Russian president met Xi Jinping. Moscow and Beijing signed deals."),
      Fixtures.article("a2", "2024-10-27", "", "Beijing and Moscow traded barbs with Washington, Beijing said."),
      Fixtures.article("a3", "2024-11-03", "", "India and China agreed on patrols."),
  };
  static final Row[] SECOND = {
      // the same week as a2 (a Sunday, and a copy of a2's story), a new month, and a new year
      Fixtures.article("b1", "2024-10-27", "", "Modi met Xi in Kazan; India and China agreed.", "a2"),
      Fixtures.article("b2", "2024-12-30", "", "Russia and China held drills."),
      Fixtures.article("b3", "2025-01-21", "", "Trump spoke to Xi. China and the U.S. talked."),
  };

  @Test
  void anIncrementalRunEqualsAFullRebuild() {
    Warehouse inc = Warehouse.open(spark, tmp.resolve("inc").toString());
    Fixtures.addArticles(inc, FIRST);
    AnnotateJob.on(inc).execute();
    ComentionJob.Result first = ComentionJob.on(inc).execute();
    assertThat(first.comentions()).isPositive();
    Fixtures.addArticles(inc, SECOND);
    AnnotateJob.on(inc).execute();

    // A copy of the warehouse runs the same incremental step in a JVM of its own, killed (as
    // kill -9 would) while replacing the evidence of the changed periods: its entity counts, pairs
    // and trends are committed, its evidence is not. Run again, it must equal the clean run.
    // (Killed at comentions:after-pairs, between the pairs and the trends, it recovers the same
    // way; not run, for time.)
    Path killedDir = copyTree(tmp.resolve("inc"), tmp.resolve("killed"));
    String point = "comentions:during-evidence";
    EntenteJvm.Running killedRun = EntenteJvm.start(tmp, point, "comentions", "--warehouse", killedDir.toString());
    List<String> evidenceBefore = sortedRowStrings(inc.read(Table.GOLD_COMENTION_EVIDENCE));

    ComentionJob.Result second = ComentionJob.on(inc).execute();
    assertThat(List.of(second.from(), second.to())).containsExactly("2024-10-27", "2025-01-21");
    ComentionJob.Result nothing = ComentionJob.on(inc).execute();
    assertThat(nothing.comentions()).isZero();

    EntenteJvm.Outcome killed = EntenteJvm.finish(killedRun);
    assertThat(killed.code()).as(point + ": " + killed.tail()).isEqualTo(Faults.HALT_STATUS);
    assertThat(killed.tail()).contains("fault injected at " + point);
    Warehouse k = Warehouse.open(spark, killedDir.toString());
    assertThat(sortedRowStrings(k.read(Table.GOLD_COMENTION_EVIDENCE))).as("evidence as before the killed run")
        .isEqualTo(evidenceBefore);
    assertThat(k.read(Table.GOLD_COMENTIONS).filter("grain = 'month' and period_start = '2024-12-01'").count())
        .as("pairs of the new month committed before the kill").isPositive();
    ComentionJob.on(k).execute();
    for (Table t : GOLD_TABLES) {
      assertThat(sortedRowStrings(k.read(t))).as(point + ", run again: " + t.sqlName()).isEqualTo(sortedRowStrings(inc.read(t)));
    }

    Warehouse full = Warehouse.open(spark, tmp.resolve("full").toString());
    Fixtures.addArticles(full, FIRST);
    Fixtures.addArticles(full, SECOND);
    AnnotateJob.on(full).execute();
    ComentionJob.on(full).full(true).execute();

    for (Table t : GOLD_TABLES) {
      assertThat(sortedRowStrings(inc.read(t))).as(t.sqlName()).isEqualTo(sortedRowStrings(full.read(t))).isNotEmpty();
    }
    Row kazanWeek = inc.read(Table.GOLD_COMENTIONS).filter("grain = 'week' and period_start = '2024-10-21'"
        + " and entity_a = 'CHN' and entity_b = 'RUS'").first();
    assertThat(List.of(kazanWeek.<Long>getAs("articles"), kazanWeek.<Long>getAs("period_articles"),
        kazanWeek.<Long>getAs("stories"), kazanWeek.<Long>getAs("period_stories")))
        .containsExactly(3L, 3L, 2L, 2L); // a1, a2 and b1 (Kazan is a Russian city); b1 is a2's story
    assertThat(inc.read(Table.GOLD_COMENTION_EVIDENCE).filter("entity_a = 'CHN' and entity_b = 'RUS'"
        + " and period_start = '2024-10-01' and rank = 1").first().<String>getAs("sentence"))
        .isEqualTo("Moscow and Beijing signed deals."); // the title names Xi and Kazan, not China

    // Gold tables made before the story columns: the next run recomputes every period and adds them.
    for (Table t : List.of(Table.GOLD_ENTITY_COUNTS, Table.GOLD_COMENTIONS)) {
      inc.read(t).drop("stories", "period_stories").localCheckpoint().write().format("delta").mode("overwrite")
          .option("overwriteSchema", "true").save(inc.path(t));
      assertThat(inc.read(t).columns()).doesNotContain("stories");
    }
    ComentionJob.Result upgraded = ComentionJob.on(inc).execute();
    assertThat(List.of(upgraded.from(), upgraded.to())).containsExactly("2024-10-22", "2025-01-21");
    for (Table t : List.of(Table.GOLD_ENTITY_COUNTS, Table.GOLD_COMENTIONS)) {
      assertThat(sortedRowStrings(inc.read(t).select(sortedColumns(full.read(t)))))
          .as(t.sqlName()).isEqualTo(sortedRowStrings(full.read(t).select(sortedColumns(full.read(t)))));
    }
  }

  private static org.apache.spark.sql.Column[] sortedColumns(Dataset<Row> df) {
    return java.util.Arrays.stream(df.columns()).sorted().map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
  }

  @Test
  void withoutAnnotationsItIsAUserError() {
    Warehouse wh = newWarehouse();
    assertThatThrownBy(() -> ComentionJob.on(wh).execute()).isInstanceOf(UserError.class)
        .hasMessageStartingWith("nothing to count: ");
    assertThatThrownBy(() -> ComentionJob.on(wh).window(1)).isInstanceOf(UserError.class)
        .hasMessage("--window must be 2 or more periods, not 1");
  }
}
