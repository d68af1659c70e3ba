package org.entente.warehouse;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.entente.util.Console;

/**
 * Writes {@code gold/runs}: one row per stage run with its counts, duration, parameters and
 * status. A stage opens a {@link StageRun}, sets its counts, and closes it as succeeded or failed.
 */
public final class RunLog {
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private RunLog() {}

  /** A new run id: UTC time plus a random suffix, sortable by start. */
  public static String newRunId() {
    return ID.format(Instant.now()) + "-" + Integer.toHexString(
        ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  /** One stage's run; counts are filled in by the stage. */
  public static final class StageRun {
    private final Warehouse warehouse;
    private final String runId;
    private final String stage;
    private final Instant started = Instant.now();
    private final Map<String, Object> params = new TreeMap<>();
    public long rowsIn;
    public long rowsOut;
    public long rowsRejected;
    public long rowsDuplicate;

    StageRun(Warehouse warehouse, String runId, String stage) {
      this.warehouse = warehouse;
      this.runId = runId;
      this.stage = stage;
    }

    public String runId() {
      return runId;
    }

    public StageRun param(String key, Object value) {
      params.put(key, value);
      return this;
    }

    public double secondsSoFar() {
      return (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0;
    }

    /** Records success, with the summary line as the run's message, and prints the line. */
    public void succeeded(String summary) {
      write("SUCCEEDED", summary);
      Console.info("%s: %s (%.1f s)", stage, summary, secondsSoFar());
    }

    /** Records failure; the caller rethrows. Never throws itself. */
    public void failed(Throwable error) {
      String message = error.getClass().getSimpleName() + ": " + error.getMessage();
      try {
        write("FAILED", message.length() > 2000 ? message.substring(0, 2000) : message);
      } catch (RuntimeException e) {
        Console.warn("could not record the failed run in gold/runs: %s", e.getMessage());
      }
    }

    private void write(String status, String message) {
      Instant finished = Instant.now();
      Row row = RowFactory.create(runId, stage, Timestamp.from(started), Timestamp.from(finished),
          status, rowsIn, rowsOut, rowsRejected, rowsDuplicate,
          (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0, Json.object(params), message);
      warehouse.retrying(Table.GOLD_RUNS, () -> {
        warehouse.append(Table.GOLD_RUNS, warehouse.spark().createDataFrame(List.of(row), Table.GOLD_RUNS.schema()));
        return null;
      });
    }
  }

  public static StageRun start(Warehouse warehouse, String runId, String stage) {
    return new StageRun(warehouse, runId, stage);
  }
}
