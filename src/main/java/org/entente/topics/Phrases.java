package org.entente.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;

/**
 * Two-word phrases ("prime minister", "united nations") that topic modelling treats as one
 * term ({@code prime_minister}). A pair of adjacent terms becomes a phrase when it occurs at
 * least {@code minCount} times and its NPMI over token positions,
 * ln(p(ab) / (p(a) p(b))) / -ln p(ab) with p over all tokens of the corpus, is at least the
 * threshold: a pair that occurs mostly together, not one that is merely frequent.
 */
public final class Phrases {
  private Phrases() {}

  /**
   * Learns phrases from a column {@code terms} (array of strings, in text order, stop words
   * already out). Returns up to {@code max} phrases as "first second", the most frequent first.
   * Cost: one pass over the terms, a shuffle of the distinct bigrams and of the distinct words.
   */
  public static List<String> learn(Dataset<Row> docs, long minCount, double threshold, int max) {
    Dataset<Row> words = docs.select(explode(col("terms")).as("w")).groupBy("w").count();
    Row totalRow = words.agg(sum("count")).first();
    if (totalRow.isNullAt(0)) {
      return List.of();
    }
    double total = totalRow.getLong(0);
    Dataset<Row> bigrams = new NGram().setN(2).setInputCol("terms").setOutputCol("_bigrams")
        .transform(docs.select("terms"))
        .select(explode(col("_bigrams")).as("bigram")).groupBy("bigram").count()
        .filter(col("count").geq(minCount))
        .withColumn("a", split(col("bigram"), " ").getItem(0))
        .withColumn("b", split(col("bigram"), " ").getItem(1));
    Dataset<Row> wa = words.withColumnRenamed("w", "a").withColumnRenamed("count", "count_a");
    Dataset<Row> wb = words.withColumnRenamed("w", "b").withColumnRenamed("count", "count_b");
    Column pab = col("count").divide(lit(total));
    Column pa = col("count_a").divide(lit(total));
    Column pb = col("count_b").divide(lit(total));
    Column npmi = log(pab.divide(pa.multiply(pb))).divide(log(pab).multiply(-1));
    List<Row> rows = bigrams.join(wa, "a").join(wb, "b")
        .filter(col("a").notEqual(col("b")))
        .withColumn("npmi", npmi)
        .filter(col("npmi").geq(threshold))
        .orderBy(col("count").desc(), col("bigram"))
        .limit(max)
        .select("bigram").collectAsList();
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.getString(0)));
    return out;
  }

  /** Joins the adjacent pairs that are phrases, left to right: [prime, minister, met] gives [prime_minister, met]. */
  public static List<String> join(List<String> terms, Set<String> phrases) {
    List<String> out = new ArrayList<>(terms.size());
    int i = 0;
    while (i < terms.size()) {
      if (i + 1 < terms.size() && phrases.contains(terms.get(i) + " " + terms.get(i + 1))) {
        out.add(terms.get(i) + "_" + terms.get(i + 1));
        i += 2;
      } else {
        out.add(terms.get(i));
        i++;
      }
    }
    return out;
  }

  /** {@link #join} as a Spark function of an array-of-strings column. */
  public static UserDefinedFunction joiner(Collection<String> phrases) {
    HashSet<String> set = new HashSet<>(phrases);
    return udf((UDF1<scala.collection.Seq<String>, List<String>>) terms ->
        join(terms == null ? List.of() : JavaConverters.seqAsJavaList(terms), set),
        DataTypes.createArrayType(DataTypes.StringType, false));
  }
}
