package org.entente.kb;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One continuous term of one person in one office: head of state, head of government or both.
 * {@code end} is null while in office; a term covers {@code start <= date <= end}. Sources
 * differ on whether the last day is the outgoing or the incoming leader's, so on a hand-over day
 * both hold the office and a role phrase ("Britain's prime minister") that day resolves to
 * no one rather than to a guess.
 */
public record LeaderTerm(String leaderId, String country, Set<String> offices, List<String> titles,
    String fullName, List<String> aliases, String surname, LocalDate start, LocalDate end)
    implements Serializable {

  public boolean covers(LocalDate date) {
    return !date.isBefore(start) && (end == null || !date.isAfter(end));
  }

  /** True when one of this term's titles is {@code title} (case-insensitive, "Acting" ignored). */
  public boolean hasTitle(String title) {
    String t = title.toLowerCase(Locale.ROOT);
    for (String mine : titles) {
      String m = mine.toLowerCase(Locale.ROOT).replaceFirst("^(acting|interim|caretaker) ", "");
      if (m.equals(t)) {
        return true;
      }
    }
    return false;
  }
}
