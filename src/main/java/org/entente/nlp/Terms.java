package org.entente.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The normalised terms topic modelling uses: lower-case runs of letters of three or more
 * characters, without stop words ({@code stopwords_en.txt}); numbers and punctuation never make
 * a term ("U.S." gives nothing, "Britain's" gives "britain").
 */
public final class Terms {
  private Terms() {}

  private static final Set<String> STOP = load();

  private static Set<String> load() {
    Set<String> s = new HashSet<>();
    try (InputStream in = Terms.class.getResourceAsStream("stopwords_en.txt")) {
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : all.split("\n")) {
        if (line.startsWith("#")) {
          continue;
        }
        for (String w : line.strip().split("\\s+")) {
          if (!w.isEmpty()) {
            s.add(w);
          }
        }
      }
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("cannot read the stop word list", e);
    }
    return s;
  }

  public static boolean isStopWord(String w) {
    return STOP.contains(w);
  }

  /** Terms of {@code text} in order of appearance (repeats kept). */
  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    Chars.Text t = new Chars.Text(text);
    of(t.raw, t.low, t.length, out);
    return out;
  }

  /**
   * Adds the terms of {@code raw[0, n)} to {@code out}; {@code low} is its lower case one char
   * for one char. A word of ASCII letters is its lower-cased chars, looked up among the stop
   * words without making a string; any other word is lower-cased as a string
   * ({@code String.toLowerCase(Locale.ROOT)}: "İ" becomes two chars, a final sigma "ς").
   */
  static void of(char[] raw, char[] low, int n, List<String> out) {
    int i = 0;
    while (i < n) {
      while (i < n && !Chars.isLetter(raw[i])) {
        i++;
      }
      if (i == n) {
        return;
      }
      int start = i;
      int hash = 0;
      int any = 0;
      do {
        any |= raw[i];
        hash = 31 * hash + low[i];
        i++;
      } while (i < n && Chars.isLetter(raw[i]));
      int len = i - start;
      if (len < 3) {
        continue;
      }
      // "U.S." and words glued to digits ("F16") are not terms.
      if ((start > 0 && Chars.isDigit(raw[start - 1])) || (i < n && Chars.isDigit(raw[i]))) {
        continue;
      }
      if (any < 128) {
        if (!STOP_CHARS.contains(low, start, len, hash)) {
          out.add(new String(low, start, len));
        }
      } else {
        String w = new String(raw, start, len).toLowerCase(Locale.ROOT);
        if (!STOP.contains(w)) {
          out.add(w);
        }
      }
    }
  }

  private static final CharSet STOP_CHARS = new CharSet(STOP);
}
