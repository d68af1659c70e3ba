package org.entente.api;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Charts of Spark result rows as {@link BufferedImage}s, rendered with JFreeChart, headless
 * (no display needed: run the JVM with {@code -Djava.awt.headless=true}). In a Java notebook,
 * {@code display(image)} shows one.
 *
 * <pre>{@code
 * Dataset<Row> rows = wh.sql("select period_start, share, npmi from gold.comentions where ...");
 * display(Charts.timeSeries(rows, "period_start", "share", "npmi").title("China and Russia").render());
 * display(Charts.bar(wh.sql("select label, coherence_npmi from gold.topics where current"),
 *     "label", "coherence_npmi").horizontal().render());
 * }</pre>
 *
 * <p>Cost: the chart's columns are collected to the driver, at most {@value #MAX_ROWS} rows
 * (more is refused: aggregate first). Rendering takes well under a second.
 */
public final class Charts {
  /** The most rows a chart collects; a larger result is refused with a message. */
  public static final int MAX_ROWS = 100_000;

  /** Series colours, in order (Tableau 10): distinguishable, also in grey scale. */
  static final Color[] PALETTE = {
      new Color(0x4E79A7), new Color(0xE15759), new Color(0x59A14F), new Color(0xF28E2B),
      new Color(0x76B7B2), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
      new Color(0x9C755F), new Color(0xBAB0AC)};

  private Charts() {}

  /**
   * A line chart over time: one line per value column, or, with {@link TimeSeries#series},
   * one per value of that column (times each value column). Rows with a null date or value are
   * left out of the line.
   *
   * @param rows the rows to chart (the columns named here are collected)
   * @param dateColumn the x axis: a date or timestamp column (read as UTC)
   * @param valueColumns the y values: one or more numeric columns
   * @return a chart to configure and {@link TimeSeries#render() render}
   * @throws IllegalArgumentException when a column is missing or of the wrong type, or no value
   *     column is given
   */
  public static TimeSeries timeSeries(Dataset<Row> rows, String dateColumn, String... valueColumns) {
    return new TimeSeries(rows, dateColumn, valueColumns);
  }

  /**
   * A bar chart: one bar per row, in the rows' order (sort the rows first), labelled by the
   * category column; with {@link Bar#series}, grouped bars, one per value of that column.
   *
   * @param rows the rows to chart (the columns named here are collected)
   * @param categoryColumn the bar labels (any type, shown as text)
   * @param valueColumn the bar lengths: a numeric column
   * @return a chart to configure and {@link Bar#render() render}
   * @throws IllegalArgumentException when a column is missing or the value column is not numeric
   */
  public static Bar bar(Dataset<Row> rows, String categoryColumn, String valueColumn) {
    return new Bar(rows, categoryColumn, valueColumn);
  }

  /** Options shared by every chart: title, axis labels, size. */
  public abstract static class Chart<T extends Chart<T>> {
    final Dataset<Row> rows;
    String title;
    String xLabel;
    String yLabel;
    String seriesColumn;
    int width = 900;
    int height = 420;

    Chart(Dataset<Row> rows) {
      this.rows = Objects.requireNonNull(rows, "rows");
    }

    abstract T self();

    /**
     * Sets the title above the chart (default: none).
     *
     * @param title the title
     * @return this chart
     */
    public T title(String title) {
      this.title = title;
      return self();
    }

    /**
     * Sets the label of the horizontal axis (default: the date or category column's name).
     *
     * @param label the label; empty for none
     * @return this chart
     */
    public T xLabel(String label) {
      this.xLabel = label;
      return self();
    }

    /**
     * Sets the label of the value axis (default: the value column's name when there is one).
     *
     * @param label the label; empty for none
     * @return this chart
     */
    public T yLabel(String label) {
      this.yLabel = label;
      return self();
    }

    /**
     * Draws one line (or bar group member) per distinct value of this column, in the order of
     * those values as text.
     *
     * @param column the column whose values name the series (any type; null shows as "null")
     * @return this chart
     * @throws IllegalArgumentException when the rows have no such column
     */
    public T series(String column) {
      requireColumn(rows.schema(), column);
      this.seriesColumn = column;
      return self();
    }

    /**
     * Sets the image size in pixels (default 900 x 420).
     *
     * @param width width, 100 to 8000
     * @param height height, 100 to 8000
     * @return this chart
     * @throws IllegalArgumentException when a side is outside 100 to 8000
     */
    public T size(int width, int height) {
      if (width < 100 || width > 8000 || height < 100 || height > 8000) {
        throw new IllegalArgumentException("chart size " + width + " x " + height
            + " is outside 100 to 8000 pixels a side");
      }
      this.width = width;
      this.height = height;
      return self();
    }

