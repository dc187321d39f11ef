package convbench.report;

import static convbench.report.Fmt.num;

import convbench.report.Doc.Text;
import convbench.results.BenchResult;
import convbench.results.ResultFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/** Every convolution point against the machine's measured compute and bandwidth ceilings. */
final class RooflineSection {
    private RooflineSection() {
    }

    static void render(Report rep, Doc d) throws IOException {
        rep.perFileSection(d, "roofline", "Roofline", false, "Each convolution result: arithmetic intensity (FLOPs / "
                + "minimum bytes moved) against GFLOP/s from its median, with its interval as a vertical line. The roof "
                + "is min(compute ceiling, bandwidth ceiling x intensity), both measured on the machine by the harness. "
                + "Pooling results are left out (their FLOPs are comparisons).", i -> {
            ResultFile rf = rep.files.get(i);
            Findings.Roof roof = Findings.Roof.of(rf);
            Map<String, Charts.Points> series = new LinkedHashMap<>();
            for (BenchResult r : rf.results()) {
                Point p = Point.of(r);
                if (p == null || Results.isPool(r) || r.flops() == null || r.bytes() == null || r.bytes() <= 0) {
                    continue;
                }
                Charts.Points s = series.computeIfAbsent(r.impl(), k -> new Charts.Points(k, new ArrayList<>(),
                        new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
                s.x().add(r.flops() / r.bytes());
                s.y().add(p.throughput());
                s.low().add(p.throughputLow());
                s.high().add(p.throughputHigh());
            }
            String title = "Roofline" + rep.suffix(i);
            XYChart chart = Charts.roofline(title, new ArrayList<>(series.values()), roof.computeGflops(), roof.bandwidthGbs());
            if (chart != null) {
                d.figures(List.of(rep.save(chart, rep.prefix(i) + "roofline", title)));
            } else {
                d.note("Nothing to draw: no convolution result with FLOPs and bytes, and no ceilings.");
            }
            d.para(Text.of("Roof: ").bold("measured: " + (roof.computeGflops() == null ? "no compute ceiling"
                    : "compute " + num(roof.computeGflops()) + " GFLOP/s") + ", " + (roof.bandwidthGbs() == null
                    ? "no bandwidth ceiling" : "memory " + num(roof.bandwidthGbs()) + " GB/s")), false);
            if (roof.computeGflops() == null || roof.bandwidthGbs() == null) {
                d.para(Text.of("").bold("Ceilings absent:").plain(" this file does not carry both measured ceilings "
                        + "(compute and memory bandwidth), so the roof is not drawn"
                        + (roof.computeGflops() == null && roof.bandwidthGbs() == null ? "." : " (only one is present).")), false);
            }
            List<Findings.Above> above = Findings.aboveRoof(rf);
            if (!above.isEmpty()) {
                List<String> named = new ArrayList<>();
                for (Findings.Above a : above.subList(0, Math.min(5, above.size()))) {
                    BenchResult r = a.point().result();
                    named.add(r.impl() + " " + r.direction() + " " + r.problem() + " " + num(a.gflops()) + " useful GFLOP/s"
                            + (a.measure().isEmpty() ? "" : " (" + a.measure() + ")"));
                }
                d.para(Text.of("").bold("Roof measured too low:").plain(" " + above.size() + " point(s) above the "
                        + "measured compute ceiling of " + num(roof.computeGflops()) + " GFLOP/s (" + String.join("; ", named)
                        + (above.size() > 5 ? "; ..." : "") + "; useful: the FLOPs of the taps inside the input, so that an "
                        + "implementation skipping the padding taps is not counted above the roof). No code runs faster than the machine: the ceiling "
                        + "run was slowed down (a busy machine) or its loop is not the fastest this CPU can run, so "
                        + "shares of the roof in this report are too high."), false);
            }
            if (rf.ceilings() != null && !rf.ceilings().isEmpty()) {
                List<Text> items = new ArrayList<>();
                for (ResultFile.Measurement c : rf.ceilings()) {
                    String kind = c.name() != null && c.name().endsWith("-theoretical") ? "on paper " : "measured ";
                    items.add(Text.of(kind + c.name() + ": ").bold(num(c.value()) + " " + c.unit()).plain(": " + c.how()));
                }
                d.bullets(items, false);
            }
        });
    }
}
