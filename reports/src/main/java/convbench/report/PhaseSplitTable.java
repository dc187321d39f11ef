package convbench.report;

import static convbench.report.Fmt.num;

import convbench.report.Doc.Cell;
import convbench.report.Doc.Text;
import convbench.results.BenchResult;
import convbench.results.PhaseSplit;
import convbench.results.ResultFile;
import convbench.stats.Samples;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The measured split of a CPU implementation with phases ({@link PhaseSplit}): one row per
 * benchmark point, each phase's share of the cores' time during a call, the rest (waiting,
 * allocation), a stacked bar, and the pass's own time per call beside the benchmark's median so
 * the reader can see the pass ran at the benchmark's speed. Ends with one sentence of medians.
 */
final class PhaseSplitTable {
    /** Colours of the stacked bar's phases, in phase order (the rest is grey). */
    static final int COLOURS = 6;

    private PhaseSplitTable() {
    }

    /** Renders the table and returns true, or returns false when no point of {@code impl} has a split. */
    static boolean render(Report rep, Doc d, String impl) {
        List<BenchResult> points = new ArrayList<>();
        Set<String> phases = new LinkedHashSet<>();
        for (ResultFile rf : rep.files) {
            for (BenchResult r : rf.results()) {
                if (impl.equals(r.impl()) && r.ok() && r.phases() != null && r.phases().usable()) {
                    points.add(r);
                    phases.addAll(r.phases().phaseMs().keySet());
                }
            }
        }
        if (points.isEmpty()) {
            return false;
        }
        List<String> names = List.copyOf(phases);
        List<Cell> header = new ArrayList<>(List.of(Cell.of("problem"), Cell.of("direction"),
                Cell.of("benchmark ms (median)"), Cell.of("split pass ms")));
        names.forEach(n -> header.add(Cell.of(n)));
        header.add(Cell.of("rest: waiting, allocation"));
        header.add(Cell.of("share of the cores' time"));
        List<List<Cell>> rows = new ArrayList<>();
        double[][] shares = new double[names.size() + 1][points.size()];
        boolean[][] has = new boolean[names.size()][points.size()];
        for (int i = 0; i < points.size(); i++) {
            BenchResult r = points.get(i);
            PhaseSplit s = r.phases();
            Point p = Point.of(r);
            List<Cell> row = new ArrayList<>(List.of(Cell.of(Results.shortName(r)), Cell.of(r.direction()),
                    Cell.num(p == null ? "n/a" : num(p.ms())), Cell.num(num(s.callMs()))));
            for (int j = 0; j < names.size(); j++) {
                shares[j][i] = s.share(names.get(j));
                has[j][i] = s.phaseMs().containsKey(names.get(j));
                row.add(Cell.num(has[j][i] ? Fmt.pct(shares[j][i]) : "-"));
            }
            shares[names.size()][i] = s.restShare();
            row.add(Cell.num(Fmt.pct(s.restShare())));
            row.add(new Cell(bar(s, names), null, null));
            rows.add(row);
        }
        int threads = points.get(0).phases().threads();
        d.para(Text.of("").bold("Measured split").plain(String.format(Locale.ROOT, " of a call, as shares of the %d "
                + "core%s' time during it (a phase's time is summed over the threads that ran it). Measured in a "
                + "separate pass after the benchmark iterations, with the implementation's phase timing on "
                + "(a few clock reads per block; the benchmark's own samples have none), in each point's first fork.",
                threads, threads == 1 ? "" : "s")), false);
        d.table("split", header, rows, false);
        d.para(Text.of(medians(names, shares, has, points.size())), false);
        return true;
    }

    /** "Median shares over the N points: GEMM 61%, col2im 20% (2 points), ..., rest 12%." (a phase over the points that have it) */
    private static String medians(List<String> names, double[][] shares, boolean[][] has, int n) {
        List<String> parts = new ArrayList<>();
        for (int j = 0; j <= names.size(); j++) {
            List<Double> v = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (j == names.size() || has[j][i]) {
                    v.add(shares[j][i]);
                }
            }
            int m = v.size();
            double med = Samples.median(v.stream().mapToDouble(Double::doubleValue).toArray());
            parts.add((j < names.size() ? names.get(j) : "rest") + " " + Fmt.pct(med)
                    + (m < n ? " (" + m + " point" + (m == 1 ? ")" : "s)") : ""));
        }
        return "Median shares over the " + n + " point" + (n == 1 ? "" : "s") + ": " + String.join(", ", parts) + ".";
    }

    /** A stacked text bar of 20 cells: one colour per phase, the rest grey. */
    private static Text bar(PhaseSplit s, List<String> names) {
        Text t = Text.of("");
        int used = 0;
        double cumulative = 0;
        for (int j = 0; j < names.size(); j++) {
            cumulative += s.share(names.get(j));
            int upTo = (int) Math.round(Math.min(1, cumulative) * 20);
            if (upTo > used) {
                t.mark("bar-p" + (j % COLOURS), "█".repeat(upTo - used));
                used = upTo;
            }
        }
        if (used < 20) {
            t.mark("bar-rest", "░".repeat(20 - used));
        }
        return t;
    }
}
