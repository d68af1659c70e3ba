package org.entente.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The trie against a naive matcher: every pattern at every offset of the text lower-cased one
 * char for one char, kept when start and end are word boundaries ({@link Resolver#boundary}).
 */
class SurfaceTrieTest {
  /**
   * Letters that overlap in patterns, capitals, digits, separators and chars whose lower case is
   * special: "İ" (lower "i"), Kelvin sign (lower "k"), sharp S and its capital, "É", a combining
   * mark, a surrogate half, and a final-sigma-prone capital.
   */
  private static final char[] ALPHABET = {'a', 'b', 'a', 'b', 'A', 'B', 'k', 'i', ' ', ' ', '.', '-', '\'',
      '1', '\u0130', '\u212A', '\u00DF', '\u1E9E', '\u00C9', '\u00E9', '\u0301', '\uD83D', '\u03A3', '\n'};

  private static String random(Random r, int len) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < len; i++) {
      b.append(ALPHABET[r.nextInt(ALPHABET.length)]);
    }
    return b.toString();
  }

  /** (start, end, pattern) of every boundary occurrence, by start then end. */
  private static List<List<Integer>> naive(List<String> patterns, String text) {
    String low = Resolver.lower(text);
    List<List<Integer>> out = new ArrayList<>();
    for (int start = 0; start < text.length(); start++) {
      for (int end = start + 1; end <= text.length(); end++) {
        int id = patterns.indexOf(low.substring(start, end));
        if (id >= 0 && Resolver.boundary(text, start, end)) {
          out.add(List.of(start, end, id));
        }
      }
    }
    return out;
  }

  private static List<List<Integer>> scan(SurfaceTrie trie, String text) {
    List<List<Integer>> out = new ArrayList<>();
    trie.scan(text, (start, end, id) -> out.add(List.of(start, end, id)));
    return out;
  }

  @Test
  void findsExactlyTheBoundaryOccurrencesOfANaiveMatcherOnRandomTexts() {
    Random r = new Random(42);
    int hits = 0;
    for (int round = 0; round < 40; round++) {
      Set<String> set = new LinkedHashSet<>();
      while (set.size() < 40) {
        // Short and long (over eight chars: the hashed word table) patterns, lower-cased as the
        // engine lower-cases surface forms, so that they share prefixes and overlap.
        set.add(Resolver.lower(random(r, 1 + r.nextInt(r.nextBoolean() ? 4 : 12))));
      }
      List<String> patterns = new ArrayList<>(set);
      SurfaceTrie trie = new SurfaceTrie(patterns);
      for (int t = 0; t < 20; t++) {
        String text = random(r, r.nextInt(60));
        List<List<Integer>> want = naive(patterns, text);
        assertThat(scan(trie, text)).as("patterns %s, text '%s'", patterns, text).isEqualTo(want);
        hits += want.size();
      }
    }
    assertThat(hits).as("the random cases find occurrences").isGreaterThan(500);
  }

  @Test
  void wordsAreMatchedWholeAndPhrasesAcrossWords() {
    List<String> patterns = List.of("us", "u.s.", "new", "new york", "new york times", "york", "ab",
        "abcdefghij", "zürich", "istanbul", "the hague");
    SurfaceTrie trie = new SurfaceTrie(patterns);
    String text = "US bonus: U.S.A. New York's NEW YORK TIMES, Abcdefghij abcdefghijk Zürich İstanbul ab1 "
        + "The Hague";
    assertThat(scan(trie, text)).isEqualTo(naive(patterns, text));
    assertThat(scan(trie, text).stream().map(h -> text.substring(h.get(0), h.get(1))).toList())
        .containsExactly("US", "U.S.", "New", "New York", "York", "NEW", "NEW YORK", "NEW YORK TIMES", "YORK",
            "Abcdefghij", "Zürich", "İstanbul", "The Hague");
    assertThat(scan(trie, "")).isEmpty();
  }

  @Test
  void numbersStatesLikeTheTrieOfItsPatternsAndRejectsDuplicates() {
    assertThat(new SurfaceTrie(List.of("ab", "abc", "b")).states()).isEqualTo(5);
    assertThatThrownBy(() -> new SurfaceTrie(List.of("ab", "ab"))).isInstanceOf(IllegalArgumentException.class);
  }
}
