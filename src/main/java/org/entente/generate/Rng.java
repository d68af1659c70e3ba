package org.entente.generate;

/**
 * A small deterministic random number generator (SplitMix64) whose output is fixed by this code
 * alone, not by the JDK's version: the generated corpus must stay byte-identical for the same
 * arguments. One instance per article, seeded from the corpus seed and the article's index, so
 * that articles can be made in any order and on any thread. Not thread-safe, not for security.
 */
final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  /** The generator of article {@code index} (0-based) of the corpus made with {@code seed}. */
  static Rng forArticle(long seed, long index) {
    return new Rng(mix(mix(seed ^ 0x5DEECE66DL) + GOLDEN * (index + 1)));
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser, as SplitMix64 uses it. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in {@code [0, bound)}; {@code bound} must be positive. */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    // Lemire's multiply-shift with rejection: no modulo bias.
    long r = nextLong() >>> 32;
    long m = r * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (low < threshold) {
        r = nextLong() >>> 32;
        m = r * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** Uniform in {@code [from, to]}. */
  int between(int from, int to) {
    return from + nextInt(to - from + 1);
  }

  /** Uniform in {@code [0, 1)} with 53 random bits. */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  boolean chance(double p) {
    return nextDouble() < p;
  }

  /** A standard normal deviate (Box-Muller with {@link StrictMath}, so the same on every JVM). */
  double nextGaussian() {
    double u = 1.0 - nextDouble(); // (0, 1]: the logarithm stays finite
    double v = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * StrictMath.PI * v);
  }

  <T> T pick(T[] items) {
    return items[nextInt(items.length)];
  }

  <T> T pick(java.util.List<T> items) {
    return items.get(nextInt(items.size()));
  }

  /** An index drawn with probability proportional to {@code weights[i]}. */
  int weighted(int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int r = nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
