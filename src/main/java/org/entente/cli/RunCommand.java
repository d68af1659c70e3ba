package org.entente.cli;

import java.io.File;
import java.util.List;
import java.util.concurrent.Callable;
import org.entente.ingest.IngestJob;
import org.entente.nlp.AnnotateJob;
import org.entente.comention.ComentionJob;
import org.entente.topics.TopicJob;
import org.entente.util.Console;
import org.entente.util.UserError;
import org.entente.warehouse.RunLog;
import org.entente.warehouse.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code entente run}: every stage in order. With no options it ingests the bundled sample corpus
 * ({@code data/sample}) into {@code ./warehouse}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs every stage in order: ingest, annotate, comentions, topics.",
        "With no --input, reads the bundled sample corpus data/sample.", ""},
    sortOptions = false)
public final class RunCommand implements Callable<Integer> {
  @Mixin
  IngestOptions ingest;

  @Mixin
  AnnotateOptions annotate;

  @Mixin
  ComentionOptions comentions;

  @Mixin
  TopicOptions topics;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    List<String> defaults = ingest.inputs == null || ingest.inputs.isEmpty() ? List.of(sampleDir()) : null;
    Warehouse warehouse = common.openWarehouseForWriting();
    String runId = RunLog.newRunId();
    long t0 = System.nanoTime();
    ingest.configure(IngestJob.into(warehouse), defaults).runId(runId).execute();
    annotate.configure(AnnotateJob.on(warehouse), common).runId(runId).execute();
    comentions.configure(ComentionJob.on(warehouse), common).runId(runId).execute();
    topics.configure(TopicJob.on(warehouse), common).runId(runId).execute();
    Console.info("run: done in %.1f s; warehouse %s", (System.nanoTime() - t0) / 1e9, warehouse.root());
    return 0;
  }

  /** The bundled sample: {@code $ENTENTE_HOME/data/sample}, else {@code ./data/sample}. */
  static String sampleDir() {
    String home = System.getProperty("entente.home", System.getenv("ENTENTE_HOME"));
    File dir = home != null ? new File(home, "data/sample") : new File("data/sample");
    if (!dir.isDirectory()) {
      throw new UserError("no --input given and the sample corpus is not at " + dir.getPath()
          + " (run from the repository folder, or give --input)");
    }
    return dir.getAbsolutePath();
  }
}
