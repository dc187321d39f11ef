package convbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts (XChart), written as PNG and SVG. XChart misplaces error bars on its log
 * axes and throws when a value minus its error is not positive, so the dot plots here put log10
 * of the values on a linear axis (tick labels print the values) and draw every interval as a
 * line series of its own.
 */
final class Charts {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** A rendered chart: its file name (without extension), title, size in pixels and the PNG bytes. */
    record Rendered(String name, String title, byte[] png, int width, int height) {
        String dataUri() {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        }
    }

    private Charts() {
    }

    /** Each implementation keeps its colour in every chart, even when another one has no point there. */
    private static final java.util.Map<String, Color> KNOWN = java.util.Map.of(
            "naive", new Color(66, 103, 245), "blocked", new Color(230, 150, 20), "im2col", new Color(150, 70, 240),
            "opencl-blocked-direct", new Color(40, 160, 40), "opencl-direct", new Color(215, 60, 60),
            "opencl-im2col-gemm", new Color(190, 170, 0), "nd4j-onednn", new Color(130, 85, 40),
            "onednn", new Color(130, 85, 40));
    private static final Color[] PALETTE = {new Color(0, 170, 170), new Color(230, 110, 200),
        new Color(120, 120, 120), new Color(66, 103, 245), new Color(230, 150, 20), new Color(150, 70, 240),
        new Color(40, 160, 40), new Color(215, 60, 60)};

