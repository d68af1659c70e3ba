package org.entente.comention;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.udf;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.entente.kb.EntityNames;
import org.entente.kb.KnowledgeBase;
import org.entente.nlp.Annotator;
import org.entente.nlp.SentenceSplitter;
import org.entente.spark.Cols;
import org.entente.spark.Periods;
import org.entente.util.Console;
import org.entente.util.Faults;
import org.entente.util.UserError;
import org.entente.warehouse.RunLog;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;

/**
 * The co-mention stage: entity counts, co-mention counts with PMI, NPMI and lift, trends against
 * a trailing window, and evidence sentences, at every grain.
 *
 * <p>Reads {@code silver/mentions}, {@code silver/articles} (the number of articles per period,
 * each article's {@code story_id} for the story counts, and the text of evidence sentences) and {@code silver/article_terms} (which articles were
 * annotated by which run). Writes {@code gold/entity_counts}, {@code gold/comentions},
 * {@code gold/comention_trends} and {@code gold/comention_evidence}, and one row of
 * {@code gold/runs}.
 *
 * <p>Incremental by default: only the periods holding articles annotated since the last
 * successful run are recomputed (the run records the newest annotate run it has seen in
 * {@code gold/runs.params}), and written with Delta {@code replaceWhere} on those periods;
 * trends are recomputed up to one window after them. {@code full} rebuilds everything, and so
 * does a run on gold tables made before the {@code stories} columns existed. Story ids never
 * change once stored (ingest keeps them stable), so periods counted earlier stay right.
 *
 * <p>Cost: a pair self-join per article (k entities give k(k-1)/2 pairs) and per sentence, once
 * per grain; shuffles of the pair rows by period. Memory is bounded by the pairs of one
 * partition; an article naming hundreds of entities is the expensive case.
 */
public final class ComentionJob {
  /** Counts of one run. */
  public record Result(long mentions, long entityCounts, long comentions, long trends, long evidence,
      String from, String to) {}

  /** The most rows a gold file written by this stage holds (see {@link #write}). */
  static final long ROWS_PER_FILE = 100_000;
  private static final Pattern WATERMARK = Pattern.compile("\"annotate_watermark\":\"([^\"]*)\"");

  private final Warehouse warehouse;
  private boolean countryView;
  private long minArticles = 1;
  private int window = 8;
  private int evidencePerPair = 5;
  private boolean full;
  private String kbDir;
  private String runId;

  private ComentionJob(Warehouse warehouse) {
    this.warehouse = Objects.requireNonNull(warehouse);
  }

  public static ComentionJob on(Warehouse warehouse) {
    return new ComentionJob(warehouse);
  }

  /** Count a leader's mention as a mention of the country led, too. */
  public ComentionJob countryView(boolean v) {
    this.countryView = v;
    return this;
  }

  /** Leave out entities and pairs with fewer articles in a period (default 1: keep all). */
  public ComentionJob minArticles(long n) {
    if (n < 1) {
      throw new UserError("--min-articles must be 1 or more, not " + n);
    }
    this.minArticles = n;
    return this;
  }

  /** Trailing window of the trends, in periods (default 8). */
  public ComentionJob window(int w) {
    if (w < 2) {
      throw new UserError("--window must be 2 or more periods, not " + w);
    }
    this.window = w;
    return this;
  }

  public ComentionJob evidencePerPair(int n) {
    if (n < 1) {
      throw new UserError("--evidence must be 1 or more, not " + n);
    }
    this.evidencePerPair = n;
    return this;
  }

  public ComentionJob full(boolean f) {
    this.full = f;
    return this;
  }

  private final List<Dataset<Row>> cached = new ArrayList<>();

  public ComentionJob kbDir(String dir) {
    this.kbDir = dir;
    return this;
  }

  public ComentionJob runId(String id) {
    this.runId = id;
    return this;
  }

