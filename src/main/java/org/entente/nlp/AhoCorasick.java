package org.entente.nlp;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An Aho-Corasick automaton over lower-cased patterns: one pass over a text finds every
 * occurrence of every pattern. Transitions live in one open-addressing hash table keyed by
 * (state, char), so the automaton is a few flat arrays (compact to broadcast, fast to scan).
 *
 * <p>Cost: building is linear in the total pattern length; a scan is linear in the text length
 * plus the number of hits.
 */
public final class AhoCorasick implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One occurrence: {@code text.substring(start, end)} equals pattern {@code pattern}. */
  public record Hit(int start, int end, int pattern) {}

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
  }

  /** Every occurrence of every pattern in {@code lowerText} (already lower-cased). */
  public List<Hit> scan(CharSequence lowerText) {
    List<Hit> hits = new ArrayList<>();
    int s = 0;
    for (int i = 0; i < lowerText.length(); i++) {
      char c = lowerText.charAt(i);
      int next;
      while ((next = get(s, c)) < 0 && s != 0) {
        s = fail[s];
      }
      s = next < 0 ? 0 : next;
      for (int id : outputs[s]) {
        hits.add(new Hit(i + 1 - patternLength[id], i + 1, id));
      }
    }
    return hits;
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
