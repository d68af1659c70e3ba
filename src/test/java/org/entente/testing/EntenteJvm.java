package org.entente.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code entente ARGS} in a JVM of its own (local[2]), optionally with a fault point armed
 * ({@code org.entente.util.Faults}): the JVM then halts at that point as {@code kill -9} would.
 * How tests kill a stage in the middle of a write and check that running it again recovers.
 */
public final class EntenteJvm {
  private EntenteJvm() {}

  /** How a run ended: its exit status and the last lines of its output. */
  public record Outcome(int code, String tail) {}

  /** A run started by {@link #start}; {@link #finish} waits for it. */
  public record Running(ChildJvm jvm, String name, long startedNanos) {}

  /**
   * Starts {@code entente ARGS --master local[2]} with the fault {@code point} armed (none when
   * null); its output goes to a file in {@code scratch}.
   */
  public static Running start(Path scratch, String point, String... args) {
    List<String> jvm = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Djdk.reflect")) {
        jvm.add(a);
      }
    }
    // Short runs on a few rows: the quick compiler only, the serial collector, and the test
    // session's small partition counts and no UI (Sessions keeps spark.* properties given).
    jvm.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
        "-Dspark.sql.shuffle.partitions=2", "-Dspark.sql.adaptive.coalescePartitions.initialPartitionNum=2",
        "-Dspark.databricks.delta.snapshotPartitions=1", "-Dspark.ui.enabled=false"));
    if (point != null) {
      jvm.add("-Dentente.fault=" + point);
    }
    List<String> cli = new ArrayList<>(List.of(args));
    cli.addAll(List.of("--master", "local[2]"));
    String name = String.join(" ", args).replace(scratch + "/", "") + " (" + (point == null ? "no fault" : point)
        + ")";
    try {
      return new Running(ChildJvm.start(name, jvm, System.getProperty("java.class.path"), "org.entente.cli.Main", cli,
          Map.of(), Path.of("."), Files.createTempFile(scratch, "child-", ".log")), name, System.nanoTime());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the run (at most 5 minutes, then it is ended and the test fails). */
  public static Outcome finish(Running run) {
    try {
      if (!run.jvm().waitFor(Duration.ofMinutes(5))) {
        throw new AssertionError("entente " + run.name() + " did not finish in 5 minutes");
      }
    } finally {
      run.jvm().stop(Duration.ofSeconds(5));
    }
    System.out.printf("EntenteJvm: %s exit %d after %.1f s%n", run.name(), run.jvm().exitCode(),
        (System.nanoTime() - run.startedNanos()) / 1e9);
    return new Outcome(run.jvm().exitCode(), run.jvm().tail(15));
  }

  /** {@link #start} then {@link #finish}. */
  public static Outcome run(Path scratch, String point, String... args) {
    return finish(start(scratch, point, args));
  }
}
