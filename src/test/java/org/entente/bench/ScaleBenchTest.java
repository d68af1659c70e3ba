package org.entente.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.entente.cli.CliTest;
import org.entente.util.UserError;
import org.junit.jupiter.api.Test;

/**
 * {@code entente bench --articles}: the cost ratios on hand-made figures and the options refused
 * up front. A real run (one size and its day, checked against the generator's truth) is
 * generate/GeneratedCorpusSparkTest.
 */
class ScaleBenchTest {
  @Test
  void costRatiosArePerArticleAgainstTheSmallestSize() {
    List<Map<String, Object>> runs = List.of(run(1000, 10.0, 4.0), run(4000, 20.0, 16.0), run(16000, 40.0, 80.0));
    Map<String, Object> r = ScaleBench.ratios(runs);
    // ingest: (20/4000)/(10/1000) = 0.5; annotate: (16/4000)/(4/1000) = 1.0; pipeline (36/4000)/(14/1000).
    assertThat(r.keySet()).containsExactly("4000_vs_1000", "16000_vs_1000");
    assertThat(r.get("4000_vs_1000")).isEqualTo(Map.of("ingest", 0.5, "annotate", 1.0, "pipeline", 0.643));
    assertThat(r.get("16000_vs_1000")).isEqualTo(Map.of("ingest", 0.25, "annotate", 1.25, "pipeline", 0.536));
    assertThat(ScaleBench.ratios(runs.subList(0, 1))).isEmpty();

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> full = (Map<String, Map<String, Object>>) runs.get(2).get("stages");
    Map<String, Object> shares = ScaleBench.againstFull(Map.of("ingest", secs(2.0), "annotate", secs(1.0)), full, 4,
        16000);
    assertThat(shares).containsEntry("article_share", 0.00025).containsEntry("ingest_time_share", 0.05)
        .containsEntry("annotate_time_share", 0.0125).containsEntry("pipeline_time_share", 0.025);
  }

  @Test
  void optionsAreRefusedUpFrontInOneLine() {
    assertThatThrownBy(() -> ScaleBench.of(List.of(100L, 100L), ScaleBench.STAGES)).isInstanceOf(UserError.class)
        .hasMessage("--articles lists a size twice: [100, 100]");
    assertThatThrownBy(() -> ScaleBench.of(List.of(0L), ScaleBench.STAGES)).isInstanceOf(UserError.class)
        .hasMessage("--articles sizes must be 1 or more, not 0");
    assertThatThrownBy(() -> ScaleBench.of(List.of(10L), List.of("annotate", "topics")))
        .isInstanceOf(UserError.class).hasMessageStartingWith("with --articles, --stages must be "
            + "ingest,annotate,comentions,topics or a start of it");
    assertThatThrownBy(() -> ScaleBench.of(List.of(10L), List.of("ingest", "lda"))).isInstanceOf(UserError.class)
        .hasMessage("unknown stage 'lda' in --stages (expected ingest, annotate, comentions, topics)");

    CliTest.Outcome neither = CliTest.run("bench");
    assertThat(neither.code()).isEqualTo(2);
    assertThat(neither.err().strip()).isEqualTo("entente: error: give --input (a corpus to time ingest and annotate"
        + " on) or --articles (generated sizes), one of them");
    CliTest.Outcome both = CliTest.run("bench", "--input", "x.jsonl", "--articles", "10");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err().strip().lines().count()).isEqualTo(1);
    CliTest.Outcome help = CliTest.run("bench", "--help");
    assertThat(help.out()).contains("--articles=N[,N]", "--no-day", "--seed=S", "--stages=S[,S]");
  }

  private static Map<String, Object> run(long n, double ingest, double annotate) {
    Map<String, Object> stages = new LinkedHashMap<>();
    stages.put("ingest", secs(ingest));
    stages.put("annotate", secs(annotate));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("articles", n);
    m.put("stages", stages);
    return m;
  }

  private static Map<String, Object> secs(double s) {
    return Map.of("seconds", s);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> one(Object sizes) {
    List<Map<String, Object>> l = (List<Map<String, Object>>) sizes;
    assertThat(l).hasSize(1);
    return l.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stage(Map<String, Object> run, String name) {
    return (Map<String, Object>) ((Map<String, Object>) run.get("stages")).get(name);
  }
}
