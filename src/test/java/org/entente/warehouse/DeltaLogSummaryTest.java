package org.entente.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Date;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.entente.testing.SparkTest;
import org.junit.jupiter.api.Test;

/** Versions and row counts from the Delta log alone agree with Delta after appends and overwrites. */
class DeltaLogSummaryTest extends SparkTest {
  private Dataset<Row> evidence(int from, int to) {
    return spark.createDataFrame(IntStream.range(from, to).mapToObj(i -> RowFactory.create(
        Date.valueOf("2024-10-01"), "CHN", "RUS", i, "a" + i, Date.valueOf("2024-10-22"), 1, "s" + i))
        .collect(Collectors.toList()), Table.GOLD_COMENTION_EVIDENCE.schema());
  }

  private DeltaLogSummary.Summary summary(Warehouse w) throws IOException {
    return DeltaLogSummary.read(spark.sparkContext().hadoopConfiguration(), w.path(Table.GOLD_COMENTION_EVIDENCE))
        .orElseThrow();
  }

  @Test
  void followsAppendsAndOverwrites() throws IOException {
    Warehouse w = newWarehouse();
    w.append(Table.GOLD_COMENTION_EVIDENCE, evidence(0, 3).repartition(2));
    assertThat(summary(w)).isEqualTo(new DeltaLogSummary.Summary(0, 3));
    w.append(Table.GOLD_COMENTION_EVIDENCE, evidence(3, 5));
    assertThat(summary(w)).isEqualTo(new DeltaLogSummary.Summary(1, 5));
    // An overwrite removes every earlier file.
    w.overwrite(Table.GOLD_COMENTION_EVIDENCE, evidence(7, 9));
    assertThat(summary(w)).isEqualTo(new DeltaLogSummary.Summary(2, 2));
    assertThat(w.read(Table.GOLD_COMENTION_EVIDENCE).count()).isEqualTo(2);
  }

  @Test
  void aTableThatDoesNotExistHasNoSummary() throws IOException {
    assertThat(DeltaLogSummary.read(spark.sparkContext().hadoopConfiguration(),
        newWarehouse().path(Table.GOLD_RUNS))).isEmpty();
  }
}
