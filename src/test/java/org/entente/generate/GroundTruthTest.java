package org.entente.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.entente.generate.ArticleFactory.Article;
import org.entente.generate.Templates.Template;
import org.entente.ingest.ArticleNormalizer;
import org.entente.kb.KnowledgeBase;
import org.entente.kb.LeaderTerm;
import org.entente.nlp.Annotator;
import org.entente.nlp.FastEngine;
import org.entente.nlp.Mention;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated text against the project's own annotator (fast engine, bundled knowledge base),
 * in plain Java: the filler names nothing, and every article's mentions are exactly what was
 * planted in it.
 */
class GroundTruthTest {
  static final LocalDate FROM = LocalDate.of(2015, 1, 1);
  static final LocalDate TO = LocalDate.of(2025, 12, 31);
  static KnowledgeBase kb;
  static FastEngine engine;
  static Annotator annotator;
  static EntityPool pool;
  static ArticleFactory factory;

  @BeforeAll
  static void load() {
    kb = KnowledgeBase.load(null);
    engine = new FastEngine(kb);
    annotator = new Annotator(kb, engine);
    pool = EntityPool.build(kb, FROM, TO);
    factory = new ArticleFactory(pool, 7, FROM, TO);
  }

  @Test
  void annotatorFindsExactlyThePlantedEntitiesAndMentionCounts() {
    int withEntities = 0;
    int leaders = 0;
    for (long i = 0; i < 400; i++) {
      Article a = factory.make(i);
      List<Mention> found = annotator.annotate(a.title(), a.text(), a.date()).mentions();
      TreeSet<String> ids = new TreeSet<>();
      for (Mention m : found) {
        ids.add(m.entityId());
      }
      assertThat(new ArrayList<>(ids)).as("entities of article %d", i).isEqualTo(a.entities());
      assertThat(found).as("mentions of article %d", i).hasSize(a.mentions());
      assertThat(found).as("article %d: names only, never roles, places or surnames", i)
          .allSatisfy(m -> assertThat(m.matchKind()).isIn("NAME", "ALIAS")); // "The Netherlands" is an alias
      withEntities += a.entities().isEmpty() ? 0 : 1;
      for (String id : a.entities()) {
        if (id.contains(":")) {
          leaders++;
          assertThat(kb.termOn(id, a.date())).as("%s in office on %s", id, a.date()).isNotNull();
        }
      }
    }
    // The sample is not degenerate: most articles name something, and some name leaders.
    assertThat(withEntities).isBetween(300, 390);
    assertThat(leaders).isGreaterThan(40);
  }

  @Test
  void fillerGivesTheEngineNoCandidateAtAll() {
    // Stronger than "no mention": not even a case-insensitive candidate span for the resolver.
    for (long i = 0; i < 300; i++) {
      Article a = factory.make(i, false);
      assertThat(a.entities()).isEmpty();
      assertThat(a.mentions()).isZero();
      assertThat(engine.candidates(a.title())).as("title of %d: %s", i, a.title()).isEmpty();
      assertThat(spans(a.text())).as("text of %d", i).isEmpty();
      assertThat(annotator.annotate(a.title(), a.text(), a.date()).mentions()).isEmpty();
    }
  }

  @Test
  void everyWordListValueInEveryTemplateIsFreeOfNames() {
    // Each slot of each template takes each of its values in turn (the others their first value),
    // lower case and capitalised: covers every word next to every literal it can touch.
    List<Template> all = new ArrayList<>();
    for (String[] ts : Templates.TOPIC_SENTENCES) {
      all.addAll(List.of(Templates.parseAll(ts)));
    }
    for (String[] ts : Templates.TOPIC_HEADLINES) {
      all.addAll(List.of(Templates.parseAll(ts)));
    }
    for (String[] ts : new String[][] {Templates.GENERAL, Templates.ONE_COUNTRY, Templates.TWO_COUNTRIES,
        Templates.THREE_COUNTRIES, Templates.ONE_LEADER, Templates.LEADER_AND_COUNTRY, Templates.COUNTRY_HEADLINES,
        Templates.TWO_COUNTRY_HEADLINES, Templates.LEADER_HEADLINES}) {
      all.addAll(List.of(Templates.parseAll(ts)));
    }
    int checked = 0;
    for (Template t : all) {
      for (int slot = 0; slot < t.slots().length; slot++) {
        String[] values = t.lists()[slot] != null ? t.lists()[slot] : new String[] {"12"};
        for (String v : values) {
          String s = render(t, slot, v);
          assertThat(spans(s)).as(s).isEmpty();
          assertThat(spans(Character.toUpperCase(s.charAt(0)) + s.substring(1))).as(s).isEmpty();
          checked++;
        }
      }
      if (t.slots().length == 0) {
        assertThat(spans(render(t, -1, null))).as(t.source()).isEmpty();
      }
    }
    assertThat(checked).isGreaterThan(500);
  }

