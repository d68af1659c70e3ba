package org.entente.api;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.spark.Sessions;
import org.entente.util.UserError;
import org.entente.warehouse.DeltaLogSummary;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;

/**
 * An Entente warehouse opened for reading, from a notebook or from users' code: a SparkSession
 * (with Delta) in which every existing table is registered under the name {@code entente sql}
 * uses ({@code silver.articles}, {@code gold.comentions}, ...), plus the table list, Delta
 * history and time travel.
 *
 * <pre>{@code
 * Entente wh = Entente.open();                      // $ENTENTE_WAREHOUSE, else ./warehouse
 * wh.sql("select * from gold.comentions where grain = 'year'").show();
 * wh.tables().show();                                // every table with its rows and version
 * wh.history("gold.runs").show();                    // Delta history, newest first
 * wh.asOf("gold.runs", 0).count();                   // the table as it was at version 0
 * }</pre>
 *
 * <p>Opening costs no Spark job: the tables are found by listing their Delta logs, and each is
 * registered in the session's catalog (a Delta log read per table). Nothing here writes to the
 * warehouse.
 */
public final class Entente {
  /** The environment variable naming the warehouse {@link #open()} opens. */
  public static final String WAREHOUSE_ENV = "ENTENTE_WAREHOUSE";

  /** The warehouse {@link #open()} opens when {@value #WAREHOUSE_ENV} is not set: {@code ./warehouse}. */
  public static final String DEFAULT_WAREHOUSE = "warehouse";

  private final Warehouse warehouse;
  private List<Table> registered;

  private Entente(Warehouse warehouse) {
    this.warehouse = warehouse;
    this.registered = registerTables(warehouse);
  }

  /**
   * Opens the warehouse named by the environment variable {@value #WAREHOUSE_ENV}, else
   * {@code ./warehouse}, in the active SparkSession or a new local one (see {@link #open(String)}).
   *
   * @return the opened warehouse, its tables registered
   * @throws UserError when the location is a file or cannot be read
   */
  public static Entente open() {
    String env = System.getenv(WAREHOUSE_ENV);
    return open(env == null || env.isBlank() ? DEFAULT_WAREHOUSE : env);
  }

  /**
   * Opens the warehouse at {@code location} (a local folder or a Hadoop URI such as
   * {@code hdfs://...}) in the active SparkSession, or in a new one built as {@code bin/entente}
   * builds it (Delta, UTC; master from the system property {@code spark.master}, else
   * {@code local[*]}; Spark's logging at WARN).
   *
   * <p>Also sets {@code java.util.logging}'s root logger back to INFO when something (a Jupyter
   * kernel) has set it finer: at FINEST, Spark's code generator (Janino) fails.
   *
   * @param location the warehouse root; a relative path is made absolute
   * @return the opened warehouse, its tables registered
   * @throws UserError when the location is empty, a file, or cannot be read
   */
  public static Entente open(String location) {
    calmJavaLogging();
    return open(Sessions.getOrCreate(null, false), location);
  }

  /**
   * Opens the warehouse at {@code location} in the given session (which must have Delta's SQL
   * extension and catalog, see {@link Sessions#required()}).
   *
   * @param spark the session to register the tables in
   * @param location the warehouse root
   * @return the opened warehouse, its tables registered
   * @throws UserError when the location is empty, a file, or cannot be read
   */
  public static Entente open(SparkSession spark, String location) {
    return new Entente(Warehouse.open(Objects.requireNonNull(spark, "spark"), location));
  }

  /**
   * Wraps an already opened warehouse (what {@code entente sql} does) and registers its tables.
   *
   * @param warehouse the warehouse
   * @return the warehouse for reading, its tables registered
   */
  public static Entente of(Warehouse warehouse) {
    return new Entente(Objects.requireNonNull(warehouse, "warehouse"));
  }

  /**
   * The session the tables are registered in.
   *
   * @return the SparkSession
   */
  public SparkSession spark() {
    return warehouse.spark();
  }

  /**
   * The warehouse root, absolute and qualified ({@code file:/...}, {@code hdfs://...}).
   *
   * @return the root URI as a string
   */
  public String root() {
    return warehouse.root();
  }

  /**
   * The tables that existed when the warehouse was opened (or last {@link #refresh() refreshed}),
   * in layer order (bronze, silver, gold).
   *
   * @return the registered tables' SQL names, e.g. {@code [silver.articles, gold.runs]}
   */
  public List<String> tableNames() {
    return registered.stream().map(Table::sqlName).toList();
  }

  /**
   * Registers again every table that exists now: for tables a stage has created since the
   * warehouse was opened.
   *
   * @return this
   */
  public Entente refresh() {
    registered = registerTables(warehouse);
    return this;
  }

  /**
   * Runs a Spark SQL query in which the warehouse tables are named {@code layer.table}
   * ({@code gold.comentions}); Delta paths ({@code delta.`<root>/gold/comentions`}) work too.
   * Lazy: the query runs when its result is shown or collected.
   *
   * @param query the query
   * @return the result
   */
  public Dataset<Row> sql(String query) {
    return spark().sql(query);
  }

  /**
   * A table's current rows.
   *
   * @param name {@code layer.table} or {@code layer/table}, case-insensitive
   * @return the rows (lazy)
   * @throws IllegalArgumentException when no table has that name, or it does not exist yet
   */
  public Dataset<Row> table(String name) {
    return spark().read().format("delta").load(pathOf(name));
  }

