package org.entente.kb;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/**
 * A country, territory or former state of the knowledge base. {@code id} is the ISO 3166-1
 * alpha-3 code (ISO 3166-3 or customary codes for former states: SUN, YUG, DDR, ...).
 */
public record Country(String id, String iso2, String name, String officialName, List<String> aliases,
    List<String> demonyms, String capital, List<String> capitalAliases, String status, Integer fromYear,
    Integer toYear, List<String> successors) implements Serializable {

  /** True when the entity existed (as such) on {@code date}; unknown years count as existing. */
  public boolean existsOn(LocalDate date) {
    int y = date.getYear();
    return (fromYear == null || y >= fromYear) && (toYear == null || y <= toYear);
  }
}
