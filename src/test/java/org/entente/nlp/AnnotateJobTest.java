package org.entente.nlp;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.entente.testing.SparkTest;
import static org.entente.testing.Fixtures.addArticles;
import static org.entente.testing.Fixtures.article;
import org.entente.util.UserError;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

/** The annotate stage on a small silver/articles table: mentions, terms, incremental runs. */
class AnnotateJobTest extends SparkTest {
  @Test
  void annotatesNewArticlesOnlyAndFullReplaces() {
    Warehouse wh = newWarehouse();
    addArticles(wh,
        article("a1", "2024-10-23", "Putin hosts Xi in Kazan", "The Russian president met Xi Jinping. Moscow and Beijing signed deals."),
        article("a2", "2023-08-22", "", "Turkey prices fell, analysts in Atlanta said."));
    AnnotateJob.Result first = AnnotateJob.on(wh).runId("r1").execute();
    assertThat(first).isEqualTo(new AnnotateJob.Result(2, 9, 0));

    assertThat(rows(wh.read(Table.SILVER_MENTIONS).filter(col("article_id").equalTo("a1"))
        .select(col("sentence_index"), col("section"), col("entity_id"), col("entity_type"), col("country_code"),
            col("surface"), col("begin"), col("end"), col("match_kind"), col("published_date").cast("string"))
        .orderBy("sentence_index", "section", "begin", "end"))).containsExactly(
        Arrays.asList(0, "title", "RUS:vladimir-putin", "LEADER", "RUS", "Putin", 0, 5, "SURNAME", "2024-10-23"),
        Arrays.asList(0, "title", "CHN:xi-jinping", "LEADER", "CHN", "Xi", 12, 14, "SURNAME", "2024-10-23"),
        Arrays.asList(0, "title", "RUS", "COUNTRY", "RUS", "Kazan", 18, 23, "PLACE", "2024-10-23"),
        Arrays.asList(1, "text", "RUS", "COUNTRY", "RUS", "Russian", 4, 11, "DEMONYM", "2024-10-23"),
        Arrays.asList(1, "text", "RUS:vladimir-putin", "LEADER", "RUS", "Russian president", 4, 21, "ROLE", "2024-10-23"),
        Arrays.asList(1, "text", "CHN:xi-jinping", "LEADER", "CHN", "Xi Jinping", 26, 36, "NAME", "2024-10-23"),
        Arrays.asList(2, "text", "RUS", "COUNTRY", "RUS", "Moscow", 38, 44, "CAPITAL", "2024-10-23"),
        Arrays.asList(2, "text", "CHN", "COUNTRY", "CHN", "Beijing", 49, 56, "CAPITAL", "2024-10-23"));
    // Kazan and Atlanta are cities of their countries (match_kind PLACE); "Turkey" has no evidence.
    assertThat(rows(wh.read(Table.SILVER_ARTICLE_TERMS).select("article_id", "terms", "mention_count")
        .orderBy("article_id")).stream().map(Object::toString).toList()).containsExactly(
        "[a1, WrappedArray(putin, hosts, kazan, russian, president, met, jinping, moscow, beijing, signed, deals), 8]",
        "[a2, WrappedArray(turkey, prices, fell, analysts, atlanta), 1]");

    addArticles(wh, article("a3", "2024-11-20", "", "Lula hosted the G20 in Rio."));
    AnnotateJob.Result second = AnnotateJob.on(wh).runId("r2").execute();
    assertThat(second).isEqualTo(new AnnotateJob.Result(1, 1, 2));
    assertThat(wh.read(Table.SILVER_MENTIONS).filter(col("article_id").equalTo("a3")).first().<String>getAs("entity_id"))
        .isEqualTo("BRA:luiz-inacio-lula-da-silva");

    AnnotateJob.Result full = AnnotateJob.on(wh).full(true).runId("r3").execute();
    assertThat(full).isEqualTo(new AnnotateJob.Result(3, 10, 0));
    assertThat(wh.read(Table.SILVER_MENTIONS).count()).isEqualTo(10);
    assertThat(wh.read(Table.SILVER_ARTICLE_TERMS).count()).isEqualTo(3);
    assertThat(rows(wh.read(Table.GOLD_RUNS).select("run_id", "stage", "rows_in", "rows_out").orderBy("run_id")))
        .containsExactly(List.of("r1", "annotate", 2L, 9L), List.of("r2", "annotate", 1L, 1L),
            List.of("r3", "annotate", 3L, 10L));
  }

  @Test
  void mentionsLeftByAnUnfinishedRunAreReplaced() {
    Warehouse wh = newWarehouse();
    addArticles(wh, article("a1", "2024-10-23", "", "Moscow and Beijing signed deals."));
    AnnotateJob.on(wh).execute();
    // A run that died after writing mentions but before writing terms: an article with mentions, no terms.
    addArticles(wh, article("a2", "2024-10-24", "", "Paris and Berlin agreed."));
    List<Row> stale = new ArrayList<>();
    stale.add(RowFactory.create("a2", Date.valueOf("2024-10-24"), 1, "FRA", "COUNTRY", "FRA", "Paris", 0, 5,
        "CAPITAL", "text", "dead-run"));
    Dataset<Row> staleDf = spark.createDataFrame(stale, Table.SILVER_MENTIONS.schema());
    wh.append(Table.SILVER_MENTIONS, staleDf);

    AnnotateJob.Result r = AnnotateJob.on(wh).runId("again").execute();
    assertThat(r.articles()).isEqualTo(1);
    assertThat(rows(wh.read(Table.SILVER_MENTIONS).filter(col("article_id").equalTo("a2"))
        .select("entity_id", "annotate_run").orderBy("begin")))
        .containsExactly(List.of("FRA", "again"), List.of("DEU", "again"));
  }

  @Test
  void nothingToAnnotateIsAUserError() {
    Warehouse wh = newWarehouse();
    assertThatThrownBy(() -> AnnotateJob.on(wh).execute()).isInstanceOf(UserError.class)
        .hasMessageStartingWith("nothing to annotate: ");
    assertThatThrownBy(() -> AnnotateJob.on(wh).engine("regex")).isInstanceOf(UserError.class)
        .hasMessage("unknown --engine 'regex' (expected fast or sparknlp)");
  }
}
