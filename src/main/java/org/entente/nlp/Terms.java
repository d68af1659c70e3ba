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
    int n = text.length();
    int i = 0;
    StringBuilder w = new StringBuilder();
    while (i < n) {
      while (i < n && !Character.isLetter(text.charAt(i))) {
        i++;
      }
      w.setLength(0);
      int start = i;
      while (i < n && Character.isLetter(text.charAt(i))) {
        w.append(text.charAt(i));
        i++;
      }
      // "U.S." and words glued to digits ("F16") are not terms.
      boolean glued = (start > 0 && Character.isDigit(text.charAt(start - 1)))
          || (i < n && (Character.isDigit(text.charAt(i)) || (text.charAt(i) == '.' && w.length() == 1)));
      if (w.length() >= 3 && !glued) {
        String t = w.toString().toLowerCase(Locale.ROOT);
        if (!STOP.contains(t)) {
          out.add(t);
        }
      }
    }
    return out;
  }
}
