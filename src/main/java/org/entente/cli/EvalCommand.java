package org.entente.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.entente.eval.EvalJob;
import org.entente.eval.EvalJob.Report;
import org.entente.eval.EvalJob.Score;
import org.entente.util.UserError;
import org.entente.warehouse.Json;
import org.entente.warehouse.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code entente eval}: entity detection accuracy against a labelled corpus. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Scores country and leader detection against a labelled JSONL corpus (Reuters-21578",
        "style: id, title, body, date, places, people). Ingests and annotates it into a scratch",
        "warehouse (not --warehouse) and prints recall and precision, overall and per entity.", ""},
    sortOptions = false)
public final class EvalCommand implements Callable<Integer> {
  @Option(names = "--labels", required = true, paramLabel = "FILE", description = "The labelled corpus (JSON lines).")
  String labels;

  @Option(names = "--places-map", paramLabel = "CSV", description = "code,entity_id for place codes (default: Reuters').")
  String placesMap;

  @Option(names = "--people-map", paramLabel = "CSV", description = "code,entity_id for people codes (default: Reuters' heads of state and government).")
  String peopleMap;

  @Option(names = "--scratch", paramLabel = "DIR", description = "Scratch warehouse (default: a new temporary folder).")
  String scratch;

  @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the full report as JSON.")
  String out;

  @Option(names = "--top", paramLabel = "N", defaultValue = "25", description = "Entities listed per kind. Default: ${DEFAULT-VALUE}")
  int top;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(Path.of(labels)) && !labels.contains("://")) {
      throw new UserError("--labels " + labels + " is not a file");
    }
    String dir = scratch != null ? scratch : Files.createTempDirectory("entente-eval-").toString();
    Warehouse wh = Warehouse.open(common.spark(), dir);
    Report r = EvalJob.in(wh).labels(labels).placesMap(placesMap).peopleMap(peopleMap).kbDir(common.kb).execute();
    PrintWriter w = spec.commandLine().getOut();
    w.printf("articles scored\t%d%n", r.articles());
    w.println("kind\tlabels\tfound\tpredicted\trecall\tprecision");
    for (Score s : new Score[] {r.countries(), r.countriesWithoutUsa(), r.leaders()}) {
      w.println(line(s));
    }
    w.println();
    w.println("country\tlabels\tfound\tpredicted\trecall\tprecision");
    r.perCountry().stream().limit(top).forEach(s -> w.println(line(s)));
    w.println();
    w.println("leader\tlabels\tfound\tpredicted\trecall\tprecision");
    r.perLeader().stream().filter(s -> s.labels() > 0).limit(top).forEach(s -> w.println(line(s)));
    w.flush();
    if (out != null) {
      Files.writeString(Path.of(out), json(r));
    }
    return 0;
  }

  private static String line(Score s) {
    return String.format("%s\t%d\t%d\t%d\t%.3f\t%.3f", s.entity(), s.labels(), s.found(), s.predicted(),
        s.recall(), s.precision());
  }

  private static String json(Report r) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("articles", r.articles());
    m.put("countries", score(r.countries()));
    m.put("countries_without_usa", score(r.countriesWithoutUsa()));
    m.put("leaders", score(r.leaders()));
    m.put("per_country", r.perCountry().stream().map(EvalCommand::score).toList());
    m.put("per_leader", r.perLeader().stream().map(EvalCommand::score).toList());
    m.put("unmapped_codes", r.unmappedCodes());
    return Json.object(m);
  }

  private static java.util.Map<String, Object> score(Score s) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("entity", s.entity());
    m.put("labels", s.labels());
    m.put("found", s.found());
    m.put("predicted", s.predicted());
    m.put("recall", Double.isNaN(s.recall()) ? null : s.recall());
    m.put("precision", Double.isNaN(s.precision()) ? null : s.precision());
    return m;
  }
}
