package org.entente.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.util.UserError;

/**
 * CSV (or TSV) with a header row, RFC 4180 quoting, fields that span lines. Files are grouped by
 * header so that files with different columns are each read with their own names. A row Spark's
 * parser cannot fit to the header (a wrong number of columns) becomes a record with an error;
 * a good row's record is the JSON object of header to value.
 */
public final class CsvReader {
  private CsvReader() {}

  static final String CORRUPT = "_corrupt_record";

  public static Dataset<Row> read(SparkSession spark, List<String> paths, char delimiter) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Map<List<String>, List<String>> byHeader = new LinkedHashMap<>();
    List<String> empty = new ArrayList<>();
    for (String p : paths) {
      List<String> header = header(conf, p, delimiter);
      if (header == null) {
        empty.add(p);
      } else {
        byHeader.computeIfAbsent(header, h -> new ArrayList<>()).add(p);
      }
    }
    Dataset<Row> all = null;
    for (Map.Entry<List<String>, List<String>> e : byHeader.entrySet()) {
      Dataset<Row> part = readGroup(spark, e.getKey(), e.getValue(), delimiter);
      all = all == null ? part : all.unionByName(part);
    }
    if (!empty.isEmpty()) {
      org.entente.util.Console.warn("%d empty CSV file(s) hold no records: %s", empty.size(), empty);
    }
    if (all == null) {
      all = spark.createDataFrame(new ArrayList<Row>(), RawRecords.SCHEMA);
    }
    return all;
  }

  private static Dataset<Row> readGroup(SparkSession spark, List<String> header, List<String> paths,
      char delimiter) {
    StructType schema = new StructType();
    for (String h : header) {
      schema = schema.add(h, DataTypes.StringType);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType);
    Dataset<Row> rows = spark.read()
        .option("header", "true")
        .option("multiLine", "true")
        .option("escape", "\"")
        .option("delimiter", String.valueOf(delimiter))
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .option("encoding", "UTF-8")
        .schema(schema)
        .csv(paths.toArray(new String[0]));
    List<Column> names = new ArrayList<>();
    List<Column> values = new ArrayList<>();
    for (String h : header) {
      names.add(lit(h));
      values.add(col("`" + h + "`"));
    }
    Column fields = map_from_arrays(array(names.toArray(new Column[0])), array(values.toArray(new Column[0])));
    Column asJson = to_json(struct(values.toArray(new Column[0])));
    Column corrupt = col(CORRUPT);
    return rows.select(
        input_file_name().as("source_file"),
        lit(delimiter == '\t' ? "tsv" : "csv").as("format"),
        when(corrupt.isNotNull(), corrupt).otherwise(asJson).as("record"),
        when(corrupt.isNotNull(), lit(null).cast("map<string,string>")).otherwise(fields).as("fields"),
        when(corrupt.isNotNull(), lit("malformed CSV row (its columns do not match the header of "
            + header.size() + ")")).as("error"));
  }

  /** The header of a CSV file (first line, BOM stripped), or null for an empty file. */
  static List<String> header(Configuration conf, String path, char delimiter) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
      try (InputStream raw = fs.open(p);
           InputStream in = codec == null ? raw : codec.createInputStream(raw);
           BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line = r.readLine();
        if (line == null) {
          return null;
        }
        if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
          line = line.substring(1);
        }
        List<String> cells = splitLine(line, delimiter);
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cells.size(); i++) {
          String n = cells.get(i).strip();
          if (n.isEmpty()) {
            n = "_c" + i;
          }
          String unique = n;
          for (int k = 2; !seen.add(unique); k++) {
            unique = n + "_" + k;
          }
          names.add(unique);
        }
        return names;
      }
    } catch (IOException e) {
      throw new UserError("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Splits one CSV line (no embedded line breaks) honouring double quotes. */
  static List<String> splitLine(String line, char delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
