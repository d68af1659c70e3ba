package org.entente.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.udf;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.entente.topics.Coherence;
import org.entente.topics.TopicJob;
import org.entente.topics.TopicModel;
import org.entente.util.Console;
import org.entente.util.UserError;
import scala.collection.JavaConverters;

/**
 * The topic-model benchmark: Entente's LDA against other tools on the same tokenised documents,
 * scored the same way.
 *
 * <p>{@link #export} fits Entente's model exactly as the {@code topics} stage does (through
 * {@link TopicJob#fitOnly}, which writes nothing to the warehouse), times it, and writes into a
 * folder: {@code docs.tsv} (one article a line: {@code id<TAB>label<TAB>tokens}, the tokens being
 * Entente's phrase-joined terms restricted to the fitted vocabulary, in text order; articles with
 * no vocabulary word are left out, as the stage leaves them out) and a tool folder
 * {@code entente/} in the layout every tool writes:
 * <ul>
 *   <li>{@code topics.txt}: one topic a line, its top terms separated by spaces (when a line has
 *       tabs, only the text after the last one: MALLET's topic-keys file reads as is);</li>
 *   <li>{@code doc_topics.tsv}: {@code id<TAB>topic} (the dominant topic), or MALLET's doc-topics
 *       file ({@code index<TAB>id<TAB>p0<TAB>p1...}, the largest proportion taken);</li>
 *   <li>{@code fit.properties}: {@code tool}, {@code settings}, {@code fit_seconds},
 *       {@code fit_includes}, {@code load} (load averages at the start of the fit) and free
 *       extras.</li>
 * </ul>
 *
 * <p>{@link #score} reads every tool folder, computes each topic's NPMI over {@code docs.tsv}
 * with {@link Coherence#npmi} (the function the stage uses, so the same for every tool) on the
 * top {@value #TOP} terms, and purity against the labels, and returns a markdown table.
 */
public final class TopicBench {
  /** Top terms per topic that coherence is computed on. */
  public static final int TOP = 10;

  /** The label of an article without one (purity is then not computed). */
  public static final String NO_LABEL = "-";

  private TopicBench() {}

  /**
   * The label of an article id: with {@code idPrefix}, the part between the source prefix
   * ({@code bbc:}) and the first '/' ({@code bbc:business/001} gives {@code business}); otherwise,
   * or when the id has no '/', {@value #NO_LABEL}.
   */
  public static String label(String articleId, boolean idPrefix) {
    if (!idPrefix || articleId == null) {
      return NO_LABEL;
    }
    int colon = articleId.indexOf(':');
    int slash = articleId.indexOf('/', colon + 1);
    if (slash <= colon + 1) {
      return NO_LABEL;
    }
    return articleId.substring(colon + 1, slash);
  }

  /** What {@link #export} did. */
  public record Exported(long documents, int vocabulary, int phrases, double fitSeconds) {}

