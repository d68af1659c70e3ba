package org.entente.ingest;

import java.util.Locale;
import java.util.Optional;

/** The input formats ingest reads; files are matched by extension after any compression suffix. */
public enum InputFormat {
  JSONL("jsonl", "ndjson", "json", "jsonlines"),
  CSV("csv"),
  TSV("tsv", "tab"),
  PARQUET("parquet", "parq"),
  TEXT("txt", "text");

  /** Compression suffixes Hadoop's codecs decompress transparently. */
  static final String[] COMPRESSION = {".gz", ".bz2", ".bzip2", ".deflate"};

  private final String[] extensions;

  InputFormat(String... extensions) {
    this.extensions = extensions;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format a file name implies, if any ({@code a.jsonl.gz} is JSONL). */
  public static Optional<InputFormat> detect(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    for (String c : COMPRESSION) {
      if (n.endsWith(c)) {
        n = n.substring(0, n.length() - c.length());
        break;
      }
    }
    int dot = n.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String ext = n.substring(dot + 1);
    for (InputFormat f : values()) {
      for (String e : f.extensions) {
        if (e.equals(ext)) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  /** Parses a {@code --format} value: auto (null) or one of the format ids. */
  public static InputFormat parseOption(String value) {
    if (value == null || value.equalsIgnoreCase("auto")) {
      return null;
    }
    for (InputFormat f : values()) {
      if (f.id().equalsIgnoreCase(value) || (f == JSONL && value.equalsIgnoreCase("json"))) {
        return f;
      }
    }
    throw new org.entente.util.UserError("unknown --format '" + value
        + "' (expected auto, jsonl, csv, tsv, parquet or text)");
  }
}
