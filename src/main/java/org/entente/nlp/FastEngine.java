package org.entente.nlp;

import java.util.ArrayList;
import java.util.List;
import org.entente.kb.KnowledgeBase;

/**
 * The default candidate generator: one trie over every lower-cased surface form of the knowledge
 * base, walked from each word start of a text ({@link SurfaceTrie}); only occurrences on word
 * boundaries are found (the resolver would drop the others: "us" inside "bonus"). The resolver
 * checks case and overlaps.
 */
public final class FastEngine implements CandidateSource {
  private static final long serialVersionUID = 2L;
  private final SurfaceTrie trie;

  public FastEngine(KnowledgeBase kb) {
    this.trie = new SurfaceTrie(new ArrayList<>(Resolver.surfaceKeys(kb)));
  }

  /** Candidate spans that start and end on word boundaries, by start then end. */
  @Override
  public List<int[]> candidates(String text) {
    return candidates(new Chars.Text(text));
  }

  /** The candidates of a text already read into chars and lower-cased. */
  List<int[]> candidates(Chars.Text text) {
    List<int[]> out = new ArrayList<>();
    trie.scan(text.raw, text.low, text.length, (start, end, id) -> out.add(new int[] {start, end}));
    return out;
  }

  public int states() {
    return trie.states();
  }
}
