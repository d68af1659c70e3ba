package org.entente.nlp;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import com.johnsnowlabs.nlp.DocumentAssembler;
import com.johnsnowlabs.nlp.annotators.TextMatcher;
import com.johnsnowlabs.nlp.annotators.Tokenizer;
import com.johnsnowlabs.nlp.annotators.sbd.pragmatic.SentenceDetector;
import com.johnsnowlabs.nlp.util.io.ReadAs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.entente.kb.KnowledgeBase;
import org.entente.util.Iterators;

/**
 * The reference engine: candidate spans from a Spark NLP pipeline (DocumentAssembler,
 * SentenceDetector, Tokenizer, TextMatcher over every lower-cased surface form of the knowledge
 * base, case-insensitive), fed to the same {@link Resolver} as the fast engine. TextMatcher
 * matches whole tokens; the resolver then applies the same boundary, case and overlap rules, so
 * both engines write the same mentions. Sentence numbers come from Entente's splitter in both
 * engines; Spark NLP's SentenceDetector bounds the token sequences TextMatcher searches.
 *
 * <p>This is also where a user can add a Spark NLP model saved on disk (for example a NER model)
 * on a cluster: extend {@link #stages}. Cost: the Spark NLP annotators run per section
 * (title, text) and cost roughly a hundred times the fast engine's scan (docs/benchmarks.md).
 * {@code EntityRuler} was measured too and is not used: its automaton reports only the longest
 * run of a match and drops overlapping candidates, which the resolver needs.
 */
public final class SparkNlpEngine {
  private SparkNlpEngine() {}

