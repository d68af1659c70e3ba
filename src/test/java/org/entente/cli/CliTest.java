package org.entente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.entente.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line in-process: help, user errors (one line, exit 2), sql output. */
public class CliTest extends SparkTest {
  /** Exit status, standard output and standard error of one command line. */
  public record Outcome(int code, String out, String err) {
    public List<String> errLines() {
      return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }
  }

  /** Runs one command line in-process (the test JVM's Spark session), capturing its output. */
  public static Outcome run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "ingest", "annotate", "comentions", "topics", "eval", "eval-stories", "bench", "sql",
      "report"})
  void everySubcommandHasHelp(String cmd) {
    Outcome o = run(cmd, "--help");
    assertThat(o.code()).isZero();
    assertThat(o.out()).startsWith("Usage: entente " + cmd).contains("--warehouse");
  }

  @Test
  void everyRegisteredSubcommandAndItsSubcommandsHaveHelp() {
    List<String> seen = new java.util.ArrayList<>();
    Main.commandLine().getSubcommands().forEach((name, sub) -> {
      if (name.equals("help")) {
        return; // picocli's own help command: `entente help CMD`
      }
      seen.add(name);
      Outcome o = run(name, "--help");
      assertThat(o.code()).as(name).isZero();
      assertThat(o.out()).as(name).startsWith("Usage: entente " + name);
      sub.getSubcommands().keySet().forEach(child -> {
        Outcome c = run(name, child, "--help");
        assertThat(c.code()).as(name + " " + child).isZero();
        assertThat(c.out()).as(name + " " + child).startsWith("Usage: entente " + name + " " + child);
      });
    });
    assertThat(seen).contains("run", "ingest", "annotate", "comentions", "topics", "sql", "eval", "bench",
        "bench-topics", "generate");
  }

  @Test
  void topLevelHelpListsCommands() {
    Outcome o = run("--help");
    assertThat(o.code()).isZero();
    assertThat(o.out()).contains("run", "ingest", "annotate", "comentions", "sql", "generate", "report");
  }

  @Test
  void unknownOptionIsOneLineAndExit2() {
    Outcome o = run("ingest", "--input", "x", "--bogus");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.errLines()).containsExactly(
        "entente: error: Unknown option: '--bogus' (see 'entente ingest --help')");
  }

  @Test
  void missingInputIsOneLineAndExit2() {
    Outcome o = run("ingest", "--input", tmp.resolve("absent.jsonl").toString(),
        "--warehouse", tmp.resolve("wh").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.errLines()).containsExactly("entente: error: input not found: " + tmp.resolve("absent.jsonl"));
  }

  @Test
  void ingestWithoutInputIsAUserError() {
    Outcome o = run("ingest", "--warehouse", tmp.resolve("wh").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.errLines()).containsExactly("entente: error: no input: give --input PATH (a file, folder or glob)");
  }

  @Test
  void badOptionValuesAreUserErrors() {
    write("in/a.jsonl", "{\"body\":\"x\",\"date\":\"2020-01-01\"}\n");
    String in = tmp.resolve("in").toString();
    String wh = tmp.resolve("wh").toString();
    assertThat(run("ingest", "--input", in, "--warehouse", wh, "--format", "xml").errLines())
        .containsExactly("entente: error: unknown --format 'xml' (expected auto, jsonl, csv, tsv, parquet or text)");
    assertThat(run("ingest", "--input", in, "--warehouse", wh, "--default-date", "someday").errLines())
        .containsExactly("entente: error: --default-date: unparseable date 'someday'");
    assertThat(run("ingest", "--input", in, "--warehouse", wh, "--year-anchor", "13-40").errLines())
        .containsExactly("entente: error: --year-anchor '13-40' is not a month-day such as 09-15");
    assertThat(run("ingest", "--input", in, "--warehouse", wh, "--text-field", " ").errLines())
        .containsExactly("entente: error: --text-field must not be blank");
    assertThat(run("ingest", "--input", in, "--warehouse", wh, "--story-threshold", "0").errLines())
        .containsExactly("entente: error: --story-threshold must be above 0 and at most 1 (a Jaccard similarity), not 0.0");
    assertThat(run("ingest", "--input", in, "--warehouse", wh, "--story-threshold", "1.5", "--no-stories").errLines())
        .containsExactly("entente: error: --story-threshold must be above 0 and at most 1 (a Jaccard similarity), not 1.5");
    assertThat(run("ingest", "--input", in, "--warehouse", wh, "--story-bands", "0").errLines())
        .containsExactly("entente: error: --story-bands must be 1 to 256, not 0");
    assertThat(run("ingest", "--input", in, "--warehouse", wh, "--story-band-rows", "9").errLines())
        .containsExactly("entente: error: --story-band-rows must be 1 to 8, not 9");
    assertThat(run("sql", "select 1", "--warehouse", wh, "--format", "xml").errLines())
        .containsExactly("entente: error: unknown --format 'xml' (expected tsv, csv or json)");
  }

  @Test
  void badComentionOptionsAreUserErrors() {
    String wh = tmp.resolve("wh").toString();
    assertThat(run("comentions", "--warehouse", wh, "--window", "1").errLines())
        .containsExactly("entente: error: --window must be 2 or more periods, not 1");
    assertThat(run("comentions", "--warehouse", wh, "--min-articles", "0").errLines())
        .containsExactly("entente: error: --min-articles must be 1 or more, not 0");
    assertThat(run("comentions", "--warehouse", wh).errLines()).singleElement().asString()
        .startsWith("entente: error: nothing to count: ").endsWith("(run ingest and annotate first)");
  }

  @Test
  void badTopicOptionsAreUserErrors() {
    String wh = tmp.resolve("wh").toString();
    assertThat(run("topics", "--warehouse", wh, "--k", "10,1").errLines())
        .containsExactly("entente: error: --k must be between 2 and 1000 topics, not 1");
    assertThat(run("topics", "--warehouse", wh, "--k", "ten").errLines()).singleElement().asString()
        .startsWith("entente: error: Invalid value for option '--k'");
    assertThat(run("topics", "--warehouse", wh, "--threshold", "1").errLines())
        .containsExactly("entente: error: --threshold must be in (0, 1), not 1.0");
  }

  @Test
  void reportUserErrorsAreOneLine() throws java.io.IOException {
    String out = tmp.resolve("r.html").toString();
    Outcome noOut = run("report", "--warehouse", tmp.resolve("wh").toString());
    assertThat(noOut.code()).isEqualTo(2);
    assertThat(noOut.errLines()).containsExactly(
        "entente: error: Missing required option: '--out=FILE.html' (see 'entente report --help')");
    Outcome absent = run("report", "--warehouse", tmp.resolve("nowhere").toString(), "--out", out);
    assertThat(absent.code()).isEqualTo(2);
    assertThat(absent.errLines()).containsExactly("entente: error: the warehouse " + tmp.resolve("nowhere")
        + " does not exist (give --warehouse DIR_OR_URI)");
    java.nio.file.Files.createDirectories(tmp.resolve("empty/gold"));
    assertThat(run("report", "--warehouse", tmp.resolve("empty").toString(), "--out", out).errLines())
        .containsExactly("entente: error: no gold tables in the warehouse " + tmp.resolve("empty")
            + " (run the pipeline first: entente run, or ingest, annotate, comentions and topics)");
    assertThat(run("report", "--warehouse", tmp.resolve("empty").toString(), "--out", tmp.toString()).errLines())
        .containsExactly("entente: error: --out " + tmp + " is a folder; give a file name such as report.html");
    assertThat(run("report", "--out", out, "--top", "0").errLines())
        .containsExactly("entente: error: --top must be between 1 and 100, not 0");
    assertThat(run("report", "--out", out, "--grain", "week").errLines())
        .containsExactly("entente: error: unknown --grain 'week' (expected month or year)");
    assertThat(run("report", "--out", out, "--rising-by", "size").errLines()).singleElement().asString()
        .startsWith("entente: error: Invalid value for option '--rising-by': expected one of [CHANGE, Z]");
    assertThat(tmp.resolve("r.html")).doesNotExist();
  }

  @Test
  void aWarehouseThatIsAFileIsAUserError() {
    write("file.txt", "x");
    Outcome o = run("sql", "select 1", "--warehouse", tmp.resolve("file.txt").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.errLines()).containsExactly("entente: error: --warehouse " + tmp.resolve("file.txt")
        + " is a file, not a directory");
  }

  @Test
  void ingestThenQueryInEveryFormat() {
    write("in/a.jsonl", "{\"id\":\"1\",\"source\":\"S\",\"title\":\"Tabs\\tand, commas\",\"body\":\"Line one.\\nLine two.\",\"date\":\"2024-01-02\"}\n"
        + "{\"id\":\"2\",\"source\":\"S\",\"title\":\"Plain\",\"body\":\"Two.\",\"date\":\"2024-01-03\"}\n");
    String wh = tmp.resolve("wh").toString();
    Outcome ingest = run("ingest", "--input", tmp.resolve("in").toString(), "--warehouse", wh);
    assertThat(ingest.code()).isZero();

    String q = "select article_id, title, text, word_count from silver.articles order by article_id";
    assertThat(run("sql", q, "--warehouse", wh).out()).isEqualTo(
        "article_id\ttitle\ttext\tword_count\n"
            + "s:1\tTabs and, commas\tLine one.\\nLine two.\t4\n"
            + "s:2\tPlain\tTwo.\t1\n");
    assertThat(run("sql", q, "--warehouse", wh, "--format", "csv", "--no-header").out()).isEqualTo(
        "s:1,\"Tabs and, commas\",\"Line one.\nLine two.\",4\n"
            + "s:2,Plain,Two.,1\n");
    assertThat(run("sql", q, "--warehouse", wh, "--format", "json").out()).isEqualTo(
        "{\"article_id\":\"s:1\",\"title\":\"Tabs and, commas\",\"text\":\"Line one.\\nLine two.\",\"word_count\":4}\n"
            + "{\"article_id\":\"s:2\",\"title\":\"Plain\",\"text\":\"Two.\",\"word_count\":1}\n");
    Outcome limited = run("sql", q, "--warehouse", wh, "--limit", "1");
    assertThat(limited.out().lines().count()).isEqualTo(2);
    assertThat(limited.err()).contains("showing the first 1 rows");
    assertThat(run("sql", "select rows_in, rows_out, rows_duplicate, rows_rejected from gold.runs", "--warehouse", wh).out())
        .isEqualTo("rows_in\trows_out\trows_duplicate\trows_rejected\n2\t2\t0\t0\n");

    Outcome bad = run("sql", "select nope from silver.articles", "--warehouse", wh);
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.errLines()).hasSize(1);
    assertThat(bad.err()).startsWith("entente: error: bad query: [UNRESOLVED_COLUMN");
    Outcome missing = run("sql", "select * from gold.nothing", "--warehouse", wh);
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).startsWith("entente: error: bad query: [TABLE_OR_VIEW_NOT_FOUND]");
  }
}
