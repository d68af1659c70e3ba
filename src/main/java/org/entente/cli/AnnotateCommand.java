package org.entente.cli;

import java.util.concurrent.Callable;
import org.entente.nlp.AnnotateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code entente annotate}: country and leader mentions and topic terms. */
@Command(name = "annotate", mixinStandardHelpOptions = true,
    description = {"Finds mentions of countries and their leaders (resolved on each article's date) and",
        "the topic terms of every article not annotated yet, into silver/mentions and silver/article_terms.", ""},
    sortOptions = false)
public final class AnnotateCommand implements Callable<Integer> {
  @Mixin
  AnnotateOptions annotate;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    annotate.configure(AnnotateJob.on(common.openWarehouseForWriting()), common).execute();
    return 0;
  }
}
