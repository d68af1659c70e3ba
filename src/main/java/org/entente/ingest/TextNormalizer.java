package org.entente.ingest;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans article text: stray HTML (script and style blocks, comments, tags of HTML elements)
 * removed, character entities decoded, Unicode NFC, control characters dropped, spaces collapsed
 * within lines, at most one blank line between paragraphs. Angle-bracketed text that is not an
 * HTML element (wire tickers such as {@code <BP>}) is kept, unless it carries an event handler
 * ({@code <x onclick=...>}). Escaped markup ({@code &lt;script&gt;}) is text, and stays as text
 * once decoded: whatever displays titles and texts must escape them.
 */
public final class TextNormalizer {
  private TextNormalizer() {}

  private static final Pattern SCRIPT_STYLE = Pattern.compile(
      "(?is)<(script|style|noscript|iframe)\\b[^>]*>.*?(</\\1\\s*>|$)");
  private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?(-->|$)");
  private static final String BLOCK =
      "p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote|section|article|header|footer|pre|hr|dd|dt|dl|figure|figcaption";
  private static final String INLINE =
      "a|abbr|b|bdi|bdo|big|cite|code|del|dfn|em|font|i|img|ins|kbd|mark|q|s|samp|small|span|strike"
          + "|strong|sub|sup|time|tt|u|var|wbr|td|th|thead|tbody|tfoot|caption|col|colgroup|form|input"
          + "|button|label|select|option|textarea|nav|aside|main|html|head|body|title|meta|link|base"
          + "|svg|path|picture|source|video|audio|embed|object|param|center|map|area|script|style"
          + "|details|summary|marquee|dialog|template|canvas|math|frame|frameset|applet|fieldset|legend";
  private static final Pattern BLOCK_TAG = Pattern.compile(
      "(?i)</?(?:" + BLOCK + ")(?:\\s[^<>]*)?/?>");
  private static final Pattern INLINE_TAG = Pattern.compile(
      "(?i)</?(?:" + INLINE + ")(?:\\s[^<>]*)?/?>");
  // Possessive: linear time on any input (a hostile record must not make the scan quadratic).
  private static final Pattern TAG_WITH_ATTRIBUTES = Pattern.compile("<[a-zA-Z][a-zA-Z0-9:-]*+\\s[^<>]*+>");
  private static final Pattern EVENT_HANDLER = Pattern.compile("(?i)[\\s\"'/]on[a-z]++\\s*+=");
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});");
  private static final Pattern SPACES = Pattern.compile(
      "[ \\t\\x0B\\f\\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000]+");
  private static final Pattern INVISIBLE = Pattern.compile("[\\u200B-\\u200D\\u2060\\uFEFF\\u00AD]");
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0E-\\x1F\\x7F\\u0080-\\u009F]");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

  private static final Map<String, String> ENTITIES = new HashMap<>();

  static {
    String[][] table = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "},
        {"ndash", "\u2013"}, {"mdash", "\u2014"}, {"hellip", "\u2026"}, {"lsquo", "\u2018"},
        {"rsquo", "\u2019"}, {"ldquo", "\u201C"}, {"rdquo", "\u201D"}, {"sbquo", "\u201A"},
        {"bdquo", "\u201E"}, {"laquo", "\u00AB"}, {"raquo", "\u00BB"}, {"bull", "\u2022"},
        {"middot", "\u00B7"}, {"copy", "\u00A9"}, {"reg", "\u00AE"}, {"trade", "\u2122"},
        {"deg", "\u00B0"}, {"euro", "\u20AC"}, {"pound", "\u00A3"}, {"yen", "\u00A5"},
        {"cent", "\u00A2"}, {"sect", "\u00A7"}, {"para", "\u00B6"}, {"times", "\u00D7"},
        {"divide", "\u00F7"}, {"plusmn", "\u00B1"}, {"frac12", "\u00BD"}, {"frac14", "\u00BC"},
        {"frac34", "\u00BE"}, {"shy", "\u00AD"}, {"thinsp", "\u2009"}, {"ensp", "\u2002"},
        {"emsp", "\u2003"}, {"zwnj", "\u200C"}, {"zwj", "\u200D"}, {"iexcl", "\u00A1"},
        {"iquest", "\u00BF"}, {"szlig", "\u00DF"}, {"aelig", "\u00E6"}, {"AElig", "\u00C6"},
        {"oslash", "\u00F8"}, {"Oslash", "\u00D8"}, {"aring", "\u00E5"}, {"Aring", "\u00C5"},
        {"ccedil", "\u00E7"}, {"Ccedil", "\u00C7"}, {"ntilde", "\u00F1"}, {"Ntilde", "\u00D1"},
        {"eth", "\u00F0"}, {"thorn", "\u00FE"},
    };
    for (String[] e : table) {
      ENTITIES.put(e[0], e[1]);
    }
    // Accented vowels: &eacute; &Uuml; &ocirc; ...
    String[][] accents = {
        {"acute", "\u0301"}, {"grave", "\u0300"}, {"circ", "\u0302"}, {"uml", "\u0308"},
        {"tilde", "\u0303"}};
    for (String v : new String[] {"a", "e", "i", "o", "u", "y", "A", "E", "I", "O", "U", "Y"}) {
      for (String[] a : accents) {
        String composed = Normalizer.normalize(v + a[1], Normalizer.Form.NFC);
        if (composed.length() == 1) {
          ENTITIES.put(v + a[0], composed);
        }
      }
    }
  }

  /** Normalises a body of text, keeping paragraph breaks. Null stays null. */
  public static String normalize(String s) {
    if (s == null) {
      return null;
    }
    String t = s.replace("\r\n", "\n").replace('\r', '\n');
    if (t.indexOf('<') >= 0) {
      t = stripHtml(t);
    }
    if (t.indexOf('&') >= 0) {
      t = decodeEntities(t);
    }
    t = Normalizer.normalize(t, Normalizer.Form.NFC);
    t = INVISIBLE.matcher(t).replaceAll("");
    t = CONTROL.matcher(t).replaceAll("");
    StringBuilder out = new StringBuilder(t.length());
    for (String line : t.split("\n", -1)) {
      String l = SPACES.matcher(line).replaceAll(" ").strip();
      out.append(l).append('\n');
    }
    return BLANK_LINES.matcher(out.toString()).replaceAll("\n\n").strip();
  }

  private static String stripHtml(String s) {
    String t = SCRIPT_STYLE.matcher(s).replaceAll(" ");
    t = COMMENT.matcher(t).replaceAll(" ");
    t = BLOCK_TAG.matcher(t).replaceAll("\n");
    t = INLINE_TAG.matcher(t).replaceAll("");
    // A tag of any name with an event handler (<x onclick=...>) is markup, not a wire ticker.
    Matcher m = TAG_WITH_ATTRIBUTES.matcher(t);
    StringBuilder sb = null;
    while (m.find()) {
      if (EVENT_HANDLER.matcher(m.group()).find()) {
        if (sb == null) {
          sb = new StringBuilder(t.length());
        }
        m.appendReplacement(sb, "");
      }
    }
    if (sb == null) {
      return t;
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Normalises a one-line field (a title): as {@link #normalize}, with line breaks as spaces. */
  public static String normalizeLine(String s) {
    String t = normalize(s);
    return t == null ? null : SPACES.matcher(t.replace('\n', ' ')).replaceAll(" ").strip();
  }

  static String decodeEntities(String t) {
    Matcher m = ENTITY.matcher(t);
    StringBuilder sb = new StringBuilder(t.length());
    while (m.find()) {
      String name = m.group(1);
      String rep = null;
      if (name.charAt(0) == '#') {
        try {
          int cp = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
              ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
          if (Character.isValidCodePoint(cp) && cp != 0) {
            rep = new String(Character.toChars(cp));
          }
        } catch (NumberFormatException e) {
          rep = null;
        }
      } else {
        rep = ENTITIES.get(name);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(rep != null ? rep : m.group()));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
