package org.entente.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.entente.eval.StoriesEval;
import org.entente.ingest.Stories;
import org.entente.util.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code entente eval-stories}: precision and recall of near-duplicate grouping on planted copies. */
@Command(name = "eval-stories", mixinStandardHelpOptions = true,
    description = {"Measures the near-duplicate story grouping of ingest on a planted corpus: base articles",
        "(from --input, else synthetic ones from the generator), each with copies edited at known levels",
        "(new headline, byline, last paragraph cut, words replaced, all together, and a heavy rewrite that",
        "must stay apart). Prints the Jaccard similarities of the copies, pairwise precision and recall per",
        "threshold and per number of hash tables, and a two-batch run. Uses no warehouse.", ""},
    sortOptions = false)
public final class EvalStoriesCommand implements Callable<Integer> {
  @Option(names = "--input", paramLabel = "FILE",
      description = "JSON lines with id and text (or body) to take the base articles from. Default: generated.")
  String input;

  @Option(names = "--bases", paramLabel = "N", defaultValue = "500", description = "Base articles. Default: ${DEFAULT-VALUE}")
  int bases;

  @Option(names = "--min-words", paramLabel = "N", defaultValue = "50",
      description = "Only bases with at least this many words. Default: ${DEFAULT-VALUE}")
  int minWords;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the choice of bases and edits. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--thresholds", paramLabel = "J,...", split = ",", defaultValue = "0.3,0.4,0.5,0.6,0.7,0.8",
      description = "Jaccard thresholds to score. Default: ${DEFAULT-VALUE}")
  List<Double> thresholds;

  @Option(names = "--lsh", paramLabel = "RxB,...", split = ",", defaultValue = "1x8,1x16,2x8,2x16,2x32,3x32",
      description = {"LSH settings to score at the default threshold: R MinHash values per band x B bands",
          "(1xB: MLlib's OR-only approxSimilarityJoin). Default: ${DEFAULT-VALUE}"})
  List<String> lsh;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the report to this file.")
  String out;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (bases < 2) {
      throw new UserError("--bases must be 2 or more, not " + bases);
    }
    if (minWords < Stories.DEFAULT_SHINGLE_WORDS) {
      throw new UserError("--min-words must be at least " + Stories.DEFAULT_SHINGLE_WORDS + " (a shingle), not " + minWords);
    }
    for (double t : thresholds) {
      Stories.grouping().threshold(t);
    }
    List<int[]> settings = new ArrayList<>();
    for (String x : lsh) {
      String[] p = x.toLowerCase(java.util.Locale.ROOT).split("x");
      try {
        int r = Integer.parseInt(p[0].trim());
        int b = Integer.parseInt(p[1].trim());
        Stories.grouping().rows(r).bands(b);
        settings.add(new int[] {r, b});
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new UserError("--lsh '" + x + "' is not ROWSxBANDS such as 2x16");
      }
    }
    if (input != null && !input.contains("://") && !Files.exists(Path.of(input))) {
      throw new UserError("input not found: " + input);
    }
    PrintWriter w = spec.commandLine().getOut();
    StoriesEval eval = new StoriesEval(common.spark(), w);
    List<StoriesEval.Base> b = input != null ? eval.basesFrom(input, bases, minWords, seed)
        : eval.generatedBases(bases, minWords, seed);
    String report = eval.run(b, input != null ? input : "generated, seed " + seed, seed,
        new ArrayList<>(thresholds), settings);
    if (out != null) {
      Files.writeString(Path.of(out), report);
    }
    return 0;
  }
}
