package org.entente.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.entente.ingest.ArticleNormalizer;
import org.entente.ingest.FieldMapping;
import org.entente.ingest.IngestJob;
import org.entente.kb.KnowledgeBase;
import org.entente.nlp.AnnotateJob;
import org.entente.util.Console;
import org.entente.util.Csv;
import org.entente.util.UserError;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import scala.collection.JavaConverters;

/**
 * Accuracy of entity detection against a labelled corpus in the style of Reuters-21578: each
 * record has an id, text, a date and arrays of place and people codes. Ingests and annotates the
 * corpus into a scratch warehouse, maps the codes to entity ids, and scores per entity and
 * overall: recall = found labels / labels, precision = found labels / distinct entities found.
 *
 * <p>Countries: the labels against the article's distinct country mentions. Leaders: the people
 * labels that map to a head of state or government in office on the article's date, against
 * the article's distinct leader mentions. Codes without a mapping are ignored and counted.
 * Records refused or dropped as duplicates by ingest are not scored.
 *
 * <p>Cost: an ingest and an annotate of the corpus, then one join; scoring is on the driver
 * (one small row per article).
 */
public final class EvalJob {
  /** Counts for one entity or a total. */
  public record Score(String entity, long labels, long found, long predicted) {
    public double recall() {
      return labels == 0 ? Double.NaN : (double) found / labels;
    }

    public double precision() {
      return predicted == 0 ? Double.NaN : (double) found / predicted;
    }
  }

  /** The whole evaluation. */
  public record Report(long articles, Score countries, Score countriesWithoutUsa, Score leaders,
      List<Score> perCountry, List<Score> perLeader, Map<String, Long> unmappedCodes) {}

  private final Warehouse scratch;
  private String labels;
  private String placesMap;
  private String peopleMap;
  private String kbDir;

  private EvalJob(Warehouse scratch) {
    this.scratch = Objects.requireNonNull(scratch);
  }

  public static EvalJob in(Warehouse scratch) {
    return new EvalJob(scratch);
  }

  public EvalJob labels(String path) {
    this.labels = path;
    return this;
  }

  /** A CSV {@code code,entity_id} for place codes; the bundled Reuters mapping when null. */
  public EvalJob placesMap(String path) {
    this.placesMap = path;
    return this;
  }

  /** A CSV {@code code,entity_id} for people codes (leaders only); Reuters' when null. */
  public EvalJob peopleMap(String path) {
    this.peopleMap = path;
    return this;
  }

  public EvalJob kbDir(String dir) {
    this.kbDir = dir;
    return this;
  }

