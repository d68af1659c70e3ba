package org.entente.report;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.report.ReportData.RisingOrder;
import org.entente.util.Console;
import org.entente.util.UserError;
import org.entente.warehouse.Json;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;

/**
 * Writes the dashboard: one self-contained HTML file (ECharts and the data inlined; nothing
 * fetched when it opens) built from the gold tables.
 *
 * <p>Reads {@code gold/entity_counts} (attention over time, the top entities, names, node sizes),
 * {@code gold/comentions} (the co-mention network of a period), {@code gold/comention_trends}
 * (rising pairs, month rows), {@code gold/comention_evidence} (sentences behind a pair),
 * {@code silver/articles} (title and source of the evidence articles only, by id),
 * {@code gold/topics} (the current model's labels) and {@code gold/topic_trends} (topic shares).
 * Writes only the output file; the warehouse is not changed. Sections whose tables are absent or
 * empty say so in the page; a warehouse with none of the gold tables is a user error.
 *
 * <p>Both grains, month and year, are in the page, with a selector. The size is bounded by the
 * options, not by the warehouse: the time series hold {@code top} entities and {@code topics}
 * topics over every period; the network, rising pairs and evidence hold, for each of the latest
 * {@code periods} periods, {@code pairs} pairs, {@code rising} rising pairs and {@code evidence}
 * sentences for each of those pairs (sentences cut at 600 characters, titles at 300). With the
 * defaults that is at most about 1 MB of data on any warehouse, plus 1 MB of ECharts.
 *
 * <p>Cost: eleven queries, each a filtered scan of one gold table (small tables: periods ×
 * entities or pairs) with a window or aggregate over both grains at once, plus a scan of
 * silver/articles' id, title and source columns filtered to the evidence articles. A table is
 * asked whether it is empty only when its query gave nothing. Everything collected to the driver
 * is bounded as above.
 */
public final class ReportJob {
  /** What was written. */
  public record Result(Path out, long bytes, Map<String, String> notes) {}

  static final int SENTENCE_CHARS = 600;
  static final int TITLE_CHARS = 300;
  private static final List<Table> GOLD = List.of(Table.GOLD_ENTITY_COUNTS, Table.GOLD_COMENTIONS,
      Table.GOLD_COMENTION_TRENDS, Table.GOLD_COMENTION_EVIDENCE, Table.GOLD_TOPICS, Table.GOLD_TOPIC_TRENDS);

  private final Warehouse warehouse;
  private Path out;
  private int top = 20;
  private int pairs = 25;
  private int rising = 10;
  private int evidence = 3;
  private int periods = 36;
  private int topics = 12;
  private String grain = "month";
  private RisingOrder risingBy = RisingOrder.CHANGE;

  private ReportJob(Warehouse warehouse) {
    this.warehouse = Objects.requireNonNull(warehouse);
  }

  public static ReportJob on(Warehouse warehouse) {
    return new ReportJob(warehouse);
  }

  /** The HTML file to write (its folder is created when missing; an existing file is replaced). */
  public ReportJob out(Path file) {
    if (file == null) {
      throw new UserError("give --out FILE.html, the page to write");
    }
    if (Files.isDirectory(file)) {
      throw new UserError("--out " + file + " is a folder; give a file name such as report.html");
    }
    this.out = file.toAbsolutePath().normalize();
    return this;
  }

  /** Entities in the attention chart and table (default 20). */
  public ReportJob top(int n) {
    this.top = bounded("--top", n, 1, 100);
    return this;
  }

  /** Pairs in each period's network (default 25). */
  public ReportJob pairs(int n) {
    this.pairs = bounded("--pairs", n, 1, 200);
    return this;
  }

  /** Rising pairs listed for each period (default 10). */
  public ReportJob rising(int n) {
    this.rising = bounded("--rising", n, 1, 100);
    return this;
  }

  /** Evidence sentences kept per pair and period (default 3; gold/comention_evidence keeps 5 a month). */
  public ReportJob evidence(int n) {
    this.evidence = bounded("--evidence", n, 1, 20);
    return this;
  }

  /** The latest periods of each grain offered by the period selector (default 36). */
  public ReportJob periods(int n) {
    this.periods = bounded("--periods", n, 1, 1000);
    return this;
  }

  /** Topics drawn one by one; the others are summed as "other topics" (default 12). */
  public ReportJob topics(int n) {
    this.topics = bounded("--topics", n, 1, 100);
    return this;
  }

