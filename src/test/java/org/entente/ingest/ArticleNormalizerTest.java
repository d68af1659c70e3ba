package org.entente.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.entente.ingest.FieldMapping.Target;
import org.junit.jupiter.api.Test;

class ArticleNormalizerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static ArticleNormalizer auto() {
    return new ArticleNormalizer(new FieldMapping(), new DateParser(), NOW, null, null);
  }

  private static Row raw(String file, String format, String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return RowFactory.create(file, format, "raw", JsonlReader.scala(m), null);
  }

  private static Object col(Row r, String name) {
    return r.get(ArticleNormalizer.CANDIDATE.fieldIndex(name));
  }

  @Test
  void autoDetectsCommonFieldNames() {
    Row out = auto().apply(raw("file:/d/feed.jsonl", "jsonl", "guid", "CP-1", "outlet", "Continental Post",
        "link", "https://continentalpost.example/a", "title", "Summit opens", "content", "Leaders met.",
        "pubDate", "Tue, 22 Oct 2024 08:15:00 GMT"));
    assertThat(col(out, "reason")).isNull();
    assertThat(col(out, "article_id")).isEqualTo("continental-post:CP-1");
    assertThat(col(out, "source")).isEqualTo("Continental Post");
    assertThat(col(out, "url")).isEqualTo("https://continentalpost.example/a");
    assertThat(col(out, "title")).isEqualTo("Summit opens");
    assertThat(col(out, "text")).isEqualTo("Leaders met.");
    assertThat(col(out, "published_at")).isEqualTo(Timestamp.from(Instant.parse("2024-10-22T08:15:00Z")));
    assertThat(col(out, "word_count")).isEqualTo(2);
  }

  @Test
  void explicitMappingWinsOverAutoDetection() {
    FieldMapping m = new FieldMapping().with(Target.TEXT, "summary").with(Target.DATE, "when");
    ArticleNormalizer n = new ArticleNormalizer(m, new DateParser(), NOW, null, "wire");
    Row out = n.apply(raw("f.jsonl", "jsonl", "text", "not this", "summary", "This one.", "when", "2020-01-02",
        "date", "1999-01-01", "source", "ignored"));
    assertThat(col(out, "text")).isEqualTo("This one.");
    assertThat(col(out, "published_at")).isEqualTo(Timestamp.from(Instant.parse("2020-01-02T00:00:00Z")));
    assertThat(col(out, "source")).isEqualTo("wire");
  }

  @Test
  void aHeadlineOnlyRecordIsKeptWithItsTitleAsText() {
    Row out = auto().apply(raw("f.jsonl", "jsonl", "title", "YUGOSLAV WORKERS MAY STRIKE", "body", "",
        "date", "1987-03-02"));
    assertThat(col(out, "reason")).isNull();
    assertThat(col(out, "text")).isEqualTo("YUGOSLAV WORKERS MAY STRIKE");
  }

  @Test
  void rejectsWithReadableReasons() {
    assertThat(col(auto().apply(raw("f.jsonl", "jsonl", "title", "", "body", " ", "date", "2020-01-01")), "reason"))
        .isEqualTo("no text and no title");
    assertThat((String) col(auto().apply(raw("f.jsonl", "jsonl", "body", "x", "date", "last Tuesday")), "reason"))
        .isEqualTo("unparseable date 'last Tuesday' in field 'date'");
    assertThat((String) col(auto().apply(raw("f.jsonl", "jsonl", "body", "x", "date", "2091-01-01")), "reason"))
        .startsWith("date 2091-01-01T00:00:00Z is in the future");
    assertThat((String) col(auto().apply(raw("f.jsonl", "jsonl", "body", "x", "date", "1750-06-01")), "reason"))
        .isEqualTo("date 1750-06-01T00:00:00Z is before 1800-01-01");
    assertThat((String) col(auto().apply(raw("f.jsonl", "jsonl", "body", "x")), "reason"))
        .isEqualTo("no date: no date field, no date in the file name, and no --default-date");
    Row parseError = RowFactory.create("f.jsonl", "jsonl", "{oops", null, "malformed JSON: x");
    assertThat(col(auto().apply(parseError), "reason")).isEqualTo("malformed JSON: x");
  }

  @Test
  void datesComeFromTheFileNameThenTheDefault() {
    Row named = auto().apply(raw("file:/x/dispatches/2024-10-23_kazan.txt", "text", "title", "T", "text", "Body."));
    assertThat(col(named, "published_at")).isEqualTo(Timestamp.from(Instant.parse("2024-10-23T00:00:00Z")));
    assertThat(col(named, "source")).isEqualTo("dispatches");

    Row impossible = auto().apply(raw("file:/x/d/2023-13-45_note.txt", "text", "title", "T", "text", "Body."));
    assertThat(col(impossible, "reason")).isEqualTo("impossible date '2023-13-45' in file name 2023-13-45_note.txt");

    ArticleNormalizer withDefault = new ArticleNormalizer(new FieldMapping(), new DateParser(), NOW,
        Instant.parse("2001-02-03T00:00:00Z"), null);
    Row dflt = withDefault.apply(raw("file:/x/plain.jsonl", "jsonl", "body", "Body."));
    assertThat(col(dflt, "published_at")).isEqualTo(Timestamp.from(Instant.parse("2001-02-03T00:00:00Z")));
    assertThat(col(dflt, "source")).isEqualTo("plain");
  }

  @Test
  void identityFallsBackFromIdToUrlToText() {
    Row byUrl1 = auto().apply(raw("f.jsonl", "jsonl", "url", "https://www.Example.com/a/?utm_source=x#top",
        "body", "One.", "date", "2020-01-01"));
    Row byUrl2 = auto().apply(raw("f.jsonl", "jsonl", "url", "http://example.com/a",
        "body", "Other text.", "date", "2020-01-01"));
    assertThat((String) col(byUrl1, "article_id")).startsWith("u").hasSize(33);
    assertThat(col(byUrl1, "article_id")).isEqualTo(col(byUrl2, "article_id"));

    Row byText1 = auto().apply(raw("f.jsonl", "jsonl", "body", "Same  TEXT here.", "date", "2020-01-01"));
    Row byText2 = auto().apply(raw("g.jsonl", "jsonl", "body", "same text\nhere.", "date", "2021-01-01"));
    assertThat((String) col(byText1, "article_id")).startsWith("t");
    assertThat(col(byText1, "article_id")).isEqualTo(col(byText2, "article_id"));
    assertThat(col(byText1, "content_hash")).isEqualTo(col(byText2, "content_hash"));
  }

  @Test
  void slugsAndDefaultSources() {
    assertThat(ArticleNormalizer.slug("Northgate Times")).isEqualTo("northgate-times");
    assertThat(ArticleNormalizer.slug("Le Monde diplomatique / Éd.")).isEqualTo("le-monde-diplomatique-ed");
    assertThat(ArticleNormalizer.defaultSource("file:/a/b/reuters.jsonl.gz", "jsonl")).isEqualTo("reuters");
    assertThat(ArticleNormalizer.defaultSource("file:/a/feeds/2024-01-01_x.txt", "text")).isEqualTo("feeds");
  }

  @Test
  void anEmptyAutoDetectedDateFieldFallsBackToAnotherDateField() {
    Row out = auto().apply(raw("f.jsonl", "jsonl", "body", "x", "datetime", null, "date", "1987-03-31"));
    assertThat(col(out, "published_at")).isEqualTo(Timestamp.from(Instant.parse("1987-03-31T00:00:00Z")));
    FieldMapping explicit = new FieldMapping().with(Target.DATE, "datetime");
    Row strict = new ArticleNormalizer(explicit, new DateParser(), NOW, null, null)
        .apply(raw("f.jsonl", "jsonl", "body", "x", "datetime", null, "date", "1987-03-31"));
    assertThat(col(strict, "reason")).isEqualTo("no date: field 'datetime' is empty and no --default-date was given");
  }

  @Test
  void aSeparateDatelineIsPutBackInFrontOfTheText() {
    Row out = auto().apply(raw("f.jsonl", "jsonl", "body", "Showers continued.", "dateline", "SALVADOR, Feb 26",
        "date", "1987-02-26"));
    assertThat(col(out, "text")).isEqualTo("SALVADOR, Feb 26 - Showers continued.");
  }

  @Test
  void guessesLanguageOnlyWithEnoughWords() {
    assertThat(LanguageGuesser.guess("The leaders of the two countries met in the capital on Tuesday and said that"
        + " the talks were useful for trade.")).isEqualTo("en");
    assertThat(LanguageGuesser.guess("Les dirigeants des deux pays se sont rencontrés dans la capitale et ont dit"
        + " que les discussions étaient utiles pour le commerce.")).isEqualTo("fr");
    assertThat(LanguageGuesser.guess("YUGOSLAV WORKERS MAY STRIKE")).isEqualTo("und");
  }
}
