package convbench.report;

import static convbench.report.Fmt.num;

import convbench.report.Doc.Cell;
import convbench.report.Doc.Text;
import convbench.results.BenchResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * OpenCL: the benchmark's median time next to the two times measured on one call per iteration
 * (kernels only from profiling events, and the whole call), and the program build time.
 */
final class OpenClSection {
    static final String JMH = "whole call: median";
    static final String END_TO_END = "whole call: last call";
    static final String DEVICE = "kernels: last call";
    static final String CPU = "fastest CPU: median";

    private OpenClSection() {
    }

    /** Why the three times differ: printed under the table and tested. */
    static final String WHY = "Why these differ: the benchmark's median is over every call of every measured iteration "
            + "(JMH's average time per call in each sample); the device and end-to-end columns are means over "
            + "iterations of one call only, the last of each iteration, timed with OpenCL profiling events and the host "
            + "clock, so that call also waits for its events and can be slower than the average call. Build time is paid "
            + "once per process; 0 ms (cached) means the program came from the compiled-program cache.";

    static void render(Report rep, Doc d) throws IOException {
        d.heading(2, "opencl", "OpenCL: where the time of a call goes", false);
        rep.eachFile(d, false, i -> {
            List<BenchResult> rs = rep.files.get(i).results();
            List<Point> cl = rs.stream().filter(r -> Report.isOpenCl(r)).map(Point::of)
                    .filter(p -> p != null && (p.result().openclDeviceMs() != null || p.result().openclEndToEndMs() != null))
                    .toList();
            if (cl.isEmpty()) {
                d.note("No OpenCL results with device timings in this file.");
                return;
            }
            charts(rep, d, i, rs, cl);
            List<List<Cell>> rows = new ArrayList<>();
            for (Point p : cl) {
                BenchResult r = p.result();
                Double dev = r.openclDeviceMs(), e2e = r.openclEndToEndMs();
                Double share = dev != null && e2e != null && e2e > 0 ? Math.max(0, 1 - dev / e2e) : null;
                Point cpu = fastestCpu(rs, r);
                rows.add(List.of(Cell.of(r.impl()), Cell.of(Results.shortName(r)), Cell.of(r.direction()),
                        new Cell(Text.of(num(p.ms()) + " " + p.intervalText()), "n", p.intervalKind()),
                        Cell.num(num(dev)), Cell.num(num(e2e)), Cell.num(Fmt.pct(share)), Cell.num(build(r.openclBuildMs())),
                        Cell.num(cpu == null ? "n/a" : num(cpu.ms()) + " (" + cpu.result().impl() + ")")));
            }
            d.table("opencl", List.of(Cell.of("implementation"), Cell.of("problem"), Cell.of("direction"),
                    Cell.of("benchmark median ms (interval)"), Cell.of("kernels ms (last call)"),
                    Cell.of("whole call ms (last call)"), Cell.of("outside kernels: transfers + launch"),
                    Cell.of("program build ms"), Cell.of("fastest CPU median ms")), rows, false);
            d.para(Text.of(WHY), false);
            String device = cl.get(0).result().device();
            if (device != null) {
                d.note("Device: " + device + ".");
            }
        });
    }

    static String build(Double ms) {
        if (ms == null) {
            return "n/a";
        }
        return ms == 0 ? "0 (cached)" : num(ms);
    }

    static Point fastestCpu(List<BenchResult> rs, BenchResult like) {
        Point best = null;
        for (BenchResult r : rs) {
            if (Report.isOpenCl(r) || Report.isPeer(r.impl()) || !like.problem().equals(r.problem())
                    || !like.direction().equals(r.direction())) {
                continue;
            }
            Point p = Point.of(r);
            if (p != null && (best == null || p.ms() < best.ms())) {
                best = p;
            }
        }
        return best;
    }

    /** One panel per OpenCL implementation (forward): the three times and the fastest CPU time, per problem. */
    private static void charts(Report rep, Doc d, int fileIndex, List<BenchResult> rs, List<Point> cl) throws IOException {
        Map<String, List<Point>> byImpl = new LinkedHashMap<>();
        for (Point p : cl) {
            if ("forward".equals(p.result().direction())) {
                byImpl.computeIfAbsent(p.result().impl(), k -> new ArrayList<>()).add(p);
            }
        }
        List<Charts.Rendered> panels = new ArrayList<>();
        List<String> series = List.of(DEVICE, END_TO_END, JMH, CPU);
        for (Map.Entry<String, List<Point>> e : byImpl.entrySet()) {
            List<String> rows = new ArrayList<>();
            List<Charts.Dot> dots = new ArrayList<>();
            for (Point p : e.getValue()) {
                int row = rows.size();
                BenchResult r = p.result();
                rows.add(ThroughputSection.rowLabel(rs, r.problem(), rows));
                if (r.openclDeviceMs() != null && r.openclDeviceMs() > 0) {
                    dots.add(new Charts.Dot(DEVICE, row, r.openclDeviceMs(), null, null, false));
                }
                if (r.openclEndToEndMs() != null && r.openclEndToEndMs() > 0) {
                    dots.add(new Charts.Dot(END_TO_END, row, r.openclEndToEndMs(), null, null, false));
                }
                dots.add(new Charts.Dot(JMH, row, p.ms(), p.lowMs(), p.highMs(), p.unstable()));
                Point cpu = fastestCpu(rs, r);
                if (cpu != null) {
                    dots.add(new Charts.Dot(CPU, row, cpu.ms(), cpu.lowMs(), cpu.highMs(), cpu.unstable()));
                }
            }
            String title = e.getKey() + " forward: ms per call" + rep.suffix(fileIndex);
            XYChart chart = Charts.dotPlot(title, "ms per call (log scale; left is faster)", rows, series, dots, null, 1000);
            if (chart != null) {
                panels.add(rep.save(chart, rep.prefix(fileIndex) + "opencl-" + e.getKey().replace("opencl-", ""), title));
            }
        }
        d.figures(panels);
    }
}
