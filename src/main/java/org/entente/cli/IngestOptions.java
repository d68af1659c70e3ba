package org.entente.cli;

import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.entente.ingest.DateParser;
import org.entente.ingest.FieldMapping;
import org.entente.ingest.FieldMapping.Target;
import org.entente.ingest.IngestJob;
import org.entente.ingest.InputFormat;
import org.entente.ingest.Stories;
import org.entente.util.UserError;
import picocli.CommandLine.Option;

/** Options of the ingest stage, shared by {@code ingest} and {@code run}. */
public final class IngestOptions {
  @Option(names = {"-i", "--input"}, paramLabel = "PATH",
      description = "A file, folder or glob to read (repeatable). gzip and bzip2 files are read transparently.")
  List<String> inputs;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
      description = "auto (by file extension), jsonl, csv, tsv, parquet or text. Default: ${DEFAULT-VALUE}")
  String format;

  @Option(names = "--text-field", paramLabel = "NAME", description = "Field holding the article text (auto: text, body, content, ...).")
  String textField;

  @Option(names = "--title-field", paramLabel = "NAME", description = "Field holding the title (auto: title, headline, ...).")
  String titleField;

  @Option(names = "--date-field", paramLabel = "NAME",
      description = "Field holding the publication date (auto: published_at, pubDate, published, datetime, date, timestamp, year, ...).")
  String dateField;

  @Option(names = "--id-field", paramLabel = "NAME", description = "Field holding the source's id (auto: id, guid, article_id, ...).")
  String idField;

  @Option(names = "--url-field", paramLabel = "NAME", description = "Field holding the URL (auto: url, link, ...).")
  String urlField;

  @Option(names = "--source-field", paramLabel = "NAME", description = "Field naming the outlet (auto: source, domain, outlet, ...).")
  String sourceField;

  @Option(names = "--source", paramLabel = "NAME",
      description = "Source name for every record (overrides any source field; also the namespace of article ids).")
  String source;

  @Option(names = "--default-date", paramLabel = "DATE",
      description = "Date for records with no date field and no date in the file name (else they are rejected).")
  String defaultDate;

  @Option(names = "--year-anchor", paramLabel = "MM-DD", defaultValue = "01-01",
      description = "Where a year-only date (e.g. 1987) is placed in its year. Default: ${DEFAULT-VALUE}")
  String yearAnchor;

  @Option(names = "--max-article-bytes", paramLabel = "BYTES", defaultValue = "10485760",
      description = "Records whose text or title is longer than this (bytes of UTF-8) are rejected. Default: ${DEFAULT-VALUE} (10 MiB)")
  long maxArticleBytes;

  @Option(names = "--story-threshold", paramLabel = "J", defaultValue = "0.5",
      description = {"Near-duplicate articles (syndicated copies) whose texts' 5-word shingle sets have a Jaccard",
          "similarity of at least J are one story (story_id: its earliest article). Default: ${DEFAULT-VALUE}"})
  double storyThreshold;

  @Option(names = "--story-bands", paramLabel = "N", defaultValue = "16",
      description = "MinHash LSH bands for finding near-duplicate candidates (more: fewer missed pairs, slower). Default: ${DEFAULT-VALUE}")
  int storyBands;

  @Option(names = "--story-band-rows", paramLabel = "N", defaultValue = "2",
      description = "MinHash values per band (more: fewer candidates compared, more missed pairs). Default: ${DEFAULT-VALUE}")
  int storyBandRows;

  @Option(names = "--story-min-words", paramLabel = "N", defaultValue = "20",
      description = "Texts of fewer words are never grouped (short briefs are mostly templates). Default: ${DEFAULT-VALUE}")
  int storyMinWords;

  @Option(names = "--story-window-days", paramLabel = "DAYS", defaultValue = "2",
      description = "Only articles published within this many days of each other are near-duplicates (0: no limit). Default: ${DEFAULT-VALUE}")
  int storyWindowDays;

  @Option(names = "--no-stories", description = "Do not group near-duplicates: every new article is its own story.")
  boolean noStories;

  /** Validates the options and configures the job; a bad value is a {@link UserError}. */
  IngestJob configure(IngestJob job, List<String> defaultInputs) {
    List<String> in = inputs == null || inputs.isEmpty() ? defaultInputs : inputs;
    if (in == null || in.isEmpty()) {
      throw new UserError("no input: give --input PATH (a file, folder or glob)");
    }
    MonthDay anchor;
    try {
      anchor = MonthDay.parse("--" + yearAnchor);
    } catch (DateTimeParseException e) {
      throw new UserError("--year-anchor '" + yearAnchor + "' is not a month-day such as 09-15");
    }
    if (maxArticleBytes < 1) {
      throw new UserError("--max-article-bytes must be 1 or more, not " + maxArticleBytes);
    }
    job.maxArticleBytes(maxArticleBytes);
    Stories stories = Stories.grouping().threshold(storyThreshold).bands(storyBands).rows(storyBandRows)
        .minWords(storyMinWords).windowDays(storyWindowDays);
    job.stories(noStories ? null : stories);
    job.inputs(in).format(InputFormat.parseOption(format)).yearAnchor(anchor).source(blankToNull(source, "--source"));
    FieldMapping m = new FieldMapping();
    m.with(Target.TEXT, blankToNull(textField, "--text-field"))
        .with(Target.TITLE, blankToNull(titleField, "--title-field"))
        .with(Target.DATE, blankToNull(dateField, "--date-field"))
        .with(Target.ID, blankToNull(idField, "--id-field"))
        .with(Target.URL, blankToNull(urlField, "--url-field"))
        .with(Target.SOURCE, blankToNull(sourceField, "--source-field"));
    job.mapping(m);
    if (defaultDate != null) {
      DateParser.Result r = new DateParser(anchor).parse(defaultDate);
      if (!r.ok()) {
        throw new UserError("--default-date: " + r.error());
      }
      job.defaultDate(r.instant());
    }
    return job;
  }

  private static String blankToNull(String v, String option) {
    if (v != null && v.isBlank()) {
      throw new UserError(option + " must not be blank");
    }
    return v;
  }
}
