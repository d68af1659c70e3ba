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
    return split(text, text.toCharArray(), text.length());
  }

  /** The sentences of {@code text}, whose chars are {@code t[0, n)}. */
  static List<Span> split(String text, char[] t, int n) {
    List<Span> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < n) {
      char c = t[i];
      if (c == '\n' && i + 1 < n && t[i + 1] == '\n') {
        add(out, t, start, i);
        while (i < n && Chars.isWhitespace(t[i])) {
          i++;
        }
        start = i;
        continue;
      }
      if (c == '.' || c == '!' || c == '?') {
        int j = i + 1;
        while (j < n && isCloser(t[j])) {
          j++;
        }
        if (j < n && Chars.isWhitespace(t[j])) {
          int k = j;
          while (k < n && Chars.isWhitespace(t[k])) {
            k++;
          }
          if (k < n && startsSentence(t[k]) && !(c == '.' && abbreviationBefore(text, t, i))) {
            add(out, t, start, j);
            start = k;
            i = k;
            continue;
          }
        }
      }
      i++;
    }
    add(out, t, start, n);
    return out;
  }

  private static boolean isCloser(char c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201D' || c == '\u2019' || c == '»';
  }

  private static boolean startsSentence(char c) {
    return Chars.isUpperCase(c) || Chars.isDigit(c) || c == '"' || c == '\u201C' || c == '\''
        || c == '\u2018' || c == '(' || c == '[' || c == '«';
  }

  private static final CharSet ABBREVIATION_CHARS = new CharSet(ABBREVIATIONS);

  /** True when the period at {@code dot} ends an abbreviation or an initial. */
  static boolean abbreviationBefore(String text, int dot) {
    return abbreviationBefore(text, text.toCharArray(), dot);
  }

  private static boolean abbreviationBefore(String text, char[] t, int dot) {
    int s = dot;
    int any = 0;
    while (s > 0 && (Chars.isLetter(t[s - 1]) || t[s - 1] == '.')) {
      s--;
      any |= t[s];
    }
    int len = dot - s;
    if (len == 0) {
      return false;
    }
    if (len == 1 && Chars.isUpperCase(t[s])) {
      return true; // an initial
    }
    if (any >= 128) {
      return ABBREVIATIONS.contains(text.substring(s, dot).toLowerCase(java.util.Locale.ROOT));
    }
    if (len > ABBREVIATION_CHARS.maxLength()) {
      return false;
    }
    char[] w = new char[len];
    for (int k = 0; k < len; k++) {
      w[k] = Chars.lower(t[s + k]);
    }
    return ABBREVIATION_CHARS.contains(w, 0, len);
  }

  private static void add(List<Span> out, char[] t, int start, int end) {
    int s = start;
    int e = end;
    while (s < e && Chars.isWhitespace(t[s])) {
      s++;
    }
    while (e > s && Chars.isWhitespace(t[e - 1])) {
      e--;
    }
    if (e > s) {
      out.add(new Span(s, e));
    }
  }
}
