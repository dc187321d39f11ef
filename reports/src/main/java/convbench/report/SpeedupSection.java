package convbench.report;

import convbench.report.Families.Family;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;

/**
 * Speed-ups of the forward convolutions: against {@code naive} and against the oneDNN peer when it
 * ran. A speed-up is the other's median time over the implementation's; its interval combines
 * both intervals at their unfavourable ends, so it is wide when either point is.
 */
final class SpeedupSection {
    private SpeedupSection() {
    }

    static void render(Report rep, Doc d) throws IOException {
        rep.perFileSection(d, "speedups", "Speed-ups against naive and against the peer (forward convolutions)", false,
                "Each dot: the baseline's median time divided by the implementation's on the same problem (right of "
                + "the grey line at 1x: faster). Lines: the interval from both points' intervals. Rows are grouped by "
                + "layer family, in the order of the GFLOP/s panels.", i -> {
            Map<Family, Map<String, Map<String, Point>>> fams = Findings.byFamily(rep.files.get(i).results(), "forward");
            fams.remove(Family.POOLING);
            String peer = fams.values().stream().flatMap(m -> m.values().stream()).flatMap(m -> m.keySet().stream())
                    .filter(Report::isPeer).findFirst().orElse(null);
            List<Charts.Rendered> charts = new ArrayList<>();
            Charts.Rendered naive = chart(rep, i, fams, "naive", "speedup-vs-naive");
            if (naive != null) {
                charts.add(naive);
            } else {
                d.note("No forward convolution with naive and another implementation: no speed-up against naive.");
            }
            if (peer != null) {
                Charts.Rendered p = chart(rep, i, fams, peer, "speedup-vs-peer");
                if (p != null) {
                    charts.add(p);
                }
            } else {
                d.note("No peer (onednn or nd4j-onednn) in this file: the speed-up against it is not drawn.");
            }
            d.figures(charts);
        });
    }

    private static Charts.Rendered chart(Report rep, int fileIndex, Map<Family, Map<String, Map<String, Point>>> fams,
                                         String baseline, String name) throws IOException {
        List<String> rows = new ArrayList<>();
        List<Charts.Dot> dots = new ArrayList<>();
        Set<String> series = new LinkedHashSet<>();
        List<String> allImpls = Results.impls(rep.files.get(fileIndex).results());
        for (Map.Entry<Family, Map<String, Map<String, Point>>> f : fams.entrySet()) {
            for (Map.Entry<String, Map<String, Point>> p : f.getValue().entrySet()) {
                Point base = p.getValue().get(baseline);
                if (base == null || p.getValue().size() < 2) {
                    continue;
                }
                int row = rows.size();
                rows.add(f.getKey().label + ": " + ThroughputSection.rowLabel(rep.files.get(fileIndex).results(), p.getKey(), rows));
                for (Map.Entry<String, Point> e : p.getValue().entrySet()) {
                    if (e.getKey().equals(baseline) || "naive".equals(e.getKey()) && !"naive".equals(baseline)
                            && Report.isPeer(baseline)) {
                        continue;
                    }
                    Point pt = e.getValue();
                    double v = base.ms() / pt.ms();
                    Double lo = base.lowMs() != null && pt.highMs() != null && pt.highMs() > 0
                            ? Math.max(0, base.lowMs()) / pt.highMs() : null;
                    Double hi = base.highMs() != null && pt.lowMs() != null
                            ? (pt.lowMs() > 0 ? base.highMs() / pt.lowMs() : Double.POSITIVE_INFINITY) : null;
                    series.add(e.getKey());
                    dots.add(new Charts.Dot(e.getKey(), row, v, lo, hi, pt.unstable() || base.unstable()));
                }
            }
        }
        if (rows.isEmpty()) {
            return null;
        }
        String title = "forward: speed-up against " + baseline + rep.suffix(fileIndex);
        XYChart chart = Charts.dotPlot(title, baseline + " time / implementation time (log scale)", rows,
                allImpls.stream().filter(series::contains).toList(), dots, 1.0, ThroughputSection.PANEL_WIDTH);
        return chart == null ? null : rep.save(chart, rep.prefix(fileIndex) + name, title);
    }
}
