package org.entente.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.ingest.InputFiles.InputFile;
import org.entente.testing.SparkTest;
import org.junit.jupiter.api.Test;

/** Each reader on real files, read by Spark: exact records, fields and errors. */
class ReadersTest extends SparkTest {

  private List<Row> read(Path... inputs) {
    List<String> in = java.util.Arrays.stream(inputs).map(Path::toString).toList();
    List<InputFile> files = InputFiles.resolve(spark.sparkContext().hadoopConfiguration(), in, null);
    Dataset<Row> raw = RawRecords.read(spark, files);
    return raw.orderBy("source_file", "record").collectAsList();
  }

  private static Map<String, String> fields(Row r) {
    return r.isNullAt(3) ? null : new TreeMap<>(r.<String, String>getJavaMap(3));
  }

  @Test
  void jsonlRecordsErrorsAndBlankLines() {
    Path f = write("in/a.jsonl", String.join("\n",
        "{\"id\": 1, \"title\": \"T1\", \"n\": 1.50, \"tags\": [\"a\",\"b\"], \"x\": null}",
        "",
        "   ",
        "{\"id\": 2, \"title\": \"cut",
        "[1, 2]",
        "{\"id\": 3} trailing") + "\r\n");
    List<Row> rows = read(f);
    assertThat(rows).hasSize(4);
    Row good = rows.stream().filter(r -> r.getString(4) == null).findFirst().orElseThrow();
    assertThat(good.getString(1)).isEqualTo("jsonl");
    assertThat(good.getString(0)).isEqualTo("file:" + tmp.resolve("in/a.jsonl"));
    Map<String, String> expected = new TreeMap<>();
    expected.put("id", "1");
    expected.put("title", "T1");
    expected.put("n", "1.50");
    expected.put("tags", "[\"a\",\"b\"]");
    expected.put("x", null);
    assertThat(fields(good)).isEqualTo(expected);
    assertThat(rows.stream().map(r -> r.getString(4)).filter(e -> e != null).sorted().toList())
        .satisfiesExactly(
            e -> assertThat(e).startsWith("malformed JSON: Unexpected end-of-input"),
            e -> assertThat(e).startsWith("malformed JSON: Unrecognized token 'trailing'"),
            e -> assertThat(e).isEqualTo("not a JSON object (a JSON array)"));
    assertThat(rows.stream().filter(r -> r.getString(4) != null && r.getString(4).contains("end-of-input"))
        .findFirst().orElseThrow().getString(2)).isEqualTo("{\"id\": 2, \"title\": \"cut");
  }

  @Test
  void gzipAndBzip2AreReadTransparently() throws IOException {
    String line = "{\"id\": \"g\", \"body\": \"compressed\"}\n";
    Path gz = tmp.resolve("in/a.jsonl.gz");
    Files.createDirectories(gz.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(line.getBytes(StandardCharsets.UTF_8));
    }
    Path bz = tmp.resolve("in/b.csv.bz2");
    BZip2Codec codec = new BZip2Codec();
    codec.setConf(new Configuration());
    try (OutputStream out = codec.createOutputStream(Files.newOutputStream(bz))) {
      out.write("id,body\nb1,\"bzipped, with comma\"\n".getBytes(StandardCharsets.UTF_8));
    }
    List<Row> rows = read(tmp.resolve("in"));
    assertThat(rows).hasSize(2);
    assertThat(fields(rows.get(0))).isEqualTo(Map.of("id", "g", "body", "compressed"));
    assertThat(fields(rows.get(1))).isEqualTo(Map.of("id", "b1", "body", "bzipped, with comma"));
    assertThat(rows.get(1).getString(1)).isEqualTo("csv");
  }

  @Test
  void csvWithQuotesLineBreaksAndABadRow() {
    Path f = write("in/feed.csv", "\uFEFFlink,headline,text,date\r\n"
        + "https://a.example/1,\"Talks, again\",\"He said \"\"no\"\".\nSecond line.\",14 Mar 2023 09:30\r\n"
        + "https://a.example/2,Short,Body two,March 14 2023\r\n"
        + "only,two\r\n");
    List<Row> rows = read(f);
    assertThat(rows).hasSize(3);
    Row first = rows.stream().filter(r -> "https://a.example/1".equals(fields(r) == null ? null : fields(r).get("link")))
        .findFirst().orElseThrow();
    assertThat(fields(first)).containsEntry("headline", "Talks, again")
        .containsEntry("text", "He said \"no\".\nSecond line.")
        .containsEntry("date", "14 Mar 2023 09:30");
    assertThat(first.getString(2)).isEqualTo(
        "{\"link\":\"https://a.example/1\",\"headline\":\"Talks, again\",\"text\":\"He said \\\"no\\\".\\nSecond line.\",\"date\":\"14 Mar 2023 09:30\"}");
    Row bad = rows.stream().filter(r -> r.getString(4) != null).findFirst().orElseThrow();
    assertThat(bad.getString(4)).isEqualTo("malformed CSV row (its columns do not match the header of 4)");
    assertThat(bad.getString(2)).isEqualTo("only,two");
  }