  /** The grain the page opens with: month (default) or year. */
  public ReportJob grain(String g) {
    String v = g == null ? "" : g.toLowerCase(Locale.ROOT);
    if (!ReportData.GRAINS.contains(v)) {
      throw new UserError("unknown --grain '" + g + "' (expected month or year)");
    }
    this.grain = v;
    return this;
  }

  public ReportJob risingBy(RisingOrder by) {
    this.risingBy = Objects.requireNonNull(by);
    return this;
  }

  private static int bounded(String option, int n, int min, int max) {
    if (n < min || n > max) {
      throw new UserError(option + " must be between " + min + " and " + max + ", not " + n);
    }
    return n;
  }

  public Result execute() {
    if (out == null) {
      throw new UserError("give --out FILE.html, the page to write");
    }
    Path folder = out.getParent();
    if (folder != null && Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new UserError("--out " + out + ": " + folder + " is a file, not a folder");
    }
    if (!rootExists()) {
      throw new UserError("the warehouse " + shownRoot() + " does not exist (give --warehouse DIR_OR_URI)");
    }
    if (GOLD.stream().noneMatch(warehouse::exists)) {
      throw new UserError("no gold tables in the warehouse " + shownRoot()
          + " (run the pipeline first: entente run, or ingest, annotate, comentions and topics)");
    }
    // Whether a table has rows is learnt from the queries themselves; only a table that gave
    // nothing is asked whether it is empty (one more job, in that case only).
    Map<Table, Boolean> present = new LinkedHashMap<>();
    for (Table t : GOLD) {
      present.put(t, warehouse.exists(t));
    }
    Set<Table> yielded = EnumSet.noneOf(Table.class);
    Map<String, String> notes = new LinkedHashMap<>();

    Map<String, Object> data = new LinkedHashMap<>();
    data.put("warehouse", shownRoot());
    data.put("generatedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    data.put("options", map("grain", grain, "top", top, "pairs", pairs, "rising", rising,
        "risingBy", risingBy.name().toLowerCase(Locale.ROOT), "evidence", evidence, "periods", periods,
        "topics", topics));
    Map<String, Map<String, Object>> grains = new LinkedHashMap<>();
    for (String g : ReportData.GRAINS) {
      grains.put(g, map("periods", new ArrayList<>(), "periodArticles", new ArrayList<>(), "selectable", List.of(),
          "top", new ArrayList<>(), "attention", new LinkedHashMap<>(), "network", new LinkedHashMap<>(),
          "nodes", new LinkedHashMap<>(), "rising", new LinkedHashMap<>(), "evidence", new LinkedHashMap<>()));
    }
    Set<String> referenced = new TreeSet<>();
    Set<String> articleIds = new TreeSet<>();
    timeAxes(present, grains, referenced, yielded);
    Map<String, LocalDate> from = new LinkedHashMap<>();
    for (String g : ReportData.GRAINS) {
      @SuppressWarnings("unchecked")
      List<String> all = (List<String>) grains.get(g).get("periods");
      List<String> selectable = new ArrayList<>(all.subList(Math.max(0, all.size() - periods), all.size()));
      grains.get(g).put("selectable", selectable);
      if (!selectable.isEmpty()) {
        from.put(g, LocalDate.parse(selectable.get(0)));
      }
    }
    if (!from.isEmpty()) {
      periodDetails(present, from, grains, referenced, articleIds, yielded);
    }
    noteIfNothing(notes, "attention", Table.GOLD_ENTITY_COUNTS, yielded);
    noteIfNothing(notes, "network", Table.GOLD_COMENTIONS, yielded);
    noteIfNothing(notes, "rising", Table.GOLD_COMENTION_TRENDS, yielded);
    noteIfNothing(notes, "evidence", Table.GOLD_COMENTION_EVIDENCE, yielded);
    data.put("topicModel", topicModel(present, grains, notes));
    data.put("names", names(present, referenced));
    data.put("articles", articleIds.isEmpty() || !warehouse.exists(Table.SILVER_ARTICLES) ? Map.of()
        : articles(articleIds));
    data.put("grains", grains);
    data.put("notes", notes);

