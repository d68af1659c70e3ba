package org.entente.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.entente.bench.BenchJob;
import org.entente.util.UserError;
import org.entente.warehouse.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code entente bench}: stage throughput on a corpus, warm, written as JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measures ingest and annotate throughput on a corpus in one JVM (warm), into a scratch",
        "warehouse: each stage --repeat times, median reported. Prints JSON (or writes --out).", ""},
    sortOptions = false)
public final class BenchCommand implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, required = true, paramLabel = "PATH", description = "The corpus (files, folders or globs).")
  List<String> inputs;

  @Option(names = "--engines", split = ",", defaultValue = "fast", paramLabel = "E[,E]",
      description = "Annotate engines to measure: fast, sparknlp. Default: ${DEFAULT-VALUE}")
  List<String> engines;

  @Option(names = "--stages", split = ",", defaultValue = "ingest,annotate", paramLabel = "S[,S]",
      description = "Stages to time: ingest, annotate (annotate still needs one ingest). Default: ${DEFAULT-VALUE}")
  List<String> stages;

  @Option(names = "--repeat", defaultValue = "3", paramLabel = "N", description = "Runs per stage. Default: ${DEFAULT-VALUE}")
  int repeat;

  @Option(names = "--source", paramLabel = "NAME", description = "Source name for the corpus (id namespace).")
  String source;

  @Option(names = "--scratch", paramLabel = "DIR", description = "Scratch folder (default: a new temporary folder).")
  String scratch;

  @Option(names = "--out", paramLabel = "FILE.json", description = "Write the report here instead of standard output.")
  String out;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (repeat < 1) {
      throw new UserError("--repeat must be at least 1");
    }
    for (String e : engines) {
      if (!e.equals("fast") && !e.equals("sparknlp")) {
        throw new UserError("unknown engine '" + e + "' in --engines (expected fast or sparknlp)");
      }
    }
    Path dir = scratch != null ? Path.of(scratch) : Files.createTempDirectory("entente-bench-");
    for (String st : stages) {
      if (!st.equals("ingest") && !st.equals("annotate")) {
        throw new UserError("unknown stage '" + st + "' in --stages (expected ingest or annotate)");
      }
    }
    List<String> eng = stages.contains("annotate") ? engines : List.of();
    Map<String, Object> report = new BenchJob(common.spark(), inputs, eng, repeat, source, stages.contains("ingest"))
        .execute(dir);
    String json = Json.object(report);
    if (out != null) {
      Files.writeString(Path.of(out), json + "\n");
    } else {
      spec.commandLine().getOut().println(json);
    }
    return 0;
  }
}
