package org.entente.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.entente.ingest.InputFiles.InputFile;
import scala.Tuple2;

/**
 * Looks at the first bytes of every input file before the readers do, and refuses the files no
 * reader can make sense of, each with one reason: binary content, UTF-16 text, or text that is
 * not UTF-8 at all where a text format is expected, a Parquet file without Parquet's magic number, a compressed file that does
 * not decompress, a file that cannot be opened. Such a file becomes one rejected record, instead
 * of a failed job or of thousands of garbage "lines".
 *
 * <p>A text format's sample is refused as binary when more than {@link #MAX_CONTROL_PERCENT}% of
 * its bytes are NUL or other control bytes (all but tab, line feed, carriage return, form feed,
 * vertical tab and escape), and as not UTF-8 when more than {@link #MAX_INVALID_PERCENT}% of its
 * bytes are not valid UTF-8 (text in a legacy encoding such as Windows-1251, where nearly every
 * letter would be lost). A text file with a few invalid bytes (a Latin-1 é here and there)
 * passes: each invalid byte is read as U+FFFD, the replacement character, and the record kept.
 *
 * <p>Cost: one Spark job that opens every non-empty file once and reads at most {@link #SAMPLE}
 * bytes of it (after decompression), plus the last 4 bytes of a Parquet file; the files are spread
 * over the executors.
 */
public final class ContentCheck {
  private ContentCheck() {}

  /** Bytes sampled from the start of each file (decompressed). */
  public static final int SAMPLE = 8192;

  /** A sample with more than this share of control bytes is binary. */
  public static final int MAX_CONTROL_PERCENT = 1;

  /** A sample with more than this share of bytes that are not UTF-8 is not UTF-8 text. */
  public static final int MAX_INVALID_PERCENT = 30;

  public static final String BINARY = "binary content, not text (over " + MAX_CONTROL_PERCENT
      + "% of the first 8 KB are NUL or other control bytes)";
  public static final String NOT_UTF8 = "not UTF-8 text (over " + MAX_INVALID_PERCENT
      + "% of the first 8 KB are invalid UTF-8): convert the file to UTF-8";
  public static final String UTF16 = "UTF-16 text (a byte order mark FF FE or FE FF): convert the file to UTF-8";
  public static final String NOT_PARQUET = "not a Parquet file (no PAR1 magic number at its start and end)";

  private static final byte[] PAR1 = {'P', 'A', 'R', '1'};
  private static final byte[] GZIP = {0x1F, (byte) 0x8B};
  private static final byte[] BZIP2 = {'B', 'Z', 'h'};

