package org.entente.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Topic terms and sentence splits on edge cases, and against a plain per-String reading. */
class TermsTest {
  @Test
  void termsOfEdgeCases() {
    assertThat(Terms.of("U.S. and Britain's exports")).containsExactly("britain", "exports");
    assertThat(Terms.of("F16 jets, 16th fleet, Boeing747 and A.B.C. talks")).containsExactly("jets", "fleet", "talks");
    assertThat(Terms.of("Zürich STRASSE GROẞE Straße")).containsExactly("zürich", "strasse", "große", "straße");
    // String lower case, not char by char: a dotted capital I becomes "i" and a combining dot,
    // a final capital sigma the final sigma.
    assertThat(Terms.of("İstanbul ΟΔΟΣ")).containsExactly("i\u0307stanbul", "οδος");
    assertThat(Terms.of("The THE they Their")).isEmpty();
    // Numbers are not terms, in digits or in words.
    assertThat(Terms.of("Two firms, 3 banks and the first forty-five Dozen miners")).containsExactly("firms", "banks",
        "miners");
    assertThat(Terms.of("")).isEmpty();
    assertThat(Terms.of(null)).isEmpty();
  }

  /** The terms as a word-by-word reading with Strings defines them. */
  private static List<String> reference(String text) {
    List<String> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && !Character.isLetter(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && Character.isLetter(text.charAt(i))) {
        i++;
      }
      String w = text.substring(start, i);
      boolean glued = (start > 0 && Character.isDigit(text.charAt(start - 1)))
          || (i < n && (Character.isDigit(text.charAt(i)) || (text.charAt(i) == '.' && w.length() == 1)));
      if (w.length() >= 3 && !glued) {
        String t = w.toLowerCase(Locale.ROOT);
        if (!Terms.isStopWord(t)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  @Test
  void termsOfRandomTextsAreThoseOfAStringReading() {
    String[] pieces = {"the", "The", "THEIR", "Iran", "oil", "Oil", "İ", "ß", "ẞ", "Σ", "é", "1", "7", ".", " ",
        "'s", "-", "\n", "ab", "abc", "Zürich", "\uD83D\uDE00", "ǅ", "x"};
    Random r = new Random(7);
    for (int t = 0; t < 3000; t++) {
      StringBuilder b = new StringBuilder();
      for (int k = r.nextInt(20); k > 0; k--) {
        b.append(pieces[r.nextInt(pieces.length)]);
      }
      String text = b.toString();
      assertThat(Terms.of(text)).as("'%s'", text).isEqualTo(reference(text));
    }
  }

  @Test
  void sentencesEndAfterAbbreviationsOnlyWhenTheyAreNotOnes() {
    String text = "Mr. Smith met Gen. Lee in the U.S. Army base. It rained! The Ärzte left. Then İ. Was";
    assertThat(SentenceSplitter.split(text).stream().map(s -> text.substring(s.start(), s.end())).toList())
        .containsExactly("Mr. Smith met Gen. Lee in the U.S. Army base.", "It rained!", "The Ärzte left.",
            "Then İ. Was");
    assertThat(SentenceSplitter.abbreviationBefore("see Jan. 5", 7)).isTrue();
    assertThat(SentenceSplitter.abbreviationBefore("approximately. X", 13)).isFalse();
    assertThat(SentenceSplitter.abbreviationBefore("MESSRS. X", 6)).isTrue();
  }

  @Test
  void charTablesAgreeWithCharacterForEveryChar() {
    for (int c = 0; c < 65536; c++) {
      char ch = (char) c;
      assertThat(Chars.lower(ch) == Character.toLowerCase(ch) && Chars.isLetter(ch) == Character.isLetter(ch)
          && Chars.isDigit(ch) == Character.isDigit(ch) && Chars.isLetterOrDigit(ch) == Character.isLetterOrDigit(ch)
          && Chars.isUpperCase(ch) == Character.isUpperCase(ch) && Chars.isWhitespace(ch) == Character.isWhitespace(ch))
          .as("char %04x", c).isTrue();
    }
  }
}
