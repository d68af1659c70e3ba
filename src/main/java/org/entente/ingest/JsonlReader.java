package org.entente.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * JSON Lines: one JSON object per line (files split across tasks; gzip and bzip2 decompressed
 * by Hadoop's codecs). Blank lines are not records. A line that is not valid JSON, or is JSON
 * but not an object, becomes a record with an error. Values become strings: numbers as written,
 * nested arrays and objects as their JSON text.
 */
public final class JsonlReader {
  private JsonlReader() {}

  public static Dataset<Row> read(SparkSession spark, List<String> paths) {
    Dataset<Row> lines = spark.read().text(paths.toArray(new String[0]))
        .select(input_file_name().as("source_file"), col("value"))
        .filter(nonBlank());
    return lines.mapPartitions((MapPartitionsFunction<Row, Row>) JsonlReader::parse,
        Encoders.row(RawRecords.SCHEMA));
  }

  private static org.apache.spark.sql.Column nonBlank() {
    return org.apache.spark.sql.functions.length(org.apache.spark.sql.functions.trim(col("value"))).gt(0);
  }

  static Iterator<Row> parse(Iterator<Row> lines) {
    ObjectMapper mapper = newMapper();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return lines.hasNext();
      }

      @Override
      public Row next() {
        Row in = lines.next();
        String file = in.getString(0);
        String line = in.getString(1);
        if (line.endsWith("\r")) {
          line = line.substring(0, line.length() - 1);
        }
        return parseLine(mapper, file, line);
      }
    };
  }

  /**
   * Numbers kept as written ({@code 1.50} stays {@code 1.50}); trailing garbage is an error. No
   * limit on a string's length (Jackson's default, 20 million characters, would turn a long
   * article into "malformed JSON"): the line is already in memory, and the article size limit
   * ({@code --max-article-bytes}) is applied later with a reason that says so.
   */
  static ObjectMapper newMapper() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
        .build();
    ObjectMapper mapper = new ObjectMapper(factory)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    return mapper;
  }

  private static final java.util.regex.Pattern START_MARKER =
      java.util.regex.Pattern.compile("(?s)\\s*\\(start marker at \\[Source:.*\\]\\)$");

  static Row parseLine(ObjectMapper mapper, String file, String line) {
    JsonNode node;
    try {
      node = mapper.readTree(line);
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage();
      if (msg != null) {
        // "(start marker at [Source: (String)"<the whole line>"; line: 1, column: 1])" repeats the record.
        msg = START_MARKER.matcher(msg).replaceAll("");
      }
      if (msg != null && msg.length() > 160) {
        msg = msg.substring(0, 160) + "...";
      }
      return RowFactory.create(file, "jsonl", line, null, "malformed JSON: " + msg);
    }
    if (node == null || !node.isObject()) {
      return RowFactory.create(file, "jsonl", line, null,
          "not a JSON object (a JSON " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()) + ")");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      fields.put(e.getKey(), asString(e.getValue()));
    }
    return RowFactory.create(file, "jsonl", line, scala(fields), null);
  }

  static String asString(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBigDecimal() || v.isDouble() || v.isFloat()) {
      return v.decimalValue().toPlainString();
    }
    if (v.isValueNode()) {
      return v.asText();
    }
    return v.toString();
  }

  /** Spark rows hold maps as Scala maps. */
  static scala.collection.Map<String, String> scala(Map<String, String> m) {
    return scala.collection.JavaConverters.mapAsScalaMap(m);
  }
}