  @Test
  void csvFilesWithDifferentHeadersKeepTheirOwnNames() {
    write("in/a.csv", "id,body\n1,alpha\n");
    write("in/b.csv", "guid,content,extra\n2,beta,x\n");
    write("in/c.tsv", "id\tbody\n3\tgamma, with comma\n");
    List<Row> rows = read(tmp.resolve("in"));
    assertThat(rows.stream().map(ReadersTest::fields).toList()).containsExactly(
        Map.of("id", "1", "body", "alpha"),
        Map.of("guid", "2", "content", "beta", "extra", "x"),
        Map.of("id", "3", "body", "gamma, with comma"));
  }

  @Test
  void parquetColumnsBecomeStringFields() {
    StructType schema = new StructType().add("id", DataTypes.LongType).add("headline", DataTypes.StringType)
        .add("published", DataTypes.TimestampType)
        .add("tags", DataTypes.createArrayType(DataTypes.StringType));
    Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(7L, "Parquet news",
        java.sql.Timestamp.from(java.time.Instant.parse("2024-05-16T10:00:00Z")),
        scala.collection.JavaConverters.asScalaBuffer(List.of("x", "y")).toList())), schema);
    df.coalesce(1).write().parquet(tmp.resolve("in/pq").toString());
    List<Row> rows = read(tmp.resolve("in/pq"));
    assertThat(rows).hasSize(1);
    assertThat(fields(rows.get(0))).isEqualTo(Map.of("id", "7", "headline", "Parquet news",
        "published", "2024-05-16 10:00:00", "tags", "[\"x\",\"y\"]"));
    assertThat(rows.get(0).getString(1)).isEqualTo("parquet");
    assertThat(rows.get(0).getString(2)).isEqualTo(
        "{\"id\":7,\"headline\":\"Parquet news\",\"published\":\"2024-05-16T10:00:00.000Z\",\"tags\":[\"x\",\"y\"]}");
  }

  @Test
  void textFilesGiveTitleAndBodyAndEmptyFilesAreRecordsToo() {
    write("in/dispatches/2024-10-23_kazan.txt", "\n  Leaders gather in Kazan  \n\nFirst paragraph.\n\nSecond.\n");
    write("in/dispatches/2024-05-09_empty.txt", "");
    List<Row> rows = read(tmp.resolve("in"));
    assertThat(rows).hasSize(2);
    Row empty = rows.get(0);
    assertThat(empty.getString(0)).endsWith("2024-05-09_empty.txt");
    assertThat(empty.getString(4)).isEqualTo("empty file");
    Row kazan = rows.get(1);
    assertThat(fields(kazan)).isEqualTo(Map.of("title", "Leaders gather in Kazan",
        "text", "\nFirst paragraph.\n\nSecond.\n"));
    assertThat(kazan.getString(1)).isEqualTo("text");
  }

  @Test
  void foldersSkipHiddenAndUnknownFilesAndGlobsExpand() {
    write("in/a.jsonl", "{\"id\":1}\n");
    write("in/_SUCCESS", "");
    write("in/.a.jsonl.crc", "x");
    write("in/notes.md", "# not news");
    write("in/sub/b.jsonl", "{\"id\":2}\n");
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<InputFile> files = InputFiles.resolve(conf, List.of(tmp.resolve("in").toString()), null);
    assertThat(files.stream().map(f -> f.path().substring(f.path().indexOf("/in/"))).toList())
        .containsExactly("/in/a.jsonl", "/in/sub/b.jsonl");
    List<InputFile> globbed = InputFiles.resolve(conf, List.of(tmp.resolve("in") + "/*/*.jsonl"), null);
    assertThat(globbed).hasSize(1);
    List<InputFile> forced = InputFiles.resolve(conf, List.of(tmp.resolve("in/notes.md").toString()), InputFormat.TEXT);
    assertThat(forced.get(0).format()).isEqualTo(InputFormat.TEXT);
  }
}