  public Report execute() {
    if (labels == null) {
      throw new UserError("eval needs --labels FILE (JSON lines with id, text, date, places, people)");
    }
    SparkSession spark = scratch.spark();
    Map<String, String> places = mapping(placesMap, "reuters_places.csv");
    Map<String, String> people = mapping(peopleMap, "reuters_people.csv");
    KnowledgeBase kb = KnowledgeBase.load(kbDir);

    IngestJob.into(scratch).inputs(List.of(labels)).source("eval")
        .mapping(new FieldMapping().with(FieldMapping.Target.ID, "id")).execute();
    AnnotateJob.on(scratch).kb(kb).execute();

    String prefix = ArticleNormalizer.slug("eval") + ":";
    Dataset<Row> gold = spark.read().json(labels)
        .select(concat(lit(prefix), col("id").cast("string")).as("article_id"), col("places"), col("people"));
    Dataset<Row> mentions = scratch.read(Table.SILVER_MENTIONS);
    Dataset<Row> predicted = mentions.groupBy("article_id").agg(
        collect_set(when(col("entity_type").equalTo("COUNTRY"), col("entity_id"))).as("pred_countries"),
        collect_set(when(col("entity_type").equalTo("LEADER"), col("entity_id"))).as("pred_leaders"));
    Dataset<Row> joined = scratch.read(Table.SILVER_ARTICLES).select("article_id", "published_date")
        .join(gold, "article_id")
        .join(predicted, JavaConverters.asScalaBuffer(List.of("article_id")).toSeq(), "left");

    Map<String, long[]> perCountry = new TreeMap<>();
    Map<String, long[]> perLeader = new TreeMap<>();
    Map<String, Long> unmapped = new TreeMap<>();
    long[] c = new long[3];
    long[] cNoUsa = new long[3];
    long[] l = new long[3];
    long articles = 0;
    for (Row r : joined.collectAsList()) {
      articles++;
      LocalDate date = r.getDate(1).toLocalDate();
      Set<String> goldC = mapCodes(list(r, 2), places, unmapped);
      Set<String> goldL = new HashSet<>();
      for (String id : mapCodes(list(r, 3), people, null)) {
        if (kb.termOn(id, date) != null) {
          goldL.add(id);
        }
      }
      Set<String> predC = new HashSet<>(list(r, 4));
      Set<String> predL = new HashSet<>(list(r, 5));
      score(goldC, predC, c, perCountry);
      Set<String> goldCn = new HashSet<>(goldC);
      goldCn.remove("USA");
      Set<String> predCn = new HashSet<>(predC);
      predCn.remove("USA");
      score(goldCn, predCn, cNoUsa, null);
      score(goldL, predL, l, perLeader);
    }
    Report report = new Report(articles, new Score("countries", c[0], c[1], c[2]),
        new Score("countries except USA", cNoUsa[0], cNoUsa[1], cNoUsa[2]), new Score("leaders", l[0], l[1], l[2]),
        scores(perCountry), scores(perLeader), unmapped);
    Console.info("eval: %d articles; countries recall %.3f precision %.3f; without USA recall %.3f;"
            + " leaders recall %.3f precision %.3f", articles, report.countries().recall(),
        report.countries().precision(), report.countriesWithoutUsa().recall(), report.leaders().recall(),
        report.leaders().precision());
    return report;
  }

  /** Adds an article's labels (0), found labels (1) and predictions (2) to the totals. */
  private static void score(Set<String> gold, Set<String> pred, long[] total, Map<String, long[]> per) {
    for (String g : gold) {
      boolean found = pred.contains(g);
      total[0]++;
      total[1] += found ? 1 : 0;
      if (per != null) {
        long[] e = per.computeIfAbsent(g, k -> new long[3]);
        e[0]++;
        e[1] += found ? 1 : 0;
      }
    }
    // Precision is scored only where the article has labels of this kind: an unlabelled article
    // says nothing about what is wrong in it.
    if (gold.isEmpty()) {
      return;
    }
    for (String p : pred) {
      total[2]++;
      if (per != null) {
        per.computeIfAbsent(p, k -> new long[3])[2]++;
      }
    }
  }

  private static List<Score> scores(Map<String, long[]> per) {
    List<Score> out = new ArrayList<>();
    per.forEach((k, v) -> out.add(new Score(k, v[0], v[1], v[2])));
    out.sort((a, b) -> Long.compare(b.labels(), a.labels()));
    return out;
  }

  private static Set<String> mapCodes(Collection<String> codes, Map<String, String> map, Map<String, Long> unmapped) {
    Set<String> out = new HashSet<>();
    for (String code : codes) {
      String id = map.get(code);
      if (id != null) {
        out.add(id);
      } else if (unmapped != null) {
        unmapped.merge(code, 1L, Long::sum);
      }
    }
    return out;
  }

  private static List<String> list(Row r, int i) {
    if (r.isNullAt(i)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : r.getList(i)) {
      if (o != null) {
        out.add(o.toString());
      }
    }
    return out;
  }

  static Map<String, String> mapping(String path, String bundled) {
    String content;
    try {
      if (path == null) {
        try (InputStream in = EvalJob.class.getResourceAsStream(bundled)) {
          content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } else {
        content = Files.readString(Path.of(path), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UserError("cannot read mapping " + (path == null ? bundled : path) + ": " + e.getMessage(), e);
    }
    StringBuilder sb = new StringBuilder();
    for (String line : content.split("\n")) {
      if (!line.startsWith("#")) {
        sb.append(line).append('\n');
      }
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (Map<String, String> r : Csv.parse(sb.toString(), path == null ? bundled : path)) {
      m.put(r.get("code").strip(), r.get("entity_id").strip());
    }
    return m;
  }
}
