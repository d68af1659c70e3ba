package org.entente.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Peak resident memory and CPU time of processes, read from Linux's {@code /proc} while they
 * run (for the measurements the cluster test reports; never asserted). Elsewhere it records
 * nothing.
 */
public final class ProcStats {
  /** What was last seen of one process: its peak RSS (VmHWM) and its CPU seconds so far. */
  public record Seen(String label, long peakRssKb, double cpuSeconds) {}

  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on every Linux Spark runs on
  private final Map<Long, Seen> seen = new LinkedHashMap<>();

  /** Samples one process (labelled, e.g. "executor 0"); keeps the last reading of a live one. */
  public synchronized void sample(long pid, String label) {
    Path proc = Path.of("/proc", String.valueOf(pid));
    try {
      long hwm = 0;
      for (String line : Files.readAllLines(proc.resolve("status"))) {
        if (line.startsWith("VmHWM:")) {
          hwm = Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      String stat = Files.readString(proc.resolve("stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After the command name: state is field 3 of stat(5), utime 14 and stime 15.
      double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
      // A process that has just exited (a zombie) has no VmHWM any more: keep the peak seen.
      Seen before = seen.get(pid);
      seen.put(pid, new Seen(label, Math.max(hwm, before == null ? 0 : before.peakRssKb()), cpu));
    } catch (IOException | RuntimeException e) {
      // gone between the listing and the read, or no /proc: keep the last reading
    }
  }

  public synchronized Map<Long, Seen> seen() {
    return new LinkedHashMap<>(seen);
  }
}
