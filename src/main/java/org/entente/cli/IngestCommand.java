package org.entente.cli;

import java.util.concurrent.Callable;
import org.entente.ingest.IngestJob;
import org.entente.warehouse.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code entente ingest}: input files into bronze/silver articles. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {
        "Reads news articles (JSONL, CSV, TSV, Parquet, folders of .txt files; gzip/bzip2 too) into",
        "bronze/articles, silver/articles and silver/rejects. Re-ingesting the same input adds nothing.",
        "Fields are found by common names (text/body/content, title/headline, date/published/pubDate,",
        "id/guid, url/link, source/domain) unless named with the --*-field options.", ""},
    sortOptions = false)
public final class IngestCommand implements Callable<Integer> {
  @Mixin
  IngestOptions ingest;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    IngestJob job = ingest.configure(IngestJob.into(lazyWarehouse()), null);
    job.execute();
    return 0;
  }

  private Warehouse lazyWarehouse() {
    return common.openWarehouseForWriting();
  }
}
