package org.entente.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.entente.testing.SparkTest;
import org.entente.topics.Coherence;
import org.entente.util.UserError;
import org.junit.jupiter.api.Test;

/** The benchmark's scorer: labels, the parsing of each tool's files, purity, and one scoring pass. */
class TopicBenchTest extends SparkTest {
  @Test
  void labelIsTheCategoryPrefixOfTheId() {
    assertThat(TopicBench.label("bbc:business/001", true)).isEqualTo("business");
    assertThat(TopicBench.label("business/001", true)).isEqualTo("business");
    assertThat(TopicBench.label("ungdc:1970-USA", true)).isEqualTo(TopicBench.NO_LABEL);
    assertThat(TopicBench.label("bbc:/001", true)).isEqualTo(TopicBench.NO_LABEL);
    assertThat(TopicBench.label("bbc:business/001", false)).isEqualTo(TopicBench.NO_LABEL);
  }

  @Test
  void topicsAreReadFromPlainAndMalletFiles() {
    List<String> plain = List.of("# a comment", "oil barrel crude", "", "vote party seats ballot");
    assertThat(TopicBench.parseTopics(plain, 10)).containsExactly(List.of("oil", "barrel", "crude"),
        List.of("vote", "party", "seats", "ballot"));
    assertThat(TopicBench.parseTopics(plain, 2)).containsExactly(List.of("oil", "barrel"), List.of("vote", "party"));
    List<String> mallet = List.of("0\t2.5\tvote seats party ", "1\t2.5\toil refinery opec ");
    assertThat(TopicBench.parseTopics(mallet, 10)).containsExactly(List.of("vote", "seats", "party"),
        List.of("oil", "refinery", "opec"));
    assertThatThrownBy(() -> TopicBench.parseTopics(List.of("0\t2.5\t  "), 10)).isInstanceOf(UserError.class);
  }

  @Test
  void dominantTopicsAreReadFromPairsAndFromMalletProportions() {
    assertThat(TopicBench.parseDocTopics(List.of("bbc:a/1\t3", "bbc:b/2\t0 ")))
        .containsEntry("bbc:a/1", 3).containsEntry("bbc:b/2", 0).hasSize(2);
    Map<String, Integer> m = TopicBench.parseDocTopics(List.of("#doc name topic proportion ...",
        "0\td1\t0.2\t0.7\t0.1", "1\td2\t0.4\t0.2\t0.4"));
    assertThat(m).containsEntry("d1", 1).containsEntry("d2", 0).hasSize(2);  // a tie: the first
    assertThatThrownBy(() -> TopicBench.parseDocTopics(List.of("only-an-id"))).isInstanceOf(UserError.class)
        .hasMessageContaining("only-an-id");
    assertThatThrownBy(() -> TopicBench.parseDocTopics(List.of("d1\tthree"))).isInstanceOf(UserError.class);
  }

  @Test
  void purityCountsTheLargestLabelOfEachTopicOverAllLabelledDocuments() {
    Map<String, String> labels = new HashMap<>(Map.of("a", "sport", "b", "sport", "c", "sport", "d", "tech",
        "e", "tech", "f", "tech"));
    // topic 0: a, b, d (2 sport); topic 1: c, e, f (2 tech) -> 4/6
    assertThat(TopicBench.purity(labels, Map.of("a", 0, "b", 0, "d", 0, "c", 1, "e", 1, "f", 1)))
        .isCloseTo(4.0 / 6, within(1e-12));
    assertThat(TopicBench.purity(labels, Map.of("a", 0, "b", 0, "c", 0, "d", 1, "e", 1, "f", 1))).isEqualTo(1.0);
    // every document in one topic: the largest label's share
    assertThat(TopicBench.purity(labels, Map.of("a", 0, "b", 0, "c", 0, "d", 0, "e", 0, "f", 0))).isEqualTo(0.5);
    // f unassigned is a miss; an unlabelled document does not count
    labels.put("g", TopicBench.NO_LABEL);
    assertThat(TopicBench.purity(labels, Map.of("a", 0, "b", 0, "c", 0, "d", 1, "e", 1, "g", 1)))
        .isCloseTo(5.0 / 6, within(1e-12));
    assertThat(TopicBench.purity(Map.of("x", TopicBench.NO_LABEL), Map.of("x", 0))).isNaN();
  }

