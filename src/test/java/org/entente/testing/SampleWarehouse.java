package org.entente.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.entente.cli.CliTest;
import org.entente.spark.Sessions;
import org.entente.util.Console;

/**
 * The warehouse {@code entente run} makes of the bundled sample corpus ({@code data/sample},
 * topics with {@code --max-iter 20}), built once per test JVM, the first time a test asks for it,
 * in the JVM's shared Spark session, and removed when the JVM exits. Building it costs the whole
 * pipeline on 374 records (about a minute on a quiet 2-core machine); every later caller gets
 * the same folder at no cost.
 *
 * <p>Shared: treat it as read-only. A test that writes to a warehouse should {@link #copyTo copy}
 * it first.
 */
public final class SampleWarehouse {
  private static Path built;
  private static RuntimeException failure;

  private SampleWarehouse() {}

  /**
   * The sample warehouse's folder, built on the first call (later calls, and calls after a failed
   * build, return at once: the folder, or the same failure).
   *
   * @return the warehouse root
   */
  public static synchronized Path path() {
    if (built != null) {
      return built;
    }
    if (failure != null) {
      throw failure;
    }
    try {
      built = build();
      return built;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /**
   * Copies the sample warehouse (building it first if needed) to {@code target}, for a test that
   * changes its warehouse.
   *
   * @param target a folder that does not exist yet
   * @return {@code target}
   */
  public static Path copyTo(Path target) {
    return SparkTest.copyTree(path(), target);
  }

  private static Path build() {
    Sessions.forTests();
    Console.setQuiet(true);
    System.setProperty("entente.home", SparkTest.repo().toString());
    Path dir;
    try {
      dir = Files.createTempDirectory("entente-sample-warehouse-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> SparkTest.deleteTree(dir)));
    Path wh = dir.resolve("warehouse");
    long t0 = System.nanoTime();
    CliTest.Outcome run = CliTest.run("run", "--warehouse", wh.toString(), "--max-iter", "20");
    if (run.code() != 0) {
      throw new IllegalStateException("building the sample warehouse failed (exit " + run.code() + "): "
          + run.err());
    }
    System.out.printf("SampleWarehouse: built %s in %.1f s%n", wh, (System.nanoTime() - t0) / 1e9);
    return wh;
  }
}
