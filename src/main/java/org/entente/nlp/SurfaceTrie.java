package org.entente.nlp;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * A trie over lower-cased patterns that finds the occurrences starting and ending on word
 * boundaries: the trie is walked from each word start of a text (offset 0, or an offset after a
 * char that is not a letter or digit) for as long as the text follows it, and an occurrence is
 * kept when its end is a boundary too ({@link Resolver#boundary}). That is exactly the set of
 * boundary hits of an Aho-Corasick scan over every offset, without reading the inside of
 * words: most words leave the trie after a char or two.
 *
 * <p>States are numbered breadth first, so the shallow states that most walks visit sit
 * together. The root's transitions are a dense array; all others are one open-addressed table
 * keyed by (state, char), an entry packing key and target into one {@code long}.
 *
 * <p>Cost: building is linear in the total pattern length; a scan reads every char once plus
 * one table probe per char walked from a word start.
 */
public final class SurfaceTrie implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int TARGET_BITS = 23;
  private static final long TARGET_MASK = (1L << TARGET_BITS) - 1;

  /** Root transitions by char: state or -1. */
  private final int[] root;
  /** Other transitions: ((state << 16 | char) << TARGET_BITS) | target; 0 is empty. */
  private final long[] table;
  private final int shift;
  private final int mask;
  /** The pattern that ends at a state, or -1 (patterns are distinct). */
  private final int[] patternAt;

  /** Receives the occurrences of a scan. */
  @FunctionalInterface
  public interface Sink {
    void hit(int start, int end, int pattern);
  }

  /** Builds the trie; pattern {@code i} of the list has id {@code i}. Patterns must be distinct. */
  public SurfaceTrie(List<String> patterns) {
    // Build with insertion-order ids in a growable table, then renumber breadth first.
    int total = 1;
    for (String p : patterns) {
      total += p.length();
    }
    if (total >= (1 << TARGET_BITS)) {
      throw new IllegalArgumentException("too many trie states: " + total);
    }
    Builder b = new Builder(total);
    int[] endState = new int[patterns.size()];
    for (int id = 0; id < patterns.size(); id++) {
      String p = patterns.get(id);
      if (p.isEmpty()) {
        endState[id] = -1; // the empty pattern is never reported
        continue;
      }
      int s = 0;
      for (int i = 0; i < p.length(); i++) {
        s = b.child(s, p.charAt(i));
      }
      endState[id] = s;
    }
    int states = b.states;
    // Children of each state, sorted by char (CSR), for the breadth-first renumbering.
    int[] start = new int[states + 1];
    for (int e = 0; e < b.edges; e++) {
      start[b.from[e] + 1]++;
    }
    for (int i = 0; i < states; i++) {
      start[i + 1] += start[i];
    }
    int[] fill = Arrays.copyOf(start, states);
    long[] kids = new long[b.edges]; // char << 32 | old target, sorted by char per state
    for (int e = 0; e < b.edges; e++) {
      kids[fill[b.from[e]]++] = ((long) b.chr[e] << 32) | b.to[e];
    }
    for (int i = 0; i < states; i++) {
      Arrays.sort(kids, start[i], start[i + 1]);
    }
    int[] renum = new int[states];
    int[] order = new int[states];
    int head = 0;
    int tail = 1;
    order[0] = 0;
    renum[0] = 0;
    while (head < tail) {
      int old = order[head++];
      for (int k = start[old]; k < start[old + 1]; k++) {
        int child = (int) kids[k];
        renum[child] = tail;
        order[tail++] = child;
      }
    }
    patternAt = new int[states];
    Arrays.fill(patternAt, -1);
    for (int id = 0; id < endState.length; id++) {
      if (endState[id] < 0) {
        continue;
      }
      int s = renum[endState[id]];
      if (patternAt[s] >= 0) {
        throw new IllegalArgumentException("duplicate pattern: " + patterns.get(id));
      }
      patternAt[s] = id;
    }
    root = new int[65536];
    Arrays.fill(root, -1);
    int cap = Integer.highestOneBit(Math.max(16, b.edges * 2 + 1)) << 1;
    table = new long[cap];
    mask = cap - 1;
    shift = 64 - Integer.numberOfTrailingZeros(cap);
    for (int old = 0; old < states; old++) {
      for (int k = start[old]; k < start[old + 1]; k++) {
        char c = (char) (kids[k] >>> 32);
        int to = renum[(int) kids[k]];
        if (old == 0) {
          root[c] = to;
        } else {
          long key = ((long) renum[old] << 16) | c;
          int h = slot(key);
          while (table[h] != 0) {
            h = (h + 1) & mask;
          }
          table[h] = (key << TARGET_BITS) | to;
        }
      }
    }
  }

  private int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }

  /** The child of state {@code s} (not the root) by {@code c}, or -1. */
  private int child(int s, char c) {
    long key = ((long) s << 16) | c;
    int h = slot(key);
    while (true) {
      long e = table[h];
      if (e == 0) {
        return -1;
      }
      if ((e >>> TARGET_BITS) == key) {
        return (int) (e & TARGET_MASK);
      }
      h = (h + 1) & mask;
    }
  }

  public int states() {
    return patternAt.length;
  }

  /** Occurrences in {@code text} on word boundaries, lower-casing it one char for one char. */
  public void scan(String text, Sink sink) {
    Chars.Text t = new Chars.Text(text);
    scan(t.raw, t.low, t.length, sink);
  }

  /**
   * Reports every occurrence of a pattern in {@code low[0, n)} (the lower case of
   * {@code raw}) whose start and end are word boundaries of {@code raw}, by start then end.
   */
  void scan(char[] raw, char[] low, int n, Sink sink) {
    int[] root = this.root;
    int[] patternAt = this.patternAt;
    boolean afterWordChar = false;
    for (int i = 0; i < n; i++) {
      boolean wordStart = !afterWordChar;
      afterWordChar = Chars.isLetterOrDigit(raw[i]);
      if (!wordStart) {
        continue;
      }
      int s = root[low[i]];
      int j = i + 1;
      while (s >= 0) {
        int id = patternAt[s];
        if (id >= 0 && (j == n || !Chars.isLetterOrDigit(raw[j]) || !Chars.isLetterOrDigit(raw[j - 1]))) {
          sink.hit(i, j, id);
        }
        if (j == n) {
          break;
        }
        s = child(s, low[j]);
        j++;
      }
    }
  }

  /** The build-time trie: insertion-order states, edges in a growable hash table. */
  private static final class Builder {
    int states = 1;
    int edges;
    int[] from;
    char[] chr;
    int[] to;
    long[] keys;
    int[] values;
    int mask;

    Builder(int maxStates) {
      from = new int[Math.max(1, maxStates)];
      chr = new char[from.length];
      to = new int[from.length];
      int cap = Integer.highestOneBit(Math.max(16, maxStates * 2)) << 1;
      keys = new long[cap];
      Arrays.fill(keys, -1L);
      values = new int[cap];
      mask = cap - 1;
    }

    int child(int s, char c) {
      long k = ((long) s << 16) | c;
      int i = (int) ((k * 0x9E3779B97F4A7C15L) >>> 32) & mask;
      while (keys[i] != -1L) {
        if (keys[i] == k) {
          return values[i];
        }
        i = (i + 1) & mask;
      }
      int next = states++;
      keys[i] = k;
      values[i] = next;
      from[edges] = s;
      chr[edges] = c;
      to[edges] = next;
      edges++;
      return next;
    }
  }
}
