package org.entente.nlp;

/**
 * Character classes and lower case by table lookup: each table is filled at class load from
 * {@link Character}'s own methods for all 65,536 chars, so a lookup gives exactly what the
 * method gives, without its per-call work. Lower case is one char for one char
 * ({@link Character#toLowerCase(char)}), so offsets in a lower-cased copy are the text's own.
 */
final class Chars {
  private Chars() {}

  private static final byte LETTER = 1;
  private static final byte DIGIT = 2;
  private static final byte LETTER_OR_DIGIT = 4;
  private static final byte UPPER = 8;
  private static final byte WHITESPACE = 16;

  private static final char[] LOWER = new char[65536];
  private static final byte[] FLAGS = new byte[65536];
  /** True when the lower case of every letter or digit is a letter or digit. */
  static final boolean LOWER_KEEPS_WORD_CHARS;
  /** True when the lower case of every char that is no letter or digit is no letter or digit. */
  static final boolean LOWER_KEEPS_OTHER_CHARS;

  static {
    for (int c = 0; c < 65536; c++) {
      char ch = (char) c;
      LOWER[c] = Character.toLowerCase(ch);
      FLAGS[c] = (byte) ((Character.isLetter(ch) ? LETTER : 0) | (Character.isDigit(ch) ? DIGIT : 0)
          | (Character.isLetterOrDigit(ch) ? LETTER_OR_DIGIT : 0) | (Character.isUpperCase(ch) ? UPPER : 0)
          | (Character.isWhitespace(ch) ? WHITESPACE : 0));
    }
    boolean keepsWord = true;
    boolean keepsOther = true;
    for (int c = 0; c < 65536; c++) {
      boolean word = (FLAGS[c] & LETTER_OR_DIGIT) != 0;
      boolean lowerWord = (FLAGS[LOWER[c]] & LETTER_OR_DIGIT) != 0;
      keepsWord &= !word || lowerWord;
      keepsOther &= word || !lowerWord;
    }
    LOWER_KEEPS_WORD_CHARS = keepsWord;
    LOWER_KEEPS_OTHER_CHARS = keepsOther;
  }

  static char lower(char c) {
    return LOWER[c];
  }

  static boolean isLetter(char c) {
    return (FLAGS[c] & LETTER) != 0;
  }

  static boolean isDigit(char c) {
    return (FLAGS[c] & DIGIT) != 0;
  }

  static boolean isLetterOrDigit(char c) {
    return (FLAGS[c] & LETTER_OR_DIGIT) != 0;
  }

  static boolean isUpperCase(char c) {
    return (FLAGS[c] & UPPER) != 0;
  }

  static boolean isWhitespace(char c) {
    return (FLAGS[c] & WHITESPACE) != 0;
  }

  /** A text's chars and their lower case, read once and shared by the scan and the terms. */
  static final class Text {
    final String string;
    final char[] raw;
    final char[] low;
    final int length;

    Text(String s) {
      string = s;
      length = s.length();
      raw = s.toCharArray();
      low = new char[length];
      char[] r = raw;
      char[] l = low;
      for (int i = 0; i < l.length; i++) {
        l[i] = LOWER[r[i]];
      }
    }
  }
}
