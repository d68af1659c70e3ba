package org.entente.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.entente.bench.TopicBench;
import org.entente.topics.TopicJob;
import org.entente.util.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code entente bench-topics}: Entente's topics against other tools on the same documents. */
@Command(name = "bench-topics", mixinStandardHelpOptions = true,
    description = {"The topic-model benchmark, driven by bench/topics/run.sh with gensim and MALLET.",
        "export: fits Entente's topics as the topics stage does (writing nothing to the",
        "  warehouse), times the fit, writes the tokenised documents for the other tools.",
        "score: NPMI and purity of every tool's topics over those documents, as markdown.", ""},
    subcommands = {BenchTopicsCommand.Export.class, BenchTopicsCommand.Score.class},
    sortOptions = false)
public final class BenchTopicsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand (export or score)");
  }

  /** {@code entente bench-topics export}. */
  @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Fits Entente's LDA over silver/article_terms with one --k, with the topics",
          "stage's options and defaults (--threshold, --refit, --min-entity-articles: no",
          "effect here), and writes into --out: docs.tsv (id<TAB>label<TAB>tokens, the",
          "phrase-joined terms in the fitted vocabulary) and entente/ (topics.txt,",
          "doc_topics.tsv, fit.properties). Nothing is written to the warehouse.", ""})
  static final class Export implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The benchmark folder.")
    Path out;

    @Option(names = "--labels", defaultValue = "id-prefix", paramLabel = "id-prefix|none",
        description = "Document labels for purity: id-prefix (bbc:business/001 is 'business') or none. "
            + "Default: ${DEFAULT-VALUE}")
    String labels;

    @Mixin
    TopicOptions topics;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
      if (!labels.equals("id-prefix") && !labels.equals("none")) {
        throw new UserError("unknown --labels '" + labels + "' (expected id-prefix or none)");
      }
      if (topics.k.size() != 1) {
        throw new UserError("bench-topics export fits one --k at a time, not " + topics.k);
      }
      TopicJob job = topics.configure(TopicJob.on(common.openWarehouse()), common);
      TopicBench.Exported e = TopicBench.export(common.spark(), job, out, labels.equals("id-prefix"),
          topics.describeFit());
      System.err.printf("bench-topics: %d documents, %d terms, %d phrases, fit %.1f s -> %s%n", e.documents(),
          e.vocabulary(), e.phrases(), e.fitSeconds(), out);
      return 0;
    }
  }

  /** {@code entente bench-topics score}. */
  @Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Scores every tool folder under --dir (topics.txt, doc_topics.tsv,",
          "fit.properties) over --dir/docs.tsv: mean NPMI of the top 10 terms",
          "(org.entente.topics.Coherence) and purity against the labels. Prints a",
          "markdown table (and writes --out).", ""})
  static final class Score implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The benchmark folder (from export).")
    Path dir;

    @Option(names = "--tools", split = ",", paramLabel = "FOLDER[,FOLDER]",
        description = "Tool folders to score, in this order. Default: every one holding topics.txt, entente first.")
    List<String> tools = List.of();

    @Option(names = "--corpus", defaultValue = "corpus", paramLabel = "NAME", description = "Corpus name in the table.")
    String corpus;

    @Option(names = "--out", paramLabel = "FILE.md", description = "Also write the table here.")
    Path out;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!Files.isDirectory(dir)) {
        throw new UserError("no benchmark folder " + dir);
      }
      List<TopicBench.Score> scores = TopicBench.score(common.spark(), dir, tools);
      String md = TopicBench.markdown(corpus, TopicBench.countDocuments(dir), scores);
      if (out != null) {
        Files.writeString(out, md, StandardCharsets.UTF_8);
      }
      spec.commandLine().getOut().print(md);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