  /**
   * Fits {@code job} (configured with one k) and writes {@code docs.tsv} and {@code entente/}
   * under {@code out}. The fit time is phrases + vocabulary (with the feature vectors cached) +
   * LDA; reading the Delta table and scoring the articles afterwards are reported apart.
   */
  public static Exported export(SparkSession spark, TopicJob job, Path out, boolean idPrefixLabels,
      String settings) throws IOException {
    Files.createDirectories(out.resolve("entente"));
    String load = loadAverage();
    TopicJob.Measured m = job.fitOnly();
    Dataset<Row> features = m.features();
    try {
      TopicModel model = m.model();
      double fitSeconds = m.phraseSeconds() + m.vocabularySeconds() + m.ldaSeconds();
      Console.info("bench-topics: fitted k=%d in %.1f s (phrases %.1f, vocabulary %.1f, LDA %.1f; read %.1f)",
          model.k(), fitSeconds, m.phraseSeconds(), m.vocabularySeconds(), m.ldaSeconds(), m.loadSeconds());
      HashSet<String> vocab = new HashSet<>(Arrays.asList(model.vocabulary().vocabulary()));
      UDF1<scala.collection.Seq<String>, String> restrict = tokens -> {
        StringBuilder sb = new StringBuilder();
        for (String t : JavaConverters.seqAsJavaList(tokens)) {
          if (vocab.contains(t)) {
            if (sb.length() > 0) {
              sb.append(' ');
            }
            sb.append(t);
          }
        }
        return sb.toString();
      };
      long s0 = System.nanoTime();
      Dataset<Row> scored = model.lda().transform(features)
          .select(col("article_id"), udf(restrict, DataTypes.StringType).apply(col("tokens")).as("text"),
              functions.vector_to_array(col("topicDistribution"), "float64").as("_w"))
          .withColumn("dominant", expr("array_position(_w, array_max(_w)) - 1"))
          .select("article_id", "text", "dominant")
          .orderBy("article_id");
      long docs = 0;
      try (BufferedWriter d = Files.newBufferedWriter(out.resolve("docs.tsv"), StandardCharsets.UTF_8);
          BufferedWriter t = Files.newBufferedWriter(out.resolve("entente/doc_topics.tsv"), StandardCharsets.UTF_8)) {
        Iterator<Row> it = scored.toLocalIterator();
        while (it.hasNext()) {
          Row r = it.next();
          String id = clean(r.getString(0));
          d.write(id + "\t" + label(r.getString(0), idPrefixLabels) + "\t" + r.getString(1) + "\n");
          t.write(id + "\t" + r.getLong(2) + "\n");
          docs++;
        }
      }
      double scoreSeconds = (System.nanoTime() - s0) / 1e9;
      List<String> topicLines = new ArrayList<>();
      for (List<TopicModel.TermWeight> topic : model.topTerms(TOP)) {
        topicLines.add(String.join(" ", topic.stream().map(TopicModel.TermWeight::term).toList()));
      }
      Files.write(out.resolve("entente/topics.txt"), topicLines, StandardCharsets.UTF_8);
      Properties p = new Properties();
      p.setProperty("tool", "Entente (Spark MLlib LDA, " + spark.sparkContext().master() + ")");
      p.setProperty("settings", settings);
      p.setProperty("k", Integer.toString(model.k()));
      p.setProperty("fit_seconds", String.format(Locale.ROOT, "%.2f", fitSeconds));
      p.setProperty("fit_includes", "phrases + vocabulary (learnt, vectors cached) + LDA fit (with its Gibbs start);"
          + " not JVM/Spark start-up, the Delta read or scoring");
      p.setProperty("phrase_seconds", String.format(Locale.ROOT, "%.2f", m.phraseSeconds()));
      p.setProperty("vocabulary_seconds", String.format(Locale.ROOT, "%.2f", m.vocabularySeconds()));
      p.setProperty("lda_seconds", String.format(Locale.ROOT, "%.2f", m.ldaSeconds()));
      p.setProperty("read_seconds", String.format(Locale.ROOT, "%.2f", m.loadSeconds()));
      p.setProperty("score_export_seconds", String.format(Locale.ROOT, "%.2f", scoreSeconds));
      p.setProperty("vocabulary", Integer.toString(model.vocabulary().vocabulary().length));
      p.setProperty("phrases", Integer.toString(model.phrases().size()));
      p.setProperty("load", load);
      try (BufferedWriter w = Files.newBufferedWriter(out.resolve("entente/fit.properties"), StandardCharsets.UTF_8)) {
        p.store(w, "bench-topics export");
      }
      return new Exported(docs, model.vocabulary().vocabulary().length, model.phrases().size(), fitSeconds);
    } finally {
      features.unpersist();
    }
  }

  /** Ids go into a tab-separated file: tabs and line breaks in them become spaces. */
  static String clean(String id) {
    return id.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  /** The 1-, 5- and 15-minute load averages ("n/a" where /proc/loadavg is missing). */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** Top terms of each topic: one topic a line, the text after the last tab, the first {@code n} words. */
  public static List<List<String>> parseTopics(List<String> lines, int n) {
    List<List<String>> out = new ArrayList<>();
    for (String line : lines) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String words = line.substring(line.lastIndexOf('\t') + 1).strip();
      if (words.isEmpty()) {
        throw new UserError("a topic line has no terms: '" + line + "'");
      }
      List<String> terms = Arrays.asList(words.split("\\s+"));
      out.add(List.copyOf(terms.subList(0, Math.min(n, terms.size()))));
    }
    return out;
  }