    static Color colorFor(String name, int index) {
        Color c = KNOWN.get(name);
        return c != null ? c : PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /**
     * One point of a dot plot: series (an implementation or a kind of time), row (a problem),
     * the value and its interval (low/high may be null: no whisker; high may be infinite).
     */
    record Dot(String series, int row, double value, Double low, Double high, boolean unstable) {
    }

    /**
     * A horizontal dot plot on a logarithmic value axis: one row per problem, one dot per series,
     * dodged so they do not cover each other, each with its interval as a whisker; unstable points
     * are crosses. Returns null when no dot has a positive value.
     *
     * @param referenceValue a value to mark with a vertical line (e.g. 1 for speed-ups), or null
     */
    static XYChart dotPlot(String title, String valueTitle, List<String> rows, List<String> series, List<Dot> dots,
                           Double referenceValue, int width) {
        List<Dot> drawn = dots.stream().filter(d -> d.value() > 0 && Double.isFinite(d.value())).toList();
        if (drawn.isEmpty() || rows.isEmpty()) {
            return null;
        }
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (Dot d : drawn) {
            lo = Math.min(lo, Math.log10(d.value()));
            hi = Math.max(hi, Math.log10(d.value()));
            if (d.low() != null && d.low() > 0) {
                lo = Math.min(lo, Math.log10(d.low()));
            }
            if (d.high() != null && d.high() > 0 && Double.isFinite(d.high())) {
                hi = Math.max(hi, Math.log10(d.high()));
            }
        }
        if (referenceValue != null && referenceValue > 0) {
            lo = Math.min(lo, Math.log10(referenceValue));
            hi = Math.max(hi, Math.log10(referenceValue));
        }
        // An old interval reaching zero would stretch the axis over decades: cap the axis two decades
        // below the smallest dot; the whisker then runs to the edge.
        double minDot = drawn.stream().mapToDouble(d -> Math.log10(d.value())).min().orElse(lo);
        lo = Math.max(lo, minDot - 2);
        double pad = Math.max(0.08, (hi - lo) * 0.04);
        final double axisMin = lo - pad, axisMax = hi + pad;
        int rowHeight = Math.max(30, 9 * series.size() + 12);
        int height = Math.max(120 + rows.size() * rowHeight, 110 + 24 * (series.size() + 1));
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(valueTitle)
                .yAxisTitle(" ").build();
        style(chart.getStyler());
        XYStyler st = chart.getStyler();
        st.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        // XChart does not wrap a horizontal legend: beside the plot it always fits
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendLayout(Styler.LegendLayout.Vertical);
        st.setMarkerSize(9);
        st.setXAxisMin(axisMin);
        st.setXAxisMax(axisMax);
        st.setYAxisMin(-0.6);
        st.setYAxisMax(rows.size() - 0.4);
        // XChart picks the largest "nice" step not above (hint / pixels per unit): the hint must make
        // the step exactly one row. A row is about rowHeight pixels (the height is sized for it).
        st.setYAxisTickMarkSpacingHint((int) Math.round(rowHeight * 1.45));
        st.setPlotGridHorizontalLinesVisible(false);
        st.setAxisTicksMarksVisible(false);
        int n = rows.size();
        // Row 0 at the top: XChart's y grows upwards.
        // Ticks between rows (when XChart picks a finer step) and beyond the ends get an invisible label:
        // zero-width spaces, a different number for each tick, because equal labels, even empty ones,
        // make XChart drop every tick but the two ends.
        chart.setCustomYAxisTickLabelsFormatter(y -> {
            long r = Math.round(y);
            if (Math.abs(y - r) < 1e-6 && r >= 0 && r < n) {
                return rows.get((int) (n - 1 - r));
            }
            return "\u200b".repeat((int) Math.max(1, Math.round((y + 2) * 20)));
        });
        chart.setCustomXAxisTickLabelsFormatter(x -> twoDigits(Math.pow(10, x)));
        double band = Math.min(0.7, 0.18 * (series.size() - 1));
        int whisker = 0;
        boolean anyUnstable = false;
        for (int si = 0; si < series.size(); si++) {
            String name = series.get(si);
            Color colour = colorFor(name, si);
            double offset = series.size() == 1 ? 0 : band * (si / (double) (series.size() - 1) - 0.5);
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), ux = new ArrayList<>(), uy = new ArrayList<>();
            for (Dot d : drawn) {
                if (!d.series().equals(name)) {
                    continue;
                }
                double y = n - 1 - d.row() - offset;
                (d.unstable() ? ux : xs).add(Math.log10(d.value()));
                (d.unstable() ? uy : ys).add(y);
                if (d.low() != null && d.high() != null && d.low() > 0 && d.high() > d.low()) {
                    double a = Math.max(axisMin, Math.log10(d.low()));
                    double b = Double.isFinite(d.high()) ? Math.min(axisMax, Math.log10(d.high())) : axisMax;
                    whisker(chart.addSeries("interval " + (whisker++), new double[] {a, b}, new double[] {y, y}), colour);
                } else if (d.low() != null && d.high() != null && d.low() <= 0) {
                    // an old interval that reaches zero: its fast end is unbounded
                    double b = Double.isFinite(d.high()) ? Math.log10(d.high()) : axisMax;
                    whisker(chart.addSeries("interval " + (whisker++), new double[] {axisMin, Math.min(axisMax, b)},
                            new double[] {y, y}), colour);
                }
            }
            if (xs.isEmpty() && ux.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(name, xs.isEmpty() ? List.of(Double.NaN) : xs, ys.isEmpty() ? List.of(Double.NaN) : ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(colour);
            if (!ux.isEmpty()) {
                XYSeries u = chart.addSeries(name + " (unstable)", ux, uy);
                u.setMarker(SeriesMarkers.CROSS);
                u.setMarkerColor(colour);
                u.setShowInLegend(false);
                anyUnstable = true;
            }
        }
        if (anyUnstable) {
            XYSeries key = chart.addSeries("unstable (cross)", List.of(Double.NaN), List.of(Double.NaN));
            key.setMarker(SeriesMarkers.CROSS);
            key.setMarkerColor(Color.DARK_GRAY);
        }
        if (referenceValue != null && referenceValue > 0) {
            chart.addAnnotation(new AnnotationLine(Math.log10(referenceValue), true, false));
            st.setAnnotationLineColor(Color.GRAY);
        }
        return chart;
    }

    /** "1.6", "25", "400": two significant digits are enough for an axis and keep ticks distinct. */
    static String twoDigits(double v) {
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(2));
        return d.stripTrailingZeros().toPlainString();
    }

    /** An interval: a thin solid line without markers, in the point's colour, not in the legend. */
    private static void whisker(XYSeries w, Color colour) {
        w.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        w.setMarker(SeriesMarkers.NONE);
        w.setLineColor(colour);
        // XChart's theme gives every other series a dashed stroke: an interval is always solid
        w.setLineStyle(new BasicStroke(1.6f));
        w.setShowInLegend(false);
    }

    /** One scatter series of the roofline, with each point's interval (may be null). */
    record Points(String name, List<Double> x, List<Double> y, List<Double> low, List<Double> high) {
    }

    /**
     * Roofline: arithmetic intensity (FLOP/byte) against GFLOP/s, log-log, with the measured
     * ceiling min(compute, bandwidth * AI) drawn when both ceilings are known and each point's
     * interval as a vertical line.
     */
    static XYChart roofline(String title, List<Points> points, Double computeGflops, Double bandwidthGbs) {
        XYChart chart = new XYChartBuilder().width(1250).height(640).title(title)
                .xAxisTitle("arithmetic intensity (FLOP/byte, minimum bytes moved)")
                .yAxisTitle("GFLOP/s").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(true);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(9);
        double minX = Double.MAX_VALUE, maxX = 0, minY = Double.MAX_VALUE, maxY = 0;
        boolean any = false;
        int whisker = 0;
        for (int pi = 0; pi < points.size(); pi++) {
            Points p = points.get(pi);
            Color colour = colorFor(p.name(), pi);
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < p.x().size(); i++) {
                Double x = p.x().get(i), y = p.y().get(i);
                if (x != null && y != null && x > 0 && y > 0 && Double.isFinite(x) && Double.isFinite(y)) {
                    xs.add(x);
                    ys.add(y);
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                    Double a = p.low().get(i), b = p.high().get(i);
                    if (a != null && b != null && a > 0 && b > a) {
                        // an unbounded fast end (old interval) is drawn to ten times the value
                        double top = Double.isFinite(b) ? b : y * 10;
                        whisker(chart.addSeries("interval " + (whisker++), new double[] {x, x}, new double[] {a, top}), colour);
                    }
                }
            }
            if (!xs.isEmpty()) {
                XYSeries s = chart.addSeries(p.name(), xs, ys);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(colour);
                any = true;
            }
        }
        if (computeGflops != null && bandwidthGbs != null && computeGflops > 0 && bandwidthGbs > 0) {
            // Two segments meeting at the ridge point, each labelled with the ceiling it shows.
            double ridge = computeGflops / bandwidthGbs;
            double lo = Math.min(any ? minX / 2 : ridge / 100, ridge / 4);
            double hi = Math.max(any ? maxX * 2 : ridge * 10, ridge * 4);
            XYSeries mem = chart.addSeries("measured: memory " + Fmt.num(bandwidthGbs) + " GB/s",
                    new double[] {lo, ridge}, new double[] {bandwidthGbs * lo, computeGflops});
            XYSeries cpu = chart.addSeries("measured: compute " + Fmt.num(computeGflops) + " GFLOP/s",
                    new double[] {ridge, hi}, new double[] {computeGflops, computeGflops});
            for (XYSeries roof : List.of(mem, cpu)) {
                roof.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                roof.setMarker(SeriesMarkers.NONE);
                roof.setLineStyle(new BasicStroke(2f));
            }
            mem.setLineColor(Color.GRAY);
            cpu.setLineColor(Color.BLACK);
            any = true;
        }
        return any ? chart : null;
    }

