package org.entente.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.entente.generate.CorpusGenerator;
import org.entente.util.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code entente generate}: a deterministic synthetic corpus with a known ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Writes a deterministic synthetic news corpus of any size, for benchmarks and scale tests:",
        "gzip JSON lines (id, source, title, text, published_at, url) in DIR/articles-NNNNN.jsonl.gz,",
        "the entities planted in each article in DIR/truth/truth-NNNNN.jsonl.gz, and DIR/manifest.json.",
        "Countries are named by their common name, leaders by full name while in office; the filler",
        "names nothing, so annotate should find exactly the truth. The same options give the same bytes.",
        "Ingest with: entente ingest --input 'DIR/articles-*.jsonl.gz'", ""},
    sortOptions = false)
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--articles", required = true, paramLabel = "N", description = "How many articles (1 or more).")
  long articles;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Folder to write (created if missing; must be empty unless --force).")
  Path out;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--from", defaultValue = "2015-01-01", paramLabel = "DATE",
      description = "First publication day. Default: ${DEFAULT-VALUE}")
  String from;

  @Option(names = "--to", defaultValue = "2025-12-31", paramLabel = "DATE",
      description = "Last publication day. Default: ${DEFAULT-VALUE}")
  String to;

  @Option(names = "--files", paramLabel = "K", description = "Spread the articles evenly over K files.")
  Integer files;

  @Option(names = "--per-file", paramLabel = "M",
      description = "At most M articles per file (default " + CorpusGenerator.DEFAULT_PER_FILE + ").")
  Integer perFile;

  @Option(names = "--threads", paramLabel = "T",
      description = "Files written at once (default: the cores, at most 8). The output does not depend on it.")
  Integer threads;

  @Option(names = "--force", description = "Write into a folder that is not empty, replacing a corpus generated there.")
  boolean force;

  @Option(names = "--kb", paramLabel = "DIR", description = "A knowledge base folder to use instead of the bundled seeds.")
  String kb;

  @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
  boolean verbose;

  @Override
  public Integer call() {
    CommonOptions.verboseErrors = verbose;
    CorpusGenerator g = CorpusGenerator.into(out).articles(articles).seed(seed)
        .range(date("--from", from), date("--to", to)).files(files).perFile(perFile).kbDir(kb).force(force);
    if (threads != null) {
      g.threads(threads);
    }
    g.execute();
    return 0;
  }

  private static LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new UserError(option + " '" + value + "' is not a date such as 2015-01-31");
    }
  }
}