  /**
   * The dominant topic of each document: lines {@code id<TAB>topic}, or MALLET's
   * {@code index<TAB>id<TAB>p0<TAB>p1...} (the first largest proportion). Lines starting with '#'
   * are comments.
   */
  public static Map<String, Integer> parseDocTopics(List<String> lines) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      try {
        if (f.length == 2) {
          out.put(f[0], Integer.parseInt(f[1].strip()));
        } else if (f.length >= 3) {
          int best = -1;
          double max = Double.NEGATIVE_INFINITY;
          for (int i = 2; i < f.length; i++) {
            double v = Double.parseDouble(f[i].strip());
            if (v > max) {
              max = v;
              best = i - 2;
            }
          }
          out.put(f[1], best);
        } else {
          throw new UserError("a doc-topics line needs id<TAB>topic or MALLET's index<TAB>id<TAB>proportions: '"
              + abbreviate(line) + "'");
        }
      } catch (NumberFormatException e) {
        throw new UserError("not a number in the doc-topics line '" + abbreviate(line) + "'");
      }
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /**
   * Purity: over topics, the largest number of documents of one label among those whose
   * dominant topic it is, summed, over all labelled documents (a document with no assignment
   * counts as a miss). NaN when no document has a label.
   */
  public static double purity(Map<String, String> labels, Map<String, Integer> dominant) {
    Map<Integer, Map<String, Integer>> counts = new HashMap<>();
    long labelled = 0;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (e.getValue() == null || e.getValue().equals(NO_LABEL)) {
        continue;
      }
      labelled++;
      Integer topic = dominant.get(e.getKey());
      if (topic != null) {
        counts.computeIfAbsent(topic, t -> new HashMap<>()).merge(e.getValue(), 1, Integer::sum);
      }
    }
    if (labelled == 0) {
      return Double.NaN;
    }
    long sum = 0;
    for (Map<String, Integer> c : counts.values()) {
      sum += c.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
    return (double) sum / labelled;
  }

  /** One tool's scores. */
  public record Score(String folder, Properties fit, int topics, double meanNpmi, double minNpmi, double purity,
      long assigned, List<List<String>> top) {}

