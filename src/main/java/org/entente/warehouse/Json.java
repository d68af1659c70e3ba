package org.entente.warehouse;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collection;
import java.util.Map;

/**
 * A minimal JSON writer (null, booleans, numbers, strings, lists, maps; anything else by
 * {@code toString()}, so dates come out as ISO 8601), in two flavours:
 * <ul>
 *   <li>{@link #object}: run parameters, bench and eval reports, as written;</li>
 *   <li>{@link #forHtml}: data for embedding in an HTML page inside
 *       {@code <script type="application/json">}. Besides JSON's own escapes, every {@code <},
 *       {@code >} and {@code &}, DEL and the line separators U+2028 and U+2029 are written as
 *       {@code \}{@code u003c} etc., so no text can close the script element, open a comment or
 *       be read as markup, whatever the data holds (the page reads it back with
 *       {@code JSON.parse(element.textContent)}); doubles are written to 6 significant digits,
 *       whole ones without a fraction, NaN and infinities as null.</li>
 * </ul>
 */
public final class Json {
  private static final MathContext DIGITS = new MathContext(6);

  private Json() {}

  public static String object(Map<String, ?> map) {
    StringBuilder sb = new StringBuilder();
    write(sb, map, false);
    return sb.toString();
  }

  /** {@code value} as JSON safe inside an HTML script element (see the class comment). */
  public static String forHtml(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, true);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, boolean html) {
    if (v == null) {
      sb.append("null");
    } else if (html && (v instanceof Double || v instanceof Float)) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        sb.append("null");
      } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        sb.append((long) d);
      } else {
        sb.append(new BigDecimal(d).round(DIGITS).stripTrailingZeros().toString());
      }
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, String.valueOf(e.getKey()), html);
        sb.append(':');
        write(sb, e.getValue(), html);
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(sb, o, html);
      }
      sb.append(']');
    } else {
      string(sb, v.toString(), html);
    }
  }

  /** Appends {@code s} as a JSON string literal. */
  public static void string(StringBuilder sb, String s) {
    string(sb, s, false);
  }

  private static void string(StringBuilder sb, String s, boolean html) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          boolean markup = html && (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029' || c == 0x7f);
          if (c < 0x20 || markup) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
