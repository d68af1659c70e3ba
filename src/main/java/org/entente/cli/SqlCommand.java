package org.entente.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.entente.api.Entente;
import org.entente.util.UserError;
import org.entente.warehouse.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code entente sql "QUERY"}: Spark SQL over the warehouse tables, rows printed as TSV, CSV or JSON. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Runs a Spark SQL query over the warehouse. Tables are named layer.table:",
        "bronze.articles, silver.articles, silver.rejects, gold.runs, ...", ""},
    sortOptions = false)
public final class SqlCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "QUERY", description = "The query, e.g. \"select count(*) from silver.articles\".")
  String query;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "tsv",
      description = "tsv, csv or json (one object per line). Default: ${DEFAULT-VALUE}")
  String format;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "10000",
      description = "Print at most N rows (0: all). Default: ${DEFAULT-VALUE}")
  int limit;

  @Option(names = "--no-header", description = "Leave out the header line (tsv, csv).")
  boolean noHeader;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!List.of("tsv", "csv", "json").contains(fmt)) {
      throw new UserError("unknown --format '" + format + "' (expected tsv, csv or json)");
    }
    if (limit < 0) {
      throw new UserError("--limit must be 0 or more, not " + limit);
    }
    if (query == null || query.isBlank()) {
      throw new UserError("the query is empty");
    }
    Entente warehouse = Entente.of(common.openWarehouse());
    Dataset<Row> result;
    try {
      result = warehouse.sql(query);
    } catch (Exception e) {
      if (!(e instanceof AnalysisException)) {
        throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
      }
      String hint = warehouse.tableNames().isEmpty()
          ? " (the warehouse " + warehouse.root() + " has no tables yet)" : "";
      throw new UserError("bad query: " + Main.oneLine(e.getMessage()) + hint, e);
    }
    List<Row> rows = (limit == 0 ? result : result.limit(limit + 1)).collectAsList();
    PrintWriter out = spec.commandLine().getOut();
    String[] cols = result.columns();
    int shown = limit == 0 ? rows.size() : Math.min(limit, rows.size());
    if (fmt.equals("json")) {
      for (int i = 0; i < shown; i++) {
        out.println(jsonRow(cols, rows.get(i)));
      }
    } else {
      char sep = fmt.equals("tsv") ? '\t' : ',';
      if (!noHeader) {
        out.println(line(List.of(cols).stream().map(c -> (Object) c).toList(), sep));
      }
      for (int i = 0; i < shown; i++) {
        Row r = rows.get(i);
        java.util.ArrayList<Object> vals = new java.util.ArrayList<>();
        for (int c = 0; c < r.length(); c++) {
          vals.add(r.get(c));
        }
        out.println(line(vals, sep));
      }
    }
    out.flush();
    if (limit > 0 && rows.size() > limit) {
      spec.commandLine().getErr().println("entente: sql: showing the first " + limit
          + " rows; use --limit 0 for all");
    }
    return 0;
  }

  static String line(List<Object> values, char sep) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(sep);
      }
      String v = render(values.get(i));
      if (sep == '\t') {
        sb.append(v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"));
      } else if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
        sb.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(v);
      }
    }
    return sb.toString();
  }

  static String render(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return scala.collection.JavaConverters.seqAsJavaList(seq).toString();
    }
    if (v instanceof java.sql.Timestamp ts) {
      return ts.toInstant().toString();
    }
    return v.toString();
  }

  private static String jsonRow(String[] cols, Row r) {
    StringBuilder sb = new StringBuilder("{");
    for (int c = 0; c < cols.length; c++) {
      if (c > 0) {
        sb.append(',');
      }
      Json.string(sb, cols[c]);
      sb.append(':');
      Object v = r.get(c);
      if (v == null) {
        sb.append("null");
      } else if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else {
        Json.string(sb, render(v));
      }
    }
    return sb.append('}').toString();
  }
}