  /**
   * Scores the tool folders {@code tools} (all sub-folders of {@code dir} holding topics.txt
   * when empty) against {@code dir/docs.tsv}.
   */
  public static List<Score> score(SparkSession spark, Path dir, List<String> tools) throws IOException {
    Path docsFile = dir.resolve("docs.tsv");
    if (!Files.isRegularFile(docsFile)) {
      throw new UserError("no " + docsFile + " (run 'entente bench-topics export --out " + dir + "' first)");
    }
    List<String> folders = new ArrayList<>(tools);
    if (folders.isEmpty()) {
      try (var s = Files.list(dir)) {
        s.filter(p -> Files.isRegularFile(p.resolve("topics.txt"))).map(p -> p.getFileName().toString()).sorted()
            .forEach(folders::add);
      }
      folders.remove("entente");
      folders.add(0, "entente");
    }
    Map<String, String> labels = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(docsFile, StandardCharsets.UTF_8)) {
      readLabels(r, labels);
    }
    Dataset<Row> parts = spark.read().text(docsFile.toString()).select(split(col("value"), "\t", 3).as("_f"));
    Dataset<Row> docs = parts.select(element_at(col("_f"), 1).as("article_id"),
            split(element_at(col("_f"), 3), " ").as("tokens"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long n = docs.count();
      if (n != labels.size()) {
        throw new UserError(docsFile + ": " + n + " lines but " + labels.size() + " distinct ids");
      }
      List<Score> out = new ArrayList<>();
      for (String tool : folders) {
        Path t = dir.resolve(tool);
        for (String f : List.of("topics.txt", "doc_topics.tsv")) {
          if (!Files.isRegularFile(t.resolve(f))) {
            throw new UserError("no " + t.resolve(f) + " (each tool folder needs topics.txt and doc_topics.tsv)");
          }
        }
        List<List<String>> top = parseTopics(Files.readAllLines(t.resolve("topics.txt"), StandardCharsets.UTF_8), TOP);
        Map<String, Integer> dominant = parseDocTopics(Files.readAllLines(t.resolve("doc_topics.tsv"),
            StandardCharsets.UTF_8));
        Properties fit = new Properties();
        if (Files.isRegularFile(t.resolve("fit.properties"))) {
          try (Reader r = Files.newBufferedReader(t.resolve("fit.properties"), StandardCharsets.UTF_8)) {
            fit.load(r);
          }
        }
        double[] npmi = Coherence.npmi(docs, top);
        double mean = Arrays.stream(npmi).average().orElse(Double.NaN);
        double min = Arrays.stream(npmi).min().orElse(Double.NaN);
        long assigned = dominant.keySet().stream().filter(labels::containsKey).count();
        Score s = new Score(tool, fit, top.size(), mean, min, purity(labels, dominant), assigned, top);
        Console.info("bench-topics: %s: %d topics, mean NPMI %.3f, purity %.3f, %d of %d docs assigned", tool,
            top.size(), mean, s.purity(), assigned, n);
        out.add(s);
      }
      return out;
    } finally {
      docs.unpersist();
    }
  }

  static void readLabels(BufferedReader r, Map<String, String> labels) throws IOException {
    String line;
    while ((line = r.readLine()) != null) {
      int a = line.indexOf('\t');
      int b = a < 0 ? -1 : line.indexOf('\t', a + 1);
      if (b < 0) {
        throw new UserError("a docs.tsv line needs id<TAB>label<TAB>tokens: '" + abbreviate(line) + "'");
      }
      labels.put(line.substring(0, a), line.substring(a + 1, b));
    }
  }

  /** The scores as a markdown table, then each tool's topics. */
  public static String markdown(String corpus, long documents, List<Score> scores) {
    StringBuilder sb = new StringBuilder();
    sb.append("| corpus | tool | settings | k | purity | mean NPMI (min) | fit wall s | load avg at fit start |\n");
    sb.append("| --- | --- | --- | ---: | ---: | ---: | ---: | --- |\n");
    for (Score s : scores) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %.3f (%.3f) | %s | %s |%n", corpus,
          s.fit().getProperty("tool", s.folder()), s.fit().getProperty("settings", ""), s.topics(),
          Double.isNaN(s.purity()) ? "n/a" : String.format(Locale.ROOT, "%.3f", s.purity()), s.meanNpmi(),
          s.minNpmi(), s.fit().getProperty("fit_seconds", "?"), s.fit().getProperty("load", "?")));
    }
    sb.append(String.format(Locale.ROOT, "%n%,d documents; NPMI over document co-occurrence of each topic's top %d"
        + " terms (org.entente.topics.Coherence), the same documents for every tool.%n", documents, TOP));
    for (Score s : scores) {
      sb.append("\n").append(s.folder()).append(": fit = ").append(s.fit().getProperty("fit_includes", "?"));
      if (s.assigned() != documents) {
        sb.append(String.format(Locale.ROOT, " (doc topics for %,d of %,d documents)", s.assigned(), documents));
      }
      sb.append("\n");
      for (int i = 0; i < s.top().size(); i++) {
        sb.append("  ").append(i).append(": ").append(String.join(" ", s.top().get(i))).append("\n");
      }
    }
    return sb.toString();
  }

  /** Documents in {@code dir/docs.tsv}. */
  public static long countDocuments(Path dir) throws IOException {
    try (var lines = Files.lines(dir.resolve("docs.tsv"), StandardCharsets.UTF_8)) {
      return lines.count();
    }
  }
}
