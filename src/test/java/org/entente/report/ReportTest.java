package org.entente.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.report.GoldRows.article;
import static org.entente.report.GoldRows.co;
import static org.entente.report.GoldRows.ec;
import static org.entente.report.GoldRows.ev;
import static org.entente.report.GoldRows.frame;
import static org.entente.report.GoldRows.topic;
import static org.entente.report.GoldRows.tr;
import static org.entente.report.GoldRows.tt;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.entente.testing.SparkTest;
import org.entente.warehouse.Table;
import org.entente.warehouse.Warehouse;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The report end to end: a tiny warehouse written in code (names, titles and sentences carrying
 * script and image-handler payloads), the page written, then opened in headless Chromium: its DOM
 * (after the scripts ran) holds the expected names and numbers and the payloads as text only, no
 * injected element, the title unchanged; its screenshot shows drawn charts. First with some tables
 * missing or empty (the sections say so), then with all of them.
 *
 * <p>Needs {@code chromium} on the PATH: skipped without it, failed without it when
 * {@code ENTENTE_REQUIRE_BROWSER=1} (as {@code .ci/run} sets).
 */
class ReportTest extends SparkTest {
  /** Would set the title and add #pwned if it ever ran. */
  static final String SCRIPT_NAME = "Evil<script>document.title='pwned';"
      + "document.body.appendChild(document.createElement('div')).id='pwned'</script>land";
  static final String IMG_PAYLOAD = "<img src=x onerror=\"document.title='pwned';"
      + "document.body.appendChild(document.createElement('div')).id='pwned'\">";
  static final String IMG_NAME = IMG_PAYLOAD + "Imgland";

