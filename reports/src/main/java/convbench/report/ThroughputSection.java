package convbench.report;

import static convbench.report.Fmt.num;

import convbench.report.Doc.Cell;
import convbench.report.Doc.Text;
import convbench.report.Families.Family;
import convbench.results.BenchResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;

/**
 * GFLOP/s (GB/s for pooling) of every point: per direction, one dot plot per layer family (small
 * multiples) with each point's interval, then the numbers in a table grouped the same way.
 */
final class ThroughputSection {
    /** Two panels side by side fit the 1300 px column of the page. */
    static final int PANEL_WIDTH = 640;

    private ThroughputSection() {
    }

    static void render(Report rep, Doc d) throws IOException {
        rep.perFileSection(d, "throughput", "GFLOP/s per layer family, problem and implementation", false,
                "One panel per kind of layer; dots are the median time's throughput on a log axis, lines its interval "
                + "(95% bootstrap interval of the 10th percentile of the samples; in older files JMH's 99.9% interval, whose fast end can reach "
                + "infinity), crosses unstable points. GFLOP/s count 2 FLOPs per multiply-add, padding taps included; "
                + "pooling shows GB/s of the minimum bytes moved. Speed-up: naive's median time divided by the "
                + "implementation's on the same problem and direction. Families: "
                + String.join("; ", Families.ORDER.stream().map(f -> f.label + " = " + f.rule).toList()) + ".", i -> {
            List<BenchResult> rs = rep.files.get(i).results();
            for (String dir : Results.directions(rs)) {
                direction(rep, d, i, rs, dir);
            }
            notMeasured(d, rs);
        });
        topMarkdown(rep, d);
    }

    private static void direction(Report rep, Doc d, int fileIndex, List<BenchResult> rs, String dir) throws IOException {
        String unit = Results.throughputUnit(dir);
        List<String> impls = Results.impls(rs.stream().filter(r -> dir.equals(r.direction())).toList());
        d.heading(3, null, dir + " (" + unit + ")", false);
        Map<Family, Map<String, Map<String, Point>>> fams = Findings.byFamily(rs, dir);
        List<Charts.Rendered> panels = new ArrayList<>();
        for (Map.Entry<Family, Map<String, Map<String, Point>>> e : fams.entrySet()) {
            List<String> rows = new ArrayList<>();
            List<Charts.Dot> dots = new ArrayList<>();
            Set<String> series = new LinkedHashSet<>();
            for (Map.Entry<String, Map<String, Point>> p : e.getValue().entrySet()) {
                int row = rows.size();
                rows.add(rowLabel(rs, p.getKey(), rows));
                p.getValue().forEach((impl, pt) -> {
                    if (pt.throughput() != null) {
                        series.add(impl);
                        dots.add(new Charts.Dot(impl, row, pt.throughput(), pt.throughputLow(), pt.throughputHigh(), pt.unstable()));
                    }
                });
            }
            List<String> ordered = impls.stream().filter(series::contains).toList();
            String title = dir + ", " + e.getKey().label + rep.suffix(fileIndex);
            XYChart chart = Charts.dotPlot(title, unit + " (log scale)", rows, ordered, dots, null, PANEL_WIDTH);
            if (chart != null) {
                panels.add(rep.save(chart, rep.prefix(fileIndex) + "throughput-" + dir + "-" + slug(e.getKey()), title));
            }
        }
        if (panels.isEmpty()) {
            d.note("No successful result to draw in this direction.");
        }
        d.figures(panels);
        table(d, rs, dir, impls, fams, unit);
    }

