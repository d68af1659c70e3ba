package org.entente.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.entente.generate.ArticleFactory.Article;
import org.entente.kb.KnowledgeBase;
import org.entente.util.Console;
import org.entente.util.UserError;
import org.entente.warehouse.Json;

/**
 * Writes a deterministic synthetic news corpus of any size, with the entities planted in it, for
 * benchmarks and scale tests ({@code entente generate}).
 *
 * <p>Writes, into the output folder:
 * <ul>
 *   <li>{@code articles-00000.jsonl.gz}, ...: gzip JSON lines with the fields ingest finds by
 *       itself: {@code id}, {@code source}, {@code title}, {@code text} (paragraphs separated by
 *       a blank line), {@code published_at} (UTC, {@code 2019-03-04T13:22:07Z}), {@code url};
 *       the ingested {@code article_id} is {@code <source slug>:<id>};</li>
 *   <li>{@code truth/truth-00000.jsonl.gz}, ...: one line per article, same order and files:
 *       {@code id}, {@code article_id}, {@code published_date}, {@code topic}, {@code entities}
 *       (the ids planted, sorted: {@code ["CHN","RUS","RUS:vladimir-putin"]}) and
 *       {@code mentions} (how many times they are named in title and text);</li>
 *   <li>{@code manifest.json}, written last (a folder without it is incomplete): the arguments,
 *       counts of articles, files, planted mentions and entities, and the generator version.</li>
 * </ul>
 * Ingest the articles with {@code entente ingest --input 'DIR/articles-*.jsonl.gz'} (the whole
 * folder would also read the truth files and the manifest as articles, and reject them).
 *
 * <p>Countries are planted by their common name and leaders by full name, only while in office
 * on the article's date, and only names the annotator reads unambiguously ({@link EntityPool});
 * the filler text names nothing ({@link Templates}). So the fast annotator finds exactly the
 * planted entities and mention count of every article: the truth files are a ground truth.
 *
 * <p>Deterministic: the same arguments give byte-identical files, whatever {@link #threads}.
 * Every article is made from its own generator seeded with the seed and its index, so the
 * articles do not depend on the file layout either ({@code --files 1} and {@code --files 8} hold
 * the same articles in the same order).
 *
 * <p>Cost: no Spark; one thread per file at a time. Per 10,000 articles: about 29 MB of JSON
 * written as about 6 MB of gzip (level 1) and about one CPU-second, three quarters of it in gzip
 * (measured: 400,000 articles, 247 MB, 43 CPU-seconds, under a minute on 2 busy cores). Start-up
 * adds one to three seconds to load the knowledge base and check the names ({@link EntityPool}).
 * Memory: one article at a time per thread plus the knowledge base.
 */
public final class CorpusGenerator {
  /** Bumped whenever the same arguments would give different files. */
  public static final String VERSION = "entente-generate/1";
  public static final int DEFAULT_PER_FILE = 50_000;
  static final LocalDate DEFAULT_FROM = LocalDate.of(2015, 1, 1);
  static final LocalDate DEFAULT_TO = LocalDate.of(2025, 12, 31);
  private static final LocalDate EARLIEST = LocalDate.of(1800, 1, 1);
  private static final Pattern OWN_FILE = Pattern.compile("articles-\\d{5,}\\.jsonl\\.gz|manifest\\.json|\\.gen-.*");
  private static final Pattern OWN_TRUTH = Pattern.compile("truth-\\d{5,}\\.jsonl\\.gz|\\.gen-.*");

  /** What a run wrote. */
  public record Result(long articles, int files, long plantedMentions, long plantedEntities,
      long articlesWithEntities, long bytes, double seconds) {}

  private final Path out;
  private long articles = -1;
  private long seed = 1;
  private LocalDate from = DEFAULT_FROM;
  private LocalDate to = DEFAULT_TO;
  private Integer files;
  private Integer perFile;
  private KnowledgeBase kb;
  private String kbDir;
  private boolean force;
  private int threads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  private int gzipLevel = Deflater.BEST_SPEED;

