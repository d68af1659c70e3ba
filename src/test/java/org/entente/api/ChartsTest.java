package org.entente.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.entente.testing.SparkTest;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

/** Charts of in-memory rows: the data plotted, exactly, and an image of the size asked that is not blank. */
class ChartsTest extends SparkTest {
  private static final StructType MONTHLY = new StructType()
      .add("period_start", DataTypes.DateType)
      .add("pair", DataTypes.StringType)
      .add("share", DataTypes.DoubleType)
      .add("npmi", DataTypes.DoubleType)
      .add("label", DataTypes.StringType);

  private Dataset<Row> monthly() {
    return spark.createDataFrame(List.of(
        RowFactory.create(Date.valueOf("2024-01-01"), "CHN-RUS", 0.10, 0.30, "x"),
        RowFactory.create(Date.valueOf("2024-02-01"), "CHN-RUS", 0.25, 0.45, "x"),
        RowFactory.create(Date.valueOf("2024-03-01"), "CHN-RUS", 0.20, null, "x"),
        RowFactory.create(Date.valueOf("2024-01-01"), "FRA-USA", 0.05, 0.10, "x"),
        RowFactory.create(Date.valueOf("2024-03-01"), "FRA-USA", 0.15, 0.20, "x"),
        RowFactory.create(null, "FRA-USA", 0.99, 0.99, "x")), MONTHLY);
  }

