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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.report.ReportData.RisingOrder;
import org.entente.util.Console;
import org.entente.util.UserError;
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
 * <p>Cost: about twenty small Spark jobs, each a filtered scan of one gold table (gold tables
 * are small: periods × entities or pairs) with at most one shuffle by period; and one filtered
 * scan of silver/articles' id, title and source columns for the evidence articles' titles.
 * Everything collected to the driver is bounded as above.
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
      throw new UserError("the warehouse " + warehouse.root() + " does not exist (give --warehouse DIR_OR_URI)");
    }
    if (GOLD.stream().noneMatch(warehouse::exists)) {
      throw new UserError("no gold tables in the warehouse " + warehouse.root()
          + " (run the pipeline first: entente run, or ingest, annotate, comentions and topics)");
    }
    Map<Table, Boolean> present = new LinkedHashMap<>();
    for (Table t : GOLD) {
      present.put(t, warehouse.exists(t) && !warehouse.read(t).isEmpty());
    }

    Map<String, String> notes = new LinkedHashMap<>();
    noteIfMissing(notes, present, "attention", Table.GOLD_ENTITY_COUNTS, "comentions");
    noteIfMissing(notes, present, "network", Table.GOLD_COMENTIONS, "comentions");
    noteIfMissing(notes, present, "rising", Table.GOLD_COMENTION_TRENDS, "comentions");
    noteIfMissing(notes, present, "evidence", Table.GOLD_COMENTION_EVIDENCE, "comentions");

    Map<String, Object> data = new LinkedHashMap<>();
    data.put("warehouse", warehouse.root());
    data.put("generatedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("grain", grain);
    options.put("top", top);
    options.put("pairs", pairs);
    options.put("rising", rising);
    options.put("risingBy", risingBy.name().toLowerCase(Locale.ROOT));
    options.put("evidence", evidence);
    options.put("periods", periods);
    options.put("topics", topics);
    data.put("options", options);

    Set<String> referenced = new TreeSet<>();
    Set<String> articleIds = new TreeSet<>();
    Map<String, Object> grains = new LinkedHashMap<>();
    for (String g : ReportData.GRAINS) {
      grains.put(g, grain(g, present, referenced, articleIds));
    }

    Map<String, Object> model = topicModel(present, grains, notes);
    data.put("topicModel", model);
    data.put("names", names(present, referenced));
    if (!articleIds.isEmpty() && warehouse.exists(Table.SILVER_ARTICLES)) {
      data.put("articles", articles(articleIds));
    } else {
      data.put("articles", Map.of());
    }
    data.put("grains", grains);
    data.put("notes", notes);

    String html = ReportPage.render(HtmlJson.write(data));
    long bytes = write(html);
    Console.info("report: wrote %s (%,d bytes; %d entities named)", out, bytes, referenced.size());
    return new Result(out, bytes, notes);
  }

  private boolean rootExists() {
    try {
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(warehouse.root());
      return root.getFileSystem(warehouse.spark().sparkContext().hadoopConfiguration()).exists(root);
    } catch (IOException e) {
      throw new UserError("cannot read the warehouse " + warehouse.root() + ": " + e.getMessage(), e);
    }
  }

  private void noteIfMissing(Map<String, String> notes, Map<Table, Boolean> present, String section, Table t,
      String stage) {
    if (!present.get(t)) {
      notes.put(section, t.relativePath() + (warehouse.exists(t) ? " is empty" : " does not exist")
          + ": run 'entente " + stage + "' to fill it");
    }
  }

  /** One grain's data: time axis, attention series, and per selectable period network, rising pairs, evidence. */
  private Map<String, Object> grain(String g, Map<Table, Boolean> present, Set<String> referenced,
      Set<String> articleIds) {
    Map<String, Object> gd = new LinkedHashMap<>();
    List<String> periodList = new ArrayList<>();
    List<Object> periodArticles = new ArrayList<>();
    if (present.get(Table.GOLD_ENTITY_COUNTS)) {
      Dataset<Row> ec = warehouse.read(Table.GOLD_ENTITY_COUNTS);
      for (Row r : ReportData.periods(ec, g).collectAsList()) {
        periodList.add(r.getDate(0).toString());
        periodArticles.add(r.getLong(1));
      }
      List<Map<String, Object>> topRows = new ArrayList<>();
      List<String> topIds = new ArrayList<>();
      for (Row r : ReportData.topEntities(ec, g, top).collectAsList()) {
        String id = r.getString(0);
        topIds.add(id);
        referenced.add(id);
        topRows.add(map("id", id, "articles", r.getLong(3)));
      }
      gd.put("top", topRows);
      Map<String, Map<String, List<Object>>> series = new LinkedHashMap<>();
      Map<String, Integer> index = new LinkedHashMap<>();
      for (int i = 0; i < periodList.size(); i++) {
        index.put(periodList.get(i), i);
      }
      for (String id : topIds) {
        Map<String, List<Object>> s = new LinkedHashMap<>();
        s.put("articles", zeros(periodList.size()));
        s.put("share", zeros(periodList.size()));
        series.put(id, s);
      }
      if (!topIds.isEmpty()) {
        for (Row r : ReportData.attention(ec, g, topIds).collectAsList()) {
          int i = index.get(r.getDate(0).toString());
          Map<String, List<Object>> s = series.get(r.getString(1));
          s.get("articles").set(i, r.getLong(2));
          s.get("share").set(i, r.getDouble(3));
        }
      }
      gd.put("attention", series);
    } else if (present.get(Table.GOLD_COMENTIONS)) {
      for (Row r : warehouse.read(Table.GOLD_COMENTIONS).filter(col("grain").equalTo(g))
          .select("period_start").distinct().orderBy("period_start").collectAsList()) {
        periodList.add(r.getDate(0).toString());
        periodArticles.add(null);
      }
    }
    gd.put("periods", periodList);
    gd.put("periodArticles", periodArticles);
    List<String> selectable = periodList.subList(Math.max(0, periodList.size() - periods), periodList.size());
    gd.put("selectable", new ArrayList<>(selectable));
    Map<String, Object> network = new LinkedHashMap<>();
    Map<String, Object> nodes = new LinkedHashMap<>();
    Map<String, Object> risingByPeriod = new LinkedHashMap<>();
    Map<String, Object> evidenceByPeriod = new LinkedHashMap<>();
    gd.put("network", network);
    gd.put("nodes", nodes);
    gd.put("rising", risingByPeriod);
    gd.put("evidence", evidenceByPeriod);
    if (selectable.isEmpty()) {
      return gd;
    }
    LocalDate from = LocalDate.parse(selectable.get(0));
    List<Row> wantedPairs = new ArrayList<>();
    if (present.get(Table.GOLD_COMENTIONS)) {
      Set<String> networkIds = new LinkedHashSet<>();
      for (Row r : ReportData.topPairs(warehouse.read(Table.GOLD_COMENTIONS), g, from, pairs).collectAsList()) {
        String p = r.getDate(0).toString();
        String a = r.getString(1);
        String b = r.getString(2);
        networkIds.add(a);
        networkIds.add(b);
        wantedPairs.add(RowFactory.create(r.getDate(0), a, b));
        list(network, p).add(map("a", a, "b", b, "type", r.getString(3), "articles", r.getLong(4),
            "sentences", r.getLong(5), "npmi", r.isNullAt(6) ? null : r.getDouble(6),
            "lift", r.isNullAt(7) ? null : r.getDouble(7)));
      }
      referenced.addAll(networkIds);
      if (present.get(Table.GOLD_ENTITY_COUNTS) && !networkIds.isEmpty()) {
        Dataset<Row> ea = ReportData.entityArticles(warehouse.read(Table.GOLD_ENTITY_COUNTS), g, from)
            .filter(col("entity_id").isin(networkIds.toArray()));
        for (Row r : ea.collectAsList()) {
          String p = r.getDate(0).toString();
          @SuppressWarnings("unchecked")
          List<Map<String, Object>> edges = (List<Map<String, Object>>) network.get(p);
          String id = r.getString(1);
          if (edges != null && edges.stream().anyMatch(e -> id.equals(e.get("a")) || id.equals(e.get("b")))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> sizes = (Map<String, Object>) nodes.computeIfAbsent(p, k -> new java.util.TreeMap<>());
            sizes.put(id, r.getLong(2));
          }
        }
      }
    }
    if (present.get(Table.GOLD_COMENTION_TRENDS)) {
      for (Row r : ReportData.risingPairs(warehouse.read(Table.GOLD_COMENTION_TRENDS), g, from, rising, risingBy)
          .collectAsList()) {
        String a = r.getString(1);
        String b = r.getString(2);
        referenced.add(a);
        referenced.add(b);
        wantedPairs.add(RowFactory.create(r.getDate(0), a, b));
        list(risingByPeriod, r.getDate(0).toString()).add(map("a", a, "b", b, "type", r.getString(3),
            "month", r.getDate(4).toString(), "articles", r.getLong(5), "mean", r.getDouble(6),
            "change", r.getDouble(7), "z", r.isNullAt(8) ? null : r.getDouble(8), "window", r.getInt(9)));
      }
    }
    if (present.get(Table.GOLD_COMENTION_EVIDENCE) && !wantedPairs.isEmpty()) {
      StructType schema = new StructType().add("period_start", DataTypes.DateType)
          .add("entity_a", DataTypes.StringType).add("entity_b", DataTypes.StringType);
      Dataset<Row> wanted = warehouse.spark().createDataFrame(wantedPairs, schema);
      for (Row r : ReportData.evidence(warehouse.read(Table.GOLD_COMENTION_EVIDENCE), wanted, g, evidence)
          .collectAsList()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> byPair = (Map<String, Object>) evidenceByPeriod.computeIfAbsent(
            r.getDate(0).toString(), k -> new LinkedHashMap<>());
        String articleId = r.getString(4);
        articleIds.add(articleId);
        list(byPair, r.getString(1) + "|" + r.getString(2)).add(map("article", articleId,
            "date", r.getDate(5).toString(), "sentenceIndex", r.getInt(6), "sentence", cut(r.getString(7),
                SENTENCE_CHARS)));
      }
    }
    return gd;
  }

  /** The current topic model and, per grain, its topic shares; notes when there is none. */
  private Map<String, Object> topicModel(Map<Table, Boolean> present, Map<String, Object> grains,
      Map<String, String> notes) {
    if (!present.get(Table.GOLD_TOPICS)) {
      notes.put("topics", "no topic model yet: " + Table.GOLD_TOPICS.relativePath()
          + (warehouse.exists(Table.GOLD_TOPICS) ? " is empty" : " does not exist") + " (run 'entente topics')");
      return null;
    }
    List<Row> topicRows = ReportData.currentTopics(warehouse.read(Table.GOLD_TOPICS)).collectAsList();
    if (topicRows.isEmpty()) {
      notes.put("topics", "no current topic model in " + Table.GOLD_TOPICS.relativePath() + " (run 'entente topics')");
      return null;
    }
    String modelId = topicRows.get(0).getString(0);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("id", modelId);
    model.put("k", topicRows.get(0).getInt(4));
    model.put("npmi", topicRows.get(0).getDouble(5));
    List<Object> list = new ArrayList<>();
    for (Row r : topicRows) {
      list.add(map("id", r.getInt(1), "label", r.getString(2), "npmi", r.getDouble(3)));
    }
    model.put("topics", list);
    if (!present.get(Table.GOLD_TOPIC_TRENDS)) {
      notes.put("topics", "model " + modelId + " has no topic shares: " + Table.GOLD_TOPIC_TRENDS.relativePath()
          + (warehouse.exists(Table.GOLD_TOPIC_TRENDS) ? " is empty" : " does not exist") + " (run 'entente topics')");
      return model;
    }
    for (String g : ReportData.GRAINS) {
      List<String> periodList = new ArrayList<>();
      Map<Integer, List<Object>> shares = new java.util.TreeMap<>();
      List<Row> rows = ReportData.topicShares(warehouse.read(Table.GOLD_TOPIC_TRENDS), modelId, g, topics)
          .collectAsList();
      Map<String, Integer> index = new LinkedHashMap<>();
      for (Row r : rows) {
        String p = r.getDate(0).toString();
        if (index.putIfAbsent(p, periodList.size()) == null) {
          periodList.add(p);
        }
      }
      for (Row r : rows) {
        int i = index.get(r.getDate(0).toString());
        shares.computeIfAbsent(r.getInt(1), k -> zeros(periodList.size())).set(i, r.getDouble(2));
      }
      List<Object> series = new ArrayList<>();
      // Named topics first (by id), "other topics" (-1) last, on top of the stack.
      shares.entrySet().stream().filter(e -> e.getKey() >= 0)
          .forEach(e -> series.add(map("id", e.getKey(), "share", e.getValue())));
      if (shares.containsKey(-1)) {
        series.add(map("id", -1, "share", shares.get(-1)));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> gd = (Map<String, Object>) grains.get(g);
      gd.put("topics", map("periods", periodList, "series", series));
    }
    return model;
  }

  private Map<String, Object> names(Map<Table, Boolean> present, Set<String> referenced) {
    Map<String, Object> names = new java.util.TreeMap<>();
    if (present.get(Table.GOLD_ENTITY_COUNTS)) {
      for (Row r : ReportData.names(warehouse.read(Table.GOLD_ENTITY_COUNTS)).collectAsList()) {
        if (referenced.contains(r.getString(0))) {
          names.put(r.getString(0), map("name", r.isNullAt(2) ? null : r.getString(2), "type", r.getString(1)));
        }
      }
    }
    for (String id : referenced) {
      names.putIfAbsent(id, map("name", null, "type", id.contains(":") ? "LEADER" : "COUNTRY"));
    }
    return names;
  }

  private Map<String, Object> articles(Collection<String> ids) {
    Map<String, Object> byId = new java.util.TreeMap<>();
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

  /** A small ordered map from alternating keys and values. */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
