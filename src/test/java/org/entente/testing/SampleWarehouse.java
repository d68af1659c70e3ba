package org.entente.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.entente.cli.CliTest;
import org.entente.spark.Sessions;
import org.entente.util.Console;

/**
 * The warehouse {@code entente run} makes of the bundled sample corpus ({@code data/sample},
 * topics with {@code --max-iter 20}), built the first time a test asks for it, in that JVM's
 * shared Spark session. Building it costs the whole pipeline on 374 records (one to two minutes
 * on a 2-core machine); every later caller gets the same folder at no cost.
 *
 * <p>Under Maven the build is shared by the suite's test JVMs (surefire runs two forks, and the
 * classes that need the sample land in either): the first fork to ask builds it under
 * {@code target/}, in a folder named after the build's start ({@code entente.testRun}, set by
 * the pom), holding a file lock that the other fork waits on; a {@code done} marker tells a
 * finished build from one a crashed fork left half-written. Outside Maven (an IDE, no
 * {@code entente.testRun}) it is built once per JVM in a temporary folder removed at exit.
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
    String run = System.getProperty("entente.testRun", "");
    if (run.isBlank()) {
      Path dir;
      try {
        dir = Files.createTempDirectory("entente-sample-warehouse-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> SparkTest.deleteTree(dir)));
      return buildIn(dir.resolve("warehouse"));
    }
    return buildShared(SparkTest.repo().resolve("target"), run.replaceAll("[^0-9A-Za-z]", ""));
  }

  /** Builds (or waits for another JVM's build of) this Maven run's warehouse under {@code target}. */
  private static Path buildShared(Path target, String run) {
    String prefix = "sample-warehouse-";
    Path dir = target.resolve(prefix + run);
    Path done = dir.resolve("done");
    try {
      Files.createDirectories(target);
      try (FileChannel ch = FileChannel.open(target.resolve(prefix + "lock"),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        if (Files.exists(done)) {
          System.out.printf("SampleWarehouse: using %s, built by another test JVM%n", dir);
          return dir.resolve("warehouse");
        }
        try (Stream<Path> old = Files.list(target)) {
          old.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p))
              .forEach(SparkTest::deleteTree);
        }
        Path wh = buildIn(dir.resolve("warehouse"));
        Files.createFile(done);
        return wh;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path buildIn(Path wh) {
    Sessions.forTests();
    Console.setQuiet(true);
    System.setProperty("entente.home", SparkTest.repo().toString());
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
