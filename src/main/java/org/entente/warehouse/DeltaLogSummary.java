package org.entente.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A Delta table's latest version and row count, read from its JSON commit files alone (the Delta
 * protocol's {@code add} and {@code remove} actions and the {@code numRecords} statistic Delta
 * writes with every file), without a Spark job. Listing a table costs a few small file reads
 * this way, where Spark's count needs a job per table (seconds each on a small machine).
 *
 * <p>Gives up (empty) whenever the commits alone cannot answer exactly: a commit file missing
 * (cleaned up after a checkpoint), more than {@link #MAX_COMMITS} commits, a file without
 * {@code numRecords}, or deletion vectors. Callers then ask Spark.
 */
public final class DeltaLogSummary {
  /** The most commit files read; a longer log is left to Spark. */
  public static final int MAX_COMMITS = 500;

  private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A table's latest version and the rows of that version. */
  public record Summary(long version, long rows) {}

  private DeltaLogSummary() {}

  /**
   * Reads the summary of the Delta table at {@code tablePath}.
   *
   * @param hadoop the Hadoop configuration (file systems)
   * @param tablePath the table's root folder
   * @return the summary, or empty when the commit files alone cannot give it exactly
   * @throws IOException when the log cannot be listed or read
   */
  public static Optional<Summary> read(Configuration hadoop, String tablePath) throws IOException {
    Path log = new Path(tablePath, "_delta_log");
    FileSystem fs = log.getFileSystem(hadoop);
    if (!fs.exists(log)) {
      return Optional.empty();
    }
    List<Path> commits = new ArrayList<>();
    for (FileStatus s : fs.listStatus(log, p -> COMMIT.matcher(p.getName()).matches())) {
      commits.add(s.getPath());
    }
    commits.sort((a, b) -> a.getName().compareTo(b.getName()));
    if (commits.isEmpty() || commits.size() > MAX_COMMITS) {
      return Optional.empty();
    }
    for (int v = 0; v < commits.size(); v++) {
      if (version(commits.get(v)) != v) {
        return Optional.empty();
      }
    }
    Map<String, Long> live = new HashMap<>();
    for (Path commit : commits) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode action = JSON.readTree(line);
          JsonNode add = action.get("add");
          if (add != null) {
            JsonNode dv = add.get("deletionVector");
            if (dv != null && !dv.isNull()) {
              return Optional.empty();
            }
            JsonNode stats = add.get("stats");
            JsonNode records = stats == null || stats.isNull() ? null : JSON.readTree(stats.asText()).get("numRecords");
            if (records == null || !records.canConvertToLong()) {
              return Optional.empty();
            }
            live.put(add.get("path").asText(), records.asLong());
          }
          JsonNode remove = action.get("remove");
          if (remove != null) {
            live.remove(remove.get("path").asText());
          }
        }
      }
    }
    long rows = live.values().stream().mapToLong(Long::longValue).sum();
    return Optional.of(new Summary(commits.size() - 1, rows));
  }

  private static long version(Path commit) {
    String name = commit.getName();
    return Long.parseLong(name.substring(0, name.length() - ".json".length()));
  }
}
