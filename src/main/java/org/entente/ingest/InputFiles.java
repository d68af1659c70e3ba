package org.entente.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.entente.util.Console;
import org.entente.util.UserError;

/**
 * Expands {@code --input} values (files, folders, globs; local paths or any Hadoop file system
 * URI) into the list of files to read, each with its format. Folders are walked recursively;
 * names starting with {@code .} or {@code _} are skipped (Hadoop's hidden files), and so are
 * files whose format cannot be told from their name, with a warning listing them.
 */
public final class InputFiles {
  private InputFiles() {}

  /** One file to read. */
  public record InputFile(String path, InputFormat format, long bytes) {}

  public static List<InputFile> resolve(Configuration conf, List<String> inputs, InputFormat forced) {
    if (inputs == null || inputs.isEmpty()) {
      throw new UserError("no --input given");
    }
    Map<String, InputFile> files = new TreeMap<>();
    List<String> skipped = new ArrayList<>();
    for (String input : inputs) {
      if (input == null || input.isBlank()) {
        throw new UserError("--input must not be empty");
      }
      Path p = new Path(input);
      FileSystem fs;
      try {
        fs = p.getFileSystem(conf);
      } catch (IOException | IllegalArgumentException e) {
        throw new UserError("cannot open input " + input + ": " + e.getMessage(), e);
      }
      FileStatus[] matches;
      try {
        matches = fs.globStatus(p);
      } catch (IOException e) {
        throw new UserError("cannot read input " + input + ": " + e.getMessage(), e);
      }
      if (matches == null || matches.length == 0) {
        throw new UserError("input not found: " + input);
      }
      int before = files.size();
      for (FileStatus m : matches) {
        if (m.isDirectory()) {
          walk(fs, m.getPath(), forced, files, skipped);
        } else {
          Optional<InputFormat> f = forced != null ? Optional.of(forced) : InputFormat.detect(m.getPath().getName());
          if (f.isEmpty()) {
            if (matches.length == 1) {
              throw new UserError("cannot tell the format of " + input
                  + " from its name: give --format jsonl, csv, tsv, parquet or text");
            }
            skipped.add(m.getPath().toString());
            continue;
          }
          files.put(m.getPath().toString(), new InputFile(m.getPath().toString(), f.get(), m.getLen()));
        }
      }
      if (files.size() == before) {
        throw new UserError("no readable input files under " + input
            + (skipped.isEmpty() ? "" : " (skipped, format unknown: " + preview(skipped) + ")"));
      }
    }
    if (!skipped.isEmpty()) {
      Console.warn("skipped %d file(s) whose format is unknown: %s", skipped.size(), preview(skipped));
    }
    return new ArrayList<>(files.values());
  }

  private static void walk(FileSystem fs, Path dir, InputFormat forced, Map<String, InputFile> files,
      List<String> skipped) {
    try {
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        LocatedFileStatus s = it.next();
        if (hidden(dir, s.getPath())) {
          continue;
        }
        Optional<InputFormat> f = forced != null ? Optional.of(forced) : InputFormat.detect(s.getPath().getName());
        if (f.isEmpty()) {
          skipped.add(s.getPath().toString());
        } else {
          files.put(s.getPath().toString(), new InputFile(s.getPath().toString(), f.get(), s.getLen()));
        }
      }
    } catch (IOException e) {
      throw new UserError("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** True when any path element below {@code root} starts with {@code .} or {@code _}. */
  private static boolean hidden(Path root, Path file) {
    String r = root.toUri().getPath();
    String f = file.toUri().getPath();
    String rel = f.startsWith(r) ? f.substring(r.length()) : file.getName();
    for (String part : rel.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  private static String preview(List<String> paths) {
    List<String> names = new ArrayList<>();
    for (String p : paths) {
      names.add(p.substring(p.lastIndexOf('/') + 1));
      if (names.size() == 5) {
        break;
      }
    }
    return String.join(", ", names) + (paths.size() > 5 ? ", ..." : "");
  }

  /** Files grouped by format, in a stable order. */
  public static Map<InputFormat, List<InputFile>> byFormat(List<InputFile> files) {
    Map<InputFormat, List<InputFile>> m = new LinkedHashMap<>();
    for (InputFormat f : InputFormat.values()) {
      for (InputFile file : files) {
        if (file.format() == f) {
          m.computeIfAbsent(f, k -> new ArrayList<>()).add(file);
        }
      }
    }
    return m;
  }
}
