package org.entente.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.entente.testing.SampleWarehouse;
import org.entente.testing.SparkTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every notebook in {@code notebooks/} runs headlessly ({@code notebooks/run.py}, one Java kernel
 * per notebook) against the warehouse of the bundled sample, without a cell error, and shows what
 * it is for: the table list, the charts as images. Needs Debian's Jupyter (installed by
 * {@code .ci/run}): skipped with a message when it is missing, failed when
 * {@code ENTENTE_REQUIRE_JUPYTER=1}. The kernel jar and the class path come from Maven
 * ({@code target/notebooks/}, written before the tests).
 */
class NotebooksTest {
  private static final String INSTALL = "apt-get install --no-install-recommends -y jupyter-nbconvert"
      + " python3-nbclient python3-ipykernel jupyter-client jupyter-core python3-nbformat";
  private static final Pattern TIME = Pattern.compile("notebook (\\S+): ok in ([0-9.]+) s");

  @Test
  void everyNotebookRunsAgainstTheSampleWarehouse() throws Exception {
    String missing = jupyterMissing();
    if (missing != null) {
      if ("1".equals(System.getenv("ENTENTE_REQUIRE_JUPYTER"))) {
        fail(missing + " and ENTENTE_REQUIRE_JUPYTER=1: " + INSTALL);
      }
      Assumptions.abort("skipped: " + missing + " (" + INSTALL + ")");
    }
    Path repo = SparkTest.repo();
    assertThat(repo.resolve("target/notebooks/rapaio-jupyter-kernel.jar")).as("written by mvn process-test-classes")
        .isRegularFile();
    assertThat(repo.resolve("target/notebooks/classpath.txt")).isRegularFile();
    List<String> notebooks;
    try (Stream<Path> s = Files.list(repo.resolve("notebooks"))) {
      notebooks = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ipynb")).sorted().toList();
    }
    assertThat(notebooks).contains("01-getting-started.ipynb", "02-comentions.ipynb", "03-topics.ipynb");

    Path warehouse = SampleWarehouse.path();
    Path out = Files.createTempDirectory("entente-notebooks-");
    try {
      long t0 = System.nanoTime();
      List<String> lines = run(List.of("/usr/bin/python3", repo.resolve("notebooks/run.py").toString(),
          "--warehouse", warehouse.toString(), "--out", out.toString(),
          "--java", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // Short kernels: the quick compiler only and the serial collector (the three notebooks
          // took 140 s of CPU instead of 150 on 2026-11-29; the suite is CPU-bound on two cores).
          "--java-opt=-XX:TieredStopAtLevel=1", "--java-opt=-XX:+UseSerialGC",
          // A tiny warehouse: few partitions, as in the tests' own session.
          "--java-opt=-Dspark.sql.shuffle.partitions=2",
          "--java-opt=-Dspark.databricks.delta.snapshotPartitions=1"));
      double seconds = (System.nanoTime() - t0) / 1e9;
      String log = String.join("\n", lines);
      assertThat(lines).as(log).last().asString().startsWith("notebooks: " + notebooks.size() + " run, 0 failed");
      List<String> times = new ArrayList<>();
      for (String line : lines) {
        Matcher m = TIME.matcher(line);
        if (m.find()) {
          times.add(m.group(1) + " " + m.group(2) + " s");
        }
      }
      assertThat(times).as(log).hasSize(notebooks.size());
      System.out.printf("NotebooksTest: %s; the runner %.1f s%n", String.join(", ", times), seconds);

      ObjectMapper json = new ObjectMapper();
      for (String name : notebooks) {
        JsonNode nb = json.readTree(out.resolve(name).toFile());
        int images = 0;
        StringBuilder text = new StringBuilder();
        for (JsonNode cell : nb.get("cells")) {
          if (!cell.get("cell_type").asText().equals("code")) {
            continue;
          }
          assertThat(cell.get("execution_count").isInt()).as(name + ": every code cell ran").isTrue();
          for (JsonNode o : cell.get("outputs")) {
            assertThat(o.get("output_type").asText()).as(name + ": " + o).isNotEqualTo("error");
            if (o.has("text")) {
              o.get("text").forEach(t -> text.append(t.asText()));
              if (o.get("text").isTextual()) {
                text.append(o.get("text").asText());
              }
            }
            if (o.has("data") && o.get("data").has("image/png")) {
              images++;
            }
          }
        }
        switch (name) {
          case "01-getting-started.ipynb" -> assertThat(text.toString()).contains("|gold.comentions", "|silver.articles",
              "version 0: 0 articles; now (version 1): 360");
          case "02-comentions.ipynb" -> {
            assertThat(images).isEqualTo(2);
            assertThat(text.toString()).contains("|rank|published_date|sentence", "|1   |", "Russia");
          }
          case "03-topics.ipynb" -> assertThat(images).isEqualTo(3);
          default -> { }
        }
      }
    } finally {
      SparkTest.deleteTree(out);
    }
  }

  /** Why Jupyter cannot run here, or null when it can. */
  private static String jupyterMissing() throws InterruptedException {
    if (!Files.isExecutable(Path.of("/usr/bin/jupyter"))) {
      return "/usr/bin/jupyter is missing";
    }
    try {
      Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import nbclient, nbformat, jupyter_client")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0 ? null : "Debian's python3 cannot import nbclient, nbformat and jupyter_client";
    } catch (IOException e) {
      return "/usr/bin/python3 cannot run: " + e.getMessage();
    }
  }

  /** Runs a command, echoing and returning its output lines; fails after 20 minutes. */
  private static List<String> run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          System.out.println(line);
          synchronized (lines) {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    });
    reader.start();
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("notebooks/run.py ran over 20 minutes");
    }
    reader.join(10_000);
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }
}