    String html = ReportPage.render(Json.forHtml(data));
    long bytes = write(html);
    Console.info("report: wrote %s (%,d bytes; %d entities named)", out, bytes, referenced.size());
    return new Result(out, bytes, notes);
  }

  /** The warehouse root as people write it: a local folder without {@code file:}. */
  private String shownRoot() {
    java.net.URI uri = new org.apache.hadoop.fs.Path(warehouse.root()).toUri();
    return "file".equals(uri.getScheme()) ? uri.getPath() : warehouse.root();
  }

  private boolean rootExists() {
    try {
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(warehouse.root());
      return root.getFileSystem(warehouse.spark().sparkContext().hadoopConfiguration()).exists(root);
    } catch (IOException e) {
      throw new UserError("cannot read the warehouse " + shownRoot() + ": " + e.getMessage(), e);
    }
  }

  /** A note for a section whose table does not exist, or gave no rows and is empty. */
  private void noteIfNothing(Map<String, String> notes, String section, Table t, Set<Table> yielded) {
    if (!warehouse.exists(t)) {
      notes.put(section, t.relativePath() + " does not exist: run 'entente comentions' to fill it");
    } else if (!yielded.contains(t) && warehouse.read(t).isEmpty()) {
      notes.put(section, t.relativePath() + " is empty: run 'entente comentions' to fill it");
    }
  }

  /** Each grain's periods and article counts, top entities and their attention series (3 jobs). */
  private void timeAxes(Map<Table, Boolean> present, Map<String, Map<String, Object>> grains,
      Set<String> referenced, Set<Table> yielded) {
    if (!present.get(Table.GOLD_ENTITY_COUNTS)) {
      if (present.get(Table.GOLD_COMENTIONS)) {
        for (Row r : warehouse.read(Table.GOLD_COMENTIONS).filter(col("grain").isin(ReportData.GRAINS.toArray()))
            .select("grain", "period_start").distinct().orderBy("grain", "period_start").collectAsList()) {
          list(grains.get(r.getString(0)), "periods").add(r.getDate(1).toString());
          list(grains.get(r.getString(0)), "periodArticles").add(null);
          yielded.add(Table.GOLD_COMENTIONS);
        }
      }
      return;
    }
    Dataset<Row> ec = warehouse.read(Table.GOLD_ENTITY_COUNTS);
    Map<String, Map<String, Integer>> index = new LinkedHashMap<>();
    for (Row r : ReportData.periods(ec, ReportData.GRAINS).collectAsList()) {
      Map<String, Object> gd = grains.get(r.getString(0));
      List<Object> ps = list(gd, "periods");
      index.computeIfAbsent(r.getString(0), k -> new LinkedHashMap<>()).put(r.getDate(1).toString(), ps.size());
      ps.add(r.getDate(1).toString());
      list(gd, "periodArticles").add(r.getLong(2));
      yielded.add(Table.GOLD_ENTITY_COUNTS);
    }
    Set<String> topIds = new LinkedHashSet<>();
    for (Row r : ReportData.topEntities(ec, ReportData.GRAINS, top).collectAsList()) {
      Map<String, Object> gd = grains.get(r.getString(0));
      String id = r.getString(1);
      topIds.add(id);
      list(gd, "top").add(map("id", id, "articles", r.getLong(4)));
      int n = list(gd, "periods").size();
      child(gd, "attention").put(id, map("articles", zeros(n), "share", zeros(n)));
    }
    referenced.addAll(topIds);
    if (topIds.isEmpty()) {
      return;
    }
    for (Row r : ReportData.attention(ec, ReportData.GRAINS, topIds).collectAsList()) {
      @SuppressWarnings("unchecked")
      Map<String, List<Object>> series = (Map<String, List<Object>>) child(grains.get(r.getString(0)), "attention")
          .get(r.getString(2));
      if (series != null) {  // an entity in the other grain's top only
        int i = index.get(r.getString(0)).get(r.getDate(1).toString());
        series.get("articles").set(i, r.getLong(3));
        series.get("share").set(i, r.getDouble(4));
      }
    }
  }

  /** The selectable periods' networks, node sizes, rising pairs and evidence (4 jobs). */
  private void periodDetails(Map<Table, Boolean> present, Map<String, LocalDate> from,
      Map<String, Map<String, Object>> grains, Set<String> referenced, Set<String> articleIds, Set<Table> yielded) {
    List<Row> wantedPairs = new ArrayList<>();
    if (present.get(Table.GOLD_COMENTIONS)) {
      Set<String> networkIds = new LinkedHashSet<>();
      Set<String> inNetwork = new HashSet<>();
      for (Row r : ReportData.topPairs(warehouse.read(Table.GOLD_COMENTIONS), from, pairs).collectAsList()) {
        String g = r.getString(0);
        String p = r.getDate(1).toString();
        String a = r.getString(2);
        String b = r.getString(3);
        networkIds.add(a);
        networkIds.add(b);
        inNetwork.add(g + "|" + p + "|" + a);
        inNetwork.add(g + "|" + p + "|" + b);
        wantedPairs.add(RowFactory.create(g, r.getDate(1), a, b));
        yielded.add(Table.GOLD_COMENTIONS);
        list(child(grains.get(g), "network"), p).add(map("a", a, "b", b, "type", r.getString(4),
            "articles", r.getLong(5), "sentences", r.getLong(6), "npmi", r.isNullAt(7) ? null : r.getDouble(7),
            "lift", r.isNullAt(8) ? null : r.getDouble(8)));
      }
      referenced.addAll(networkIds);
      if (present.get(Table.GOLD_ENTITY_COUNTS) && !networkIds.isEmpty()) {
        for (Row r : ReportData.entityArticles(warehouse.read(Table.GOLD_ENTITY_COUNTS), from, networkIds)
            .collectAsList()) {
          String g = r.getString(0);
          String p = r.getDate(1).toString();
          if (inNetwork.contains(g + "|" + p + "|" + r.getString(2))) {
            child(child(grains.get(g), "nodes"), p).put(r.getString(2), r.getLong(3));
          }
        }
      }
    }
    if (present.get(Table.GOLD_COMENTION_TRENDS)) {
      for (Row r : ReportData.risingPairs(warehouse.read(Table.GOLD_COMENTION_TRENDS), from, rising, risingBy)
          .collectAsList()) {
        String g = r.getString(0);
        String a = r.getString(2);
        String b = r.getString(3);
        referenced.add(a);
        referenced.add(b);
        wantedPairs.add(RowFactory.create(g, r.getDate(1), a, b));
        yielded.add(Table.GOLD_COMENTION_TRENDS);
        list(child(grains.get(g), "rising"), r.getDate(1).toString()).add(map("a", a, "b", b,
            "type", r.getString(4), "month", r.getDate(5).toString(), "articles", r.getLong(6),
            "mean", r.getDouble(7), "change", r.getDouble(8), "z", r.isNullAt(9) ? null : r.getDouble(9),
            "window", r.getInt(10)));
      }
    }
    if (present.get(Table.GOLD_COMENTION_EVIDENCE) && !wantedPairs.isEmpty()) {
      StructType schema = new StructType().add("grain", DataTypes.StringType).add("period_start", DataTypes.DateType)
          .add("entity_a", DataTypes.StringType).add("entity_b", DataTypes.StringType);
      Dataset<Row> wanted = warehouse.spark().createDataFrame(wantedPairs, schema);
      // Evidence rows are months: none before the earliest first period can be wanted.
      LocalDate earliest = from.values().stream().min(LocalDate::compareTo).orElseThrow();
      Dataset<Row> months = warehouse.read(Table.GOLD_COMENTION_EVIDENCE)
          .filter(col("period_start").geq(java.sql.Date.valueOf(earliest)));
      for (Row r : ReportData.evidence(months, wanted, from.keySet(), evidence).collectAsList()) {
        String articleId = r.getString(5);
        articleIds.add(articleId);
        yielded.add(Table.GOLD_COMENTION_EVIDENCE);
        Map<String, Object> byPair = child(child(grains.get(r.getString(0)), "evidence"), r.getDate(1).toString());
        list(byPair, r.getString(2) + "|" + r.getString(3)).add(map("article", articleId,
            "date", r.getDate(6).toString(), "sentenceIndex", r.getInt(7),
            "sentence", cut(r.getString(8), SENTENCE_CHARS)));
      }
    }
  }

  /** The current topic model and, per grain, its topic shares; notes when there is none (2 jobs). */
  private Map<String, Object> topicModel(Map<Table, Boolean> present, Map<String, Map<String, Object>> grains,
      Map<String, String> notes) {
    if (!present.get(Table.GOLD_TOPICS)) {
      notes.put("topics", "no topic model yet: " + Table.GOLD_TOPICS.relativePath() + " does not exist"
          + " (run 'entente topics')");
      return null;
    }
    List<Row> topicRows = ReportData.currentTopics(warehouse.read(Table.GOLD_TOPICS)).collectAsList();
    if (topicRows.isEmpty()) {
      notes.put("topics", warehouse.read(Table.GOLD_TOPICS).isEmpty()
          ? "no topic model yet: " + Table.GOLD_TOPICS.relativePath() + " is empty (run 'entente topics')"
          : "no current topic model in " + Table.GOLD_TOPICS.relativePath() + " (run 'entente topics')");
      return null;
    }
    String modelId = topicRows.get(0).getString(0);
    List<Object> list = new ArrayList<>();
    for (Row r : topicRows) {
      list.add(map("id", r.getInt(1), "label", r.getString(2), "npmi", r.getDouble(3)));
    }
    Map<String, Object> model = map("id", modelId, "k", topicRows.get(0).getInt(4),
        "npmi", topicRows.get(0).getDouble(5), "topics", list);
    if (!present.get(Table.GOLD_TOPIC_TRENDS)) {
      notes.put("topics", "model " + modelId + " has no topic shares: " + Table.GOLD_TOPIC_TRENDS.relativePath()
          + " does not exist (run 'entente topics')");
      return model;
    }
    // Per grain: the periods in order, and each topic's share aligned with them (0 where absent).
    Map<String, List<String>> periodsOf = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> index = new LinkedHashMap<>();
    Map<String, Map<Integer, List<Object>>> shares = new LinkedHashMap<>();
    List<Row> rows = ReportData.topicShares(warehouse.read(Table.GOLD_TOPIC_TRENDS), modelId, ReportData.GRAINS,
        topics).collectAsList();
    if (rows.isEmpty()) {
      notes.put("topics", "model " + modelId + " has no topic shares in " + Table.GOLD_TOPIC_TRENDS.relativePath()
          + " (run 'entente topics')");
    }
    for (Row r : rows) {
      String g = r.getString(0);
      List<String> ps = periodsOf.computeIfAbsent(g, k -> new ArrayList<>());
      if (index.computeIfAbsent(g, k -> new LinkedHashMap<>()).putIfAbsent(r.getDate(1).toString(), ps.size()) == null) {
        ps.add(r.getDate(1).toString());
      }
    }
    for (Row r : rows) {
      String g = r.getString(0);
      int i = index.get(g).get(r.getDate(1).toString());
      shares.computeIfAbsent(g, k -> new TreeMap<>())
          .computeIfAbsent(r.getInt(2), k -> zeros(periodsOf.get(g).size())).set(i, r.getDouble(3));
    }
    for (String g : ReportData.GRAINS) {
      List<Object> series = new ArrayList<>();
      Map<Integer, List<Object>> byTopic = shares.getOrDefault(g, Map.of());
      // Named topics by id, "other topics" (-1) last: on top of the stack.
      byTopic.entrySet().stream().filter(e -> e.getKey() >= 0)
          .forEach(e -> series.add(map("id", e.getKey(), "share", e.getValue())));
      if (byTopic.containsKey(-1)) {
        series.add(map("id", -1, "share", byTopic.get(-1)));
      }
      grains.get(g).put("topics", map("periods", periodsOf.getOrDefault(g, List.of()), "series", series));
    }
    return model;
  }

  private Map<String, Object> names(Map<Table, Boolean> present, Set<String> referenced) {
    Map<String, Object> names = new TreeMap<>();
    if (present.get(Table.GOLD_ENTITY_COUNTS) && !referenced.isEmpty()) {
      for (Row r : ReportData.names(warehouse.read(Table.GOLD_ENTITY_COUNTS), referenced).collectAsList()) {
        names.put(r.getString(0), map("name", r.isNullAt(2) ? null : r.getString(2), "type", r.getString(1)));
      }
    }
    for (String id : referenced) {
      names.putIfAbsent(id, map("name", null, "type", id.contains(":") ? "LEADER" : "COUNTRY"));
    }
    return names;
  }

  private Map<String, Object> articles(Collection<String> ids) {
    Map<String, Object> byId = new TreeMap<>();
    for (Row r : ReportData.titles(warehouse.read(Table.SILVER_ARTICLES), ids).collectAsList()) {
      byId.put(r.getString(0), map("title", r.isNullAt(1) ? null : cut(r.getString(1), TITLE_CHARS),
          "source", r.isNullAt(2) ? null : cut(r.getString(2), 100)));
    }
    return byId;
  }

  private long write(String html) {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    try {
      Path folder = out.getParent();
      if (folder != null) {
        Files.createDirectories(folder);
      }
      Path partial = out.resolveSibling("." + out.getFileName() + ".partial");
      Files.write(partial, bytes);
      Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserError("cannot write --out " + out + ": " + e.getMessage(), e);
    }
    return bytes.length;
  }

  static String cut(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end) + "\u2026";
  }

  private static List<Object> zeros(int n) {
    List<Object> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add(0);
    }
    return l;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> m, String key) {
    return (List<Object>) m.computeIfAbsent(key, k -> new ArrayList<>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> m, String key) {
    return (Map<String, Object>) m.computeIfAbsent(key, k -> new LinkedHashMap<>());
  }

  /** A small ordered map from alternating keys and values. */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
