package convbench.report;

import static convbench.report.Fmt.num;
import static convbench.report.Fmt.ratio;

import convbench.report.Doc.Cell;
import convbench.report.Doc.Text;
import convbench.results.BenchResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's fast CPU path against oneDNN, convolution by convolution: {@code blocked}'s
 * GFLOP/s beside oneDNN's primitive alone (its own blocked layouts: "the kernel") and oneDNN's whole
 * call with the NCHW/OIHW reorders ("what a user holding NCHW arrays pays"), with the geometric
 * means of the two ratios over every matched point and over the points of at least
 * {@value #BIG_FLOPS} FLOPs, where fixed costs no longer decide.
 */
final class PeerSection {
    static final String CPU = "blocked";
    static final String PEER = "onednn";
    /** The size from which a layer counts as large for the summary line. */
    static final double BIG_FLOPS = 1e9;
    private static final List<String> DIRECTIONS = List.of("forward", "backward-data", "backward-weights");

    private PeerSection() {
    }

    /** One matched point: blocked's and oneDNN's GFLOP/s (primitive, whole call) on one problem and direction. */
    record Row(BenchResult blocked, double flops, double blockedGflops, Double primitiveGflops, double callGflops) {
        Double overPrimitive() {
            return primitiveGflops == null ? null : blockedGflops / primitiveGflops;
        }

        double overCall() {
            return blockedGflops / callGflops;
        }
    }

    /** The matched points of one file, in its order; empty when either side did not run. */
    static List<Row> rows(List<BenchResult> rs) {
        Map<String, Point> peer = new LinkedHashMap<>();
        for (BenchResult r : rs) {
            Point p = PEER.equals(r.impl()) && DIRECTIONS.contains(r.direction()) ? Point.of(r) : null;
            if (p != null && r.flops() != null) {
                peer.put(r.problem() + " " + r.direction(), p);
            }
        }
        List<Row> out = new ArrayList<>();
        for (BenchResult r : rs) {
            Point b = CPU.equals(r.impl()) && DIRECTIONS.contains(r.direction()) ? Point.of(r) : null;
            Point o = b == null || r.flops() == null ? null : peer.get(r.problem() + " " + r.direction());
            if (o == null) {
                continue;
            }
            Double dev = o.result().openclDeviceMs();
            out.add(new Row(r, r.flops(), b.throughput(), dev == null || !(dev > 0) ? null : r.flops() / (dev * 1e6),
                    o.throughput()));
        }
        return out;
    }

    /** Geometric mean of the values (null when there are none). */
    static Double geomean(List<Double> values) {
        List<Double> v = values.stream().filter(x -> x != null && x > 0).toList();
        return v.isEmpty() ? null : Math.exp(v.stream().mapToDouble(Math::log).average().orElseThrow());
    }

    /** The summary: geometric means over the large points and over all, against the primitive and the whole call. */
    static String summary(List<Row> rows) {
        List<Row> big = rows.stream().filter(r -> r.flops() >= BIG_FLOPS).toList();
        if (big.isEmpty()) {
            return String.format(java.util.Locale.ROOT, "blocked / oneDNN, geometric mean over all %d matched points "
                            + "(none of >= 1e9 FLOPs): %s against the primitive alone, %s against the call with NCHW reorders.",
                    rows.size(), ratio(geomean(rows.stream().map(Row::overPrimitive).toList())),
                    ratio(geomean(rows.stream().map(r -> (Double) r.overCall()).toList())));
        }
        return String.format(java.util.Locale.ROOT,
                "blocked / oneDNN, geometric mean over the %d points of >= 1e9 FLOPs: %s against the primitive alone, "
                        + "%s against the call with NCHW reorders; over all %d matched points: %s and %s.",
                big.size(), ratio(geomean(big.stream().map(Row::overPrimitive).toList())),
                ratio(geomean(big.stream().map(r -> (Double) r.overCall()).toList())), rows.size(),
                ratio(geomean(rows.stream().map(Row::overPrimitive).toList())),
                ratio(geomean(rows.stream().map(r -> (Double) r.overCall()).toList())));
    }

    static void render(Report rep, Doc d) throws IOException {
        rep.perFileSection(d, "peer", "blocked against oneDNN, layer by layer", false,
                "GFLOP/s of blocked (10th percentile of its samples) beside oneDNN's primitive alone (in oneDNN's "
                        + "own layouts: the 10th percentile of its per-iteration times; files before 2026-12-04 carry "
                        + "only the median over forks of their means, which noise makes slower) and oneDNN's whole "
                        + "call with the NCHW/OIHW reorders (10th percentile). Ratios above 1x: blocked is faster.", i -> {
                List<Row> rows = rows(rep.files.get(i).results());
                if (rows.isEmpty()) {
                    d.note("No convolution point with both blocked and onednn in this file.");
                    return;
                }
                d.para(Text.of(summary(rows)), true);
                List<List<Cell>> cells = new ArrayList<>();
                for (Row r : rows) {
                    cells.add(List.of(Cell.of(Results.shortName(r.blocked())), Cell.of(r.blocked().direction()),
                            Cell.num(num(r.flops() / 1e9)), Cell.num(num(r.blockedGflops())),
                            Cell.num(num(r.primitiveGflops())), Cell.num(num(r.callGflops())),
                            Cell.num(ratio(r.overPrimitive())), Cell.num(ratio(r.overCall()))));
                }
                d.table("peer", List.of(Cell.of("problem"), Cell.of("direction"), Cell.of("GFLOP per call"),
                        Cell.of("blocked GFLOP/s"), Cell.of("oneDNN primitive GFLOP/s"),
                        Cell.of("oneDNN with reorders GFLOP/s"), Cell.of("blocked / primitive"),
                        Cell.of("blocked / with reorders")), cells, false);
            });
    }
}