    private static void style(org.knowm.xchart.style.AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        // solid grid lines: the SVG encoder writes a dashed line as the outline of every dash
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendBorderColor(Color.WHITE);
        s.setAntiAlias(true);
    }

    /** Writes {@code dir/name.png} and {@code dir/name.svg}; returns the PNG for embedding. */
    static Rendered save(Chart<?, ?> chart, String name, String title, Path dir) throws IOException {
        name = convbench.results.FileNames.safe(name); // names come from result files: never a path of their own
        Files.createDirectories(dir);
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Files.write(dir.resolve(name + ".png"), png);
        ByteArrayOutputStream svg = compactSvg(chart);
        Files.write(dir.resolve(name + ".svg"), svg.toByteArray());
        return new Rendered(name, title, png, chart.getWidth(), chart.getHeight());
    }

    private static final Pattern LONG_DECIMAL = Pattern.compile("(-?\\d+)\\.(\\d)\\d+");

    /**
     * XChart draws every letter as an outline and the SVG encoder writes each coordinate with
     * up to 16 digits, which made a chart 2-5 MB. One decimal (a tenth of a pixel) draws the same
     * picture.
     */
    static ByteArrayOutputStream compactSvg(Chart<?, ?> chart) throws IOException {
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, full, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        small.writeBytes(compactSvg(full.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        return small;
    }

    static String compactSvg(String svg) {
        Matcher m = LONG_DECIMAL.matcher(svg);
        StringBuilder b = new StringBuilder(svg.length() / 2);
        while (m.find()) {
            m.appendReplacement(b, m.group(2).equals("0") ? m.group(1) : m.group(1) + "." + m.group(2));
        }
        m.appendTail(b);
        return b.toString();
    }
}
