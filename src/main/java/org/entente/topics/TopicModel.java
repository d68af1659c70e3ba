package org.entente.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;

/**
 * A fitted topic model: the phrases, the vocabulary ({@link CountVectorizerModel}) and the LDA
 * model, saved together under {@code <warehouse>/models/topics/<model_id>/} (folders
 * {@code phrases}, {@code vocabulary}, {@code lda}) and loadable to score new articles without
 * refitting. The current model's id is the one line of {@code models/topics/current}.
 */
public final class TopicModel {
  private final String id;
  private final List<String> phrases;
  private final CountVectorizerModel vocabulary;
  private final LocalLDAModel lda;

  public TopicModel(String id, List<String> phrases, CountVectorizerModel vocabulary, LocalLDAModel lda) {
    this.id = id;
    this.phrases = List.copyOf(phrases);
    this.vocabulary = vocabulary;
    this.lda = lda;
  }

  public String id() {
    return id;
  }

  public int k() {
    return lda.getK();
  }

  public List<String> phrases() {
    return phrases;
  }

  public CountVectorizerModel vocabulary() {
    return vocabulary;
  }

  public LocalLDAModel lda() {
    return lda;
  }

  /** Adds {@code tokens}: the column {@code terms} with the model's phrases joined. */
  public Dataset<Row> tokens(Dataset<Row> articleTerms) {
    return articleTerms.withColumn("tokens", Phrases.joiner(phrases).apply(col("terms")));
  }

  /**
   * Scores articles (columns article_id, published_date, terms): adds {@code tokens},
   * {@code features} and {@code topicDistribution}, leaving out articles with no word of the
   * vocabulary (LDA would give them the prior, which says nothing).
   */
  public Dataset<Row> score(Dataset<Row> articleTerms) {
    Dataset<Row> features = vocabulary.transform(tokens(articleTerms));
    return lda.transform(features.filter(nonEmpty(col("features"))));
  }

  static org.apache.spark.sql.Column nonEmpty(org.apache.spark.sql.Column vector) {
    return udf((UDF1<Vector, Boolean>) v -> v != null && v.numNonzeros() > 0, DataTypes.BooleanType)
        .apply(vector);
  }

  /** The top {@code n} terms of each topic with their weights, topic by topic. */
  public List<List<TermWeight>> topTerms(int n) {
    String[] vocab = vocabulary.vocabulary();
    List<List<TermWeight>> out = new ArrayList<>();
    for (Row r : lda.describeTopics(n).orderBy("topic").collectAsList()) {
      List<Integer> idx = JavaConverters.seqAsJavaList(r.getSeq(1));
      List<Double> w = JavaConverters.seqAsJavaList(r.getSeq(2));
      List<TermWeight> topic = new ArrayList<>();
      for (int i = 0; i < idx.size(); i++) {
        topic.add(new TermWeight(vocab[idx.get(i)], w.get(i)));
      }
      out.add(topic);
    }
    return out;
  }

  /** A term of a topic and its probability in the topic. */
  public record TermWeight(String term, double weight) {}

  /** Saves the model under {@code dir} (any Hadoop file system), replacing what is there. */
  public void save(SparkSession spark, String dir) {
    try {
      spark.createDataset(phrases, Encoders.STRING()).coalesce(1).write().mode("overwrite").text(dir + "/phrases");
      vocabulary.write().overwrite().save(dir + "/vocabulary");
      lda.write().overwrite().save(dir + "/lda");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the topic model to " + dir, e);
    }
  }

  /** Loads a model saved by {@link #save}. */
  public static TopicModel load(SparkSession spark, String dir, String id) {
    List<String> phrases = spark.read().text(dir + "/phrases").as(Encoders.STRING()).collectAsList();
    return new TopicModel(id, phrases, CountVectorizerModel.load(dir + "/vocabulary"),
        LocalLDAModel.load(dir + "/lda"));
  }

  /** The id in {@code file}, or null when there is no such file. */
  public static String readPointer(SparkSession spark, String file) {
    Path p = new Path(file);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        return null;
      }
      try (FSDataInputStream in = fs.open(p)) {
        String s = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? null : s;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Writes {@code id} as the one line of {@code file}. */
  public static void writePointer(SparkSession spark, String file, String id) {
    Path p = new Path(file);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (FSDataOutputStream out = fs.create(p, true)) {
        out.write((id + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
