package org.entente.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A cheap language guess from function words, for the {@code lang} column when the input has
 * none: the language whose common words make up the largest share of the first 300 words, if
 * that share is at least 10% of at least 12 words and clearly ahead of the runner-up; otherwise
 * {@code und}. Covers en, fr, de, es, pt, it, nl.
 */
public final class LanguageGuesser {
  private LanguageGuesser() {}

  private static final Map<String, Set<String>> WORDS = new LinkedHashMap<>();

  static {
    WORDS.put("en", Set.of("the", "of", "and", "to", "in", "is", "that", "for", "it", "was", "on",
        "with", "he", "as", "by", "at", "from", "his", "are", "this", "have", "said", "its", "be"));
    WORDS.put("fr", Set.of("le", "la", "les", "de", "des", "et", "est", "un", "une", "du", "que",
        "qui", "dans", "pour", "pas", "sur", "au", "avec", "ce", "il", "sont", "par", "aux"));
    WORDS.put("de", Set.of("der", "die", "und", "das", "ist", "den", "nicht", "mit", "von", "zu",
        "sich", "des", "auf", "ein", "eine", "dem", "für", "im", "auch", "es", "sie", "wird"));
    WORDS.put("es", Set.of("el", "la", "los", "las", "de", "y", "que", "en", "un", "una", "por",
        "con", "para", "es", "se", "del", "al", "lo", "su", "como", "más", "pero"));
    WORDS.put("pt", Set.of("o", "os", "as", "de", "e", "que", "em", "um", "uma", "do", "da",
        "dos", "das", "para", "com", "não", "por", "se", "na", "no", "mais", "ao"));
    WORDS.put("it", Set.of("il", "di", "che", "e", "la", "le", "un", "una", "per", "non", "del",
        "della", "con", "sono", "gli", "nel", "alla", "si", "dei", "è", "anche", "più"));
    WORDS.put("nl", Set.of("de", "het", "een", "en", "van", "is", "dat", "op", "te", "in", "niet",
        "met", "voor", "zijn", "er", "aan", "ook", "als", "bij", "door", "naar", "wordt"));
  }

  private static final String[] LANGS = WORDS.keySet().toArray(new String[0]);
  /** Word to a bit per language that uses it. */
  private static final Map<String, Integer> INDEX = new java.util.HashMap<>();

  static {
    for (int i = 0; i < LANGS.length; i++) {
      for (String w : WORDS.get(LANGS[i])) {
        INDEX.merge(w, 1 << i, (a, b) -> a | b);
      }
    }
  }

  public static String guess(String text) {
    if (text == null || text.isBlank()) {
      return "und";
    }
    int[] hits = new int[LANGS.length];
    int n = 0;
    int len = text.length();
    int i = 0;
    StringBuilder w = new StringBuilder(16);
    while (i < len && n < 300) {
      while (i < len && !Character.isLetter(text.charAt(i))) {
        i++;
      }
      w.setLength(0);
      while (i < len && Character.isLetter(text.charAt(i))) {
        w.append(Character.toLowerCase(text.charAt(i)));
        i++;
      }
      if (w.length() == 0) {
        break;
      }
      n++;
      Integer bits = INDEX.get(w.toString());
      if (bits != null) {
        for (int l = 0; l < LANGS.length; l++) {
          if ((bits & (1 << l)) != 0) {
            hits[l]++;
          }
        }
      }
    }
    int best = -1;
    int second = 0;
    for (int l = 0; l < LANGS.length; l++) {
      if (best < 0 || hits[l] > hits[best]) {
        second = best < 0 ? 0 : Math.max(second, hits[best]);
        best = l;
      } else {
        second = Math.max(second, hits[l]);
      }
    }
    boolean clear = hits[best] * 10 >= n && hits[best] * 2 >= second * 3;
    return n >= 12 && clear ? LANGS[best] : "und";
  }
}