  private CorpusGenerator(Path out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /** A generator writing into {@code out} (created when missing). */
  public static CorpusGenerator into(Path out) {
    return new CorpusGenerator(out);
  }

  /** How many articles (1 or more; required). */
  public CorpusGenerator articles(long n) {
    this.articles = n;
    return this;
  }

  public CorpusGenerator seed(long s) {
    this.seed = s;
    return this;
  }

  /** The dates of the articles, both days included (default 2015-01-01 to 2025-12-31). */
  public CorpusGenerator range(LocalDate first, LocalDate last) {
    this.from = Objects.requireNonNull(first, "from");
    this.to = Objects.requireNonNull(last, "to");
    return this;
  }

  /** Spread the articles evenly over exactly {@code k} files (instead of {@link #perFile}). */
  public CorpusGenerator files(Integer k) {
    this.files = k;
    return this;
  }

  /** At most {@code m} articles per file (default 50,000). */
  public CorpusGenerator perFile(Integer m) {
    this.perFile = m;
    return this;
  }

  /** A knowledge base folder ({@code --kb}); the bundled seeds when null. */
  public CorpusGenerator kbDir(String dir) {
    this.kbDir = dir;
    return this;
  }

  /** A knowledge base already loaded (tests); wins over {@link #kbDir}. */
  public CorpusGenerator kb(KnowledgeBase k) {
    this.kb = k;
    return this;
  }

  /** Write into a folder that is not empty, replacing a corpus generated there before. */
  public CorpusGenerator force(boolean f) {
    this.force = f;
    return this;
  }

  /** Files written at the same time (default: the cores, at most 8). Does not change the output. */
  public CorpusGenerator threads(int t) {
    this.threads = t;
    return this;
  }

  /** The gzip level, 1 (fastest, the default) to 9. */
  public CorpusGenerator gzipLevel(int level) {
    this.gzipLevel = level;
    return this;
  }

  /** The first article of each file and, last, {@code articles}: file {@code i} holds [b[i], b[i+1]). */
  static long[] boundaries(long articles, Integer files, Integer perFile) {
    int k;
    if (files != null) {
      k = files;
      long[] b = new long[k + 1];
      for (int i = 0; i <= k; i++) {
        b[i] = articles / k * i + articles % k * i / k; // floor(articles * i / k) without overflow
      }
      return b;
    }
    long m = perFile != null ? perFile : DEFAULT_PER_FILE;
    long count = (articles + m - 1) / m;
    long[] b = new long[(int) count + 1];
    for (int i = 0; i <= count; i++) {
      b[i] = Math.min(articles, i * m);
    }
    return b;
  }

  private void validate() {
    if (articles < 1) {
      throw new UserError("--articles must be 1 or more, not " + articles);
    }
    if (files != null && perFile != null) {
      throw new UserError("give --files or --per-file, not both");
    }
    if (files != null && files < 1) {
      throw new UserError("--files must be 1 or more, not " + files);
    }
    if (files != null && files > articles) {
      throw new UserError("--files " + files + " is more than --articles " + articles + " (a file would be empty)");
    }
    if (perFile != null && perFile < 1) {
      throw new UserError("--per-file must be 1 or more, not " + perFile);
    }
    if (perFile == null && files == null && (articles + DEFAULT_PER_FILE - 1) / DEFAULT_PER_FILE > 99_999
        || perFile != null && (articles + perFile - 1) / perFile > 99_999) {
      throw new UserError("that would be more than 99,999 files: give a larger --per-file");
    }
    if (from.isAfter(to)) {
      throw new UserError("--from " + from + " is after --to " + to);
    }
    if (from.isBefore(EARLIEST)) {
      throw new UserError("--from " + from + " is before 1800-01-01 (ingest refuses such dates)");
    }
    if (threads < 1) {
      throw new UserError("--threads must be 1 or more, not " + threads);
    }
    if (gzipLevel < 1 || gzipLevel > 9) {
      throw new UserError("gzip level must be 1 to 9, not " + gzipLevel);
    }
  }

  /** Generates the corpus; see the class comment for what is written. */
  public Result execute() {
    validate();
    long started = System.nanoTime();
    prepareFolder();
    KnowledgeBase k = kb != null ? kb : KnowledgeBase.load(kbDir);
    EntityPool pool = EntityPool.build(k, from, to);
    if (pool.countries().isEmpty()) {
      throw new UserError("the knowledge base has no country whose name can be planted unambiguously"
          + " between " + from + " and " + to);
    }
    if (to.isAfter(LocalDate.now(java.time.ZoneOffset.UTC))) {
      Console.warn("generate: --to %s is in the future; ingest refuses articles dated after tomorrow", to);
    }
    ArticleFactory factory = new ArticleFactory(pool, seed, from, to);
    long[] b = boundaries(articles, files, perFile);
    int fileCount = b.length - 1;
    int workers = Math.min(threads, fileCount);
    Console.info("generate: %,d articles into %d file(s) in %s (seed %d, %s to %s, %d thread(s); %d countries and"
        + " %d leader terms can be planted)", articles, fileCount, out, seed, from, to, workers,
        pool.countries().size(), pool.leaderTerms());

    AtomicLong done = new AtomicLong();
    ExecutorService exec = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "entente-generate");
      t.setDaemon(true);
      return t;
    });
    List<Future<long[]>> parts = new ArrayList<>();
    try {
      for (int i = 0; i < fileCount; i++) {
        int file = i;
        parts.add(exec.submit(() -> {
          long[] counts = writeFile(factory, file, b[file], b[file + 1]);
          long total = done.addAndGet(b[file + 1] - b[file]);
          Console.info("generate: %s done (%,d of %,d articles)", name("articles-", file), total, articles);
          return counts;
        }));
      }
      long mentions = 0;
      long entities = 0;
      long withEntities = 0;
      long bytes = 0;
      for (Future<long[]> f : parts) {
        long[] c = get(f);
        mentions += c[0];
        entities += c[1];
        withEntities += c[2];
        bytes += c[3];
      }
      writeManifest(fileCount, b, mentions, entities, withEntities, pool);
      double seconds = (System.nanoTime() - started) / 1e9;
      Console.info("generate: wrote %,d articles (%,d planted mentions of %,d article-entity pairs), %,.1f MB,"
          + " in %.1f s (%,.0f articles/s); ingest with: entente ingest --input '%s'", articles, mentions, entities,
          bytes / 1e6, seconds, articles / seconds, out.resolve("articles-*.jsonl.gz"));
      return new Result(articles, fileCount, mentions, entities, withEntities, bytes, seconds);
    } finally {
      exec.shutdownNow();
    }
  }

  private static long[] get(Future<long[]> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c.getMessage(), c);
    }
  }

  /** Creates the folder, or checks it is empty, or (with force) removes what a previous run wrote. */
  private void prepareFolder() {
    try {
      if (Files.exists(out) && !Files.isDirectory(out)) {
        throw new UserError("--out " + out + " is a file, not a directory");
      }
      if (!Files.exists(out)) {
        Files.createDirectories(out);
        return;
      }
      List<Path> entries = list(out);
      if (entries.isEmpty()) {
        return;
      }
      if (!force) {
        throw new UserError("--out " + out + " is not empty (" + entries.size()
            + " entries); give --force to replace a corpus generated there");
      }
      int removed = 0;
      for (Path p : entries) {
        String n = p.getFileName().toString();
        if (Files.isRegularFile(p) && OWN_FILE.matcher(n).matches()) {
          Files.delete(p);
          removed++;
        } else if (n.equals("truth") && Files.isDirectory(p)) {
          for (Path t : list(p)) {
            if (Files.isRegularFile(t) && OWN_TRUTH.matcher(t.getFileName().toString()).matches()) {
              Files.delete(t);
              removed++;
            }
          }
        }
      }
      Console.info("generate: --force: removed %d file(s) of an earlier corpus in %s", removed, out);
    } catch (IOException e) {
      throw new UserError("cannot prepare --out " + out + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> l = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(l::add);
    }
    return l;
  }

  static String name(String prefix, int file) {
    return String.format("%s%05d.jsonl.gz", prefix, file);
  }

  /**
   * Writes articles {@code [first, end)} and their truth as file number {@code file}, each first
   * under a hidden name then renamed. Returns planted mentions, entities, articles with
   * entities, and bytes written.
   */
  private long[] writeFile(ArticleFactory factory, int file, long first, long end) throws IOException {
    Path articlesPath = out.resolve(name("articles-", file));
    Path truthDir = out.resolve("truth");
    Files.createDirectories(truthDir);
    Path truthPath = truthDir.resolve(name("truth-", file));
    Path articlesTmp = out.resolve(".gen-" + articlesPath.getFileName());
    Path truthTmp = truthDir.resolve(".gen-" + truthPath.getFileName());
    long mentions = 0;
    long entities = 0;
    long with = 0;
    try (Writer a = gzipWriter(articlesTmp); Writer t = gzipWriter(truthTmp)) {
      for (long i = first; i < end; i++) {
        Article art = factory.make(i);
        articleJson(a, art);
        truthJson(t, art);
        mentions += art.mentions();
        entities += art.entities().size();
        with += art.entities().isEmpty() ? 0 : 1;
      }
    }
    Files.move(articlesTmp, articlesPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(truthTmp, truthPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new long[] {mentions, entities, with, Files.size(articlesPath) + Files.size(truthPath)};
  }

  private Writer gzipWriter(Path p) throws IOException {
    OutputStream raw = Files.newOutputStream(p);
    int level = gzipLevel;
    GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16) {
      {
        def.setLevel(level);
      }
    };
    return new BufferedWriter(new OutputStreamWriter(gz, StandardCharsets.UTF_8), 1 << 16);
  }

  /** One line of an articles file. */
  static void articleJson(Writer w, Article a) throws IOException {
    w.write("{\"id\":");
    jsonString(w, a.id());
    w.write(",\"source\":");
    jsonString(w, a.source());
    w.write(",\"title\":");
    jsonString(w, a.title());
    w.write(",\"text\":");
    jsonString(w, a.text());
    w.write(",\"published_at\":");
    jsonString(w, a.publishedAt());
    w.write(",\"url\":");
    jsonString(w, a.url());
    w.write("}\n");
  }

  /** One line of a truth file. */
  static void truthJson(Writer w, Article a) throws IOException {
    w.write("{\"id\":");
    jsonString(w, a.id());
    w.write(",\"article_id\":");
    jsonString(w, a.articleId());
    w.write(",\"published_date\":\"");
    w.write(a.date().toString());
    w.write("\",\"topic\":\"");
    w.write(a.topic());
    w.write("\",\"entities\":[");
    List<String> es = a.entities();
    for (int i = 0; i < es.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      jsonString(w, es.get(i));
    }
    w.write("],\"mentions\":");
    w.write(Integer.toString(a.mentions()));
    w.write("}\n");
  }

  /**
   * {@code s} as a JSON string literal, written in runs between the characters that need an
   * escape (the same output as {@link Json#string}, several times faster on long texts).
   */
  static void jsonString(Writer w, String s) throws IOException {
    w.write('"');
    int from = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        w.write(s, from, i - from);
        switch (c) {
          case '"' -> w.write("\\\"");
          case '\\' -> w.write("\\\\");
          case '\n' -> w.write("\\n");
          case '\r' -> w.write("\\r");
          case '\t' -> w.write("\\t");
          default -> w.write(String.format("\\u%04x", (int) c));
        }
        from = i + 1;
      }
    }
    w.write(s, from, n - from);
    w.write('"');
  }

  private void writeManifest(int fileCount, long[] b, long mentions, long entities, long withEntities,
      EntityPool pool) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generator", VERSION);
    m.put("articles", articles);
    m.put("files", fileCount);
    m.put("largest_file", largest(b));
    m.put("seed", seed);
    m.put("from", from.toString());
    m.put("to", to.toString());
    m.put("kb", kb != null ? "given" : kbDir == null ? "bundled" : kbDir);
    m.put("planted_mentions", mentions);
    m.put("planted_entities", entities);
    m.put("articles_with_entities", withEntities);
    m.put("plantable", pool.describe());
    m.put("sources", List.of(ArticleFactory.SOURCES));
    m.put("topics", List.of(Templates.TOPICS));
    m.put("articles_glob", "articles-*.jsonl.gz");
    m.put("truth_glob", "truth/truth-*.jsonl.gz");
    Path tmp = out.resolve(".gen-manifest.json");
    try {
      Files.writeString(tmp, Json.object(m) + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, out.resolve("manifest.json"), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve("manifest.json"), e);
    }
  }

  private static long largest(long[] b) {
    long max = 0;
    for (int i = 0; i < b.length - 1; i++) {
      max = Math.max(max, b[i + 1] - b[i]);
    }
    return max;
  }
}
