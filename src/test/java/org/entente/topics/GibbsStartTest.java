package org.entente.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Gibbs sampler on planted topics: plain Java, no Spark. */
class GibbsStartTest {
  /** 90 documents of 40 tokens; document d draws 90% of its tokens from terms 10 (d % 3) to 10 (d % 3) + 9. */
  static int[][] planted(long seed) {
    Random r = new Random(seed);
    int[][] docs = new int[90][40];
    for (int d = 0; d < docs.length; d++) {
      for (int i = 0; i < docs[d].length; i++) {
        int topic = r.nextDouble() < 0.9 ? d % 3 : r.nextInt(3);
        docs[d][i] = topic * 10 + r.nextInt(10);
      }
    }
    return docs;
  }

  @Test
  void recoversPlantedTopicsAndKeepsEveryToken() {
    int[][] docs = planted(3);
    double[][] counts = GibbsStart.topicTermCounts(docs, 3, 30, 5.0 / 3, 0.01, 50, 7);
    assertThat(counts).hasNumberOfRows(3);
    assertThat(Arrays.stream(counts).flatMapToDouble(Arrays::stream).sum()).isEqualTo(90 * 40);
    // Each topic holds (nearly) all tokens of one planted block of ten terms, and the three differ.
    Set<Integer> blocks = new HashSet<>();
    for (double[] topic : counts) {
      double total = Arrays.stream(topic).sum();
      int block = -1;
      for (int b = 0; b < 3; b++) {
        if (Arrays.stream(topic, b * 10, b * 10 + 10).sum() >= 0.95 * total) {
          block = b;
        }
      }
      assertThat(block).as(Arrays.toString(topic)).isNotNegative();
      blocks.add(block);
    }
    assertThat(blocks).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void theSameSeedGivesTheSameCountsAndZeroSweepsTheRandomStart() {
    int[][] docs = planted(4);
    assertThat(GibbsStart.topicTermCounts(docs, 3, 30, 1, 0.01, 20, 5))
        .isDeepEqualTo(GibbsStart.topicTermCounts(docs, 3, 30, 1, 0.01, 20, 5))
        .isNotEqualTo(GibbsStart.topicTermCounts(docs, 3, 30, 1, 0.01, 20, 6));
    // No sweep: the uniform random assignment, every topic with about a third of the tokens.
    double[][] none = GibbsStart.topicTermCounts(docs, 3, 30, 1, 0.01, 0, 5);
    for (double[] topic : none) {
      assertThat(Arrays.stream(topic).sum()).isBetween(3600 / 3 * 0.9, 3600 / 3 * 1.1);
    }
    assertThatThrownBy(() -> GibbsStart.topicTermCounts(new int[][] {{30}}, 3, 30, 1, 0.01, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("term id 30 outside the vocabulary of 30");
  }
}