  @Test
  void pageShowsTheGoldTablesAndNeverRunsTheirText() throws Exception {
    Path chromium = chromium();
    Warehouse wh = newWarehouse();
    wh.append(Table.GOLD_ENTITY_COUNTS, frame(spark, Table.GOLD_ENTITY_COUNTS, List.of(
        ec("month", "2024-01-01", "FRA", "France", 5, 10),
        ec("month", "2024-01-01", "DEU", "Germany", 3, 10),
        ec("month", "2024-01-01", "XSS", SCRIPT_NAME, 2, 10),
        ec("month", "2024-02-01", "FRA", "France", 4, 8),
        ec("month", "2024-02-01", "DEU", "Germany", 6, 8),
        ec("month", "2024-02-01", "DEU:olaf-scholz", "Olaf Scholz", 3, 8),
        ec("month", "2024-02-01", "IMG", IMG_NAME, 2, 8),
        ec("month", "2024-03-01", "FRA", "France", 7, 20),
        ec("month", "2024-03-01", "DEU", "Germany", 2, 20),
        ec("month", "2024-03-01", "XSS", SCRIPT_NAME, 4, 20),
        ec("month", "2024-03-01", "DEU:olaf-scholz", "Olaf Scholz", 1, 20),
        ec("year", "2024-01-01", "FRA", "France", 16, 38),
        ec("year", "2024-01-01", "DEU", "Germany", 11, 38),
        ec("year", "2024-01-01", "XSS", SCRIPT_NAME, 6, 38),
        ec("year", "2024-01-01", "DEU:olaf-scholz", "Olaf Scholz", 4, 38),
        ec("year", "2024-01-01", "IMG", IMG_NAME, 2, 38))));
    wh.append(Table.GOLD_TOPICS, frame(spark, Table.GOLD_TOPICS, List.of()));  // created, no rows

    // 1. Only entity counts, and an empty topics table: the other sections say what is missing.
    Path out = tmp.resolve("out/report.html");
    ReportJob.Result partial = ReportJob.on(wh).out(out).execute();
    assertThat(partial.notes()).containsOnlyKeys("network", "rising", "evidence", "topics");
    String dom = dumpDom(chromium, out);
    assertThat(dom).contains("gold/comentions does not exist: run 'entente comentions' to fill it",
        "gold/comention_trends does not exist: run 'entente comentions' to fill it",
        "gold/comention_evidence does not exist: run 'entente comentions' to fill it",
        "no topic model yet: gold/topics is empty (run 'entente topics')",
        ">France</td><td class=\"num\">16</td><td class=\"num\">35.0%</td>");
    assertNothingRan(dom);

    // 2. Every table.
    wh.append(Table.GOLD_COMENTIONS, frame(spark, Table.GOLD_COMENTIONS, List.of(
        co("month", "2024-01-01", "DEU", "FRA", 2, 0.3),
        co("month", "2024-01-01", "FRA", "XSS", 1, 0.1),
        co("month", "2024-02-01", "DEU", "DEU:olaf-scholz", 3, 0.6),
        co("month", "2024-02-01", "DEU", "IMG", 2, 0.4),
        co("month", "2024-03-01", "DEU", "FRA", 2, 0.2),
        co("month", "2024-03-01", "FRA", "XSS", 3, 0.5),
        co("month", "2024-03-01", "DEU:olaf-scholz", "FRA", 1, 0.1),
        co("year", "2024-01-01", "DEU", "FRA", 4, 0.2),
        co("year", "2024-01-01", "FRA", "XSS", 4, 0.3),
        co("year", "2024-01-01", "DEU", "DEU:olaf-scholz", 3, 0.5),
        co("year", "2024-01-01", "DEU", "IMG", 2, 0.4),
        co("year", "2024-01-01", "DEU:olaf-scholz", "FRA", 1, 0.0))));
    wh.append(Table.GOLD_COMENTION_TRENDS, frame(spark, Table.GOLD_COMENTION_TRENDS, List.of(
        tr("2024-02-01", "DEU", "DEU:olaf-scholz", 3, 0, 0),
        tr("2024-02-01", "DEU", "IMG", 2, 0, 0),
        tr("2024-03-01", "FRA", "XSS", 3, 0.5, 0.5),
        tr("2024-03-01", "DEU", "FRA", 2, 1.0, 0.5),
        tr("2024-03-01", "DEU:olaf-scholz", "FRA", 1, 0, 0))));
    String s1 = "France and " + SCRIPT_NAME + " signed a pact.";
    String s2 = "Talks went on " + IMG_PAYLOAD + " in Paris & Lyon.";
    wh.append(Table.GOLD_COMENTION_EVIDENCE, frame(spark, Table.GOLD_COMENTION_EVIDENCE, List.of(
        ev("2024-03-01", "FRA", "XSS", 1, "w:1", "2024-03-04", 1, s1),
        ev("2024-03-01", "FRA", "XSS", 2, "w:2", "2024-03-09", 3, s2),
        ev("2024-02-01", "DEU", "IMG", 1, "w:3", "2024-02-11", 2, "Germany and Imgland."))));
    wh.append(Table.SILVER_ARTICLES, frame(spark, Table.SILVER_ARTICLES, List.of(
        article("w:1", "Wire <b>Service</b>", IMG_PAYLOAD + "Pact signed", s1, "2024-03-04"),
        article("w:2", "Daily Post", "Talks in Paris", s2, "2024-03-09"))));
    wh.append(Table.GOLD_TOPICS, frame(spark, Table.GOLD_TOPICS, List.of(
        topic("m1", 0, "trade, tariffs, exports", 0.31, true, "2024-04-01 00:00:00"),
        topic("m1", 1, "war, <script>alert(1)</script>, front", 0.12, true, "2024-04-01 00:00:00"))));
    wh.append(Table.GOLD_TOPIC_TRENDS, frame(spark, Table.GOLD_TOPIC_TRENDS, List.of(
        tt("m1", "month", "2024-01-01", 0, 0.6, 6), tt("m1", "month", "2024-01-01", 1, 0.4, 4),
        tt("m1", "month", "2024-02-01", 0, 0.5, 4), tt("m1", "month", "2024-02-01", 1, 0.5, 4),
        tt("m1", "month", "2024-03-01", 0, 0.3, 6), tt("m1", "month", "2024-03-01", 1, 0.7, 14),
        tt("m1", "year", "2024-01-01", 0, 0.45, 16), tt("m1", "year", "2024-01-01", 1, 0.55, 22))));

    ReportJob.Result full = ReportJob.on(wh).out(out).execute();
    assertThat(full.notes()).isEmpty();
    String html = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(full.bytes()).isEqualTo(Files.size(out));
    // The data block holds the payloads only in escaped form; nothing outside ECharts names a URL.
    String data = between(html, "<script type=\"application/json\" id=\"entente-data\">", "</script>");
    assertThat(data).contains("Evil\\u003cscript\\u003edocument.title=").doesNotContain("<", ">", "&");
    assertThat(Pattern.compile("<script", Pattern.CASE_INSENSITIVE).matcher(html).results().count()).isEqualTo(3);
    assertThat(SCRIPT_BODY.matcher(html).replaceAll("<script$1></script>"))
        .doesNotContainIgnoringCase("http:", "https:", "src=", "href=", "url(", "@import");
    assertThat(ReportPage.resource("org/entente/report/report.js"))
        .doesNotContain("http", "fetch(", "XMLHttpRequest", "import(", "innerHTML", "eval(");

    // One browser run: the DOM after the scripts ran, and a screenshot.
    Path png = tmp.resolve("shot.png");
    dom = dumpDom(chromium, out, "", "--screenshot=" + png, "--window-size=1400,2000", "--hide-scrollbars");
    assertNothingRan(dom);
    assertThat(dom).doesNotContain("class=\"note\">").contains(
        // top entities: rank, name, articles over all months, share of March
        "<td class=\"num\">1</td><td><span class=\"swatch\"",
        ">France</td><td class=\"num\">16</td><td class=\"num\">35.0%</td>",
        ">Germany</td><td class=\"num\">11</td><td class=\"num\">10.0%</td>",
        ">Olaf Scholz</td><td class=\"num\">4</td><td class=\"num\">5.0%</td>",
        // rising pairs of March, by change: pair, articles, mean, change, z
        "<td>France – Evil&lt;script&gt;document.title='pwned';document.body.appendChild("
            + "document.createElement('div')).id='pwned'&lt;/script&gt;land</td><td class=\"num\">3</td>"
            + "<td class=\"num\">0.5</td><td class=\"num\">+2.5</td><td class=\"num\">5.00</td>",
        "<td>Germany – France</td><td class=\"num\">2</td><td class=\"num\">1.0</td><td class=\"num\">+1.0</td>"
            + "<td class=\"num\">2.00</td>",
        "<td>Olaf Scholz – France</td><td class=\"num\">1</td><td class=\"num\">0.0</td><td class=\"num\">+1.0</td>"
            + "<td class=\"num\">flat</td>",
        // evidence of the top pair: date, source, title, sentence, all as text
        "<td class=\"nowrap\">2024-03-04</td><td>Wire &lt;b&gt;Service&lt;/b&gt;</td><td class=\"title\">&lt;img src=x onerror=\""
            + "document.title='pwned';",
        "<td class=\"sentence\">France and Evil&lt;script&gt;document.title='pwned';",
        "<td class=\"sentence\">Talks went on &lt;img src=x onerror=\"document.title='pwned';",
        "in Paris &amp; Lyon.</td>",
        // topics: label and March share
        ">T1: war, &lt;script&gt;alert(1)&lt;/script&gt;, front</td><td class=\"num\">70.0%</td>",
        // period selector: months, newest first, and years
        "<option value=\"2024-03-01\">2024-03</option><option value=\"2024-02-01\">2024-02</option>",
        "<option value=\"month\">month</option><option value=\"year\">year</option>");

    // The year view, opened by link: the year's pairs and its rising pairs (each pair's best month).
    String yearDom = dumpDom(chromium, out, "#grain=year&period=2024-01-01");
    assertNothingRan(yearDom);
    assertThat(yearDom).contains("<option value=\"2024-01-01\">2024</option>",
        "<td>Germany – Olaf Scholz</td><td class=\"nowrap\">2024-02</td><td class=\"num\">3</td>",
        ">France</td><td class=\"num\">16</td><td class=\"num\">42.1%</td>");

    BufferedImage shot = ImageIO.read(png.toFile());
    assertThat(shot.getWidth()).isEqualTo(1400);
    int nonWhite = 0;
    int leaderOrange = 0;
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        int rgb = shot.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb != 0xffffff) {
          nonWhite++;
        }
        if (rgb == 0xe6550d) {
          leaderOrange++;
        }
      }
    }
    assertThat(colours.size()).as("distinct colours").isGreaterThan(500);
    assertThat(nonWhite).as("non-white pixels").isGreaterThan(shot.getWidth() * shot.getHeight() / 5);
    // The network drew its leader node (Olaf Scholz) and legend swatch in the leader colour.
    assertThat(leaderOrange).as("pixels of the leader colour").isGreaterThan(200);
  }

  /**
   * The page's own scripts ran to the end (they mark the body), the injected ones never: the title
   * is unchanged and the markup outside the three script elements holds no injected element.
   */
  private static void assertNothingRan(String dom) {
    assertThat(dom).as("the page's scripts ran").contains("data-rendered=\"true\"");
    String markup = SCRIPT_BODY.matcher(dom).replaceAll("<script$1></script>");
    assertThat(Pattern.compile("<script").matcher(markup).results().count()).isEqualTo(3);
    assertThat(markup).contains("<title>Entente report</title>")
        .doesNotContain("id=\"pwned\"", "<img", "<b>");
  }

  private static final Pattern SCRIPT_BODY = Pattern.compile("<script([^>]*)>.*?</script>", Pattern.DOTALL);

  private static String between(String s, String start, String end) {
    int i = s.indexOf(start);
    assertThat(i).as(start).isGreaterThanOrEqualTo(0);
    int j = s.indexOf(end, i + start.length());
    return s.substring(i + start.length(), j);
  }

  // ---- headless Chromium ------------------------------------------------------------------------

  /** chromium on the PATH; the test is skipped without it unless ENTENTE_REQUIRE_BROWSER=1. */
  static Path chromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "chromium");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String message = "chromium is not on the PATH (apt-get install --no-install-recommends chromium)";
    if ("1".equals(System.getenv("ENTENTE_REQUIRE_BROWSER"))) {
      throw new AssertionError(message + ", and ENTENTE_REQUIRE_BROWSER=1");
    }
    Assumptions.abort("skipped: " + message);
    return null;
  }

  private String dumpDom(Path chromium, Path page) throws IOException, InterruptedException {
    return dumpDom(chromium, page, "");
  }

  /** The page's DOM after its scripts ran (Chromium's --dump-dom), with any extra flags. */
  private String dumpDom(Path chromium, Path page, String fragment, String... extra)
      throws IOException, InterruptedException {
    Path dom = tmp.resolve("dom-" + System.nanoTime() + ".html");
    List<String> flags = new ArrayList<>(List.of("--dump-dom"));
    flags.addAll(List.of(extra));
    browse(chromium, page.toUri() + fragment, dom, flags.toArray(String[]::new));
    return Files.readString(dom, StandardCharsets.UTF_8);
  }

  private void browse(Path chromium, String url, Path stdout, String... extra)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-extensions", "--user-data-dir=" + tmp.resolve("chromium-profile-" + System.nanoTime()),
        "--virtual-time-budget=4000"));
    cmd.addAll(List.of(extra));
    cmd.add(url);
    Path err = tmp.resolve("chromium-" + System.nanoTime() + ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 120 s: " + cmd);
    }
    assertThat(p.exitValue()).as("chromium exit status; stderr: %s", Files.readString(err)).isZero();
  }
}
