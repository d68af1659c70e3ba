package org.entente.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM a test started (a Spark Master, Worker or driver): its process, its output captured to
 * one file, and a stop that always ends it and whatever it started (a Worker's executors).
 */
public final class ChildJvm {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** {@code java <jvmArgs> -cp <classpath> <mainClass> <args>} in {@code dir}, output to {@code log}. */
  public static ChildJvm start(String name, List<String> jvmArgs, String classpath, String mainClass,
      List<String> args, Map<String, String> env, Path dir, Path log) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    try {
      Files.createDirectories(log.getParent());
      return new ChildJvm(name, pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /**
   * The processes this JVM started itself (for a Worker: its executors), alive now; not their
   * children (a JVM's short-lived forks share its command line and memory figures).
   */
  public List<ProcessHandle> children() {
    return process.children().filter(ProcessHandle::isAlive).toList();
  }

  /** Waits up to {@code limit} for the JVM to exit; true when it did. */
  public boolean waitFor(Duration limit) {
    try {
      return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The exit status, or null while it still runs. */
  public Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /**
   * Ends the JVM and its descendants: SIGTERM (a Worker's shutdown hook then ends its executors),
   * up to {@code grace} to exit, then SIGKILL; descendants left alive get the same. Idempotent.
   */
  public void stop(Duration grace) {
    List<ProcessHandle> kids = process.descendants().toList();
    end(process.toHandle(), grace);
    for (ProcessHandle k : kids) {
      end(k, Duration.ofSeconds(5));
    }
  }

  private static void end(ProcessHandle p, Duration grace) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // reported by the caller's next check; nothing more can be done
      }
    }
  }

  /** The last {@code n} lines of the output file. */
  public String tail(int n) {
    return tail(log, n);
  }

  public static String tail(Path file, int n) {
    try {
      if (!Files.exists(file)) {
        return "(no file " + file + ")";
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
