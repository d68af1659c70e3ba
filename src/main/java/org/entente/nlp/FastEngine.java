package org.entente.nlp;

import java.util.ArrayList;
import java.util.List;
import org.entente.kb.KnowledgeBase;

/**
 * The default candidate generator: one Aho-Corasick automaton over every lower-cased surface
 * form of the knowledge base, scanned once over each text. Hits need not be on word boundaries
 * here; the resolver checks boundaries, case and overlaps.
 */
public final class FastEngine implements CandidateSource {
  private static final long serialVersionUID = 1L;
  private final AhoCorasick automaton;

  public FastEngine(KnowledgeBase kb) {
    this.automaton = new AhoCorasick(new ArrayList<>(Resolver.surfaceKeys(kb)));
  }

  @Override
  public List<int[]> candidates(String text) {
    List<int[]> out = new ArrayList<>();
    for (AhoCorasick.Hit h : automaton.scan(Resolver.lower(text))) {
      out.add(new int[] {h.start(), h.end()});
    }
    return out;
  }

  public int states() {
    return automaton.states();
  }
}
