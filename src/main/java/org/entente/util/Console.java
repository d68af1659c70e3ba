package org.entente.util;

import java.io.PrintStream;

/**
 * Progress and summary lines for people watching a job: one line per event on standard error
 * (standard output is kept for query results). Spark's own logging is separate and quiet by
 * default.
 */
public final class Console {
  private static volatile PrintStream err = System.err;
  private static volatile boolean quiet = false;

  private Console() {}

  /** Prints {@code entente: <message>} on standard error unless quieted. */
  public static void info(String format, Object... args) {
    if (!quiet) {
      err.println("entente: " + (args.length == 0 ? format : String.format(format, args)));
    }
  }

  /** Prints a warning line; warnings are shown even when quiet. */
  public static void warn(String format, Object... args) {
    err.println("entente: warning: " + (args.length == 0 ? format : String.format(format, args)));
  }

  public static void setQuiet(boolean q) {
    quiet = q;
  }

  public static void setErr(PrintStream stream) {
    err = stream;
  }
}
