package org.entente.spark;

import java.util.List;
import scala.collection.JavaConverters;

/** Column lists in the form Spark's join and window methods take from Java. */
public final class Cols {
  private Cols() {}

  /** The names as a Scala sequence ({@code df.join(other, Cols.seq("a", "b"))}). */
  public static scala.collection.immutable.Seq<String> seq(String... cols) {
    return JavaConverters.asScalaBuffer(List.of(cols)).toList();
  }
}
