package org.entente.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.entente.bench.BenchJob;
import org.entente.bench.ScaleBench;
import org.entente.util.UserError;
import org.entente.warehouse.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code entente bench}: stage throughput on a corpus, warm, written as JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measures stage throughput, written as JSON (standard output, or --out).",
        "With --input: ingest and annotate on that corpus in one JVM (warm), into a scratch warehouse,",
        "  each stage --repeat times, median reported.",
        "With --articles N[,N...]: for each size a generated corpus (as entente generate, seed --seed),",
        "  a fresh warehouse and every stage once, then one day's batch added to the largest warehouse",
        "  and each stage run incrementally; reports seconds, articles/s and peak heap per stage, and",
        "  the per-article cost of each size against the smallest. Corpora are kept in --scratch.", ""},
    sortOptions = false)
public final class BenchCommand implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, paramLabel = "PATH", description = "The corpus (files, folders or globs).")
  List<String> inputs;

  @Option(names = "--articles", split = ",", paramLabel = "N[,N]",
      description = "Generated corpus sizes to run the whole pipeline on, e.g. 25000,100000,400000.")
  List<Long> sizes;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
      description = "With --articles: the generator's seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--no-day", description = "With --articles: skip the incremental day on the largest warehouse.")
  boolean noDay;

  @Option(names = "--engines", split = ",", defaultValue = "fast", paramLabel = "E[,E]",
      description = "Annotate engines to measure: fast, sparknlp. Default: ${DEFAULT-VALUE}")
  List<String> engines;

  @Option(names = "--stages", split = ",", paramLabel = "S[,S]",
      description = {"Stages to time. With --input: ingest, annotate (default both; annotate still needs one",
          "ingest). With --articles: ingest,annotate,comentions,topics (the default) or a start of it."})
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
    if ((inputs == null || inputs.isEmpty()) == (sizes == null || sizes.isEmpty())) {
      throw new UserError("give --input (a corpus to time ingest and annotate on) or --articles (generated sizes), one of them");
    }
    Path dir = scratch != null ? Path.of(scratch) : Files.createTempDirectory("entente-bench-");
    if (sizes != null && !sizes.isEmpty()) {
      ScaleBench bench = ScaleBench.of(sizes, stages != null ? stages : ScaleBench.STAGES)
          .seed(seed).day(!noDay).out(out != null ? Path.of(out) : null);
      Files.createDirectories(dir);
      Map<String, Object> report = bench.execute(common.spark(), dir);
      if (out == null) {
        spec.commandLine().getOut().println(Json.object(report));
      }
      return 0;
    }
    if (stages == null) {
      stages = List.of("ingest", "annotate");
    }
    if (repeat < 1) {
      throw new UserError("--repeat must be at least 1");
    }
    for (String e : engines) {
      if (!e.equals("fast") && !e.equals("sparknlp")) {
        throw new UserError("unknown engine '" + e + "' in --engines (expected fast or sparknlp)");
      }
    }
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