  /** The fitted Spark NLP pipeline over a column {@code content}, giving chunks in {@code matches}. */
  static PipelineModel pipeline(SparkSession spark, KnowledgeBase kb) {
    Path entities;
    try {
      entities = Files.createTempFile("entente-entities-", ".txt");
      entities.toFile().deleteOnExit();
      List<String> keys = new ArrayList<>();
      for (String k : Resolver.surfaceKeys(kb)) {
        keys.add(dehyphen(k));
      }
      Files.writeString(entities, String.join("\n", keys) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the TextMatcher entities file", e);
    }
    List<String> exceptions = new ArrayList<>();
    for (String s : kb.surfaces().keySet()) {
      if (s.indexOf('.') >= 0) {
        s = dehyphen(s);
        // "U.S.", "D.C.": one token, as in the entity list. Exceptions are regular expressions.
        exceptions.add(java.util.regex.Pattern.quote(s));
      }
    }
    Pipeline p = new Pipeline();
    p.setStages(stages(spark, entities.toString(), exceptions.toArray(new String[0])));
    return p.fit(spark.emptyDataFrame().withColumn("content", lit("")));
  }

  /**
   * The Tokenizer: abbreviations with periods kept whole and possessive 's split off, so that token
   * boundaries fall where the resolver's word boundaries do.
   */
  static Tokenizer tokenizer(String[] exceptions) {
    Tokenizer token = new Tokenizer();
    token.setInputCols(new String[] {"sentence"});
    token.setOutputCol("token");
    token.setExceptions(exceptions);
    token.setCaseSensitiveExceptions(false);
    token.setInfixPatterns(new String[] {
        "(\\p{L}+)(['’]s)\\z",                       // Russia's -> Russia 's
        "([\\$#]?\\d+(?:[^\\s\\d]{1}\\d+)*)",           // numbers, dates, money
        "((?:\\p{L}\\.)+)",                          // abbreviations: U.S.
        "(\\p{L}+)(n't\\b)",                          // weren't
        "(\\p{L}+)('{1}\\p{L}+)",                     // I'll
        "((?:\\p{L}+[^\\s\\p{L}]{1})+\\p{L}+)",          // Guinea-Bissau, d'Ivoire
        "([\\p{L}\\w]+)"});                           // a word
    return token;
  }

  static PipelineStage[] stages(SparkSession spark, String entitiesPath, String[] exceptions) {
    DocumentAssembler document = new DocumentAssembler();
    document.setInputCol("content");
    document.setOutputCol("document");
    document.setCleanupMode("disabled");
    SentenceDetector sentence = new SentenceDetector();
    sentence.setInputCols(new String[] {"document"});
    sentence.setOutputCol("sentence");
    Tokenizer token = tokenizer(exceptions);
    TextMatcher matcher = new TextMatcher();
    matcher.setInputCols(new String[] {"sentence", "token"});
    matcher.setOutputCol("matches");
    matcher.setEntities(entitiesPath, ReadAs.TEXT(), scala.collection.immutable.Map$.MODULE$.<String, String>empty()
        .updated("format", "text"));
    matcher.setCaseSensitive(false);
    matcher.setMergeOverlapping(false);
    // The entity list is tokenized exactly as the text is.
    matcher.setTokenizer(tokenizer(exceptions).fit(spark.emptyDataFrame().withColumn("sentence", lit(""))));
    return new PipelineStage[] {document, sentence, token, matcher};
  }

  /**
   * Punctuation that glues words together in wire copy ("Israel-Iran", "U.S.-led", "U.K.'s",
   * "<Canadian Tire>", "+Bahia") is read as a space, one character for one, in the text and in
   * the entity list alike: token boundaries then fall where the resolver's word boundaries do,
   * and offsets into the original text stay valid.
   */
  static final String SEPARATORS = "-–—/<>()+[]{}\"“”*#@&;:!?,|'’";

  static String dehyphen(String s) {
    StringBuilder b = new StringBuilder(s);
    for (int i = 0; i < b.length(); i++) {
      if (SEPARATORS.indexOf(b.charAt(i)) >= 0) {
        b.setCharAt(i, ' ');
      }
    }
    return b.toString();
  }

  /** Articles (article_id, published_date, title, text) to rows of {@link AnnotateJob#ANNOTATED}. */
  static Dataset<Row> annotate(SparkSession spark, Dataset<Row> articles, KnowledgeBase kb) {
    PipelineModel model = pipeline(spark, kb);
    Dataset<Row> sections = articles.select(col("article_id"), explode(array(
        struct(lit("title").as("section"), dehyphened(col("title")).as("content")),
        struct(lit("text").as("section"), dehyphened(col("text")).as("content"))))
        .as("s")).select(col("article_id"), col("s.section").as("section"), col("s.content").as("content"));
    Dataset<Row> chunks = model.transform(sections)
        .select(col("article_id"), col("section"), explode(col("matches")).as("m"))
        .select(col("article_id"), col("section"), col("m.begin").as("b"), col("m.end").plus(1).as("e"));
    Dataset<Row> bySection = chunks.groupBy("article_id").agg(
        collect_list(when(col("section").equalTo("title"), array(col("b"), col("e")))).as("title_c"),
        collect_list(when(col("section").equalTo("text"), array(col("b"), col("e")))).as("text_c"));
    Dataset<Row> joined = articles.join(bySection,
        scala.collection.JavaConverters.asScalaBuffer(List.of("article_id")).toSeq(), "left")
        .select("article_id", "published_date", "title", "text", "title_c", "text_c");
    Annotator annotator = new Annotator(kb, text -> List.of());
    Broadcast<Annotator> b = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).broadcast(annotator);
    return joined.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> resolveAll(b.value(), rows),
        Encoders.row(AnnotateJob.ANNOTATED));
  }

  private static org.apache.spark.sql.Column dehyphened(org.apache.spark.sql.Column c) {
    return org.apache.spark.sql.functions.translate(when(c.isNull(), lit("")).otherwise(c), SEPARATORS,
        " ".repeat(SEPARATORS.length()));
  }

  private static Iterator<Row> resolveAll(Annotator a, Iterator<Row> rows) {
    return Iterators.map(rows, r -> {
      Date date = r.getDate(1);
      return AnnotateJob.toRow(r.getString(0), date,
          a.annotate(r.getString(2), r.getString(3), date.toLocalDate(), spans(r, 4), spans(r, 5)));
    });
  }

  private static List<int[]> spans(Row r, int i) {
    List<int[]> out = new ArrayList<>();
    if (r.isNullAt(i)) {
      return out;
    }
    for (Object o : r.getList(i)) {
      if (o == null) {
        continue;
      }
      List<Object> pair = scala.collection.JavaConverters.seqAsJavaList((scala.collection.Seq<Object>) o);
      out.add(new int[] {((Number) pair.get(0)).intValue(), ((Number) pair.get(1)).intValue()});
    }
    return out;
  }
}
