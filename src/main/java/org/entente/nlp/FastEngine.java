package org.entente.nlp;

import java.util.ArrayList;
import java.util.List;
import org.entente.kb.KnowledgeBase;

/**
 * The default candidate generator: one Aho-Corasick automaton over every lower-cased surface
 * form of the knowledge base, scanned once over each text; only hits on word boundaries are
 * passed on. The resolver checks case and overlaps.
 */
public final class FastEngine implements CandidateSource {
  private static final long serialVersionUID = 1L;
  private final AhoCorasick automaton;

  public FastEngine(KnowledgeBase kb) {
    this.automaton = new AhoCorasick(new ArrayList<>(Resolver.surfaceKeys(kb)));
  }

  /**
   * Candidate spans that start and end on word boundaries (the resolver would drop the others:
   * "us" inside "bonus").
   */
  @Override
  public List<int[]> candidates(String text) {
    List<int[]> out = new ArrayList<>();
    automaton.scan(text, true, (start, end, id) -> {
      if (Resolver.boundary(text, start, end)) {
        out.add(new int[] {start, end});
      }
    });
    return out;
  }

  public int states() {
    return automaton.states();
  }
}
