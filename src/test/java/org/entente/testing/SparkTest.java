package org.entente.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.entente.spark.Sessions;
import org.entente.util.Console;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base for tests on real Spark: one local[2] session shared by every test class of the JVM
 * (started once, stopped by the JVM's exit), and a fresh scratch folder per test.
 */
public abstract class SparkTest {
  protected static SparkSession spark;
  protected Path tmp;

  @BeforeAll
  static void startSpark() {
    spark = Sessions.forTests();
    Console.setQuiet(true);
  }

  @BeforeEach
  void makeScratch() throws IOException {
    tmp = Files.createTempDirectory("entente-test-");
  }

  @AfterEach
  void dropScratch() {
    deleteTree(tmp);
  }

  protected Warehouse newWarehouse() {
    return Warehouse.open(spark, tmp.resolve("warehouse").toString());
  }

  protected Path write(String relative, String content) {
    Path p = tmp.resolve(relative);
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** Collects rows as lists of values, for exact comparisons. */
  protected static List<List<Object>> rows(Dataset<Row> df) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : df.collectAsList()) {
      List<Object> vals = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        vals.add(r.get(i));
      }
      out.add(vals);
    }
    return out;
  }

  /** The rows as strings, sorted: for comparing tables whatever their row order. */
  public static List<String> sortedRowStrings(Dataset<Row> df) {
    return df.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  public static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort
        }
      });
    } catch (IOException e) {
      // best effort
    }
  }

  /** Copies the folder {@code from} and everything in it to {@code to} (which must not exist yet). */
  public static Path copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
    return to;
  }

  /** The repository root (tests run from it under Maven). */
  public static Path repo() {
    return Path.of(System.getProperty("entente.repo", ".")).toAbsolutePath().normalize();
  }

  /** {@code ../shared}, the team's shared data, or null when absent. */
  public static Path shared() {
    Path p = repo().resolve("../shared").normalize();
    return Files.isDirectory(p.resolve("data")) ? p : null;
  }
}
