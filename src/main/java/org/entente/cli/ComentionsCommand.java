package org.entente.cli;

import java.util.concurrent.Callable;
import org.entente.comention.ComentionJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code entente comentions}: entity counts, co-mentions, trends and evidence. */
@Command(name = "comentions", mixinStandardHelpOptions = true,
    description = {"Counts mentions of each entity and of each pair of entities per day, week, month and year",
        "(gold/entity_counts, gold/comentions with PMI, NPMI and lift), the pairs' trends against a",
        "trailing window (gold/comention_trends) and example sentences (gold/comention_evidence).",
        "Only the periods of newly annotated articles are recomputed unless --rebuild.", ""},
    sortOptions = false)
public final class ComentionsCommand implements Callable<Integer> {
  @Mixin
  ComentionOptions comentions;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    comentions.configure(ComentionJob.on(common.openWarehouseForWriting()), common).execute();
    return 0;
  }
}
