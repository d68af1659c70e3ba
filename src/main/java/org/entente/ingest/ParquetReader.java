package org.entente.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parquet files (schemas merged across files). Every column becomes a string field: scalars cast
 * (timestamps in UTC as {@code yyyy-MM-dd HH:mm:ss}), nested values as JSON. The record is the
 * row as a JSON object.
 */
public final class ParquetReader {
  private ParquetReader() {}

  public static Dataset<Row> read(SparkSession spark, List<String> paths) {
    Dataset<Row> rows = spark.read().option("mergeSchema", "true").parquet(paths.toArray(new String[0]));
    List<Column> names = new ArrayList<>();
    List<Column> values = new ArrayList<>();
    List<Column> all = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      Column c = col("`" + f.name() + "`");
      boolean nested = f.dataType() instanceof StructType || f.dataType() instanceof ArrayType
          || f.dataType() instanceof MapType;
      names.add(lit(f.name()));
      values.add(nested ? to_json(c) : c.cast("string"));
      all.add(c);
    }
    return rows.select(
        input_file_name().as("source_file"),
        lit("parquet").as("format"),
        to_json(struct(all.toArray(new Column[0]))).as("record"),
        map_from_arrays(array(names.toArray(new Column[0])), array(values.toArray(new Column[0]))).as("fields"),
        lit(null).cast("string").as("error"));
  }
}
