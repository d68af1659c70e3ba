package org.entente.util;

import java.util.Iterator;
import java.util.function.Function;

/** Lazy iterator helpers for Spark's {@code mapPartitions}: one row out per row in, nothing buffered. */
public final class Iterators {
  private Iterators() {}

  /** {@code rows} with {@code f} applied to each element as it is read. */
  public static <A, B> Iterator<B> map(Iterator<A> rows, Function<? super A, ? extends B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public B next() {
        return f.apply(rows.next());
      }
    };
  }
}
