package org.entente.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring_index;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.entente.cli.CliTest;
import org.entente.testing.SparkTest;
import org.entente.util.Hashing;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input matrix: bad input never crashes the ingest, is never silently dropped (each
 * refused record is in {@code silver/rejects} with its reason), nothing good next to it is lost,
 * and the run's row in {@code gold/runs} adds up. One ingest over a folder holding every hostile
 * file (built once for the class), then one test per case; the command-line cases run the CLI
 * in-process.
 */
class HostileInputTest extends SparkTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final int BIG = 20 * 1024 * 1024;

  private static Path base;
  private static Warehouse wh;
  private static IngestJob.Result result;
  private static String bigLine;
  private static List<Row> rejectRows;
  private static List<Row> articleRows;
  private static List<Row> bronzeRows;
  private static List<Row> runRows;

  @BeforeAll
  static void ingestTheHostileFolder() throws IOException {
    base = Files.createTempDirectory("entente-hostile-");
    Path in = base.resolve("in");

    // 1. Malformed JSON among good lines.
    text(in.resolve("malformed.jsonl"), String.join("\n",
        "{\"id\":\"m1\",\"source\":\"Feed\",\"title\":\"Good before\",\"text\":\"First good line.\",\"date\":\"2024-03-01\"}",
        "{\"id\":\"m2\",\"source\":\"Feed\",\"title\":\"Missing brace\",\"text\":\"x\",\"date\":\"2024-03-01\"",
        "{\"id\": m3}",
        "[1, 2]",
        "{\"id\":\"m4\",\"source\":\"Feed\",\"title\":\"Good after\",\"text\":\"Second good line.\",\"date\":\"2024-03-02\"}") + "\n");

    // 2. Bytes that are not UTF-8: a Latin-1 é (E9), a broken pair (C3 28), in JSON strings, in a
    // .txt article, and outside any JSON string.
    bytes(in.resolve("utf8.jsonl"), concat(
        ascii("{\"id\":\"u1\",\"source\":\"Feed\",\"title\":\"Caf"), new byte[] {(byte) 0xE9},
        ascii(" owners\",\"text\":\"The caf"), new byte[] {(byte) 0xE9},
        ascii(" reopened "), new byte[] {(byte) 0xC3, 0x28}, ascii(" today.\",\"date\":\"2024-03-03\"}\n"),
        ascii("{\"id\":\"u2\", "), new byte[] {(byte) 0xFF},
        ascii(" \"text\":\"Stray byte between fields.\",\"date\":\"2024-03-03\"}\n")));
    // A file in a legacy encoding (Windows-1251): nearly every letter is invalid UTF-8.
    bytes(in.resolve("cp1251.jsonl"), ("{\"id\":\"c1\",\"source\":\"Feed\",\"text\":\""
        + ("\u041c\u043e\u0441\u043a\u0432\u0430 \u0438 \u041a\u0438\u0435\u0432 \u043f\u0440\u043e\u0432\u0435\u043b\u0438"
        + " \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b. ").repeat(4)
        + "\",\"date\":\"2024-03-03\"}\n").getBytes(java.nio.charset.Charset.forName("windows-1251")));
    bytes(in.resolve("dispatches/2024-03-04_latin1.txt"), concat(
        ascii("Caf"), new byte[] {(byte) 0xE9}, ascii(" society\n\nThe caf"), new byte[] {(byte) 0xE9},
        ascii(" in Z"), new byte[] {(byte) 0xFC}, ascii("rich reopened.\n")));

    // 3. A 20 MB article, next to a normal one.
    StringBuilder big = new StringBuilder(BIG);
    while (big.length() < BIG) {
      big.append("All work and no play makes a very long article. ");
    }
    big.setLength(BIG);
    bigLine = "{\"id\":\"big1\",\"source\":\"Feed\",\"title\":\"Huge\",\"text\":\"" + big + "\",\"date\":\"2024-03-05\"}";
    text(in.resolve("big.jsonl"), bigLine + "\n"
        + "{\"id\":\"big2\",\"source\":\"Feed\",\"title\":\"Normal size\",\"text\":\"A normal article.\",\"date\":\"2024-03-05\"}\n");

    // 4. Files with no record: empty, blank, a header only, an empty gzip stream.
    text(in.resolve("empty.jsonl"), "");
    text(in.resolve("dispatches/2024-03-06_empty.txt"), "");
    text(in.resolve("blank.jsonl"), "\n   \n\n");
    text(in.resolve("dispatches/2024-03-06_blank.txt"), "  \n\n\t\n");
    text(in.resolve("header-only.csv"), "title,text,date\n");
    bytes(in.resolve("empty.jsonl.gz"), gzip(new byte[0]));

    // 5. Binary content under text names, a Parquet name on text, a .gz that is not gzip, UTF-16.
    byte[] noise = new byte[4096];
    new Random(42).nextBytes(noise);
    bytes(in.resolve("x.jsonl"), noise);
    byte[] png = concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A,
        0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', 0, 0, 0, 0x10, 0, 0, 0, 0x10, 8, 6, 0, 0, 0},
        Arrays.copyOf(noise, 2048));
    bytes(in.resolve("dispatches/2024-03-07_y.txt"), png);
    text(in.resolve("z.parquet"), "id,text\n1,this is a CSV file named .parquet\n");
    text(in.resolve("corrupt.jsonl.gz"), "{\"id\":\"g1\",\"text\":\"plain text, not gzip\",\"date\":\"2024-03-07\"}\n");
    bytes(in.resolve("utf16.jsonl"), concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
        "{\"id\":\"w1\",\"text\":\"UTF-16 text\",\"date\":\"2024-03-07\"}\n".getBytes(StandardCharsets.UTF_16LE)));

    // 6. A CSV with neither a text nor a title column.
    text(in.resolve("wrong-columns.csv"), "name,age,city\nAlice,30,Paris\nBob,41,Rome\n");

    // 7. Required fields missing (or empty), next to a title-only item that is fine.
    text(in.resolve("missing.jsonl"), String.join("\n",
        "{\"id\":\"r1\",\"source\":\"Feed\",\"url\":\"https://x.example/r1\",\"date\":\"2024-03-08\"}",
        "{\"id\":\"r2\",\"source\":\"Feed\",\"title\":\"\",\"text\":\"  \",\"date\":\"2024-03-08\"}",
        "{\"id\":\"r3\",\"source\":\"Feed\",\"title\":\"Undated\",\"text\":\"No date anywhere.\"}",
        "{\"id\":\"r4\",\"source\":\"Feed\",\"title\":\"Empty date\",\"text\":\"Blank date.\",\"date\":\"\"}",
        "{\"id\":\"r5\",\"source\":\"Feed\",\"title\":\"Title only\",\"date\":\"2024-03-08\"}") + "\n");

    // 8. Dates far in the past and the future, and the two edges that are accepted.
    text(in.resolve("dates.jsonl"), String.join("\n",
        "{\"id\":\"d1\",\"source\":\"Feed\",\"text\":\"Year one.\",\"date\":\"0001-01-01\"}",
        "{\"id\":\"d2\",\"source\":\"Feed\",\"text\":\"Hastings.\",\"date\":\"1066-10-14T09:00:00Z\"}",
        "{\"id\":\"d3\",\"source\":\"Feed\",\"text\":\"A year alone.\",\"year\":\"1066\"}",
        "{\"id\":\"d4\",\"source\":\"Feed\",\"text\":\"The end of time.\",\"date\":\"9999-12-31T23:59:59Z\"}",
        "{\"id\":\"d5\",\"source\":\"Feed\",\"text\":\"A zero date.\",\"date\":\"0000-00-00\"}",
        "{\"id\":\"d6\",\"source\":\"Feed\",\"text\":\"The earliest day accepted.\",\"date\":\"1800-01-01\"}",
        "{\"id\":\"d7\",\"source\":\"Feed\",\"text\":\"Within a day of now.\",\"date\":\"2026-01-01T23:00:00Z\"}") + "\n");

    // 9. Markup and scripts in title and text.
    text(in.resolve("html.jsonl"), String.join("\n",
        "{\"id\":\"h1\",\"source\":\"Feed\",\"title\":\"<h1>Summit <em>talks</em> &amp; <b>deals</b></h1><script>alert(1)</script>\","
            + "\"text\":\"<p>Leaders met.</p><script type=\\\"text/javascript\\\">alert(document.cookie)</script>"
            + "<p>They agreed <img src=x onerror=alert(2)>on trade.</p><style>p{color:red}</style>"
            + "<details open ontoggle=alert(3)>More</details> <x onclick=alert(4)>Shares of <BP> rose.\","
            + "\"date\":\"2024-03-09\"}",
        "{\"id\":\"h2\",\"source\":\"Feed\",\"title\":\"&lt;script&gt;alert(5)&lt;/script&gt; Escaped\","
            + "\"text\":\"Escaped markup is text.\",\"date\":\"2024-03-09\"}") + "\n");

    // A good file whose name needs URI encoding: it is not taken for a file without records.
    text(in.resolve("good feed \u00fc.jsonl"),
        "{\"id\":\"g1\",\"source\":\"Feed\",\"title\":\"Plain\",\"text\":\"A plain good article.\",\"date\":\"2024-03-10\"}\n");

    wh = Warehouse.open(spark, base.resolve("warehouse").toString());
    result = IngestJob.into(wh).inputs(List.of(in.toString())).now(NOW).runId("hostile").execute();

    // Read back once: the tables are small (but for one 20 MB record) and every case looks at them.
    Column name = substring_index(col("source_file"), "/", -1).as("name");
    rejectRows = wh.read(Table.SILVER_REJECTS).select(name, col("record"), col("reason")).collectAsList();
    articleRows = wh.read(Table.SILVER_ARTICLES).select(name, col("article_id"), col("title"), col("text"),
        col("published_date").cast("string")).collectAsList();
    bronzeRows = wh.read(Table.BRONZE_ARTICLES).select(name, col("outcome"), col("article_id"), col("record"))
        .collectAsList();
    runRows = wh.read(Table.GOLD_RUNS).collectAsList();
  }

  @AfterAll
  static void dropTheHostileFolder() {
    deleteTree(base);
  }

  // ---- the run as a whole --------------------------------------------------------------------

  @Test
  void theRunSucceedsAndAddsUp() {
    assertThat(result).isEqualTo(new IngestJob.Result("hostile", 39, 11, 0, 28));
    assertThat(runRows).hasSize(1);
    Row run = runRows.get(0);
    assertThat(Arrays.asList(run.<String>getAs("stage"), run.<String>getAs("status"), run.<Long>getAs("rows_in"),
        run.<Long>getAs("rows_out"), run.<Long>getAs("rows_duplicate"), run.<Long>getAs("rows_rejected"),
        run.<String>getAs("message"))).containsExactly("ingest", "SUCCEEDED", 39L, 11L, 0L, 28L,
        "read 39, accepted 11, duplicates 0, rejected 28 (reasons in silver/rejects);"
            + " 2 accepted with U+FFFD in place of bytes that are not UTF-8");
    assertThat(run.<String>getAs("params")).contains("\"files\":21", "\"max_article_bytes\":10485760");
    // Every record read is in bronze, every refused one in rejects, every accepted one in silver,
    // and every one of the 21 input files shows in bronze.
    assertThat(bronzeRows).hasSize(39);
    assertThat(bronzeRows.stream().filter(r -> r.getString(1).equals("rejected")).count()).isEqualTo(28);
    assertThat(rejectRows).hasSize(28);
    assertThat(articleRows).hasSize(11);
    assertThat(bronzeRows.stream().filter(r -> r.getString(1).equals("accepted")).map(r -> r.getString(2)).sorted())
        .containsExactlyElementsOf(articleRows.stream().map(r -> r.getString(1)).sorted().toList());
    assertThat(bronzeRows.stream().map(r -> r.getString(0)).distinct().count()).isEqualTo(21);
    // Source files are named as URIs (a space is %20): the good file's one record, and no rejection.
    assertThat(accepted("good%20feed%20\u00fc.jsonl")).containsExactly(
        List.of("feed:g1", "Plain", "A plain good article.", "2024-03-10"));
    assertThat(rejects("good%20feed%20\u00fc.jsonl")).isEmpty();
  }

  // ---- 1. malformed JSON -----------------------------------------------------------------------

  @Test
  void malformedJsonLinesAreRejectedAndTheGoodLinesAroundThemKept() {
    assertThat(rejects("malformed.jsonl")).containsExactly(
        List.of("{\"id\":\"m2\",\"source\":\"Feed\",\"title\":\"Missing brace\",\"text\":\"x\",\"date\":\"2024-03-01\"",
            "malformed JSON: Unexpected end-of-input: expected close marker for Object"),
        List.of("{\"id\": m3}", "malformed JSON: Unrecognized token 'm3': was expecting"
            + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
        List.of("[1, 2]", "not a JSON object (a JSON array)"));
    assertThat(accepted("malformed.jsonl")).containsExactly(
        List.of("feed:m1", "Good before", "First good line.", "2024-03-01"),
        List.of("feed:m4", "Good after", "Second good line.", "2024-03-02"));
  }

  // ---- 2. bytes that are not UTF-8 -------------------------------------------------------------

  @Test
  void invalidUtf8IsReplacedWithUFFFDAndTheArticleKept() {
    assertThat(accepted("utf8.jsonl")).containsExactly(
        List.of("feed:u1", "Caf\uFFFD owners", "The caf\uFFFD reopened \uFFFD( today.", "2024-03-03"));
    String textId = "t" + Hashing.sha256("the caf\uFFFD in z\uFFFDrich reopened.").substring(0, 32);
    assertThat(accepted("2024-03-04_latin1.txt")).containsExactly(
        List.of(textId, "Caf\uFFFD society", "The caf\uFFFD in Z\uFFFDrich reopened.", "2024-03-04"));
    // A file that is mostly not UTF-8 is refused whole: accepting it would keep U+FFFD for every letter.
    assertThat(rejects("cp1251.jsonl")).containsExactly(List.of("", ContentCheck.NOT_UTF8));
    // Outside a JSON string, a bad byte breaks the JSON: the line is refused as such.
    assertThat(rejects("utf8.jsonl")).containsExactly(
        List.of("{\"id\":\"u2\", \uFFFD \"text\":\"Stray byte between fields.\",\"date\":\"2024-03-03\"}",
            "malformed JSON: Unexpected character ('\uFFFD' (code 65533 / 0xfffd)):"
                + " was expecting double-quote to start field name"));
  }

  // ---- 3. a 20 MB article ----------------------------------------------------------------------

  @Test
  void anArticleOverTheSizeLimitIsRejectedWholeWithItsSize() {
    List<List<Object>> big = rejects("big.jsonl");
    assertThat(big).hasSize(1);
    assertThat(big.get(0).get(1))
        .isEqualTo("article text is 20971520 bytes, over the 10485760 limit (--max-article-bytes)");
    assertThat(big.get(0).get(0).equals(bigLine)).as("the raw record, whole").isTrue();
    assertThat(accepted("big.jsonl")).containsExactly(
        List.of("feed:big2", "Normal size", "A normal article.", "2024-03-05"));
  }

  @Test
  void theSizeLimitCountsUtf8BytesOfTextAndTitle() {
    ArticleNormalizer n = new ArticleNormalizer(new FieldMapping(), new DateParser(), NOW, null, null, 12);
    assertThat(reason(n, "text", "x".repeat(12))).isNull();
    assertThat(reason(n, "text", "x".repeat(13)))
        .isEqualTo("article text is 13 bytes, over the 12 limit (--max-article-bytes)");
    assertThat(reason(n, "text", "\u00e9".repeat(7))) // 7 characters, 14 bytes
        .isEqualTo("article text is 14 bytes, over the 12 limit (--max-article-bytes)");
    assertThat(reason(n, "title", "\uD83C\uDF0D".repeat(4))) // 4 code points of 4 bytes
        .isEqualTo("title is 16 bytes, over the 12 limit (--max-article-bytes)");
  }

  // ---- 4. files with no record -----------------------------------------------------------------

  @Test
  void filesWithNoRecordAreEachOneRejection() {
    assertThat(rejects("empty.jsonl")).containsExactly(List.of("", "empty file"));
    assertThat(rejects("2024-03-06_empty.txt")).containsExactly(List.of("", "empty file"));
    assertThat(rejects("blank.jsonl")).containsExactly(List.of("", "no records: the file holds only blank lines"));
    assertThat(rejects("empty.jsonl.gz")).containsExactly(List.of("", "no records: the file holds only blank lines"));
    assertThat(rejects("header-only.csv"))
        .containsExactly(List.of("", "no records: the file has a header row and no data rows"));
    assertThat(rejects("2024-03-06_blank.txt")).containsExactly(List.of("  \n\n\t\n", "blank file (white space only)"));
  }

  // ---- 5. binary content -----------------------------------------------------------------------

  @Test
  void binaryFilesAreOneRejectionEachNotGarbageArticles() {
    assertThat(rejects("x.jsonl")).containsExactly(List.of("", ContentCheck.BINARY));
    assertThat(rejects("2024-03-07_y.txt")).containsExactly(List.of("", ContentCheck.BINARY));
    assertThat(rejects("utf16.jsonl")).containsExactly(List.of("", ContentCheck.UTF16));
    assertThat(rejects("z.parquet")).containsExactly(List.of("", ContentCheck.NOT_PARQUET));
    assertThat(rejects("corrupt.jsonl.gz")).containsExactly(List.of("", "cannot decompress (gz): not gzip data (no 1F 8B magic number)"));
    for (String f : List.of("x.jsonl", "2024-03-07_y.txt", "utf16.jsonl", "z.parquet", "corrupt.jsonl.gz")) {
      assertThat(accepted(f)).as(f).isEmpty();
    }
  }

  @Test
  void theSniffToleratesAFewBadBytesButNotBinaryOrALegacyEncoding() {
    byte[] latin1 = "Caf\u00e9 au lait, cr\u00e8me br\u00fbl\u00e9e.\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(ContentCheck.checkText(latin1, latin1.length, false)).isNull(); // 4 bad bytes of 29: U+FFFD each
    byte[] cut = "abcdefgh\u20ac".getBytes(StandardCharsets.UTF_8); // the euro sign is 3 bytes
    assertThat(ContentCheck.checkText(cut, cut.length - 1, true)).isNull();
    byte[] oneControl = ("x".repeat(99) + "\u0001").getBytes(StandardCharsets.US_ASCII);
    assertThat(ContentCheck.checkText(oneControl, oneControl.length, false)).isNull(); // 1%: not over
    byte[] twoControls = ("x".repeat(98) + "\u0000\u0001").getBytes(StandardCharsets.US_ASCII);
    assertThat(ContentCheck.checkText(twoControls, twoControls.length, false)).isEqualTo(ContentCheck.BINARY);
    byte[] overlong = {(byte) 0xC0, (byte) 0xAF, (byte) 0xE0, (byte) 0x80, (byte) 0xAF, 'a', 'b', 'c'};
    assertThat(ContentCheck.checkText(overlong, overlong.length, false)).isEqualTo(ContentCheck.NOT_UTF8);
    byte[] cyrillic = "\u041c\u043e\u0441\u043a\u0432\u0430 \u0438 \u041a\u0438\u0435\u0432"
        .getBytes(java.nio.charset.Charset.forName("windows-1251"));
    assertThat(ContentCheck.checkText(cyrillic, cyrillic.length, false)).isEqualTo(ContentCheck.NOT_UTF8);
    assertThat(ContentCheck.BINARY).isEqualTo(
        "binary content, not text (over 1% of the first 8 KB are NUL or other control bytes)");
    assertThat(ContentCheck.NOT_UTF8).isEqualTo(
        "not UTF-8 text (over 30% of the first 8 KB are invalid UTF-8): convert the file to UTF-8");
  }

  // ---- 6. a CSV without text or title columns --------------------------------------------------

  @Test
  void aCsvWithoutTextOrTitleColumnsRejectsEachRowNamingTheColumns() {
    String reason = "no text and no title field (fields: age, city, name; name them with --text-field or --title-field)";
    assertThat(rejects("wrong-columns.csv")).containsExactly(
        List.of("{\"name\":\"Alice\",\"age\":\"30\",\"city\":\"Paris\"}", reason),
        List.of("{\"name\":\"Bob\",\"age\":\"41\",\"city\":\"Rome\"}", reason));
  }

  // ---- 7. missing required fields --------------------------------------------------------------

  @Test
  void missingTextTitleOrDateAreRejectedWithWhatIsMissing() {
    assertThat(rejects("missing.jsonl").stream().map(r -> r.get(1)).toList()).containsExactly(
        "no date: field 'date' is empty and no --default-date was given",
        "no date: no date field, no date in the file name, and no --default-date",
        "no text and no title",
        "no text and no title field (fields: date, id, source, url; name them with --text-field or --title-field)");
    assertThat(rejects("missing.jsonl").get(0).get(0))
        .isEqualTo("{\"id\":\"r4\",\"source\":\"Feed\",\"title\":\"Empty date\",\"text\":\"Blank date.\",\"date\":\"\"}");
    assertThat(accepted("missing.jsonl")).containsExactly(
        List.of("feed:r5", "Title only", "Title only", "2024-03-08"));
  }

  // ---- 8. far past and far future ---------------------------------------------------------------

  @Test
  void datesOutOfRangeAreRejectedWithTheDate() {
    assertThat(rejects("dates.jsonl").stream().map(r -> r.get(1)).toList()).containsExactly(
        "date 0001-01-01T00:00:00Z is before 1800-01-01",
        "date 1066-01-01T00:00:00Z is before 1800-01-01",
        "date 1066-10-14T09:00:00Z is before 1800-01-01",
        "date 9999-12-31T23:59:59Z is in the future (later than 2026-01-02T00:00:00Z)",
        "impossible date '0000-00-00' (Invalid value for MonthOfYear (valid values 1 - 12): 0) in field 'date'");
    assertThat(accepted("dates.jsonl")).containsExactly(
        Arrays.asList("feed:d6", null, "The earliest day accepted.", "1800-01-01"),
        Arrays.asList("feed:d7", null, "Within a day of now.", "2026-01-01"));
  }

  // ---- 9. markup and scripts -------------------------------------------------------------------

  @Test
  void scriptsAndMarkupAreRemovedAndTheRawRecordKeptInBronze() {
    assertThat(accepted("html.jsonl")).containsExactly(
        List.of("feed:h1", "Summit talks & deals", "Leaders met.\n\nThey agreed on trade.\nMore Shares of <BP> rose.",
            "2024-03-09"),
        // Escaped markup is text (it is what the page showed): kept, decoded. Displays must escape.
        List.of("feed:h2", "<script>alert(5)</script> Escaped", "Escaped markup is text.", "2024-03-09"));
    assertThat(bronzeRows.stream().filter(r -> "feed:h1".equals(r.getString(2)))).singleElement().satisfies(r -> {
      assertThat(r.getString(1)).isEqualTo("accepted");
      assertThat(r.getString(3)).contains("<script>alert(1)</script>", "onerror=alert(2)");
    });
  }

  // ---- 10. an input that does not exist ---------------------------------------------------------

  @Test
  void anInputThatDoesNotExistIsOneLineAndExit2() {
    String absent = tmp.resolve("absent/news.jsonl").toString();
    CliTest.Outcome o = CliTest.run("ingest", "--input", absent, "--warehouse", tmp.resolve("wh").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.errLines()).containsExactly("entente: error: input not found: " + absent);
    CliTest.Outcome glob = CliTest.run("ingest", "--input", tmp.resolve("*.jsonl").toString(),
        "--warehouse", tmp.resolve("wh").toString());
    assertThat(glob.code()).isEqualTo(2);
    assertThat(glob.errLines()).containsExactly("entente: error: input not found: " + tmp.resolve("*.jsonl"));
    assertThat(Files.exists(tmp.resolve("wh/gold/runs"))).isFalse();
  }

  @Test
  void aBadSizeLimitIsOneLineAndExit2() {
    write("in/a.jsonl", "{\"text\":\"x\",\"date\":\"2024-01-01\"}\n");
    String in = tmp.resolve("in").toString();
    String out = tmp.resolve("wh").toString();
    assertThat(CliTest.run("ingest", "--input", in, "--warehouse", out, "--max-article-bytes", "0").errLines())
        .containsExactly("entente: error: --max-article-bytes must be 1 or more, not 0");
    CliTest.Outcome word = CliTest.run("ingest", "--input", in, "--warehouse", out, "--max-article-bytes", "10MB");
    assertThat(word.code()).isEqualTo(2);
    assertThat(word.errLines()).containsExactly("entente: error: Invalid value for option '--max-article-bytes':"
        + " '10MB' is not a long (see 'entente ingest --help')");
  }

  // ---- 11. a warehouse that cannot be written ---------------------------------------------------

  @Test
  void aWarehouseUnderAFileIsOneLineAndExit2() {
    Path file = write("plain.txt", "x");
    String target = file.resolve("wh").toString();
    write("in/a.jsonl", "{\"text\":\"x\",\"date\":\"2024-01-01\"}\n");
    CliTest.Outcome o = CliTest.run("ingest", "--input", tmp.resolve("in").toString(), "--warehouse", target);
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.errLines()).containsExactly(
        "entente: error: --warehouse " + target + " is not writable: " + file + " is a file, not a folder");
  }

  @Test
  void aReadOnlyWarehouseIsOneLineAndExit2() throws IOException {
    Path ro = Files.createDirectories(tmp.resolve("ro"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      if (Files.isWritable(ro)) {
        // Root: permissions do not bind. /sys refuses new files to root as well (as a read-only
        // mount would); its folders stand in for a warehouse without write permission.
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys/kernel")), "no /sys: nothing root cannot write");
        ro = Path.of("/sys/kernel");
      }
      write("in/a.jsonl", "{\"text\":\"x\",\"date\":\"2024-01-01\"}\n");
      String in = tmp.resolve("in").toString();
      CliTest.Outcome existing = CliTest.run("ingest", "--input", in, "--warehouse", ro.toString());
      assertThat(existing.code()).isEqualTo(2);
      assertThat(existing.errLines()).containsExactly("entente: error: --warehouse " + ro + " is not writable");
      CliTest.Outcome inside = CliTest.run("ingest", "--input", in, "--warehouse", ro.resolve("wh").toString());
      assertThat(inside.code()).isEqualTo(2);
      assertThat(inside.errLines()).containsExactly(
          "entente: error: --warehouse " + ro.resolve("wh") + " is not writable: cannot create it in " + ro);
    } finally {
      Files.setPosixFilePermissions(tmp.resolve("ro"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** (record, reason) of the rejects of one input file, by reason then record. */
  private static List<List<Object>> rejects(String fileName) {
    return rejectRows.stream().filter(r -> r.getString(0).equals(fileName))
        .sorted(Comparator.comparing((Row r) -> r.getString(2)).thenComparing(r -> r.getString(1)))
        .map(r -> Arrays.<Object>asList(r.getString(1), r.getString(2))).toList();
  }

  /** (article_id, title, text, published_date) of the articles from one input file, by id. */
  private static List<List<Object>> accepted(String fileName) {
    return articleRows.stream().filter(r -> r.getString(0).equals(fileName))
        .sorted(Comparator.comparing((Row r) -> r.getString(1)))
        .map(r -> Arrays.<Object>asList(r.getString(1), r.getString(2), r.getString(3), r.getString(4))).toList();
  }

  private static String reason(ArticleNormalizer n, String field, String value) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(field, value);
    m.put("date", "2024-01-01");
    Row out = n.apply(RowFactory.create("file:/in/a.jsonl", "jsonl", "raw", JsonlReader.scala(m), null));
    return out.getString(ArticleNormalizer.CANDIDATE.fieldIndex("reason"));
  }

  private static void text(Path p, String content) {
    bytes(p, content.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(Path p, byte[] content) {
    try {
      Files.createDirectories(p.getParent());
      Files.write(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    }
    return out.toByteArray();
  }
}
