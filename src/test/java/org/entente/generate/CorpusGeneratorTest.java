package org.entente.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.entente.kb.KnowledgeBase;
import org.entente.testing.SparkTest;
import org.entente.util.Console;
import org.entente.util.UserError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generator's files: layout, exact counts, determinism, distributions, option checks. No Spark. */
class CorpusGeneratorTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static KnowledgeBase kb;
  Path tmp;

  @BeforeAll
  static void load() {
    kb = KnowledgeBase.load(null);
    Console.setQuiet(true);
  }

  @BeforeEach
  void scratch() throws IOException {
    tmp = Files.createTempDirectory("entente-generate-");
  }

  @AfterEach
  void drop() {
    SparkTest.deleteTree(tmp);
  }

  private CorpusGenerator gen(String dir, long n) {
    return CorpusGenerator.into(tmp.resolve(dir)).articles(n).kb(kb);
  }

  /** The lines of a gzip file, decompressed. */
  static List<String> lines(Path gz) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
        StandardCharsets.UTF_8))) {
      return r.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> json(Path gz) {
    List<JsonNode> out = new ArrayList<>();
    for (String l : lines(gz)) {
      try {
        out.add(JSON.readTree(l));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void exactCountsAcrossFilesAndTruthBesideThem() throws IOException {
    CorpusGenerator.Result r = gen("c", 1001).files(3).seed(5).execute();
    Path dir = tmp.resolve("c");
    assertThat(names(dir)).containsExactly("articles-00000.jsonl.gz", "articles-00001.jsonl.gz",
        "articles-00002.jsonl.gz", "manifest.json", "truth/truth-00000.jsonl.gz", "truth/truth-00001.jsonl.gz",
        "truth/truth-00002.jsonl.gz");
    // Evenly spread: floor(1001 * i / 3) is where file i starts.
    List<Integer> sizes = new ArrayList<>();
    List<JsonNode> articles = new ArrayList<>();
    List<JsonNode> truth = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      List<JsonNode> a = json(dir.resolve(CorpusGenerator.name("articles-", f)));
      List<JsonNode> t = json(dir.resolve("truth").resolve(CorpusGenerator.name("truth-", f)));
      assertThat(t).hasSameSizeAs(a);
      sizes.add(a.size());
      articles.addAll(a);
      truth.addAll(t);
    }
    assertThat(sizes).containsExactly(333, 334, 334);
    long mentions = 0;
    long entities = 0;
    long withEntities = 0;
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < articles.size(); i++) {
      JsonNode a = articles.get(i);
      JsonNode t = truth.get(i);
      assertThat(iterable(a.fieldNames())).containsExactly("id", "source", "title", "text", "published_at", "url");
      assertThat(iterable(t.fieldNames())).containsExactly("id", "article_id", "published_date", "topic",
          "entities", "mentions");
      assertThat(a.get("id").asText()).isEqualTo(ArticleFactory.id(5, i)).isEqualTo(t.get("id").asText());
      assertThat(t.get("article_id").asText()).isEqualTo(ArticleFactory.slug(a.get("source").asText()) + ":" + a.get("id").asText());
      assertThat(t.get("published_date").asText()).isEqualTo(a.get("published_at").asText().substring(0, 10));
      assertThat(ids.add(t.get("article_id").asText())).isTrue();
      List<String> es = new ArrayList<>();
      t.get("entities").forEach(e -> es.add(e.asText()));
      assertThat(es).isSorted().doesNotHaveDuplicates();
      assertThat(t.get("mentions").asInt()).isGreaterThanOrEqualTo(es.size());
      mentions += t.get("mentions").asInt();
      entities += es.size();
      withEntities += es.isEmpty() ? 0 : 1;
    }
    assertThat(r).isEqualTo(new CorpusGenerator.Result(1001, 3, mentions, entities, withEntities, r.bytes(), r.seconds()));
    assertThat(r.bytes()).isEqualTo(names(dir).stream().filter(n -> n.endsWith(".gz"))
        .mapToLong(n -> dir.resolve(n).toFile().length()).sum());

    JsonNode m = JSON.readTree(Files.readString(dir.resolve("manifest.json")));
    assertThat(m.get("generator").asText()).isEqualTo(CorpusGenerator.VERSION);
    assertThat(m.get("articles").asLong()).isEqualTo(1001);
    assertThat(m.get("files").asInt()).isEqualTo(3);
    assertThat(m.get("largest_file").asInt()).isEqualTo(334);
    assertThat(m.get("seed").asLong()).isEqualTo(5);
    assertThat(m.get("from").asText()).isEqualTo("2015-01-01");
    assertThat(m.get("to").asText()).isEqualTo("2025-12-31");
    assertThat(m.get("planted_mentions").asLong()).isEqualTo(mentions);
    assertThat(m.get("planted_entities").asLong()).isEqualTo(entities);
    assertThat(m.get("articles_with_entities").asLong()).isEqualTo(withEntities);
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    return l;
  }

  @Test
  void perFileAndDefaultLayouts() throws IOException {
    gen("p", 25).perFile(10).execute();
    assertThat(names(tmp.resolve("p")).stream().filter(n -> n.startsWith("articles-")).toList())
        .containsExactly("articles-00000.jsonl.gz", "articles-00001.jsonl.gz", "articles-00002.jsonl.gz");
    assertThat(lines(tmp.resolve("p/articles-00002.jsonl.gz"))).hasSize(5);
    assertThat(CorpusGenerator.boundaries(120_001, null, null)).containsExactly(0, 50_000, 100_000, 120_001);
    assertThat(CorpusGenerator.boundaries(10, 4, null)).containsExactly(0, 2, 5, 7, 10);
    assertThat(CorpusGenerator.boundaries(7, null, 7)).containsExactly(0, 7);
  }

  @Test
  void sameArgumentsGiveTheSameBytesWhateverTheThreads() throws IOException {
    gen("a", 900).perFile(250).seed(42).threads(2).execute();
    gen("b", 900).perFile(250).seed(42).threads(1).execute();
    gen("c", 900).perFile(250).seed(43).threads(2).execute();
    List<String> files = names(tmp.resolve("a"));
    assertThat(files).hasSize(9).isEqualTo(names(tmp.resolve("b")));
    for (String f : files) {
      assertThat(Files.readAllBytes(tmp.resolve("b").resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(f)));
    }
    // Another seed, other articles.
    assertThat(lines(tmp.resolve("c/articles-00000.jsonl.gz")).get(0))
        .isNotEqualTo(lines(tmp.resolve("a/articles-00000.jsonl.gz")).get(0));
  }

  @Test
  void articlesDoNotDependOnTheFileLayout() {
    gen("one", 300).files(1).seed(9).execute();
    gen("many", 300).files(4).seed(9).execute();
    List<String> many = new ArrayList<>();
    List<String> manyTruth = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      many.addAll(lines(tmp.resolve("many").resolve(CorpusGenerator.name("articles-", f))));
      manyTruth.addAll(lines(tmp.resolve("many/truth").resolve(CorpusGenerator.name("truth-", f))));
    }
    assertThat(many).isEqualTo(lines(tmp.resolve("one/articles-00000.jsonl.gz")));
    assertThat(manyTruth).isEqualTo(lines(tmp.resolve("one/truth/truth-00000.jsonl.gz")));
  }

  @Test
  void lengthsDatesSourcesAndEntitiesLookLikeNews() {
    int n = 4000;
    gen("d", n).seed(3).range(LocalDate.of(2016, 1, 1), LocalDate.of(2023, 12, 31)).execute();
    List<JsonNode> arts = json(tmp.resolve("d/articles-00000.jsonl.gz"));
    List<JsonNode> truth = json(tmp.resolve("d/truth/truth-00000.jsonl.gz"));
    assertThat(arts).hasSize(n);
    int[] words = new int[n];
    Map<Integer, Integer> years = new TreeMap<>();
    Map<String, Integer> sources = new TreeMap<>();
    Map<String, Integer> topics = new TreeMap<>();
    int[] hours = new int[24];
    int paragraphs = 0;
    for (int i = 0; i < n; i++) {
      JsonNode a = arts.get(i);
      String text = a.get("text").asText();
      words[i] = text.split("\\s+").length;
      paragraphs += text.split("\n\n").length;
      assertThat(text).doesNotContain("  ", "\n\n\n", "{", "}").doesNotStartWith(" ").endsWith(".");
      assertThat(a.get("title").asText()).isNotBlank().doesNotEndWith(".");
      Instant at = Instant.parse(a.get("published_at").asText());
      assertThat(a.get("published_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
      LocalDate d = at.atZone(ZoneOffset.UTC).toLocalDate();
      assertThat(d).isBetween(LocalDate.of(2016, 1, 1), LocalDate.of(2023, 12, 31));
      years.merge(d.getYear(), 1, Integer::sum);
      hours[at.atZone(ZoneOffset.UTC).getHour()]++;
      sources.merge(a.get("source").asText(), 1, Integer::sum);
      topics.merge(truth.get(i).get("topic").asText(), 1, Integer::sum);
      assertThat(a.get("url").asText()).startsWith("https://").endsWith("/" + a.get("id").asText())
          .contains(a.get("published_at").asText().substring(0, 10).replace('-', '/'));
    }
    Arrays.sort(words);
    // Log-normal-ish body lengths: median ~350 words, 5th percentile ~80, 95th ~1,200.
    assertThat(words[n / 2]).isBetween(320, 400);
    assertThat(words[n / 20]).isBetween(70, 110);
    assertThat(words[n * 19 / 20]).isBetween(1050, 1400);
    assertThat(words[0]).isGreaterThanOrEqualTo(ArticleFactory.MIN_WORDS);
    assertThat(paragraphs / (double) n).as("paragraphs per article").isGreaterThan(4);
    // Uniform days: each of the 8 years holds 1/8 of the articles, give or take.
    assertThat(years.keySet()).containsExactly(2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023);
    assertThat(years.values()).allSatisfy(c -> assertThat(c).isBetween(420, 580));
    assertThat(Arrays.stream(hours).boxed().toList()).allSatisfy(h -> assertThat(h).isBetween(110, 230));
    assertThat(sources.keySet()).containsExactlyInAnyOrder(ArticleFactory.SOURCES);
    assertThat(topics.keySet()).containsExactlyInAnyOrder(Templates.TOPICS);
    int none = 0;
    int many = 0;
    for (JsonNode t : truth) {
      none += t.get("entities").isEmpty() ? 1 : 0;
      many += t.get("entities").size() >= 3 ? 1 : 0;
    }
    assertThat(none / (double) n).as("articles naming nothing").isBetween(0.08, 0.16);
    assertThat(many / (double) n).as("articles naming 3 or more").isBetween(0.2, 0.5);
  }

  @Test
  void aFolderThatIsNotEmptyIsRefusedUnlessForced() throws IOException {
    gen("f", 50).perFile(10).execute();
    assertThatThrownBy(() -> gen("f", 20).execute()).isInstanceOf(UserError.class)
        .hasMessage("--out " + tmp.resolve("f") + " is not empty (7 entries); give --force to replace a corpus"
            + " generated there");
    Files.writeString(tmp.resolve("f/notes.txt"), "mine");
    gen("f", 20).perFile(10).force(true).execute();
    // The earlier corpus's files are gone (not only overwritten), the user's own file stays.
    assertThat(names(tmp.resolve("f"))).containsExactly("articles-00000.jsonl.gz", "articles-00001.jsonl.gz",
        "manifest.json", "notes.txt", "truth/truth-00000.jsonl.gz", "truth/truth-00001.jsonl.gz");
    Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> gen("file", 1).execute()).isInstanceOf(UserError.class)
        .hasMessage("--out " + tmp.resolve("file") + " is a file, not a directory");
  }

  @Test
  void badOptionsAreUserErrorsWithOneClearMessage() {
    assertError(g -> g.articles(0), "--articles must be 1 or more, not 0");
    assertError(g -> g.articles(-3), "--articles must be 1 or more, not -3");
    assertError(g -> g.files(2).perFile(5), "give --files or --per-file, not both");
    assertError(g -> g.files(0), "--files must be 1 or more, not 0");
    assertError(g -> g.files(11), "--files 11 is more than --articles 10 (a file would be empty)");
    assertError(g -> g.perFile(0), "--per-file must be 1 or more, not 0");
    assertError(g -> g.articles(100_000_000L).perFile(1), "that would be more than 99,999 files: give a larger --per-file");
    assertError(g -> g.range(LocalDate.of(2020, 1, 2), LocalDate.of(2020, 1, 1)), "--from 2020-01-02 is after --to 2020-01-01");
    assertError(g -> g.range(LocalDate.of(1799, 12, 31), LocalDate.of(2020, 1, 1)),
        "--from 1799-12-31 is before 1800-01-01 (ingest refuses such dates)");
    assertError(g -> g.threads(0), "--threads must be 1 or more, not 0");
    // Nothing is written when the options are wrong.
    assertThat(tmp.resolve("bad")).doesNotExist();
  }

  private void assertError(Consumer<CorpusGenerator> options, String message) {
    CorpusGenerator g = gen("bad", 10);
    options.accept(g);
    assertThatThrownBy(g::execute).isInstanceOf(UserError.class).hasMessage(message);
  }

  @Test
  void aSingleDayAndASingleArticleWork() {
    CorpusGenerator.Result r = gen("s", 1).range(LocalDate.of(2024, 2, 29), LocalDate.of(2024, 2, 29)).execute();
    assertThat(r.articles()).isEqualTo(1);
    assertThat(json(tmp.resolve("s/truth/truth-00000.jsonl.gz")).get(0).get("published_date").asText())
        .isEqualTo("2024-02-29");
  }
}
