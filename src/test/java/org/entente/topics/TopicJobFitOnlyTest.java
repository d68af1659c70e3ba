package org.entente.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.entente.testing.SparkTest;
import org.entente.util.UserError;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

/** {@link TopicJob#fitOnly}, the benchmark's hook: the stage's fit, timed, writing nothing. */
class TopicJobFitOnlyTest extends SparkTest {
  @Test
  void fitsTheSameModelAsTheStageAndWritesNothing() {
    Warehouse wh = newWarehouse();
    TopicJobTest.addTerms(wh, TopicJobTest.corpus(0, 300, 7));
    TopicJob.Measured m = TopicJob.on(wh).k(List.of(3)).maxIter(40).seed(11).fitOnly();
    try {
      assertThat(m.documents()).isEqualTo(300);
      assertThat(m.features().count()).isEqualTo(300);
      assertThat(m.features().columns()).contains("article_id", "tokens", "features");
      assertThat(m.model().k()).isEqualTo(3);
      assertThat(m.ldaSeconds()).isPositive();
      assertThat(m.vocabularySeconds()).isPositive();
    } finally {
      m.features().unpersist();
    }
    assertThat(wh.exists(Table.GOLD_RUNS)).isFalse();
    assertThat(wh.exists(Table.GOLD_TOPICS)).isFalse();
    assertThat(Files.exists(Path.of(wh.root(), "models"))).isFalse();

    TopicJob.on(wh).k(List.of(3)).maxIter(40).seed(11).execute();
    List<List<String>> stage = new ArrayList<>();
    for (Row t : wh.read(Table.GOLD_TOPICS).orderBy("topic_id").collectAsList()) {
      List<Row> terms = t.getList(t.fieldIndex("terms"));
      stage.add(terms.subList(0, 10).stream().map(x -> x.getString(0)).toList());
    }
    List<List<String>> bench = m.model().topTerms(10).stream()
        .map(topic -> topic.stream().map(TopicModel.TermWeight::term).toList()).toList();
    assertThat(bench).isEqualTo(stage);
  }

  @Test
  void fitsOneKAtATime() {
    Warehouse wh = newWarehouse();
    TopicJobTest.addTerms(wh, TopicJobTest.corpus(0, 30, 7));
    assertThatThrownBy(() -> TopicJob.on(wh).k(List.of(2, 3)).fitOnly()).isInstanceOf(UserError.class)
        .hasMessageContaining("one k");
  }
}
