package org.entente.nlp;

import java.util.Collection;

/**
 * A fixed set of strings looked up by a range of chars, without making a string: open
 * addressing on {@link String#hashCode()}, which a caller may compute while it reads the chars.
 */
final class CharSet {
  private final char[][] slots;
  private final int[] hashes;
  private final int mask;
  private final int maxLength;

  CharSet(Collection<String> words) {
    int cap = Integer.highestOneBit(Math.max(16, words.size() * 4));
    slots = new char[cap][];
    hashes = new int[cap];
    mask = cap - 1;
    int max = 0;
    for (String w : words) {
      if (contains(w.toCharArray(), 0, w.length(), w.hashCode())) {
        continue;
      }
      int h = w.hashCode();
      int slot = h & mask;
      while (slots[slot] != null) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = w.toCharArray();
      hashes[slot] = h;
      max = Math.max(max, w.length());
    }
    maxLength = max;
  }

  /** The length of the longest string in the set. */
  int maxLength() {
    return maxLength;
  }

  /** True when {@code c[from, from + len)} is in the set. */
  boolean contains(char[] c, int from, int len) {
    int h = 0;
    for (int k = from; k < from + len; k++) {
      h = 31 * h + c[k];
    }
    return contains(c, from, len, h);
  }

  private static boolean same(char[] w, char[] c, int from, int len) {
    if (w.length != len) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      if (w[k] != c[from + k]) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code c[from, from + len)}, whose String hash is {@code hash}, is in the set. */
  boolean contains(char[] c, int from, int len, int hash) {
    int slot = hash & mask;
    char[] w;
    while ((w = slots[slot]) != null) {
      if (hashes[slot] == hash && same(w, c, from, len)) {
        return true;
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }
}