    /**
     * Builds the JFreeChart (collecting the rows) for further styling; {@link #render()} draws it.
     *
     * @return the chart
     * @throws IllegalArgumentException when there are no rows or more than {@value #MAX_ROWS}
     */
    public abstract JFreeChart chart();

    /**
     * Collects the rows and draws the chart.
     *
     * @return an RGB image of the configured size
     * @throws IllegalArgumentException when there are no rows or more than {@value #MAX_ROWS}
     */
    public BufferedImage render() {
      return chart().createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
    }

    List<Row> collect(String... columns) {
      List<String> cols = new ArrayList<>(Arrays.asList(columns));
      if (seriesColumn != null) {
        cols.add(seriesColumn);
      }
      List<Row> got = rows.selectExpr(cols.stream().map(c -> "`" + c.replace("`", "``") + "`")
          .toArray(String[]::new)).limit(MAX_ROWS + 1).collectAsList();
      if (got.isEmpty()) {
        throw new IllegalArgumentException("no rows to chart");
      }
      if (got.size() > MAX_ROWS) {
        throw new IllegalArgumentException("over " + MAX_ROWS + " rows to chart: aggregate or filter first");
      }
      return got;
    }

    String seriesKey(Row r, int index) {
      Object v = r.get(index);
      return v == null ? "null" : v.toString();
    }

    void style(JFreeChart chart) {
      chart.setBackgroundPaint(Color.WHITE);
      chart.setAntiAlias(true);
      chart.setTextAntiAlias(true);
      if (chart.getTitle() != null) {
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      }
    }
  }

  /** A line chart over time; see {@link Charts#timeSeries}. */
  public static final class TimeSeries extends Chart<TimeSeries> {
    private final String dateColumn;
    private final List<String> valueColumns;

    TimeSeries(Dataset<Row> rows, String dateColumn, String... valueColumns) {
      super(rows);
      StructType schema = rows.schema();
      DataType x = requireColumn(schema, dateColumn).dataType();
      if (!(x.equals(DataTypes.DateType) || x.equals(DataTypes.TimestampType)
          || x.equals(DataTypes.TimestampNTZType))) {
        throw new IllegalArgumentException("column '" + dateColumn + "' is " + x.simpleString()
            + ", not a date or timestamp");
      }
      if (valueColumns == null || valueColumns.length == 0) {
        throw new IllegalArgumentException("no value column: name one or more numeric columns");
      }
      for (String v : valueColumns) {
        requireNumeric(schema, v);
      }
      this.dateColumn = dateColumn;
      this.valueColumns = List.of(valueColumns);
    }

    @Override
    TimeSeries self() {
      return this;
    }

