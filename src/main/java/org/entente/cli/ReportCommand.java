package org.entente.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.entente.report.ReportData.RisingOrder;
import org.entente.report.ReportJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code entente report --out FILE.html}: the self-contained HTML dashboard. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes one self-contained HTML dashboard from the gold tables (ECharts and the",
        "data inlined; nothing is fetched when it opens): attention over time for the top",
        "entities, the co-mention network, rising pairs and evidence sentences of a",
        "chosen month or year, and topic shares over time. Reads only. A section whose",
        "table is missing or empty says so. The page's size is bounded by the options,",
        "not by the warehouse (1-2 MB with the defaults).", ""},
    sortOptions = false)
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "The page to write.")
  Path out;

  @Option(names = "--grain", defaultValue = "month", paramLabel = "GRAIN",
      description = "The grain the page opens with: month or year (both are in the page). Default: ${DEFAULT-VALUE}")
  String grain;

  @Option(names = "--top", defaultValue = "20", paramLabel = "N",
      description = "Entities in the attention chart and table. Default: ${DEFAULT-VALUE}")
  int top;

  @Option(names = "--pairs", defaultValue = "25", paramLabel = "N",
      description = "Pairs in each period's network. Default: ${DEFAULT-VALUE}")
  int pairs;

  @Option(names = "--rising", defaultValue = "10", paramLabel = "N",
      description = "Rising pairs listed per period. Default: ${DEFAULT-VALUE}")
  int rising;

  @Option(names = "--rising-by", defaultValue = "change", paramLabel = "ORDER",
      description = "Rank rising pairs by change (articles above the trailing mean) or z (z-score). "
          + "Default: ${DEFAULT-VALUE}")
  RisingOrder risingBy;

  @Option(names = "--evidence", defaultValue = "3", paramLabel = "N",
      description = "Evidence sentences per pair and period. Default: ${DEFAULT-VALUE}")
  int evidence;

  @Option(names = "--periods", defaultValue = "36", paramLabel = "N",
      description = "The latest N periods of each grain offered by the period selector. Default: ${DEFAULT-VALUE}")
  int periods;

  @Option(names = "--topics", defaultValue = "12", paramLabel = "N",
      description = "Topics drawn one by one; the rest are summed as 'other topics'. Default: ${DEFAULT-VALUE}")
  int topics;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    ReportJob.on(common.openWarehouse()).out(out).grain(grain).top(top).pairs(pairs).rising(rising)
        .risingBy(risingBy).evidence(evidence).periods(periods).topics(topics).execute();
    return 0;
  }
}
