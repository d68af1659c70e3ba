package org.entente.nlp;

import java.io.Serializable;
import java.util.List;

/**
 * Proposes the spans of a text that may name an entity: every place where the lower-cased text
 * equals a lower-cased surface form of the knowledge base. Engines differ only here; the
 * {@link Resolver} applies one set of rules to whatever they propose.
 */
public interface CandidateSource extends Serializable {
  /** Candidate spans {@code [start, end)} of {@code text}, in any order, possibly overlapping. */
  List<int[]> candidates(String text);
}
