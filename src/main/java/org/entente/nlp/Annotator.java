package org.entente.nlp;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.entente.kb.KnowledgeBase;
import org.entente.nlp.SentenceSplitter.Span;

/**
 * Annotates one article: sentences, candidate spans from an engine, the resolver's mentions, and
 * the article's topic terms. The title (when it is not also the text) is sentence 0; the text's
 * sentences are numbered from 1.
 */
public final class Annotator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What annotate writes for one article. */
  public record Result(List<Mention> mentions, List<String> terms) {}

  private final CandidateSource engine;
  private final Resolver resolver;

  public Annotator(KnowledgeBase kb, CandidateSource engine) {
    this.engine = engine;
    this.resolver = new Resolver(kb);
  }

  public Result annotate(String title, String text, LocalDate date) {
    if (engine instanceof FastEngine fast) {
      return annotateFast(fast, title, nullToEmpty(text), date);
    }
    return annotate(title, text, date, engine.candidates(nullToEmpty(title)), engine.candidates(nullToEmpty(text)));
  }

  /** Annotates with candidates an engine found elsewhere (the Spark NLP pipeline). */
  public Result annotate(String title, String text, LocalDate date, List<int[]> titleCandidates,
      List<int[]> textCandidates) {
    String body = nullToEmpty(text);
    List<Resolver.Section> sections = new ArrayList<>();
    List<String> terms = new ArrayList<>();
    if (hasOwnTitle(title, body)) {
      sections.add(new Resolver.Section("title", title, List.of(new Span(0, title.length())), 0, titleCandidates));
      terms.addAll(Terms.of(title));
    }
    sections.add(new Resolver.Section("text", body, SentenceSplitter.split(body), 1, textCandidates));
    terms.addAll(Terms.of(body));
    return new Result(resolver.resolve(date, sections), terms);
  }

  /**
   * The same as {@link #annotate(String, String, LocalDate, List, List)} with the fast engine's
   * candidates, reading each text into chars and lower-casing it once for both the scan and the
   * terms; a title the text repeats is not scanned.
   */
  private Result annotateFast(FastEngine fast, String title, String body, LocalDate date) {
    List<Resolver.Section> sections = new ArrayList<>(2);
    // About one term per 12 chars of news text: sized once instead of grown (3% of an annotate
    // profile at 100,000 articles went to growing this list).
    List<String> terms = new ArrayList<>(16 + (body.length() + (title == null ? 0 : title.length())) / 12);
    if (hasOwnTitle(title, body)) {
      Chars.Text t = new Chars.Text(title);
      sections.add(new Resolver.Section("title", title, List.of(new Span(0, title.length())), 0, fast.candidates(t)));
      Terms.of(t.raw, t.low, t.length, terms);
    }
    Chars.Text b = new Chars.Text(body);
    sections.add(new Resolver.Section("text", body, SentenceSplitter.split(body, b.raw, b.length), 1,
        fast.candidates(b)));
    Terms.of(b.raw, b.low, b.length, terms);
    return new Result(resolver.resolve(date, sections), terms);
  }

  /** A title is annotated separately unless it is empty or the text repeats it. */
  public static boolean hasOwnTitle(String title, String text) {
    return title != null && !title.isBlank() && !text.equals(title) && !text.startsWith(title);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
