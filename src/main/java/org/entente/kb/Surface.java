package org.entente.kb;

import java.io.Serializable;

/**
 * What a piece of text can refer to: a country (by name, alias, demonym or capital), a leader (by
 * full name, alias or surname), or nothing at all (a blocking phrase such as "New Mexico" that
 * must win over the shorter "Mexico" inside it).
 */
public record Surface(Kind kind, String target, MatchKind matchKind) implements Serializable {
  /** The kind of thing a surface form names. */
  public enum Kind { COUNTRY, LEADER, SURNAME, BLOCK }

  /**
   * How a mention matched, as written to {@code silver/mentions.match_kind}: a country by NAME,
   * ALIAS, DEMONYM, CAPITAL, or by one of its cities or regions (PLACE) or government and
   * economic institutions (INSTITUTION: "the Kremlin", "Wall Street"); a leader by NAME, ALIAS,
   * SURNAME or ROLE phrase.
   */
  public enum MatchKind { NAME, ALIAS, DEMONYM, CAPITAL, PLACE, INSTITUTION, SURNAME, ROLE }
}