  private static long utc(String day) {
    return LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** Each series of an XY dataset as its key followed by [x, y] pairs. */
  private static List<List<Object>> points(JFreeChart chart) {
    XYDataset d = chart.getXYPlot().getDataset();
    List<List<Object>> out = new ArrayList<>();
    for (int s = 0; s < d.getSeriesCount(); s++) {
      List<Object> row = new ArrayList<>();
      row.add(d.getSeriesKey(s));
      for (int i = 0; i < d.getItemCount(s); i++) {
        row.add(List.of(d.getXValue(s, i), d.getYValue(s, i)));
      }
      out.add(row);
    }
    return out;
  }

  /** Pixels within a small distance of a colour (antialiased edges blend). */
  private static int pixelsNear(BufferedImage img, Color c) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int dr = ((rgb >> 16) & 0xFF) - c.getRed();
        int dg = ((rgb >> 8) & 0xFF) - c.getGreen();
        int db = (rgb & 0xFF) - c.getBlue();
        if (dr * dr + dg * dg + db * db < 400) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void timeSeriesPlotsOneLinePerValueColumn() {
    Dataset<Row> one = monthly().filter("pair = 'CHN-RUS'");
    JFreeChart chart = Charts.timeSeries(one, "period_start", "share", "npmi").chart();
    assertThat(points(chart)).containsExactly(
        List.of("npmi", List.of((double) utc("2024-01-01"), 0.30), List.of((double) utc("2024-02-01"), 0.45)),
        List.of("share", List.of((double) utc("2024-01-01"), 0.10), List.of((double) utc("2024-02-01"), 0.25),
            List.of((double) utc("2024-03-01"), 0.20)));
    assertThat(chart.getLegend()).isNotNull();
    assertThat(chart.getXYPlot().getRangeAxis().getLabel()).isEmpty();
  }

  @Test
  void timeSeriesPlotsOneLinePerSeriesValue() {
    JFreeChart chart = Charts.timeSeries(monthly(), "period_start", "share").series("pair").title("Pairs").chart();
    assertThat(points(chart)).containsExactly(
        List.of("CHN-RUS", List.of((double) utc("2024-01-01"), 0.10), List.of((double) utc("2024-02-01"), 0.25),
            List.of((double) utc("2024-03-01"), 0.20)),
        List.of("FRA-USA", List.of((double) utc("2024-01-01"), 0.05), List.of((double) utc("2024-03-01"), 0.15)));
    assertThat(chart.getTitle().getText()).isEqualTo("Pairs");
    assertThat(chart.getXYPlot().getRangeAxis().getLabel()).isEqualTo("share");

    JFreeChart both = Charts.timeSeries(monthly(), "period_start", "share", "npmi").series("pair").chart();
    assertThat(points(both).stream().map(p -> p.get(0)).toList())
        .containsExactly("CHN-RUS npmi", "CHN-RUS share", "FRA-USA npmi", "FRA-USA share");
  }

  @Test
  void timeSeriesRendersAnImageOfTheSizeAskedWithTheLineDrawn() {
    Dataset<Row> one = monthly().filter("pair = 'CHN-RUS'");
    BufferedImage img = Charts.timeSeries(one, "period_start", "share").size(640, 300).render();
    assertThat(img.getWidth()).isEqualTo(640);
    assertThat(img.getHeight()).isEqualTo(300);
    assertThat(pixelsNear(img, Color.WHITE)).isGreaterThan(640 * 300 / 2);
    // One series, no legend: the first palette colour can only be the line and its points.
    assertThat(pixelsNear(img, Charts.PALETTE[0])).isGreaterThan(200);
    assertThat(pixelsNear(img, Charts.PALETTE[1])).isZero();

    BufferedImage two = Charts.timeSeries(monthly(), "period_start", "share").series("pair").render();
    assertThat(two.getWidth()).isEqualTo(900);
    assertThat(two.getHeight()).isEqualTo(420);
    assertThat(pixelsNear(two, Charts.PALETTE[1])).isGreaterThan(200);
  }

  @Test
  void yearlyPointsGetOneTickAYear() {
    Dataset<Row> yearly = spark.sql("select date'2022-01-01' as y, 1.0 as v union all select date'2023-01-01', 2.0");
    DateAxis axis = (DateAxis) Charts.timeSeries(yearly, "y", "v").chart().getXYPlot().getDomainAxis();
    assertThat(axis.isAutoTickUnitSelection()).isFalse();
    assertThat(axis.getTickUnit().getUnitType()).isEqualTo(DateTickUnitType.YEAR);
    assertThat(axis.getTickUnit().getMultiple()).isEqualTo(1);
    DateAxis monthlyAxis = (DateAxis) Charts.timeSeries(monthly(), "period_start", "share").chart().getXYPlot()
        .getDomainAxis();
    assertThat(monthlyAxis.isAutoTickUnitSelection()).isTrue();
  }

  @Test
  void barKeepsTheRowOrder() {
    Dataset<Row> topics = spark.sql("select * from values ('war, talks, troops', 0.41), ('trade, tariffs', 0.35),"
        + " ('climate, summit', -0.02) as t(label, coherence)");
    JFreeChart chart = Charts.bar(topics, "label", "coherence").horizontal().title("Coherence").chart();
    CategoryDataset d = chart.getCategoryPlot().getDataset();
    assertThat(d.getRowKeys()).containsExactly("coherence");
    assertThat(d.getColumnKeys()).containsExactly("war, talks, troops", "trade, tariffs", "climate, summit");
    assertThat(List.of(d.getValue(0, 0), d.getValue(0, 1), d.getValue(0, 2)))
        .containsExactly(0.41, 0.35, -0.02);
    assertThat(chart.getLegend()).isNull();
    assertThat(chart.getCategoryPlot().getOrientation()).isEqualTo(PlotOrientation.HORIZONTAL);
    assertThat(chart.getCategoryPlot().getRangeAxisLocation()).isEqualTo(AxisLocation.BOTTOM_OR_LEFT);

    BufferedImage img = Charts.bar(topics, "label", "coherence").horizontal().size(500, 260).render();
    assertThat(img.getWidth()).isEqualTo(500);
    assertThat(img.getHeight()).isEqualTo(260);
    assertThat(pixelsNear(img, Charts.PALETTE[0])).isGreaterThan(1000);
  }

  @Test
  void barGroupsBySeries() {
    JFreeChart chart = Charts.bar(monthly().filter("period_start is not null"), "period_start", "share")
        .series("pair").chart();
    CategoryDataset d = chart.getCategoryPlot().getDataset();
    assertThat(d.getRowKeys()).containsExactly("CHN-RUS", "FRA-USA");
    assertThat(d.getColumnKeys()).containsExactly("2024-01-01", "2024-02-01", "2024-03-01");
    assertThat(d.getValue("FRA-USA", "2024-03-01")).isEqualTo(0.15);
    assertThat(d.getValue("FRA-USA", "2024-02-01")).isNull();
    assertThat(chart.getLegend()).isNotNull();
  }

  @Test
  void badColumnsAndEmptyRowsAreClearErrors() {
    assertThatThrownBy(() -> Charts.timeSeries(monthly(), "month", "share"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no column 'month' (columns: period_start, pair, share, npmi, label)");
    assertThatThrownBy(() -> Charts.timeSeries(monthly(), "pair", "share"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("column 'pair' is string, not a date or timestamp");
    assertThatThrownBy(() -> Charts.timeSeries(monthly(), "period_start", "label"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("column 'label' is string, not a number");
    assertThatThrownBy(() -> Charts.timeSeries(monthly(), "period_start"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no value column: name one or more numeric columns");
    assertThatThrownBy(() -> Charts.bar(monthly(), "label", "share").series("nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no column 'nope'");
    assertThatThrownBy(() -> Charts.bar(monthly().filter("false"), "label", "share").render())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no rows to chart");
    assertThatThrownBy(() -> Charts.bar(monthly(), "label", "share").size(20, 300))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("chart size 20 x 300 is outside 100 to 8000 pixels a side");
  }
}
