package convbench.report;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts (XChart), written as PNG and SVG. Log axes in XChart throw when a value or a
 * value minus its error bar is not positive, so every helper here drops non-positive values (the
 * report lists those points in its tables) and clamps error bars below the value.
 */
final class Charts {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * A series of a grouped bar chart: one value (or null) per category. Error bars are not drawn:
     * XChart 3.8.8 mixes up values and error bars on a logarithmic category axis (it throws for
     * valid data and draws them at the wrong height), so the report gives the interval in the
     * tables instead.
     */
    record BarSeries(String name, List<Double> values) {
    }

    /** A rendered chart: its file name (without extension) and the PNG bytes. */
    record Rendered(String name, String title, byte[] png) {
        String dataUri() {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        }
    }

    private Charts() {
    }

    /** Each implementation keeps its colour in every chart, even when another one has no bar there. */
    private static final java.util.Map<String, Color> KNOWN = java.util.Map.of(
            "naive", new Color(66, 103, 245), "blocked", new Color(255, 180, 60), "im2col", new Color(150, 70, 240),
            "opencl-blocked-direct", new Color(60, 200, 60), "opencl-direct", new Color(215, 60, 60),
            "opencl-im2col-gemm", new Color(240, 215, 40), "nd4j-onednn", new Color(130, 85, 40));
    private static final Color[] PALETTE = {new Color(66, 103, 245), new Color(255, 180, 60), new Color(150, 70, 240),
        new Color(60, 200, 60), new Color(215, 60, 60), new Color(240, 215, 40), new Color(0, 170, 170),
        new Color(130, 85, 40), new Color(230, 110, 200), new Color(120, 120, 120)};

    static Color colorFor(String name, int index) {
        Color c = KNOWN.get(name);
        return c != null ? c : PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /** Clamps an error bar so that value - error stays positive on a log axis. */
    static double clampError(double value, double error) {
        if (!(value > 0) || !(error > 0) || Double.isNaN(error)) {
            return 0;
        }
        return Math.min(error, value * 0.9);
    }

    /**
     * A grouped bar chart on a log Y axis. Categories whose values are all missing are dropped;
     * returns null when nothing is left to draw.
     */
    static CategoryChart groupedBars(String title, String yTitle, List<String> categories, List<BarSeries> series) {
        List<Integer> keep = new ArrayList<>();
        for (int c = 0; c < categories.size(); c++) {
            for (BarSeries s : series) {
                Double v = s.values().get(c);
                if (v != null && v > 0 && Double.isFinite(v)) {
                    keep.add(c);
                    break;
                }
            }
        }
        if (keep.isEmpty()) {
            return null;
        }
        int width = Math.max(900, Math.min(2400, 160 + keep.size() * (30 + 14 * series.size())));
        CategoryChart chart = new CategoryChartBuilder().width(width).height(560).title(title)
                .xAxisTitle("problem").yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setOverlapped(false);
        List<String> xs = new ArrayList<>();
        double minPos = Double.MAX_VALUE;
        for (int c : keep) {
            xs.add(categories.get(c));
            for (BarSeries s : series) {
                Double v = s.values().get(c);
                if (v != null && v > 0 && Double.isFinite(v)) {
                    minPos = Math.min(minPos, v);
                }
            }
        }
        // XChart 3.8.8 cannot take null (NPE/exception) nor 0 on a log axis: a missing bar gets a
        // value three decades under the axis minimum, so it is not drawn; the tables list it.
        double axisMin = Math.pow(10, Math.floor(Math.log10(minPos)));
        double missing = axisMin / 1000;
        chart.getStyler().setYAxisMin(axisMin);
        for (int si = 0; si < series.size(); si++) {
            BarSeries s = series.get(si);
            List<Double> ys = new ArrayList<>();
            boolean any = false;
            for (int c : keep) {
                Double v = s.values().get(c);
                if (v != null && v > 0 && Double.isFinite(v)) {
                    ys.add(v);
                    any = true;
                } else {
                    ys.add(missing);
                }
            }
            if (any) {
                chart.addSeries(s.name(), xs, ys).setFillColor(colorFor(s.name(), si));
            }
        }
        return chart;
    }

    /** One scatter series of the roofline. */
    record Points(String name, List<Double> x, List<Double> y) {
    }

    /**
     * Roofline: arithmetic intensity (FLOP/byte) against GFLOP/s, log-log, with the measured
     * ceiling min(compute, bandwidth * AI) drawn when both ceilings are known.
     */
    static XYChart roofline(String title, List<Points> points, Double computeGflops, Double bandwidthGbs) {
        XYChart chart = new XYChartBuilder().width(1150).height(620).title(title)
                .xAxisTitle("arithmetic intensity (FLOP/byte, minimum bytes moved)")
                .yAxisTitle("GFLOP/s").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(8);
        double minX = Double.MAX_VALUE, maxX = 0;
        boolean any = false;
        for (int pi = 0; pi < points.size(); pi++) {
            Points p = points.get(pi);
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < p.x().size(); i++) {
                Double x = p.x().get(i), y = p.y().get(i);
                if (x != null && y != null && x > 0 && y > 0 && Double.isFinite(x) && Double.isFinite(y)) {
                    xs.add(x);
                    ys.add(y);
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(p.name(), xs, ys).setMarkerColor(colorFor(p.name(), pi));
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
        s.setPlotGridLinesColor(new Color(220, 220, 220));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAntiAlias(true);
    }

    /** Writes {@code dir/name.png} and {@code dir/name.svg}; returns the PNG for embedding. */
    static Rendered save(Chart<?, ?> chart, String name, String title, Path dir) throws IOException {
        name = convbench.results.FileNames.safe(name); // names come from result files: never a path of their own
        Files.createDirectories(dir);
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Files.write(dir.resolve(name + ".png"), png);
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        Files.write(dir.resolve(name + ".svg"), svg.toByteArray());
        return new Rendered(name, title, png);
    }
}
