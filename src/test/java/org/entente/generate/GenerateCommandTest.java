package org.entente.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.entente.cli.CliTest;
import org.entente.testing.SparkTest;
import org.entente.util.Console;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code entente generate} in-process: help, user errors (one line, exit 2), a small run. No Spark. */
class GenerateCommandTest {
  Path tmp;

  record Outcome(int code, String out, List<String> errLines) {}

  @BeforeAll
  static void quiet() {
    Console.setQuiet(true);
  }

  @BeforeEach
  void scratch() throws IOException {
    tmp = Files.createTempDirectory("entente-generate-cli-");
  }

  @AfterEach
  void drop() {
    SparkTest.deleteTree(tmp);
  }

  static Outcome run(String... args) {
    CliTest.Outcome o = CliTest.run(args);
    return new Outcome(o.code(), o.out(), o.errLines());
  }

  @Test
  void helpListsTheOptions() {
    Outcome o = run("generate", "--help");
    assertThat(o.code()).isZero();
    assertThat(o.out()).startsWith("Usage: entente generate").contains("--articles=N", "--out=DIR", "--seed=S",
        "--from=DATE", "--to=DATE", "--files=K", "--per-file=M", "--threads=T", "--force", "--kb=DIR",
        "Default: 1", "Default: 2015-01-01", "Default: 2025-12-31", "articles-*.jsonl.gz");
    assertThat(run("--help").out()).contains("generate");
  }

  @Test
  void badOptionsAreOneLineAndExit2() {
    String out = tmp.resolve("c").toString();
    assertThat(run("generate", "--articles", "0", "--out", out))
        .isEqualTo(new Outcome(2, "", List.of("entente: error: --articles must be 1 or more, not 0")));
    assertThat(run("generate", "--articles", "5", "--out", out, "--from", "2020-13-01").errLines())
        .containsExactly("entente: error: --from '2020-13-01' is not a date such as 2015-01-31");
    assertThat(run("generate", "--articles", "5", "--out", out, "--files", "2", "--per-file", "3").errLines())
        .containsExactly("entente: error: give --files or --per-file, not both");
    assertThat(run("generate", "--articles", "5", "--out", out, "--to", "2014-12-31").errLines())
        .containsExactly("entente: error: --from 2015-01-01 is after --to 2014-12-31");
    Outcome missing = run("generate", "--articles", "5");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.errLines()).containsExactly(
        "entente: error: Missing required option: '--out=DIR' (see 'entente generate --help')");
    assertThat(run("generate", "--articles", "many", "--out", out).errLines()).singleElement().asString()
        .startsWith("entente: error: Invalid value for option '--articles': 'many' is not a long");
    assertThat(tmp.resolve("c")).doesNotExist();
  }

  @Test
  void writesACorpusAndRefusesToOverwriteIt() throws IOException {
    String out = tmp.resolve("c").toString();
    Outcome ok = run("generate", "--articles", "30", "--out", out, "--per-file", "20", "--seed", "4",
        "--from", "2020-01-01", "--to", "2020-12-31");
    assertThat(ok.code()).isZero();
    assertThat(ok.errLines()).isEmpty();
    assertThat(CorpusGeneratorTest.names(tmp.resolve("c"))).containsExactly("articles-00000.jsonl.gz",
        "articles-00001.jsonl.gz", "manifest.json", "truth/truth-00000.jsonl.gz", "truth/truth-00001.jsonl.gz");
    assertThat(Files.readString(tmp.resolve("c/manifest.json")))
        .contains("\"articles\":30,\"files\":2,\"largest_file\":20,\"seed\":4,\"from\":\"2020-01-01\",\"to\":\"2020-12-31\"");

    assertThat(run("generate", "--articles", "30", "--out", out).errLines()).containsExactly(
        "entente: error: --out " + out + " is not empty (4 entries); give --force to replace a corpus generated there");
    assertThat(run("generate", "--articles", "10", "--out", out, "--force").code()).isZero();
    assertThat(CorpusGeneratorTest.lines(tmp.resolve("c/articles-00000.jsonl.gz"))).hasSize(10);
  }
}
