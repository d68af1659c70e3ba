package org.entente.cli;

import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import org.entente.util.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code entente} command line. The same main class runs under {@code bin/entente} (local
 * mode) and {@code spark-submit --class org.entente.cli.Main entente.jar <subcommand> ...}.
 * Exit status: 0 success, 1 failure, 2 user error (bad option, missing input) with one line on
 * standard error and no stack trace.
 */
@Command(name = "entente", mixinStandardHelpOptions = true, version = "entente 0.1.0",
    description = "News-corpus analytics on Spark: countries and leaders, co-mentions over time, topics.%n",
    subcommands = {RunCommand.class, IngestCommand.class, AnnotateCommand.class, ComentionsCommand.class,
        TopicsCommand.class, SqlCommand.class, ReportCommand.class, EvalCommand.class, EvalStoriesCommand.class,
        BenchCommand.class, BenchTopicsCommand.class, GenerateCommand.class,
        CommandLine.HelpCommand.class},
    commandListHeading = "%nCommands:%n",
    footer = {"", "Run 'entente COMMAND --help' for a command's options."})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (run, ingest, sql, ...)");
  }

  public static void main(String[] args) {
    int code = execute(args);
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    System.exit(code);
  }

  /** Runs a command line and returns its exit status; never exits the JVM. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, for tests that capture its output. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println("entente: error: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      UserError user = find(ex, UserError.class);
      if (user != null) {
        err.println("entente: error: " + oneLine(user.getMessage()));
        if (CommonOptions.verboseErrors) {
          ex.printStackTrace(err);
        }
        err.flush();
        return 2;
      }
      org.entente.warehouse.Warehouse.CommitConflict conflict =
          find(ex, org.entente.warehouse.Warehouse.CommitConflict.class);
      err.println("entente: failed: " + oneLine(conflict != null ? conflict.getMessage() : rootMessage(ex)));
      if (CommonOptions.verboseErrors) {
        ex.printStackTrace(err);
      } else {
        err.println("entente: (run with --verbose for the stack trace)");
      }
      err.flush();
      return 1;
    });
    return cl;
  }

  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String m = c.getMessage();
    return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String l = s.strip();
    int nl = l.indexOf('\n');
    return nl < 0 ? l : l.substring(0, nl).strip();
  }
}
