package org.entente.util;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.Encoders;

/**
 * Named points where a test can kill the process, to check that a stage killed there leaves the
 * warehouse in a state that a re-run repairs. Inert unless the JVM runs with
 * {@code -Dentente.fault=NAME}: then reaching point NAME halts the JVM at once with exit status
 * 137 (what {@code kill -9} gives), without shutdown hooks, finally blocks or Spark's clean-up.
 */
public final class Faults {
  /** The exit status of a halted run. */
  public static final int HALT_STATUS = 137;

  private Faults() {}

  private static String armed() {
    return System.getProperty("entente.fault");
  }

  /** Halts the JVM if the fault named {@code point} is armed; otherwise does nothing. */
  public static void at(String point) {
    if (point.equals(armed())) {
      System.err.println("entente: fault injected at " + point + ": halting");
      System.err.flush();
      Runtime.getRuntime().halt(HALT_STATUS);
    }
  }

  /**
   * {@code rows} unchanged, except that when the fault {@code point} is armed the JVM halts as
   * soon as a task has passed its first row on: a kill while the write consuming them (a Delta
   * MERGE, say) has tasks running and no commit yet. Unarmed, the plan is not touched.
   */
  public static Dataset<Row> duringWrite(Dataset<Row> rows, String point) {
    if (!point.equals(armed())) {
      return rows;
    }
    return rows.mapPartitions((MapPartitionsFunction<Row, Row>) it -> new Iterator<>() {
      int passed;

      @Override
      public boolean hasNext() {
        if (passed > 0) {
          at(point);
        }
        return it.hasNext();
      }

      @Override
      public Row next() {
        passed++;
        return it.next();
      }
    }, Encoders.row(rows.schema()));
  }
}
