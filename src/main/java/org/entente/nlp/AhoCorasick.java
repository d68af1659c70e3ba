package org.entente.nlp;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An Aho-Corasick automaton over lower-cased patterns: one pass over a text finds every
 * occurrence of every pattern. The root's transitions are a dense array (a text is mostly read
 * at the root); other states keep their few edges sorted in flat arrays, so the automaton is
 * compact to broadcast and cache-friendly to scan.
 *
 * <p>Cost: building is linear in the total pattern length; a scan is linear in the text length
 * plus the number of hits.
 */
public final class AhoCorasick implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One occurrence: {@code text.substring(start, end)} equals pattern {@code pattern}. */
  public record Hit(int start, int end, int pattern) {}

  /** Transitions out of the root, dense: most characters of a text are read at the root. */
  private int[] root;
  /** Transitions out of other states: state s's edges are [edgeStart[s], edgeStart[s+1]), by char. */
  private int[] edgeStart;
  private char[] edgeChar;
  private int[] edgeTo;
  /** Dense ASCII transitions for the states with many edges (the shallow ones, read most). */
  private int[][] dense;
  private long[] keys;
  private int[] values;
  private int mask;
  private int[] fail;
  private int[][] outputs;
  private final int[] patternLength;

  /** Builds the automaton; pattern {@code i} of the list has id {@code i}. */
  public AhoCorasick(List<String> patterns) {
    int total = 1;
    for (String p : patterns) {
      total += p.length();
    }
    int cap = Integer.highestOneBit(Math.max(16, total * 2)) << 1;
    keys = new long[cap];
    Arrays.fill(keys, -1L);
    values = new int[cap];
    mask = cap - 1;
    patternLength = new int[patterns.size()];
    List<List<Integer>> out = new ArrayList<>();
    out.add(new ArrayList<>());
    int states = 1;
    List<int[]> edges = new ArrayList<>(); // (from, char, to) for the BFS below
    for (int id = 0; id < patterns.size(); id++) {
      String p = patterns.get(id);
      patternLength[id] = p.length();
      int s = 0;
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        int next = get(s, c);
        if (next < 0) {
          next = states++;
          put(s, c, next);
          edges.add(new int[] {s, c, next});
          out.add(new ArrayList<>());
        }
        s = next;
      }
      out.get(s).add(id);
    }
    root = new int[65536];
    java.util.Arrays.fill(root, -1);
    for (int[] e : edges) {
      if (e[0] == 0) {
        root[e[1]] = e[2];
      }
    }
    List<int[]> sorted = new ArrayList<>(edges);
    sorted.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
    edgeStart = new int[states + 1];
    edgeChar = new char[sorted.size()];
    edgeTo = new int[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      int[] e = sorted.get(i);
      edgeStart[e[0] + 1]++;
      edgeChar[i] = (char) e[1];
      edgeTo[i] = e[2];
    }
    for (int i = 0; i < states; i++) {
      edgeStart[i + 1] += edgeStart[i];
    }
    dense = new int[states][];
    for (int st = 1; st < states; st++) {
      if (edgeStart[st + 1] - edgeStart[st] > 4) {
        int[] d = new int[128];
        Arrays.fill(d, -1);
        for (int i = edgeStart[st]; i < edgeStart[st + 1]; i++) {
          if (edgeChar[i] < 128) {
            d[edgeChar[i]] = edgeTo[i];
          }
        }
        dense[st] = d;
      }
    }
    fail = new int[states];
    // Children of each state, for the breadth-first failure computation.
    int[] childCount = new int[states];
    for (int[] e : edges) {
      childCount[e[0]]++;
    }
    int[][] children = new int[states][];
    for (int i = 0; i < states; i++) {
      children[i] = new int[childCount[i] * 2];
    }
    int[] fillAt = new int[states];
    for (int[] e : edges) {
      children[e[0]][fillAt[e[0]]++] = e[1];
      children[e[0]][fillAt[e[0]]++] = e[2];
    }
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int k = 0; k < children[0].length; k += 2) {
      fail[children[0][k + 1]] = 0;
      queue.add(children[0][k + 1]);
    }
    while (!queue.isEmpty()) {
      int r = queue.poll();
      for (int k = 0; k < children[r].length; k += 2) {
        char c = (char) children[r][k];
        int u = children[r][k + 1];
        queue.add(u);
        int f = fail[r];
        while (f != 0 && get(f, c) < 0) {
          f = fail[f];
        }
        int g = get(f, c);
        fail[u] = g >= 0 && g != u ? g : 0;
        out.get(u).addAll(out.get(fail[u]));
      }
    }
    outputs = new int[states][];
    for (int i = 0; i < states; i++) {
      outputs[i] = out.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    keys = null; // the build-time hash table; scans use the arrays above
    values = null;
  }

  /** Every occurrence of every pattern in {@code lowerText} (already lower-cased). */
  public List<Hit> scan(CharSequence lowerText) {
    List<Hit> hits = new ArrayList<>();
    scan(lowerText, false, (start, end, id) -> hits.add(new Hit(start, end, id)));
    return hits;
  }

  /** Receives the occurrences of a scan. */
  @FunctionalInterface
  public interface Sink {
    void hit(int start, int end, int pattern);
  }

  /**
   * Scans {@code text}, lower-casing each character on the way when {@code lowerCase} (one char
   * for one, so offsets are the text's own), and reports every occurrence to {@code sink}.
   */
  public void scan(CharSequence text, boolean lowerCase, Sink sink) {
    int s = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = lowerCase ? Character.toLowerCase(text.charAt(i)) : text.charAt(i);
      int next;
      while (true) {
        next = s == 0 ? root[c] : child(s, c);
        if (next >= 0 || s == 0) {
          break;
        }
        s = fail[s];
      }
      s = next < 0 ? 0 : next;
      int[] out = outputs[s];
      for (int k = 0; k < out.length; k++) {
        int id = out[k];
        sink.hit(i + 1 - patternLength[id], i + 1, id);
      }
    }
  }

  /** The child of {@code s} by {@code c}, or -1: a scan of a few sorted edges, binary search beyond. */
  private int child(int s, char c) {
    int[] d = dense[s];
    if (d != null && c < 128) {
      return d[c];
    }
    int lo = edgeStart[s];
    int hi = edgeStart[s + 1];
    if (hi - lo <= 8) {
      for (int i = lo; i < hi; i++) {
        char e = edgeChar[i];
        if (e == c) {
          return edgeTo[i];
        }
        if (e > c) {
          return -1;
        }
      }
      return -1;
    }
    hi--;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      char e = edgeChar[mid];
      if (e < c) {
        lo = mid + 1;
      } else if (e > c) {
        hi = mid - 1;
      } else {
        return edgeTo[mid];
      }
    }
    return -1;
  }

  public int states() {
    return fail.length;
  }

  private int slot(int state, char c) {
    long k = ((long) state << 16) | c;
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 32) & mask;
  }

  private int get(int state, char c) {
    long k = ((long) state << 16) | c;
    int i = slot(state, c);
    while (true) {
      long have = keys[i];
      if (have == -1L) {
        return -1;
      }
      if (have == k) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
  }

  private void put(int state, char c, int to) {
    long k = ((long) state << 16) | c;
    int i = slot(state, c);
    while (keys[i] != -1L && keys[i] != k) {
      i = (i + 1) & mask;
    }
    keys[i] = k;
    values[i] = to;
  }
}