  /**
   * The files to refuse, by path ({@link InputFile#path()}), with the reason. Empty files are not
   * looked at (they are refused as empty by {@link RawRecords}).
   */
  public static Map<String, String> refused(SparkSession spark, List<InputFile> files) {
    List<String> specs = new ArrayList<>();
    for (InputFile f : files) {
      if (f.bytes() > 0) {
        specs.add(f.format().name() + "\t" + f.path());
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (specs.isEmpty()) {
      return out;
    }
    // Hadoop's Configuration is not serializable: its entries travel as a map.
    Map<String, String> conf = new HashMap<>();
    for (Map.Entry<String, String> e : spark.sparkContext().hadoopConfiguration()) {
      conf.put(e.getKey(), e.getValue());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(1, Math.min(specs.size(), jsc.defaultParallelism() * 4));
    FlatMapFunction<Iterator<String>, Tuple2<String, String>> checkAll = it -> {
      Configuration c = new Configuration(false);
      conf.forEach(c::set);
      List<Tuple2<String, String>> bad = new ArrayList<>();
      while (it.hasNext()) {
        String[] spec = it.next().split("\t", 2);
        String reason = check(c, spec[1], InputFormat.valueOf(spec[0]));
        if (reason != null) {
          bad.add(new Tuple2<>(spec[1], reason));
        }
      }
      return bad.iterator();
    };
    jsc.setJobDescription("ingest: check file contents");
    try {
      for (Tuple2<String, String> t : jsc.parallelize(specs, slices).mapPartitions(checkAll).collect()) {
        out.put(t._1(), t._2());
      }
    } finally {
      jsc.setJobDescription(null);
    }
    return out;
  }

  /** Why the file cannot be read as {@code format}, or null when it looks fine. */
  static String check(Configuration conf, String path, InputFormat format) {
    Path p = new Path(path);
    FileSystem fs;
    try {
      fs = p.getFileSystem(conf);
    } catch (IOException e) {
      return "cannot read the file: " + e.getMessage();
    }
    if (format == InputFormat.PARQUET) {
      return checkParquet(fs, p);
    }
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
    byte[] buf = new byte[SAMPLE];
    int n = 0;
    boolean more;
    try (FSDataInputStream raw = fs.open(p)) {
      InputStream in = raw;
      try {
        if (codec != null) {
          String ext = codec.getDefaultExtension();
          byte[] magic = ext.equals(".gz") ? GZIP : ext.equals(".bz2") ? BZIP2 : null;
          if (magic != null) {
            // Checked here: the codecs' own messages differ with and without Hadoop's native libraries.
            if (!startsWith(raw, fs.getFileStatus(p).getLen(), magic)) {
              return "cannot decompress (" + ext.substring(1) + "): not " + (magic == GZIP ? "gzip" : "bzip2")
                  + " data (no " + (magic == GZIP ? "1F 8B" : "'BZh'") + " magic number)";
            }
          }
          in = codec.createInputStream(raw);
        }
        int r;
        while (n < SAMPLE && (r = in.read(buf, n, SAMPLE - n)) > 0) {
          n += r;
        }
        more = n == SAMPLE && in.read() >= 0;
      } catch (IOException | RuntimeException e) {
        if (codec != null) {
          return "cannot decompress (" + codec.getDefaultExtension().substring(1) + "): " + message(e);
        }
        throw e;
      } finally {
        if (in != raw) {
          in.close();
        }
      }
    } catch (IOException | RuntimeException e) {
      return "cannot read the file: " + message(e);
    }
    return checkText(buf, n, more);
  }

  /** Whether the file starts with {@code magic} (a positioned read: the stream stays at 0). */
  private static boolean startsWith(FSDataInputStream in, long length, byte[] magic) throws IOException {
    if (length < magic.length) {
      return false;
    }
    byte[] head = new byte[magic.length];
    in.readFully(0, head);
    return java.util.Arrays.equals(head, magic);
  }

  private static String checkParquet(FileSystem fs, Path p) {
    try {
      long len = fs.getFileStatus(p).getLen();
      if (len < 12) {
        return NOT_PARQUET;
      }
      byte[] head = new byte[4];
      byte[] tail = new byte[4];
      try (FSDataInputStream in = fs.open(p)) {
        in.readFully(0, head);
        in.readFully(len - 4, tail);
      }
      return java.util.Arrays.equals(head, PAR1) && java.util.Arrays.equals(tail, PAR1) ? null : NOT_PARQUET;
    } catch (IOException e) {
      return "cannot read the file: " + message(e);
    }
  }

  /**
   * Whether the first {@code n} bytes of a file look like UTF-8 text: null if so, else the reason.
   *
   * @param truncated the file goes on after these bytes (a UTF-8 sequence cut at the end is fine)
   */
  static String checkText(byte[] b, int n, boolean truncated) {
    if (n >= 2 && ((b[0] == (byte) 0xFF && b[1] == (byte) 0xFE) || (b[0] == (byte) 0xFE && b[1] == (byte) 0xFF))) {
      return UTF16;
    }
    int controls = 0;
    int invalid = 0;
    int i = 0;
    while (i < n) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0B && c != 0x1B)
            || c == 0x7F;
        if (control) {
          controls++;
        }
        i++;
        continue;
      }
      int len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
      if (len == 0) {
        invalid++;
        i++;
        continue;
      }
      if (i + len > n) {
        if (!truncated) {
          invalid += n - i;
        }
        break;
      }
      if (validSequence(b, i, len)) {
        i += len;
      } else {
        invalid++;
        i++;
      }
    }
    if ((long) controls * 100 > (long) n * MAX_CONTROL_PERCENT) {
      return BINARY;
    }
    return (long) invalid * 100 > (long) n * MAX_INVALID_PERCENT ? NOT_UTF8 : null;
  }

  /** A well-formed UTF-8 sequence (no overlong forms, surrogates or code points past U+10FFFF). */
  private static boolean validSequence(byte[] b, int i, int len) {
    int c = b[i] & 0xFF;
    int second = b[i + 1] & 0xFF;
    int lo = 0x80;
    int hi = 0xBF;
    if (c == 0xE0) {
      lo = 0xA0;
    } else if (c == 0xED) {
      hi = 0x9F;
    } else if (c == 0xF0) {
      lo = 0x90;
    } else if (c == 0xF4) {
      hi = 0x8F;
    }
    if (second < lo || second > hi) {
      return false;
    }
    for (int k = 2; k < len; k++) {
      if ((b[i + k] & 0xC0) != 0x80) {
        return false;
      }
    }
    return true;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.strip().replaceAll("\\s+", " ");
  }
}
