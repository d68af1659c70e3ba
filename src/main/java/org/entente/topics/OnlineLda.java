package org.entente.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import breeze.linalg.DenseMatrix$mcD$sp;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.mllib.clustering.OnlineLDAOptimizer;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Spark MLlib's online variational LDA, run step by step as {@code LDA.fit} runs it, but able
 * to start from given topics instead of MLlib's random draws (which MLlib's public API cannot).
 * It calls Spark 3.5's {@code OnlineLDAOptimizer.initialize}, {@code setLambda}, {@code next},
 * {@code getLDAModel} and the {@code ml.clustering.LocalLDAModel} constructor: package-private
 * in Scala, public in the bytecode. Pinned by the pom's Spark version; TopicJobTest checks that,
 * without a start, the result equals {@code LDA.fit} weight for weight.
 */
public final class OnlineLda {
  private OnlineLda() {}

  /**
   * Fits {@code estimator} (online optimizer) on the vectors in {@code features}' column of the
   * estimator's features column. With {@code start} null, exactly {@code estimator.fit};
   * otherwise the topics start from {@code start[topic][term]} (expected term counts of each
   * topic over the whole corpus) plus the topic concentration. Cost: that of the fit.
   */
  public static LocalLDAModel fit(LDA estimator, Dataset<Row> features, double[][] start) {
    if (!estimator.getOptimizer().equalsIgnoreCase("online")) {
      throw new IllegalArgumentException("a start is for the online optimizer, not " + estimator.getOptimizer());
    }
    int k = estimator.getK();
    OnlineLDAOptimizer optimizer = new OnlineLDAOptimizer().setTau0(estimator.getLearningOffset())
        .setKappa(estimator.getLearningDecay()).setMiniBatchFraction(estimator.getSubsamplingRate())
        .setOptimizeDocConcentration(estimator.getOptimizeDocConcentration());
    org.apache.spark.mllib.clustering.LDA old = new org.apache.spark.mllib.clustering.LDA().setK(k)
        .setDocConcentration(estimator.isSet(estimator.docConcentration())
            ? Vectors.dense(estimator.getDocConcentration()) : Vectors.dense(-1.0))
        .setTopicConcentration(estimator.isSet(estimator.topicConcentration())
            ? estimator.getTopicConcentration() : -1.0)
        .setMaxIterations(estimator.getMaxIter()).setSeed(estimator.getSeed()).setOptimizer(optimizer);
    JavaRDD<Tuple2<Object, Vector>> docs = features
        .withColumn("docId", monotonically_increasing_id())
        .select(col("docId"), col(estimator.getFeaturesCol()))
        .javaRDD()
        .map(r -> new Tuple2<>(r.get(0), Vectors.fromML(r.getAs(1))));
    optimizer.initialize(docs.rdd(), old);
    int vocabulary = optimizer.getLambda().cols();
    if (start != null) {
      if (start.length != k || start[0].length != vocabulary) {
        throw new IllegalArgumentException("a start of " + start.length + " x " + start[0].length + " for " + k
            + " topics and " + vocabulary + " terms");
      }
      double eta = optimizer.getEta();
      double[] lambda = new double[k * vocabulary]; // column-major: topic t, term w at w * k + t
      for (int t = 0; t < k; t++) {
        for (int w = 0; w < vocabulary; w++) {
          lambda[w * k + t] = eta + start[t][w];
        }
      }
      optimizer.setLambda(new DenseMatrix$mcD$sp(k, vocabulary, lambda));
    }
    double[] seconds = new double[estimator.getMaxIter()];
    for (int i = 0; i < seconds.length; i++) {
      long t0 = System.nanoTime();
      optimizer.next();
      seconds[i] = (System.nanoTime() - t0) / 1e9;
    }
    org.apache.spark.mllib.clustering.LocalLDAModel fitted =
        (org.apache.spark.mllib.clustering.LocalLDAModel) optimizer.getLDAModel(seconds);
    LocalLDAModel model = new LocalLDAModel(estimator.uid(), vocabulary, fitted, features.sparkSession());
    return model.copy(estimator.extractParamMap());
  }
}
