package org.entente.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A folder of plain-text articles, one per file: the first non-blank line is the title, the rest
 * the text. The date comes from the file name ({@code 2024-10-23_kazan.txt}), the source from the
 * folder name, unless options say otherwise. A file of white space only is a record with an error.
 */
public final class TextReader {
  private TextReader() {}

  public static Dataset<Row> read(SparkSession spark, List<String> paths) {
    Dataset<Row> files = spark.read().option("wholetext", "true").text(paths.toArray(new String[0]))
        .select(input_file_name().as("source_file"), col("value"));
    return files.map((MapFunction<Row, Row>) r -> toRecord(r.getString(0), r.getString(1)),
        Encoders.row(RawRecords.SCHEMA));
  }

  static Row toRecord(String file, String content) {
    Map<String, String> fields = new LinkedHashMap<>();
    String c = content == null ? "" : content;
    if (!c.isEmpty() && c.charAt(0) == '\uFEFF') {
      c = c.substring(1);
    }
    Iterator<String> lines = c.lines().iterator();
    String title = null;
    StringBuilder body = new StringBuilder();
    while (lines.hasNext()) {
      String line = lines.next();
      if (title == null) {
        if (!line.isBlank()) {
          title = line.strip();
        }
      } else {
        body.append(line).append('\n');
      }
    }
    if (title == null) {
      return RowFactory.create(file, "text", content, null, "blank file (white space only)");
    }
    fields.put("title", title);
    fields.put("text", body.toString());
    return RowFactory.create(file, "text", content, JsonlReader.scala(fields), null);
  }
}