  public Result execute() {
    cached.clear();
    SparkSession spark = warehouse.spark();
    for (Table t : List.of(Table.SILVER_ARTICLES, Table.SILVER_MENTIONS, Table.SILVER_ARTICLE_TERMS)) {
      if (!warehouse.exists(t)) {
        throw new UserError("nothing to count: " + warehouse.path(t) + " does not exist (run ingest and annotate first)");
      }
    }
    String run = runId != null ? runId : RunLog.newRunId();
    RunLog.StageRun stage = RunLog.start(warehouse, run, "comentions").param("country_view", countryView)
        .param("min_articles", minArticles).param("window", window).param("full", full);
    try {
      Dataset<Row> terms = warehouse.read(Table.SILVER_ARTICLE_TERMS);
      Row newest = terms.agg(max("annotate_run")).first();
      String watermark = newest.isNullAt(0) ? "" : newest.getString(0);
      boolean predates = !full && lacksStoryColumns();
      if (predates) {
        Console.info("comentions: gold/entity_counts or gold/comentions has no stories column yet"
            + " (made before near-duplicate stories): recomputing every period");
        stage.param("schema_upgrade", true);
      }
      String previous = full || predates || !warehouse.exists(Table.GOLD_COMENTIONS) ? null : lastWatermark();
      Dataset<Row> changed = previous == null ? terms : terms.filter(col("annotate_run").gt(previous));
      Row span = changed.agg(min("published_date"), max("published_date")).first();
      stage.param("annotate_watermark", watermark);
      if (span.isNullAt(0)) {
        stage.param("periods", "none");
        stage.succeeded("no newly annotated articles: nothing to recompute");
        return new Result(0, 0, 0, 0, 0, null, null);
      }
      LocalDate first = span.getDate(0).toLocalDate();
      LocalDate last = span.getDate(1).toLocalDate();
      boolean incremental = previous != null;
      List<String> grains = Comentions.GRAINS;
      Map<String, LocalDate[]> ranges = Periods.covering(grains, first, last);
      // The input covers whole periods at every grain around the changed dates.
      LocalDate[] in = Periods.span(ranges);
      stage.param("from", first.toString()).param("to", last.toString());

      Column inRange = col("published_date").between(Date.valueOf(in[0]), Date.valueOf(in[1]));
      Dataset<Row> articles = warehouse.read(Table.SILVER_ARTICLES)
          .select("article_id", "published_date", "story_id", "title", "text");
      Dataset<Row> articlesInRange = incremental ? articles.filter(inRange) : articles;
      Dataset<Row> mentions = warehouse.read(Table.SILVER_MENTIONS);
      Dataset<Row> em = keep(Comentions.entityMentions(incremental ? mentions.filter(inRange) : mentions,
          countryView));
      long mentionRows = em.count();
      // Each of these feeds several tables: kept rather than recomputed per table.
      Dataset<Row> ae = keep(Comentions.articleEntities(em, articlesInRange));
      Dataset<Row> pa = keep(Comentions.periodArticles(articlesInRange, grains));
      Dataset<Row> ec = keep(Comentions.entityCounts(ae, pa, grains, minArticles)
          .join(EntityNames.of(spark, KnowledgeBase.load(kbDir)), Cols.seq("entity_id"), "left"));
      Dataset<Row> co = Comentions.comentions(ae, em, ec, pa, grains, minArticles);

      String where = incremental ? Periods.predicate(ranges) : null;
      long ecRows = write(Table.GOLD_ENTITY_COUNTS, Periods.restrict(ec, ranges), where);
      long coRows = write(Table.GOLD_COMENTIONS, Periods.restrict(co, ranges), where);
      Faults.at("comentions:after-pairs");

      // Trends: a changed period moves the windows of the next `window` periods too.
      Map<String, LocalDate[]> trendRanges = new LinkedHashMap<>();
      List<Dataset<Row>> trendParts = new ArrayList<>();
      for (String g : List.of("week", "month")) {
        LocalDate[] r = ranges.get(g);
        LocalDate to = g.equals("week") ? r[1].plusWeeks(window) : r[1].plusMonths(window);
        LocalDate histFrom = g.equals("week") ? r[0].minusWeeks(window) : r[0].minusMonths(window);
        trendRanges.put(g, new LocalDate[] {r[0], to});
        Dataset<Row> history = warehouse.read(Table.GOLD_COMENTIONS).filter(col("grain").equalTo(g)
            .and(col("period_start").between(Date.valueOf(histFrom), Date.valueOf(to))));
        trendParts.add(Comentions.trends(history, g, window));
      }
      Dataset<Row> trends = trendParts.get(0).unionByName(trendParts.get(1));
      long trRows = write(Table.GOLD_COMENTION_TRENDS, Periods.restrict(trends, trendRanges),
          incremental ? Periods.predicate(trendRanges) : null);

      Map<String, LocalDate[]> monthRange = Map.of("month", ranges.get("month"));
      Dataset<Row> evidence = Comentions.evidenceSentences(em, evidencePerPair)
          .join(articlesInRange.select("article_id", "title", "text"), Cols.seq("article_id"))
          .withColumn("sentence", sentenceText().apply(col("title"), col("text"), col("sentence_index")))
          .drop("title", "text")
          .withColumn("grain", lit("month"));
      long evRows = write(Table.GOLD_COMENTION_EVIDENCE,
          Faults.duringWrite(Periods.restrict(evidence, monthRange).drop("grain"), "comentions:during-evidence"),
          incremental ? Periods.predicate(monthRange).replace("grain = 'month' AND ", "") : null);

      stage.rowsIn = mentionRows;
      stage.rowsOut = coRows;
      stage.param("entity_counts", ecRows).param("comentions", coRows).param("trends", trRows)
          .param("evidence", evRows).param("incremental", incremental);
      stage.succeeded(String.format("%s %s..%s: %d entity counts, %d pairs, %d trends, %d evidence sentences",
          incremental ? "periods" : "all periods", first, last, ecRows, coRows, trRows, evRows));
      return new Result(mentionRows, ecRows, coRows, trRows, evRows, first.toString(), last.toString());
    } catch (RuntimeException e) {
      stage.failed(e);
      throw e;
    } finally {
      for (Dataset<Row> d : cached) {
        d.unpersist();
      }
      cached.clear();
    }
  }