    @Override
    public JFreeChart chart() {
      String[] cols = new String[valueColumns.size() + 1];
      cols[0] = dateColumn;
      for (int i = 0; i < valueColumns.size(); i++) {
        cols[i + 1] = valueColumns.get(i);
      }
      List<Row> got = collect(cols);
      Map<String, XYSeries> series = new TreeMap<>();
      for (Row r : got) {
        if (r.isNullAt(0)) {
          continue;
        }
        long x = epochMillis(r.get(0));
        for (int v = 0; v < valueColumns.size(); v++) {
          if (r.isNullAt(v + 1)) {
            continue;
          }
          String key = seriesColumn == null ? valueColumns.get(v)
              : valueColumns.size() == 1 ? seriesKey(r, cols.length)
              : seriesKey(r, cols.length) + " " + valueColumns.get(v);
          series.computeIfAbsent(key, k -> new XYSeries(k, true, true))
              .add(x, ((Number) r.get(v + 1)).doubleValue());
        }
      }
      XYSeriesCollection data = new XYSeriesCollection();
      series.values().forEach(data::addSeries);
      String y = yLabel != null ? yLabel : valueColumns.size() == 1 ? valueColumns.get(0) : "";
      JFreeChart chart = ChartFactory.createTimeSeriesChart(title, xLabel != null ? xLabel : dateColumn,
          y, data, data.getSeriesCount() > 1, false, false);
      style(chart);
      XYPlot plot = chart.getXYPlot();
      plot.setBackgroundPaint(Color.WHITE);
      plot.setDomainGridlinePaint(new Color(0xDDDDDD));
      plot.setRangeGridlinePaint(new Color(0xDDDDDD));
      DateAxis axis = (DateAxis) plot.getDomainAxis();
      axis.setTimeZone(TimeZone.getTimeZone("UTC"));
      if (yearly(got)) {
        // Yearly points (every date a 1 January): one tick a year, labelled by the year.
        SimpleDateFormat year = new SimpleDateFormat("yyyy", Locale.ROOT);
        year.setTimeZone(TimeZone.getTimeZone("UTC"));
        axis.setTickUnit(new DateTickUnit(DateTickUnitType.YEAR, 1, year));
      }
      int most = series.values().stream().mapToInt(XYSeries::getItemCount).max().orElse(0);
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, most <= 60);
      for (int i = 0; i < data.getSeriesCount(); i++) {
        renderer.setSeriesPaint(i, paint(i));
        renderer.setSeriesStroke(i, new BasicStroke(2f));
      }
      plot.setRenderer(renderer);
      return chart;
    }
  }

  /** A bar chart; see {@link Charts#bar}. */
  public static final class Bar extends Chart<Bar> {
    private final String categoryColumn;
    private final String valueColumn;
    private boolean horizontal;

    Bar(Dataset<Row> rows, String categoryColumn, String valueColumn) {
      super(rows);
      requireColumn(rows.schema(), categoryColumn);
      requireNumeric(rows.schema(), valueColumn);
      this.categoryColumn = categoryColumn;
      this.valueColumn = valueColumn;
    }

    @Override
    Bar self() {
      return this;
    }

    /**
     * Draws the bars left to right, categories down the side (the first row at the top): for
     * long labels such as topic labels.
     *
     * @return this chart
     */
    public Bar horizontal() {
      this.horizontal = true;
      return this;
    }

    @Override
    public JFreeChart chart() {
      List<Row> got = collect(categoryColumn, valueColumn);
      Map<String, Map<String, Double>> bySeries = new TreeMap<>();
      List<String> categories = new ArrayList<>();
      for (Row r : got) {
        String category = seriesKey(r, 0);
        if (!categories.contains(category)) {
          categories.add(category);
        }
        String key = seriesColumn == null ? valueColumn : seriesKey(r, 2);
        bySeries.computeIfAbsent(key, k -> new LinkedHashMap<>())
            .put(category, r.isNullAt(1) ? null : ((Number) r.get(1)).doubleValue());
      }
      DefaultCategoryDataset data = new DefaultCategoryDataset();
      for (Map.Entry<String, Map<String, Double>> s : bySeries.entrySet()) {
        for (String c : categories) {
          if (s.getValue().containsKey(c)) {
            data.addValue(s.getValue().get(c), s.getKey(), c);
          }
        }
      }
      JFreeChart chart = ChartFactory.createBarChart(title, xLabel != null ? xLabel : categoryColumn,
          yLabel != null ? yLabel : valueColumn, data,
          horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL, bySeries.size() > 1, false, false);
      style(chart);
      CategoryPlot plot = chart.getCategoryPlot();
      plot.setBackgroundPaint(Color.WHITE);
      plot.setRangeGridlinePaint(new Color(0xDDDDDD));
      BarRenderer renderer = (BarRenderer) plot.getRenderer();
      renderer.setBarPainter(new StandardBarPainter());
      renderer.setShadowVisible(false);
      renderer.setItemMargin(0.02);
      for (int i = 0; i < bySeries.size(); i++) {
        renderer.setSeriesPaint(i, paint(i));
      }
      if (horizontal) {
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
      }
      CategoryAxis axis = plot.getDomainAxis();
      axis.setMaximumCategoryLabelWidthRatio(horizontal ? 0.45f : 1f);
      if (!horizontal && categories.size() > 8) {
        axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
      }
      return chart;
    }
  }

  /** True when every date of the first column is a 1 January (a yearly series). */
  static boolean yearly(List<Row> rows) {
    for (Row r : rows) {
      if (!r.isNullAt(0)) {
        LocalDate d = Instant.ofEpochMilli(epochMillis(r.get(0))).atZone(ZoneOffset.UTC).toLocalDate();
        if (d.getDayOfYear() != 1) {
          return false;
        }
      }
    }
    return true;
  }

  static Paint paint(int i) {
    return PALETTE[i % PALETTE.length];
  }

  static long epochMillis(Object v) {
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    if (v instanceof LocalDate d) {
      return d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.getTime();
    }
    if (v instanceof Instant t) {
      return t.toEpochMilli();
    }
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    throw new IllegalArgumentException("not a date or timestamp: " + v + " (" + v.getClass().getName() + ")");
  }

  static StructField requireColumn(StructType schema, String column) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(column)) {
        return f;
      }
    }
    throw new IllegalArgumentException("no column '" + column + "' (columns: "
        + String.join(", ", schema.fieldNames()) + ")");
  }

  static void requireNumeric(StructType schema, String column) {
    DataType t = requireColumn(schema, column).dataType();
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException("column '" + column + "' is " + t.simpleString() + ", not a number");
    }
  }
}
