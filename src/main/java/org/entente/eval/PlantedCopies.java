package org.entente.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entente.ingest.Stories;
import org.entente.nlp.SentenceSplitter;

/**
 * Edited copies of a base text at known levels, the way syndicated copies of a wire story
 * differ: a byline and a reporting credit, the last paragraph cut, a few words replaced, or
 * all of it together; and a heavy rewrite that should no longer count as the same story. Pure
 * Java, deterministic for a given {@link Random}.
 */
public final class PlantedCopies {
  private PlantedCopies() {}

  /** An edit and whether a copy made by it is still the same story (the ground truth). */
  public enum Edit {
    /** The same text under another headline (the headline is not compared). */
    HEADLINE(true),
    /** A byline before the text and a reporting credit after it. */
    BYLINE(true),
    /** The last paragraph cut (the last fifth of the sentences when there are fewer than three paragraphs). */
    TRIM(true),
    /** 3% of the words replaced (at least two). */
    WORDS(true),
    /** A byline, the last paragraph cut and 2% of the words replaced. */
    SYNDICATED(true),
    /** 40% of the words replaced and the sentences reordered: not the same story any more. */
    REWRITE(false);

    public final boolean sameStory;

    Edit(boolean sameStory) {
      this.sameStory = sameStory;
    }
  }

  private static final Pattern WORD = Pattern.compile(Stories.WORD);
  private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n\\s*\\n|\\n[ \\t]{2,}");
  private static final String[] FIRST = {"Maria", "Tom", "Aiko", "Samuel", "Priya", "Jonas", "Lena", "Omar", "Grace", "Pavel"};
  private static final String[] LAST = {"Lopez", "Hale", "Tanaka", "Okafor", "Raman", "Berg", "Novak", "Haddad", "Kim", "Moreau"};
  /** Replacement words: ordinary words an editor might swap in. */
  private static final String[] SWAPS = {"also", "later", "said", "added", "recent", "major", "several", "new",
      "early", "further", "large", "small", "local", "main", "other", "earlier", "strong", "weak", "higher",
      "lower", "about", "nearly", "around", "some", "many", "officials", "people", "group", "plan", "report"};

  /** The copy of {@code text} made by {@code edit}. */
  public static String apply(Edit edit, String text, Random r) {
    return switch (edit) {
      case HEADLINE -> text;
      case BYLINE -> byline(text, r);
      case TRIM -> trimLast(text);
      case WORDS -> substitute(text, 0.03, 2, r);
      case SYNDICATED -> substitute(trimLast(byline(text, r)), 0.02, 1, r);
      case REWRITE -> reorder(substitute(text, 0.40, 1, r), r);
    };
  }

  /** A byline ("By Maria Lopez") before the text and a reporting credit after it. */
  public static String byline(String text, Random r) {
    String a = FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)];
    String b = FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)];
    return "By " + a + "\n\n" + text + "\n\n(Reporting by " + a + "; Editing by " + b + ")";
  }

  /**
   * The text without its last paragraph (paragraphs: blank lines, or a line break and an indent
   * as in Reuters' wire copy); with fewer than three paragraphs, without its last fifth of
   * sentences (at least one, never all).
   */
  public static String trimLast(String text) {
    Matcher m = PARAGRAPH_BREAK.matcher(text);
    List<Integer> breaks = new ArrayList<>();
    while (m.find()) {
      if (!text.substring(m.end()).isBlank()) {
        breaks.add(m.start());
      }
    }
    if (breaks.size() >= 2) {
      return text.substring(0, breaks.get(breaks.size() - 1));
    }
    List<SentenceSplitter.Span> s = SentenceSplitter.split(text);
    if (s.size() < 2) {
      return text;
    }
    int keep = Math.max(1, s.size() - Math.max(1, s.size() / 5));
    return text.substring(0, s.get(keep - 1).end());
  }

  /** The first {@code fraction} of the text's sentences (at least one). */
  public static String truncate(String text, double fraction) {
    List<SentenceSplitter.Span> s = SentenceSplitter.split(text);
    if (s.isEmpty()) {
      return text;
    }
    int keep = Math.max(1, (int) Math.round(s.size() * fraction));
    return text.substring(0, s.get(Math.min(keep, s.size()) - 1).end());
  }

  /** {@code rate} of the words (at least {@code min}) replaced by other ordinary words, at random places. */
  public static String substitute(String text, double rate, int min, Random r) {
    Matcher m = WORD.matcher(text);
    List<int[]> words = new ArrayList<>();
    while (m.find()) {
      words.add(new int[] {m.start(), m.end()});
    }
    if (words.isEmpty()) {
      return text;
    }
    int n = Math.min(words.size(), Math.max(min, (int) Math.round(words.size() * rate)));
    boolean[] pick = new boolean[words.size()];
    for (int chosen = 0; chosen < n; ) {
      int i = r.nextInt(words.size());
      if (!pick[i]) {
        pick[i] = true;
        chosen++;
      }
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    int at = 0;
    for (int i = 0; i < words.size(); i++) {
      if (pick[i]) {
        int[] w = words.get(i);
        out.append(text, at, w[0]);
        String old = text.substring(w[0], w[1]).toLowerCase(java.util.Locale.ROOT);
        String swap;
        do {
          swap = SWAPS[r.nextInt(SWAPS.length)];
        } while (swap.equals(old));
        out.append(swap);
        at = w[1];
      }
    }
    return out.append(text.substring(at)).toString();
  }

  /** The sentences in a random order. */
  public static String reorder(String text, Random r) {
    List<SentenceSplitter.Span> spans = SentenceSplitter.split(text);
    List<String> s = new ArrayList<>();
    for (SentenceSplitter.Span sp : spans) {
      s.add(text.substring(sp.start(), sp.end()));
    }
    java.util.Collections.shuffle(s, r);
    return String.join(" ", s);
  }

  /** Words in the text (as the story shingles count them). */
  public static int words(String text) {
    Matcher m = WORD.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
