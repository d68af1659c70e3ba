package org.entente.ingest;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.DateTimeException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.ingest.FieldMapping.Target;
import org.entente.util.Hashing;

/**
 * Turns one raw input record into an article candidate or a rejection: picks fields by the
 * {@link FieldMapping}, normalises text, parses and checks the date, and computes identity.
 *
 * <p>Identity: with a source id, {@code article_id = <source-slug>:<id>} (the source keeps ids of
 * two corpora that both count from 1 apart); without one, {@code u} + a hash of the normalised URL,
 * or {@code t} + a hash of the normalised text. {@code content_hash} is a hash of the text,
 * lower-cased with white space collapsed: two records with the same hash are exact duplicates.
 *
 * <p>Dates, in order: the mapped date field; if the record has no date field, a
 * {@code yyyy-MM-dd} (or {@code yyyyMMdd}) date in the file name; then the
 * {@code --default-date}; otherwise the record is rejected. Dates before 1800 or later than
 * {@code now} + 1 day are rejected.
 *
 * <p>Also rejected: a record with no text and no title (its reason says whether the fields are
 * there but empty, or not there at all, listing the fields it has), and a record whose text or
 * title as read is longer than {@code maxArticleBytes} of UTF-8 (checked before any other work on
 * it).
 */
public final class ArticleNormalizer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Columns of a normalised candidate (raw columns first, then the article, then the reason). */
  public static final StructType CANDIDATE = new StructType()
      .add("source_file", DataTypes.StringType)
      .add("format", DataTypes.StringType)
      .add("record", DataTypes.StringType)
      .add("article_id", DataTypes.StringType)
      .add("source", DataTypes.StringType)
      .add("url", DataTypes.StringType)
      .add("title", DataTypes.StringType)
      .add("text", DataTypes.StringType)
      .add("published_at", DataTypes.TimestampType)
      .add("lang", DataTypes.StringType)
      .add("word_count", DataTypes.IntegerType)
      .add("content_hash", DataTypes.StringType)
      .add("reason", DataTypes.StringType);

  /** The default of {@code --max-article-bytes}: 10 MiB of text, far beyond any news article. */
  public static final long DEFAULT_MAX_ARTICLE_BYTES = 10L * 1024 * 1024;

  static final Instant EARLIEST = LocalDate.of(1800, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
  private static final Pattern FILE_DATE = Pattern.compile("(?<!\\d)(\\d{4})-?(\\d{2})-?(\\d{2})(?!\\d)");
  private static final Pattern NON_SLUG = Pattern.compile("[^a-z0-9]+");
  private static final Pattern WS = Pattern.compile("\\s+");

  private final FieldMapping mapping;
  private final DateParser dates;
  private final Instant latest;
  private final Instant defaultDate;
  private final String sourceOverride;
  private final long maxArticleBytes;

  /** As the full constructor, with the default article size limit. */
  public ArticleNormalizer(FieldMapping mapping, DateParser dates, Instant now, Instant defaultDate,
      String sourceOverride) {
    this(mapping, dates, now, defaultDate, sourceOverride, DEFAULT_MAX_ARTICLE_BYTES);
  }

  /**
   * @param now the ingest's clock: dates later than now + 1 day are rejected
   * @param defaultDate for records with no date at all; may be null
   * @param sourceOverride the {@code --source} option; may be null
   * @param maxArticleBytes records whose text or title, as read, is longer than this many bytes
   *     of UTF-8 are rejected (the {@code --max-article-bytes} option)
   */
  public ArticleNormalizer(FieldMapping mapping, DateParser dates, Instant now, Instant defaultDate,
      String sourceOverride, long maxArticleBytes) {
    if (maxArticleBytes < 1) {
      throw new IllegalArgumentException("maxArticleBytes must be positive, not " + maxArticleBytes);
    }
    this.mapping = mapping;
    this.dates = dates;
    this.latest = now.plus(Duration.ofDays(1));
    this.defaultDate = defaultDate;
    this.sourceOverride = sourceOverride;
    this.maxArticleBytes = maxArticleBytes;
  }

  /** Normalises a row of {@link RawRecords#SCHEMA} into a row of {@link #CANDIDATE}. */
  public Row apply(Row raw) {
    String sourceFile = raw.getString(0);
    String format = raw.getString(1);
    String record = raw.getString(2);
    Map<String, String> fields = raw.isNullAt(3) ? null : raw.getJavaMap(3);
    String error = raw.getString(4);
    if (error != null) {
      return reject(sourceFile, format, record, error);
    }
    if (fields == null) {
      return reject(sourceFile, format, record, "empty record");
    }
    Map<String, String> idx = FieldMapping.index(fields);
    if (!fields.isEmpty() && mapping.fieldFor(Target.TEXT, idx) == null
        && mapping.fieldFor(Target.TITLE, idx) == null) {
      return reject(sourceFile, format, record, "no text and no title field (fields: "
          + fieldList(fields.keySet()) + "; name them with --text-field or --title-field)");
    }
    String rawTitle = mapping.pick(Target.TITLE, fields, idx);
    String rawText = mapping.pick(Target.TEXT, fields, idx);
    // Checked before normalising: the limit keeps a runaway record from costing every later stage.
    long textBytes = utf8Length(rawText);
    if (textBytes > maxArticleBytes) {
      return reject(sourceFile, format, record, "article text is " + textBytes + " bytes, over the "
          + maxArticleBytes + " limit (--max-article-bytes)");
    }
    long titleBytes = utf8Length(rawTitle);
    if (titleBytes > maxArticleBytes) {
      return reject(sourceFile, format, record, "title is " + titleBytes + " bytes, over the "
          + maxArticleBytes + " limit (--max-article-bytes)");
    }
    String title = TextNormalizer.normalizeLine(rawTitle);
    String text = TextNormalizer.normalize(rawText);
    if (isBlank(text) && isBlank(title)) {
      return reject(sourceFile, format, record, "no text and no title");
    }
    if (isBlank(text)) {
      text = title; // a headline-only item (wire briefs, headline feeds) is its own text
    } else {
      // A dateline kept apart by the source ("LONDON, March 2") is part of the story's text.
      String dateline = TextNormalizer.normalizeLine(mapping.pick(Target.DATELINE, fields, idx));
      if (!isBlank(dateline) && !text.startsWith(dateline)) {
        text = dateline + " - " + text;
      }
    }
    if (isBlank(title)) {
      title = null;
    }

    String dateField = mapping.fieldFor(Target.DATE, idx);
    if (dateField != null && isBlank(fields.get(dateField)) && mapping.explicit(Target.DATE) == null) {
      // Auto-detected and empty here: the next common date field that has a value, if any
      // (Reuters has 'datetime' null but 'date' set on a few records).
      for (String c : Target.DATE.candidates()) {
        String f = idx.get(c);
        if (f != null && !isBlank(fields.get(f))) {
          dateField = f;
          break;
        }
      }
    }
    Instant published;
    if (dateField != null && !isBlank(fields.get(dateField))) {
      DateParser.Result r = dates.parse(fields.get(dateField));
      if (!r.ok()) {
        return reject(sourceFile, format, record, r.error() + " in field '" + dateField + "'");
      }
      published = r.instant();
    } else {
      String fromName = fileNameDate(sourceFile);
      if (fromName != null && fromName.startsWith("!")) {
        return reject(sourceFile, format, record, fromName.substring(1));
      }
      if (fromName != null) {
        published = LocalDate.parse(fromName).atStartOfDay().toInstant(ZoneOffset.UTC);
      } else if (defaultDate != null) {
        published = defaultDate;
      } else {
        return reject(sourceFile, format, record, dateField == null
            ? "no date: no date field, no date in the file name, and no --default-date"
            : "no date: field '" + dateField + "' is empty and no --default-date was given");
      }
    }
    if (published.isBefore(EARLIEST)) {
      return reject(sourceFile, format, record, "date " + published + " is before 1800-01-01");
    }
    if (published.isAfter(latest)) {
      return reject(sourceFile, format, record, "date " + published
          + " is in the future (later than " + latest.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
    }

    String source = sourceOverride;
    if (source == null) {
      String s = TextNormalizer.normalizeLine(mapping.pick(Target.SOURCE, fields, idx));
      source = isBlank(s) ? defaultSource(sourceFile, format) : s;
    }
    String url = trimToNull(mapping.pick(Target.URL, fields, idx));
    String id = trimToNull(mapping.pick(Target.ID, fields, idx));
    String contentHash = Hashing.sha256(WS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip());
    String articleId;
    if (id != null) {
      articleId = slug(source) + ":" + id;
    } else if (url != null) {
      articleId = "u" + Hashing.sha256(normalizeUrl(url)).substring(0, 32);
    } else {
      articleId = "t" + contentHash.substring(0, 32);
    }
    String lang = trimToNull(mapping.pick(Target.LANG, fields, idx));
    lang = lang == null ? LanguageGuesser.guess(text) : lang.toLowerCase(Locale.ROOT);
    int words = text.isEmpty() ? 0 : WS.split(text.strip()).length;
    return RowFactory.create(sourceFile, format, record, articleId, source, url, title, text,
        Timestamp.from(published), lang, words, contentHash, null);
  }

  /** A rejected candidate: the raw columns and the reason, every article column null. */
  static Row rejected(String sourceFile, String format, String record, String reason) {
    return reject(sourceFile, format, record, reason);
  }

  private static Row reject(String sourceFile, String format, String record, String reason) {
    return RowFactory.create(sourceFile, format, record, null, null, null, null, null, null, null,
        null, null, reason);
  }

  /**
   * The date in a file's base name as {@code yyyy-MM-dd}, null if none, or {@code !reason} when
   * the name carries an impossible date such as {@code 2023-13-45}.
   */
  static String fileNameDate(String sourceFile) {
    if (sourceFile == null) {
      return null;
    }
    String name = sourceFile.substring(sourceFile.lastIndexOf('/') + 1);
    Matcher m = FILE_DATE.matcher(name);
    if (!m.find()) {
      return null;
    }
    int y = Integer.parseInt(m.group(1));
    if (y < 1800 || y > 2200) {
      return null; // a number, not a date
    }
    try {
      return LocalDate.of(y, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))).toString();
    } catch (DateTimeException e) {
      return "!impossible date '" + m.group() + "' in file name " + name;
    }
  }

  /** The parent folder name for a text article, else the file name without extensions. */
  static String defaultSource(String sourceFile, String format) {
    if (sourceFile == null) {
      return "unknown";
    }
    String path = sourceFile.endsWith("/") ? sourceFile.substring(0, sourceFile.length() - 1) : sourceFile;
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    if ("text".equals(format) && slash > 0) {
      String parent = path.substring(0, slash);
      return parent.substring(parent.lastIndexOf('/') + 1);
    }
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  public static String slug(String s) {
    String t = NON_SLUG.matcher(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)).replaceAll("-");
    t = t.replaceAll("^-+|-+$", "");
    return t.isEmpty() ? "source" : t;
  }

  /** Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash. */
  public static String normalizeUrl(String url) {
    String u = url.strip();
    try {
      URI uri = new URI(u);
      String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (scheme.equals("https")) {
        scheme = "http";
      }
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "");
      String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
      String query = uri.getRawQuery();
      StringBuilder q = new StringBuilder();
      if (query != null) {
        for (String p : query.split("&")) {
          String k = p.split("=", 2)[0].toLowerCase(Locale.ROOT);
          if (k.startsWith("utm_") || k.equals("fbclid") || k.equals("gclid") || p.isEmpty()) {
            continue;
          }
          q.append(q.length() == 0 ? "?" : "&").append(p);
        }
      }
      return scheme + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + path + q;
    } catch (URISyntaxException e) {
      return u.toLowerCase(Locale.ROOT);
    }
  }

  /** The length of {@code s} in UTF-8 bytes (0 for null), without encoding it. */
  static long utf8Length(String s) {
    if (s == null) {
      return 0;
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3; // the rest of the BMP (a lone surrogate too: written as U+FFFD)
      }
    }
    return n;
  }

  /** Field names for a reason: sorted, at most ten. */
  static String fieldList(java.util.Collection<String> names) {
    java.util.List<String> sorted = new java.util.ArrayList<>(names);
    sorted.sort(String.CASE_INSENSITIVE_ORDER.thenComparing(java.util.Comparator.naturalOrder()));
    if (sorted.size() <= 10) {
      return String.join(", ", sorted);
    }
    return String.join(", ", sorted.subList(0, 10)) + ", ... (" + sorted.size() + " fields)";
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String trimToNull(String s) {
    return isBlank(s) ? null : s.strip();
  }
}
