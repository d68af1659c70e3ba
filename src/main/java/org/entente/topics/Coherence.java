package org.entente.topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * Topic coherence as NPMI over document co-occurrence: for each pair of a topic's top terms,
 * with p(w) = documents containing w / documents, NPMI(wi, wj) = ln(p(wi,wj) / (p(wi) p(wj))) /
 * -ln p(wi,wj), taken as -1 when the two never share a document and 1 when every document has
 * both; a topic's coherence is the mean over its pairs. The same function scores Entente's
 * topics and, in the benchmark, those of other tools on the same documents.
 */
public final class Coherence {
  private Coherence() {}

  /** Document frequencies of single terms and of pairs ("a\tb", a < b), and the number of documents. */
  public record Counts(long documents, Map<String, Long> single, Map<String, Long> pairs) {}

  /**
   * Counts, in one pass over {@code docs} (a column {@code tokens}: array of strings), the
   * document frequency of each top term and of each pair of top terms of the same topic.
   * Cost: one scan and a shuffle of at most (terms + pairs) keys per partition.
   */
  public static Counts count(Dataset<Row> docs, List<List<String>> topTerms) {
    HashSet<String> terms = new HashSet<>();
    HashSet<String> wanted = new HashSet<>();
    for (List<String> topic : topTerms) {
      terms.addAll(topic);
      for (int i = 0; i < topic.size(); i++) {
        for (int j = i + 1; j < topic.size(); j++) {
          wanted.add(pairKey(topic.get(i), topic.get(j)));
        }
      }
    }
    Dataset<Row> tokens = docs.select("tokens");
    FlatMapFunction<Row, String> keys = row -> {
      List<String> doc = row.isNullAt(0) ? List.of() : JavaConverters.seqAsJavaList(row.getSeq(0));
      TreeSet<String> present = new TreeSet<>();
      for (String t : doc) {
        if (terms.contains(t)) {
          present.add(t);
        }
      }
      List<String> out = new ArrayList<>(present);
      String[] p = present.toArray(new String[0]);
      for (int i = 0; i < p.length; i++) {
        for (int j = i + 1; j < p.length; j++) {
          String k = p[i] + "\t" + p[j];
          if (wanted.contains(k)) {
            out.add(k);
          }
        }
      }
      out.add("");  // one per document: the document count
      return out.iterator();
    };
    List<Row> counted = tokens.flatMap(keys, Encoders.STRING()).groupBy("value").count().collectAsList();
    Map<String, Long> single = new HashMap<>();
    Map<String, Long> pairs = new HashMap<>();
    long n = 0;
    for (Row r : counted) {
      String k = r.getString(0);
      if (k.isEmpty()) {
        n = r.getLong(1);
      } else if (k.indexOf('\t') >= 0) {
        pairs.put(k, r.getLong(1));
      } else {
        single.put(k, r.getLong(1));
      }
    }
    return new Counts(n, single, pairs);
  }

  /** NPMI coherence of each topic's top terms over {@code docs} (column {@code tokens}). */
  public static double[] npmi(Dataset<Row> docs, List<List<String>> topTerms) {
    Counts c = count(docs, topTerms);
    double[] out = new double[topTerms.size()];
    for (int t = 0; t < out.length; t++) {
      out[t] = topicNpmi(topTerms.get(t), c);
    }
    return out;
  }

  /** Mean NPMI over the pairs of one topic's terms (0 for a topic of fewer than two terms). */
  public static double topicNpmi(List<String> top, Counts c) {
    double total = 0;
    int pairs = 0;
    for (int i = 0; i < top.size(); i++) {
      for (int j = i + 1; j < top.size(); j++) {
        total += pairNpmi(c.single().getOrDefault(top.get(i), 0L), c.single().getOrDefault(top.get(j), 0L),
            c.pairs().getOrDefault(pairKey(top.get(i), top.get(j)), 0L), c.documents());
        pairs++;
      }
    }
    return pairs == 0 ? 0 : total / pairs;
  }

  /** NPMI of two terms from document counts: df of each, of both, and the number of documents. */
  public static double pairNpmi(long dfA, long dfB, long dfAb, long documents) {
    if (dfAb == 0) {
      return -1;
    }
    if (dfAb == documents) {
      return 1;
    }
    double pab = (double) dfAb / documents;
    double pa = (double) dfA / documents;
    double pb = (double) dfB / documents;
    return Math.log(pab / (pa * pb)) / -Math.log(pab);
  }

  static String pairKey(String a, String b) {
    return a.compareTo(b) < 0 ? a + "\t" + b : b + "\t" + a;
  }
}