  /** Persists {@code rows} for the rest of this run (unpersisted when it ends). */
  private Dataset<Row> keep(Dataset<Row> rows) {
    Dataset<Row> kept = rows.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(kept);
    return kept;
  }

  /**
   * True when a gold table written by an earlier version lacks the story columns: its periods
   * not recomputed now would keep them empty, so the run recomputes everything (the new columns
   * are added by Delta's schema merge on write).
   */
  private boolean lacksStoryColumns() {
    for (Table t : List.of(Table.GOLD_ENTITY_COUNTS, Table.GOLD_COMENTIONS)) {
      if (warehouse.exists(t) && !List.of(warehouse.read(t).columns()).containsAll(List.of("stories", "period_stories"))) {
        return true;
      }
    }
    return false;
  }

  /** The newest annotate run seen by the last successful co-mention run, or null. */
  private String lastWatermark() {
    Dataset<Row> runs = warehouse.read(Table.GOLD_RUNS)
        .filter(col("stage").equalTo("comentions").and(col("status").equalTo("SUCCEEDED")))
        .orderBy(col("finished_at").desc()).select("params").limit(1);
    List<Row> rows = runs.collectAsList();
    if (rows.isEmpty()) {
      return null;
    }
    Matcher m = WATERMARK.matcher(rows.get(0).getString(0));
    return m.find() ? m.group(1) : null;
  }

  /** Writes a gold table's rows for these periods (see {@link Warehouse#replacePeriods}). */
  private long write(Table table, Dataset<Row> rows, String where) {
    return warehouse.replacePeriods(table, rows, where, ROWS_PER_FILE);
  }

  /** The text of a sentence: 0 is the title, 1.. the sentences of the text as annotate numbered them. */
  static UserDefinedFunction sentenceText() {
    return udf((UDF3<String, String, Integer, String>) (title, text, index) -> {
      String body = text == null ? "" : text;
      if (index == 0 && Annotator.hasOwnTitle(title, body)) {
        return title;
      }
      List<SentenceSplitter.Span> spans = SentenceSplitter.split(body);
      int i = index - 1;
      if (i < 0 || i >= spans.size()) {
        return "";
      }
      return body.substring(spans.get(i).start(), spans.get(i).end());
    }, DataTypes.StringType);
  }
}
