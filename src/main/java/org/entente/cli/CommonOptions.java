package org.entente.cli;

import org.apache.spark.sql.SparkSession;
import org.entente.spark.Sessions;
import org.entente.warehouse.Warehouse;
import picocli.CommandLine.Option;

/** Options every subcommand takes. */
public final class CommonOptions {
  @Option(names = "--warehouse", paramLabel = "DIR_OR_URI", defaultValue = "warehouse",
      description = "Warehouse root: a local folder or a Hadoop URI (hdfs://, s3a://). Default: ${DEFAULT-VALUE}")
  String warehouse;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master. Default: the one spark-submit gives, else local[*].")
  String master;

  @Option(names = "--kb", paramLabel = "DIR",
      description = "A knowledge base folder to use instead of the bundled seeds.")
  String kb;

  @Option(names = "--commit-attempts", paramLabel = "N", defaultValue = "8",
      description = "Tries of a write that conflicts with another run writing the same table at the same time."
          + " Default: ${DEFAULT-VALUE}")
  int commitAttempts;

  @Option(names = {"-v", "--verbose"}, description = "Show Spark's INFO logging and stack traces.")
  boolean verbose;

  static volatile boolean verboseErrors;

  public SparkSession spark() {
    verboseErrors = verbose;
    return Sessions.getOrCreate(master, verbose);
  }

  /** The warehouse, for reading. */
  public Warehouse openWarehouse() {
    return Warehouse.open(spark(), warehouse).commitAttempts(commitAttempts);
  }

  /** The warehouse, for a stage that writes it: refused up front when it cannot be written. */
  public Warehouse openWarehouseForWriting() {
    return Warehouse.open(spark(), warehouse).commitAttempts(commitAttempts).requireWritable();
  }
}