  @Test
  void scoresEveryToolFolderWithTheSameNpmiAndPurity() throws Exception {
    Path dir = tmp.resolve("bench");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("docs.tsv"), String.join("\n",
        "bbc:energy/1\tenergy\toil barrel crude oil",
        "bbc:energy/2\tenergy\toil crude opec",
        "bbc:energy/3\tenergy\tbarrel opec vote",
        "bbc:politics/1\tpolitics\tvote party seats",
        "bbc:politics/2\tpolitics\tparty seats ballot",
        "bbc:politics/3\tpolitics\tvote ballot oil") + "\n", StandardCharsets.UTF_8);
    write("bench/entente/topics.txt", "oil crude barrel opec\nvote party seats ballot\n");
    write("bench/entente/doc_topics.tsv", "bbc:energy/1\t0\nbbc:energy/2\t0\nbbc:energy/3\t0\n"
        + "bbc:politics/1\t1\nbbc:politics/2\t1\nbbc:politics/3\t1\n");
    write("bench/entente/fit.properties", "tool=Entente\nsettings=test\nfit_seconds=1.50\nload=0.1 0.2 0.3\n");
    // a MALLET-shaped tool that puts everything in topic 1 but energy/1
    write("bench/mallet/topics.txt", "0\t2.5\tvote party seats ballot\n1\t2.5\toil crude barrel opec\n");
    write("bench/mallet/doc_topics.tsv", "0\tbbc:energy/1\t0.9\t0.1\n1\tbbc:energy/2\t0.1\t0.9\n"
        + "2\tbbc:energy/3\t0.1\t0.9\n3\tbbc:politics/1\t0.1\t0.9\n4\tbbc:politics/2\t0.1\t0.9\n"
        + "5\tbbc:politics/3\t0.1\t0.9\n");

    List<TopicBench.Score> scores = TopicBench.score(spark, dir, List.of());
    assertThat(scores).extracting(TopicBench.Score::folder).containsExactly("entente", "mallet");
    TopicBench.Score entente = scores.get(0);
    TopicBench.Score mallet = scores.get(1);
    assertThat(entente.purity()).isEqualTo(1.0);
    // topic 0: energy/1 alone (1); topic 1: two energy and three politics articles (3)
    assertThat(mallet.purity()).isCloseTo(4.0 / 6, within(1e-12));
    // the same topics in another order score the same NPMI, computed by hand for 'oil crude'
    assertThat(mallet.meanNpmi()).isCloseTo(entente.meanNpmi(), within(1e-12));
    double oilCrude = Coherence.pairNpmi(3, 2, 2, 6);  // oil in 3 docs, crude in 2, both in 2
    assertThat(oilCrude).isCloseTo(Math.log((2 / 6.0) / ((3 / 6.0) * (2 / 6.0))) / -Math.log(2 / 6.0),
        within(1e-12));
    assertThat(entente.assigned()).isEqualTo(6);

    String md = TopicBench.markdown("tiny", 6, scores);
    assertThat(md).contains("| tiny | Entente | test | 2 | 1.000 |").contains("| 1.50 | 0.1 0.2 0.3 |")
        .contains("| tiny | mallet |").contains("0: oil crude barrel opec");
  }

  @Test
  void aMissingDocsFileIsAUserError() {
    assertThatThrownBy(() -> TopicBench.score(spark, tmp.resolve("nowhere"), List.of()))
        .isInstanceOf(UserError.class).hasMessageContaining("docs.tsv");
  }
}
