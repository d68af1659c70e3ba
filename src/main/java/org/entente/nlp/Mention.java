package org.entente.nlp;

import java.io.Serializable;

/**
 * One entity mention: {@code section} ({@code title} or {@code text}) and the character span
 * {@code [begin, end)} in that section's string; {@code sentenceIndex} 0 is the title, 1.. the
 * sentences of the text.
 */
public record Mention(String section, int sentenceIndex, String entityId, String entityType,
    String countryCode, String surface, int begin, int end, String matchKind) implements Serializable {
  public static final String COUNTRY = "COUNTRY";
  public static final String LEADER = "LEADER";
}
