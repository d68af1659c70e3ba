package org.entente.util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small RFC 4180 reader for the knowledge-base seed files (header row, quoted fields). */
public final class Csv {
  private Csv() {}

  /** Parses a whole CSV document into records keyed by header name. */
  public static List<Map<String, String>> parse(String content, String sourceName) {
    List<List<String>> rows = rows(content.startsWith("\uFEFF") ? content.substring(1) : content);
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> header = rows.get(0);
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> r = rows.get(i);
      if (r.size() == 1 && r.get(0).isBlank()) {
        continue;
      }
      if (r.size() != header.size()) {
        throw new UserError(sourceName + ": record " + i + " has " + r.size() + " fields, the header has "
            + header.size());
      }
      Map<String, String> m = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        m.put(header.get(c).strip(), r.get(c));
      }
      out.add(m);
    }
    return out;
  }

  static List<List<String>> rows(String s) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          cur.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cur.toString());
        cur.setLength(0);
      } else if (c == '\n' || c == '\r') {
        row.add(cur.toString());
        cur.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
        }
      } else {
        cur.append(c);
      }
      i++;
    }
    if (cur.length() > 0 || !row.isEmpty()) {
      row.add(cur.toString());
      rows.add(row);
    }
    return rows;
  }

  /** Splits a {@code |}-separated field into trimmed, non-empty values. */
  public static List<String> multi(String field) {
    List<String> out = new ArrayList<>();
    if (field == null) {
      return out;
    }
    for (String v : field.split("\\|")) {
      if (!v.isBlank()) {
        out.add(v.strip());
      }
    }
    return out;
  }
}