  /**
   * The table as it was at a Delta version (time travel): version 0 is the table's first
   * commit; {@link #history(String)} lists the versions.
   *
   * @param name {@code layer.table} or {@code layer/table}
   * @param version a version between 0 and the table's latest
   * @return the rows of that version (lazy)
   * @throws IllegalArgumentException when the name is unknown, the table does not exist, or the
   *     version is outside 0 to the latest
   */
  public Dataset<Row> asOf(String name, long version) {
    String path = pathOf(name);
    long latest = latestVersion(path);
    if (version < 0 || version > latest) {
      throw new IllegalArgumentException("version " + version + " of " + name + " does not exist"
          + " (versions 0 to " + latest + ")");
    }
    return spark().read().format("delta").option("versionAsOf", version).load(path);
  }

  /**
   * The table as it was at a point in time (time travel): the latest version committed at or
   * before {@code timestamp}.
   *
   * @param name {@code layer.table} or {@code layer/table}
   * @param timestamp a timestamp Spark can cast, e.g. {@code 2024-10-23 12:00:00} (UTC)
   * @return the rows of that version (lazy)
   * @throws IllegalArgumentException when the name is unknown or the table does not exist
   */
  public Dataset<Row> asOf(String name, String timestamp) {
    return spark().read().format("delta").option("timestampAsOf", timestamp).load(pathOf(name));
  }

  /**
   * The table's Delta history, newest version first: {@code version}, {@code timestamp},
   * {@code operation} (WRITE, MERGE, CREATE TABLE, ...), {@code operationParameters},
   * {@code operationMetrics} (rows written, files added, ...) and Delta's other columns.
   * Reads the Delta log only.
   *
   * @param name {@code layer.table} or {@code layer/table}
   * @return the history, one row per version
   * @throws IllegalArgumentException when the name is unknown or the table does not exist
   */
  public Dataset<Row> history(String name) {
    return DeltaTable.forPath(spark(), pathOf(name)).history();
  }

  /**
   * Every existing table with its row count and latest version, in layer order: columns
   * {@code table} ({@code gold.comentions}), {@code rows}, {@code version}, {@code path}.
   * Cost: a few small reads of each table's Delta log ({@link DeltaLogSummary}); a Spark count
   * and history read for a table whose log alone cannot tell (seconds each).
   *
   * @return one row per table
   */
  public Dataset<Row> tables() {
    List<Row> rows = new ArrayList<>();
    for (Table t : Table.values()) {
      if (!warehouse.exists(t)) {
        continue;
      }
      String path = warehouse.path(t);
      DeltaLogSummary.Summary summary = summary(path)
          .orElseGet(() -> new DeltaLogSummary.Summary(historyVersion(path), warehouse.read(t).count()));
      rows.add(RowFactory.create(t.sqlName(), summary.rows(), summary.version(), path));
    }
    StructType schema = new StructType()
        .add("table", DataTypes.StringType, false)
        .add("rows", DataTypes.LongType, false)
        .add("version", DataTypes.LongType, false)
        .add("path", DataTypes.StringType, false);
    return spark().createDataFrame(rows, schema);
  }

  /**
   * The table's latest Delta version (read from its log, no Spark job).
   *
   * @param name {@code layer.table} or {@code layer/table}
   * @return the version of its latest commit (0 for a table written once)
   * @throws IllegalArgumentException when the name is unknown or the table does not exist
   */
  public long version(String name) {
    return latestVersion(pathOf(name));
  }

  /**
   * Registers every existing table of {@code warehouse} under its SQL name
   * ({@code silver.articles}) in the session's catalog, replacing an earlier registration, so
   * that {@code entente sql} and notebooks can name them. Cost: a Delta log read per table.
   *
   * @param warehouse the warehouse
   * @return the tables found, in layer order
   */
  public static List<Table> registerTables(Warehouse warehouse) {
    SparkSession spark = warehouse.spark();
    List<Table> found = new ArrayList<>();
    for (Table t : Table.values()) {
      if (!warehouse.exists(t)) {
        continue;
      }
      spark.sql("CREATE DATABASE IF NOT EXISTS " + t.layer());
      spark.sql("DROP TABLE IF EXISTS " + t.sqlName());
      spark.sql("CREATE TABLE " + t.sqlName() + " USING delta LOCATION '"
          + warehouse.path(t).replace("'", "\\'") + "'");
      found.add(t);
    }
    return found;
  }

  private String pathOf(String name) {
    Table t = Table.byName(name == null ? "" : name).orElseThrow(() -> new IllegalArgumentException(
        "no table named '" + name + "' (tables: " + Arrays.stream(Table.values()).map(Table::sqlName)
            .toList() + ")"));
    if (!warehouse.exists(t)) {
      throw new IllegalArgumentException("table " + t.sqlName() + " does not exist yet in " + root()
          + " (run the stage that writes it: bin/entente run)");
    }
    return warehouse.path(t);
  }

  private long latestVersion(String path) {
    return summary(path).map(DeltaLogSummary.Summary::version).orElseGet(() -> historyVersion(path));
  }

  private long historyVersion(String path) {
    return DeltaTable.forPath(spark(), path).history(1).select("version").first().getLong(0);
  }

  private Optional<DeltaLogSummary.Summary> summary(String path) {
    try {
      return DeltaLogSummary.read(spark().sparkContext().hadoopConfiguration(), path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Delta log of " + path, e);
    }
  }

  /** A Jupyter kernel may set java.util.logging to FINEST, which breaks Janino: back to INFO. */
  private static void calmJavaLogging() {
    Logger root = Logger.getLogger("");
    Level level = root.getLevel();
    if (level != null && level.intValue() < Level.INFO.intValue()) {
      root.setLevel(Level.INFO);
    }
  }
}
