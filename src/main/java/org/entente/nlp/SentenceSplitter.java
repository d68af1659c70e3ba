package org.entente.nlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rule-based sentence boundaries for news text: a blank line ends a paragraph; {@code . ! ?}
 * (with any closing quotes or brackets) followed by white space and a capital letter, digit or
 * opening quote ends a sentence, unless the word before the period is a known abbreviation
 * ("Mr.", "U.S.", "Jan.") or a single capital (an initial, "George W. Bush").
 */
public final class SentenceSplitter {
  private SentenceSplitter() {}

  /** A sentence: {@code text.substring(start, end)}, trimmed. */
  public record Span(int start, int end) {}

  static final Set<String> ABBREVIATIONS = Set.of(
      "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt", "sgt",
      "cmdr", "adm", "st", "jr", "sr", "inc", "corp", "co", "ltd", "plc", "no", "nos", "vs", "etc",
      "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
      "mt", "ft", "u.s", "u.k", "u.n", "e.u", "u.s.a", "a.m", "p.m", "e.g", "i.e", "pres", "rev",
      "hon", "fig", "vol", "op", "ave", "blvd", "est", "dept", "univ", "assn", "bros", "messrs");

  public static List<Span> split(String text) {
    List<Span> out = new ArrayList<>();
    int n = text.length();
    int start = 0;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n' && i + 1 < n && text.charAt(i + 1) == '\n') {
        add(out, text, start, i);
        while (i < n && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        start = i;
        continue;
      }
      if (c == '.' || c == '!' || c == '?') {
        int j = i + 1;
        while (j < n && isCloser(text.charAt(j))) {
          j++;
        }
        if (j < n && Character.isWhitespace(text.charAt(j))) {
          int k = j;
          while (k < n && Character.isWhitespace(text.charAt(k))) {
            k++;
          }
          if (k < n && startsSentence(text.charAt(k)) && !(c == '.' && abbreviationBefore(text, i))) {
            add(out, text, start, j);
            start = k;
            i = k;
            continue;
          }
        }
      }
      i++;
    }
    add(out, text, start, n);
    return out;
  }

  private static boolean isCloser(char c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201D' || c == '\u2019' || c == '»';
  }

  private static boolean startsSentence(char c) {
    return Character.isUpperCase(c) || Character.isDigit(c) || c == '"' || c == '\u201C' || c == '\''
        || c == '\u2018' || c == '(' || c == '[' || c == '«';
  }

  /** True when the period at {@code dot} ends an abbreviation or an initial. */
  static boolean abbreviationBefore(String text, int dot) {
    int s = dot;
    while (s > 0 && (Character.isLetter(text.charAt(s - 1)) || text.charAt(s - 1) == '.')) {
      s--;
    }
    String word = text.substring(s, dot);
    if (word.isEmpty()) {
      return false;
    }
    if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
      return true; // an initial
    }
    return ABBREVIATIONS.contains(word.toLowerCase(java.util.Locale.ROOT));
  }

  private static void add(List<Span> out, String text, int start, int end) {
    int s = start;
    int e = end;
    while (s < e && Character.isWhitespace(text.charAt(s))) {
      s++;
    }
    while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
      e--;
    }
    if (e > s) {
      out.add(new Span(s, e));
    }
  }
}
