package org.entente.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which input field feeds which article column. A field named by option ({@code --text-field})
 * is used as given; otherwise the first of a list of common names present in the record is
 * used (compared case-insensitively, ignoring {@code _} and {@code -}: {@code pubDate} matches
 * {@code pub_date}).
 */
public final class FieldMapping implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The article columns filled from input fields. */
  public enum Target {
    TEXT("text", "body", "content", "article", "articletext", "fulltext", "story", "description",
        "summary", "abstract"),
    TITLE("title", "headline", "heading", "head"),
    DATE("publishedat", "publishedutc", "pubdate", "published", "publishdate", "publicationdate",
        "datetime", "date", "timestamp", "time", "createdat", "created", "year"),
    ID("id", "articleid", "guid", "uuid", "docid", "documentid", "newid"),
    URL("url", "link", "href", "uri", "permalink"),
    SOURCE("source", "domain", "outlet", "publisher", "site", "sourcename", "feed", "newspaper"),
    LANG("lang", "language"),
    DATELINE("dateline");

    private final List<String> candidates;

    Target(String... candidates) {
      this.candidates = List.of(candidates);
    }

    public List<String> candidates() {
      return candidates;
    }

    public String optionName() {
      return "--" + name().toLowerCase(Locale.ROOT) + "-field";
    }
  }

  private final EnumMap<Target, String> explicit = new EnumMap<>(Target.class);

  /** Auto-detection for every column. */
  public FieldMapping() {}

  /** Names {@code field} as the input field for {@code target}; null keeps auto-detection. */
  public FieldMapping with(Target target, String field) {
    if (field != null) {
      if (field.isBlank()) {
        throw new IllegalArgumentException(target.optionName() + " must not be blank");
      }
      explicit.put(target, field);
    }
    return this;
  }

  public String explicit(Target target) {
    return explicit.get(target);
  }

  private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[_\\-\\s.]");

  static String key(String name) {
    return SEPARATORS.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("");
  }

  /** Index of a record's fields by normalised key (first field wins on a clash). */
  public static Map<String, String> index(Map<String, String> fields) {
    Map<String, String> idx = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      idx.putIfAbsent(key(e.getKey()), e.getKey());
    }
    return idx;
  }

  /** The input field name used for {@code target} in a record with these keys, or null. */
  public String fieldFor(Target target, Map<String, String> keyIndex) {
    String named = explicit.get(target);
    if (named != null) {
      return keyIndex.get(key(named));
    }
    for (String c : target.candidates()) {
      String f = keyIndex.get(c);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /** The value for {@code target} in {@code fields} (null when absent). */
  public String pick(Target target, Map<String, String> fields, Map<String, String> keyIndex) {
    String f = fieldFor(target, keyIndex);
    return f == null ? null : fields.get(f);
  }

  /**
   * A one-line description of the mapping for the field names seen in a sample of the input,
   * e.g. {@code text<-body, title<-title, date<-datetime, id<-id}.
   */
  public String describe(Collection<String> fieldNames) {
    Map<String, String> idx = new LinkedHashMap<>();
    for (String f : fieldNames) {
      idx.putIfAbsent(key(f), f);
    }
    List<String> parts = new ArrayList<>();
    for (Target t : Target.values()) {
      String f = fieldFor(t, idx);
      parts.add(t.name().toLowerCase(Locale.ROOT) + "<-" + (f == null ? "(none)" : f));
    }
    return String.join(", ", parts);
  }

  /**
   * Explicit field names that none of the sampled field names match; the ingest job turns them
   * into a user error naming the fields that are there.
   */
  public List<String> missingExplicit(Collection<String> fieldNames) {
    java.util.Set<String> keys = fieldNames.stream().map(FieldMapping::key).collect(Collectors.toSet());
    List<String> missing = new ArrayList<>();
    for (Map.Entry<Target, String> e : explicit.entrySet()) {
      if (!keys.contains(key(e.getValue()))) {
        missing.add(e.getKey().optionName() + " " + e.getValue());
      }
    }
    return missing;
  }
}
