package org.entente.cli;

import org.entente.nlp.AnnotateJob;
import picocli.CommandLine.Option;

/** Options of the annotate stage, shared by {@code annotate} and {@code run}. */
public final class AnnotateOptions {
  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "fast",
      description = "Candidate generator: fast (Aho-Corasick) or sparknlp (the Spark NLP reference pipeline). Default: ${DEFAULT-VALUE}")
  String engine;

  @Option(names = "--full", description = "Re-annotate every article (after a knowledge-base change).")
  boolean full;

  @Option(names = "--no-places", negatable = false,
      description = "Do not count cities, regions and institutions (\"Houston\", \"the Kremlin\") as country mentions.")
  boolean noPlaces;

  AnnotateJob configure(AnnotateJob job, CommonOptions common) {
    return job.engine(engine).full(full).places(!noPlaces).kbDir(common.kb);
  }
}