    static String slug(Family f) {
        return f.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The problem's short name; the descriptor too when two problems share a name. */
    static String rowLabel(List<BenchResult> rs, String problem, List<String> taken) {
        String name = rs.stream().filter(r -> problem.equals(r.problem())).findFirst().map(Results::shortName).orElse(problem);
        return taken.contains(name) ? name + " " + problem : name;
    }

    private static void table(Doc d, List<BenchResult> rs, String dir, List<String> impls,
                              Map<Family, Map<String, Map<String, Point>>> fams, String unit) {
        List<Cell> header = new ArrayList<>(List.of(Cell.of("problem"), Cell.of("descriptor")));
        impls.forEach(i -> header.add(Cell.of(i)));
        List<List<Cell>> rows = new ArrayList<>();
        for (Map.Entry<Family, Map<String, Map<String, Point>>> e : fams.entrySet()) {
            rows.add(List.of(new Cell(Text.of(e.getKey().label + ": " + e.getKey().rule), "group", null)));
            for (Map.Entry<String, Map<String, Point>> p : e.getValue().entrySet()) {
                BenchResult any = rs.stream().filter(r -> p.getKey().equals(r.problem()) && dir.equals(r.direction()))
                        .findFirst().orElseThrow();
                List<Cell> row = new ArrayList<>(List.of(new Cell(Text.of(Results.shortName(any)), null, any.problemName()),
                        Cell.of(Text.of("").code(p.getKey()))));
                Point naive = p.getValue().get("naive");
                for (String impl : impls) {
                    Point pt = p.getValue().get(impl);
                    BenchResult r = pt != null ? pt.result() : rs.stream().filter(x -> impl.equals(x.impl())
                            && p.getKey().equals(x.problem()) && dir.equals(x.direction())).findFirst().orElse(null);
                    if (r == null) {
                        row.add(Cell.of("–"));
                    } else if (pt == null) {
                        row.add(new Cell(Text.of(r.status()), "st-" + r.status(), r.message()));
                    } else {
                        row.add(pointCell(pt, naive, unit));
                    }
                }
                rows.add(row);
            }
        }
        d.table("numbers", header, rows, false);
    }

    /** "126 GFLOP/s / 0.0259 ms ±3.1% / 98x vs naive", and the unstable label when it applies. */
    static Cell pointCell(Point pt, Point naive, String unit) {
        Text t = Text.of(num(pt.throughput()) + " " + unit).br().plain(num(pt.ms()) + " ms " + pt.intervalText());
        if (naive != null && naive != pt) {
            t.br().plain(Fmt.ratio(naive.ms() / pt.ms()) + " vs naive");
        }
        if (pt.unstable()) {
            t.br().mark("unstable", pt.unstableLabel());
        }
        String title = pt.intervalKind() + (pt.unstableReason() == null ? "" : "; " + pt.unstableReason());
        return new Cell(t, pt.unstable() ? "n unstable-cell" : "n", title);
    }

    private static void notMeasured(Doc d, List<BenchResult> rs) {
        List<BenchResult> notOk = rs.stream().filter(r -> !r.ok()).toList();
        d.heading(3, null, "Points not measured: " + notOk.size(), false);
        if (notOk.isEmpty()) {
            return;
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (BenchResult r : notOk) {
            rows.add(List.of(Cell.of(r.impl()), Cell.of(Text.of(r.problemName() == null ? "" : r.problemName() + " ").code(r.problem())),
                    Cell.of(r.direction()), new Cell(Text.of(r.status()), "st-" + r.status(), null),
                    Cell.of(r.message() == null ? "(no reason given)" : r.message())));
        }
        d.table("notok", List.of(Cell.of("implementation"), Cell.of("problem"), Cell.of("direction"), Cell.of("status"),
                Cell.of("reason")), rows, false);
    }

    /** summary.md: the ten highest GFLOP/s of the first file, from medians. */
    private static void topMarkdown(Report rep, Doc d) {
        d.summaryOnly(new Doc.Heading(2, null, Text.of("Top GFLOP/s"), true));
        List<BenchResult> rs = rep.files.get(0).results();
        List<Point> top = rs.stream().map(Point::of).filter(p -> p != null && !Results.isPool(p.result())
                        && p.throughput() != null)
                .sorted(Comparator.comparingDouble(Point::throughput).reversed()).limit(10).toList();
        if (top.isEmpty()) {
            d.summaryOnly(new Doc.Paragraph(Text.of("No successful convolution result."), false, true));
            return;
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (Point p : top) {
            BenchResult r = p.result();
            Point naive = Point.of(Report.find(rs, "naive", r.problem(), r.direction()));
            rows.add(List.of(Cell.of(r.impl()), Cell.of(Results.shortName(r)), Cell.of(r.direction()),
                    Cell.num(num(p.throughput())), Cell.num(num(p.ms()) + " " + p.intervalText()),
                    Cell.num(naive == null ? "n/a" : Fmt.ratio(naive.ms() / p.ms())),
                    Cell.of(p.unstable() ? p.unstableLabel() : "")));
        }
        d.summaryOnly(new Doc.Table(null, List.of(Cell.of("implementation"), Cell.of("problem"), Cell.of("direction"),
                Cell.num("GFLOP/s"), Cell.num("ms/op"), Cell.num("vs naive"), Cell.of("note")), rows, true));
    }
}
