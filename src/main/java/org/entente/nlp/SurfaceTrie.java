package org.entente.nlp;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * A trie over lower-cased patterns that finds the occurrences starting and ending on word
 * boundaries ({@link Resolver#boundary}): exactly the boundary hits of an Aho-Corasick scan
 * over every offset, without reading the inside of most words.
 *
 * <p>An occurrence starts at a word start: offset 0, or an offset after a char that is not a
 * letter or digit. When a word (a maximal run of letters and digits) starts there, an
 * occurrence cannot end inside it (both chars around its end would be word chars), so it covers
 * the whole word: one hash lookup of the lower-cased word gives the trie state after it, or
 * none, and the walk goes on char by char from there only for patterns of several words
 * ("new york", "u.s."). At any other word start (a char neither letter nor digit) the walk
 * starts at the root. An occurrence is kept when its end is a boundary too.
 *
 * <p>States are numbered breadth first. The root's transitions are a dense array over all
 * chars, a state with many edges has a dense array over ASCII, and the others' few edges are
 * scanned in flat sorted arrays. Two word tables hold every state whose path is all letters
 * and digits: one keyed by the word itself packed into a long (up to eight ASCII chars: most
 * words, one probe, no other memory read), one for longer words keyed by the path's hash, a hit
 * confirmed by comparing the path's chars.
 *
 * <p>Cost: building is linear in the total pattern length; a scan reads every char once, probes
 * the word table once per word and the transitions once per char walked beyond a word.
 */
public final class SurfaceTrie implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Words of at most this many ASCII chars are looked up by their packed chars. */
  private static final int SHORT = 8;
  /** States with more edges than this get a dense table for ASCII chars. */
  private static final int DENSE_EDGES = 4;

  /** Root transitions by char: state or -1. */
  private final int[] root;
  /** Other states' edges: state s's are [edgeStart[s], edgeStart[s + 1]), sorted by char. */
  private final int[] edgeStart;
  private final char[] edgeChar;
  private final int[] edgeTo;
  /** For a state with many edges, where its dense ASCII transitions start in {@code dense}; else -1. */
  private final int[] denseAt;
  private final int[] dense;
  /** The pattern that ends at a state, or -1 (patterns are distinct). */
  private final int[] patternAt;
  /** A state's path is {@code chars[pathAt[s], pathAt[s] + depth[s])}. */
  private final char[] chars;
  private final int[] pathAt;
  private final int[] depth;
  /**
   * States whose path is a short ASCII word (at most {@link #SHORT} chars), keyed by the word
   * itself packed into a long ({@link #shortKey}): slot i holds key and state at 2i and 2i + 1;
   * key 0 is empty.
   */
  private final long[] shortWords;
  private final int shortShift;
  private final int shortMask;
  /** Other states whose path is a word, by the path's hash: (hash << 32) | state; 0 is empty. */
  private final long[] words;
  private final int wordShift;
  private final int wordMask;

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
    Builder b = new Builder(total);
    int[] endState = new int[patterns.size()];
    chars = new char[total];
    int[] oldPathAt = new int[total];
    int[] oldDepth = new int[total];
    int at = 0;
    for (int id = 0; id < patterns.size(); id++) {
      String p = patterns.get(id);
      if (p.isEmpty()) {
        endState[id] = -1; // the empty pattern is never reported
        continue;
      }
      p.getChars(0, p.length(), chars, at);
      int s = 0;
      for (int i = 0; i < p.length(); i++) {
        int before = b.states;
        s = b.child(s, p.charAt(i));
        if (s == before) {
          oldPathAt[s] = at;
          oldDepth[s] = i + 1;
        }
      }
      endState[id] = s;
      at += p.length();
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
    pathAt = new int[states];
    depth = new int[states];
    for (int old = 0; old < states; old++) {
      pathAt[renum[old]] = oldPathAt[old];
      depth[renum[old]] = oldDepth[old];
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
    edgeStart = new int[states + 1];
    edgeChar = new char[b.edges];
    edgeTo = new int[b.edges];
    denseAt = new int[states];
    Arrays.fill(denseAt, -1);
    int denseStates = 0;
    for (int old = 0; old < states; old++) {
      if (old != 0 && start[old + 1] - start[old] > DENSE_EDGES) {
        denseStates++;
      }
    }
    dense = new int[denseStates * 128];
    Arrays.fill(dense, -1);
    int e = 0;
    int nextDense = 0;
    for (int now = 0; now < states; now++) {
      int old = order[now];
      edgeStart[now] = e;
      boolean isDense = now != 0 && start[old + 1] - start[old] > DENSE_EDGES;
      if (isDense) {
        denseAt[now] = nextDense;
        nextDense += 128;
      }
      for (int k = start[old]; k < start[old + 1]; k++) {
        char c = (char) (kids[k] >>> 32);
        int to = renum[(int) kids[k]];
        edgeChar[e] = c;
        edgeTo[e] = to;
        e++;
        if (now == 0) {
          root[c] = to;
        } else if (isDense && c < 128) {
          dense[denseAt[now] + c] = to;
        }
      }
    }
    edgeStart[states] = e;

    // The word table: every state whose path is letters and digits (all of them, should the
    // lower case of a letter or digit ever be neither: a word's lower case must find its state).
    boolean[] wordPath = new boolean[states];
    int wordStates = 0;
    for (int s = 1; s < states; s++) {
      boolean parentWord = depth[s] == 1 || wordPath[parentOf(s)];
      wordPath[s] = !Chars.LOWER_KEEPS_WORD_CHARS
          || (parentWord && Chars.isLetterOrDigit(chars[pathAt[s] + depth[s] - 1]));
      wordStates += wordPath[s] ? 1 : 0;
    }
    boolean[] isShort = new boolean[states];
    int shortStates = 0;
    for (int st = 1; st < states; st++) {
      if (wordPath[st] && depth[st] <= SHORT) {
        int any = 0;
        for (int k = 0; k < depth[st]; k++) {
          any |= chars[pathAt[st] + k];
        }
        isShort[st] = any < 128;
        shortStates += isShort[st] ? 1 : 0;
      }
    }
    int shortCap = Integer.highestOneBit(Math.max(16, shortStates * 2 + 1)) << 1;
    shortWords = new long[shortCap * 2];
    shortMask = shortCap - 1;
    shortShift = 64 - Integer.numberOfTrailingZeros(shortCap);
    int cap = Integer.highestOneBit(Math.max(16, (wordStates - shortStates) * 2 + 1)) << 1;
    words = new long[cap];
    wordMask = cap - 1;
    wordShift = 32 - Integer.numberOfTrailingZeros(cap);
    for (int st = 1; st < states; st++) {
      if (isShort[st]) {
        long key = shortKey(chars, pathAt[st], depth[st]);
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shortShift);
        while (shortWords[2 * slot] != 0) {
          slot = (slot + 1) & shortMask;
        }
        shortWords[2 * slot] = key;
        shortWords[2 * slot + 1] = shortValue(st);
      } else if (wordPath[st]) {
        int h = hash(chars, pathAt[st], depth[st]);
        int slot = (h * 0x9E3779B9) >>> wordShift;
        while (words[slot] != 0) {
          slot = (slot + 1) & wordMask;
        }
        words[slot] = ((long) h << 32) | st;
      }
    }
  }

  /** A word of 1 to {@link #SHORT} ASCII chars as a long: its length, then 7 bits a char. */
  private static long shortKey(char[] c, int from, int len) {
    long key = len;
    for (int k = from; k < from + len; k++) {
      key = (key << 7) | c[k];
    }
    return key;
  }

  /**
   * What a scan needs of a word's state, in one long: the state (low 32 bits), its pattern + 1
   * (bits 32 to 62, 0 for none) and, in the sign bit, whether the walk may go on after the word:
   * whether the state has an edge by a char that is no letter or digit (any edge at all, should
   * the lower case of such a char ever be a letter or digit).
   */
  private long shortValue(int st) {
    boolean goesOn = false;
    for (int k = edgeStart[st]; k < edgeStart[st + 1]; k++) {
      goesOn |= !Chars.LOWER_KEEPS_OTHER_CHARS || !Chars.isLetterOrDigit(edgeChar[k]);
    }
    return (goesOn ? Long.MIN_VALUE : 0) | ((long) (patternAt[st] + 1) << 32) | st;
  }

  /** The {@link #shortValue} of a short ASCII word given by its {@link #shortKey}, or 0. */
  private long shortWord(long key) {
    int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shortShift);
    while (true) {
      long k = shortWords[2 * slot];
      if (k == key) {
        return shortWords[2 * slot + 1];
      }
      if (k == 0) {
        return 0;
      }
      slot = (slot + 1) & shortMask;
    }
  }

  private static int hash(char[] c, int from, int len) {
    int h = 0;
    for (int k = from; k < from + len; k++) {
      h = 31 * h + c[k];
    }
    return h;
  }

  /** The parent of state {@code s} (depth 1 or more): its path without the last char. */
  private int parentOf(int s) {
    int p = 0;
    for (int k = 0; k < depth[s] - 1; k++) {
      p = p == 0 ? root[chars[pathAt[s] + k]] : child(p, chars[pathAt[s] + k]);
    }
    return p;
  }

  private boolean samePath(int at, char[] low, int from, int len) {
    char[] c = chars;
    for (int k = 0; k < len; k++) {
      if (c[at + k] != low[from + k]) {
        return false;
      }
    }
    return true;
  }

  /** The state whose path is {@code low[from, from + len)} with hash {@code h}, or -1. */
  private int wordState(int h, char[] low, int from, int len) {
    int slot = (h * 0x9E3779B9) >>> wordShift;
    while (true) {
      long e = words[slot];
      if (e == 0) {
        return -1;
      }
      if ((int) (e >>> 32) == h) {
        int s = (int) e;
        if (depth[s] == len && samePath(pathAt[s], low, from, len)) {
          return s;
        }
      }
      slot = (slot + 1) & wordMask;
    }
  }

  /** The child of state {@code s} (not the root) by {@code c}, or -1. */
  private int child(int s, char c) {
    int d = denseAt[s];
    if (d >= 0 && c < 128) {
      return dense[d + c];
    }
    int hi = edgeStart[s + 1];
    for (int i = edgeStart[s]; i < hi; i++) {
      char e = edgeChar[i];
      if (e >= c) {
        return e == c ? edgeTo[i] : -1;
      }
    }
    return -1;
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
    int i = 0;
    // Invariant: i is a word start (0, or raw[i - 1] is neither letter nor digit).
    while (i < n) {
      if (Chars.isLetterOrDigit(raw[i])) {
        int e = i;
        int any = 0;
        long key = 0;
        do {
          char c = low[e];
          any |= c;
          key = (key << 7) | c;
          e++;
        } while (e < n && Chars.isLetterOrDigit(raw[e]));
        int len = e - i;
        if (len <= SHORT && any < 128) {
          long v = shortWord(key | ((long) len << (7 * len)));
          if (v != 0) {
            int id = (int) ((v >>> 32) & Integer.MAX_VALUE) - 1;
            if (id >= 0) {
              sink.hit(i, e, id); // raw[e] is no letter or digit: a boundary
            }
            if (v < 0 && e < n) {
              int s = child((int) v, low[e]);
              if (s >= 0) {
                walk(raw, low, n, i, e + 1, s, sink);
              }
            }
          }
        } else {
          int s = wordState(hash(low, i, len), low, i, len);
          if (s > 0) {
            walk(raw, low, n, i, e, s, sink);
          }
        }
        i = e + 1; // raw[e] ends the word: e is no word start, e + 1 is
      } else {
        int s = root[low[i]];
        if (s >= 0) {
          walk(raw, low, n, i, i + 1, s, sink);
        }
        i++;
      }
    }
  }

  /** Follows the trie from state {@code s}, the path {@code low[i, j)}, reporting boundary hits. */
  private void walk(char[] raw, char[] low, int n, int i, int j, int s, Sink sink) {
    while (true) {
      int id = patternAt[s];
      if (id >= 0 && (j == n || !Chars.isLetterOrDigit(raw[j]) || !Chars.isLetterOrDigit(raw[j - 1]))) {
        sink.hit(i, j, id);
      }
      if (j == n) {
        return;
      }
      s = child(s, low[j]);
      if (s < 0) {
        return;
      }
      j++;
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
