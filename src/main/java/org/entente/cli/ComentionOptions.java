package org.entente.cli;

import org.entente.comention.ComentionJob;
import picocli.CommandLine.Option;

/** Options of the co-mention stage, shared by {@code comentions} and {@code run}. */
public final class ComentionOptions {
  @Option(names = "--country-view",
      description = "Count a leader's mention as a mention of the country led as well.")
  boolean countryView;

  @Option(names = "--min-articles", paramLabel = "N", defaultValue = "1",
      description = "Leave out entities and pairs mentioned in fewer than N articles of a period. Default: ${DEFAULT-VALUE}")
  long minArticles;

  @Option(names = "--window", paramLabel = "PERIODS", defaultValue = "8",
      description = "Trailing window of the trends (weeks or months). Default: ${DEFAULT-VALUE}")
  int window;

  @Option(names = "--evidence", paramLabel = "N", defaultValue = "5",
      description = "Example sentences kept per pair and month. Default: ${DEFAULT-VALUE}")
  int evidence;

  @Option(names = "--rebuild", description = "Recompute every period, not only those of newly annotated articles.")
  boolean rebuild;

  ComentionJob configure(ComentionJob job, CommonOptions common) {
    return job.countryView(countryView).minArticles(minArticles).window(window).evidencePerPair(evidence)
        .full(rebuild).kbDir(common.kb);
  }
}