  /** The template with entity slots as a neutral placeholder word and other slots filled. */
  private static String render(Template t, int slot, String value) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < t.slots().length; i++) {
      sb.append(t.literals()[i]);
      if (i == slot) {
        sb.append(value);
      } else if (Templates.isEntity(t.slots()[i])) {
        sb.append("Somewhere");
      } else {
        sb.append(t.lists()[i] != null ? t.lists()[i][0] : "12");
      }
    }
    return sb.append(t.literals()[t.literals().length - 1]).toString();
  }

  private static List<String> spans(String text) {
    List<String> out = new ArrayList<>();
    for (int[] c : engine.candidates(text)) {
      out.add(text.substring(c[0], c[1]));
    }
    return out;
  }

  @Test
  void ambiguousWordsAndFormerStatesAreNeverPlanted() {
    List<String> ids = pool.countries().stream().map(EntityPool.Place::id).toList();
    assertThat(ids).contains("USA", "CHN", "RUS", "FRA", "DEU", "GBR", "NLD", "PNG", "SSD", "DOM", "NGA");
    assertThat(ids).doesNotContain("GEO", "JOR", "TCD", "TUR", "GIN", "NER", "JEY", "DMA", "SUN", "YUG", "DDR");
    assertThat(ids).hasSizeGreaterThan(200).doesNotHaveDuplicates();
    // Popularity falls with rank: the United States is the first country, and drawn most.
    assertThat(ids.get(0)).isEqualTo("USA");
    Map<String, Integer> drawn = new TreeMap<>();
    Rng r = new Rng(3);
    for (int i = 0; i < 20_000; i++) {
      drawn.merge(pool.country(r).id(), 1, Integer::sum);
    }
    assertThat(drawn.get("USA")).isGreaterThan(drawn.get("FRA")).isGreaterThan(2_000);
    assertThat(drawn.get("FRA")).isGreaterThan(drawn.getOrDefault("BTN", 0));
    // Names that read as "the ...": written with the article.
    assertThat(pool.countries()).contains(new EntityPool.Place("USA", "the United States", "The United States"),
        new EntityPool.Place("FRA", "France", "France"));
  }

  @Test
  void leadersAreThoseInOfficeOnTheDay() {
    assertThat(pool.leadersOn("RUS", LocalDate.of(2019, 6, 1)).stream().map(LeaderTerm::leaderId))
        .containsExactlyInAnyOrder("RUS:vladimir-putin", "RUS:dmitry-medvedev");
    assertThat(pool.leadersOn("RUS", LocalDate.of(2021, 6, 1)).stream().map(LeaderTerm::leaderId))
        .containsExactlyInAnyOrder("RUS:vladimir-putin", "RUS:mikhail-mishustin");
    // Xi holds two offices (two terms at once) and is one leader.
    assertThat(pool.leadersOn("CHN", LocalDate.of(2020, 1, 1)).stream().map(LeaderTerm::leaderId))
        .containsExactlyInAnyOrder("CHN:xi-jinping", "CHN:li-keqiang");
  }

  @Test
  void slugsAgreeWithIngest() {
    for (String s : ArticleFactory.SOURCES) {
      assertThat(ArticleFactory.slug(s)).isEqualTo(ArticleNormalizer.slug(s));
    }
  }
}
