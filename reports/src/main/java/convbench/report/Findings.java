package convbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import convbench.report.Families.Family;
import convbench.results.BenchResult;
import convbench.results.ResultFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers the top of the report gives, computed from one result file: every figure here
 * starts from {@link Point#ms()} (the median when the file has statistics), so the answers agree
 * with the tables and charts below them.
 */
final class Findings {
    private Findings() {
    }

    /** The measured roof of a file: compute GFLOP/s and memory GB/s, either may be null. */
    record Roof(Double computeGflops, Double bandwidthGbs) {
        static Roof of(ResultFile rf) {
            Double compute = null, bw = null;
            if (rf.ceilings() != null) {
                for (ResultFile.Measurement c : rf.ceilings()) {
                    String u = c.unit() == null ? "" : c.unit();
                    if (compute == null && (u.equalsIgnoreCase("GFLOP/s") || "compute".equals(c.name()))) {
                        compute = c.value();
                    } else if (bw == null && (u.equalsIgnoreCase("GB/s") || "memory-bandwidth".equals(c.name()))) {
                        bw = c.value();
                    }
                }
            }
            return new Roof(compute, bw);
        }

        /** The attainable figure for a point: min(compute, bandwidth x intensity); GB/s for pooling. */
        Double at(Point p) {
            BenchResult r = p.result();
            if (Results.isPool(r)) {
                return bandwidthGbs;
            }
            if (r.flops() == null || r.bytes() == null || r.bytes() <= 0) {
                return computeGflops;
            }
            if (computeGflops == null || bandwidthGbs == null) {
                return computeGflops;
            }
            return Math.min(computeGflops, bandwidthGbs * r.flops() / r.bytes());
        }
    }

    /**
     * A point above the measured compute ceiling: its useful GFLOP/s (taps inside the input only), and which
     * time gave it ("" for the benchmark's).
     */
    record Above(Point point, double gflops, String measure) {
    }

    /**
     * Convolution points whose useful throughput is above the file's measured compute ceiling, the fastest
     * first: the ceiling was measured too low (a roof no point may pass), never "a point beat the
     * machine". Useful means the FLOPs of the taps inside the input: an implementation may skip the
     * padding taps (oneDNN does), so its rate over the nominal FLOPs (padding counted, as every
     * GFLOP/s of the report) can pass the roof without any code outrunning the machine (oneDNN's
     * primitive on a 7x7 layer with padding 1, where 18% of the taps are padding, read 235 nominal
     * GFLOP/s under a roof of 230). The benchmark's figure of every point is checked, and for the CPU
     * peer also its primitive alone (device time), which is faster than its whole call. Empty without
     * a compute ceiling.
     */
    static List<Above> aboveRoof(ResultFile rf) {
        Double compute = Roof.of(rf).computeGflops();
        List<Above> above = new ArrayList<>();
        if (compute == null) {
            return above;
        }
        for (BenchResult r : rf.results()) {
            Point p = Point.of(r);
            if (p == null || Results.isPool(r) || p.throughput() == null) {
                continue;
            }
            double useful = r.gflops() != null && r.gflops() > 0 && r.gflopsNoPadding() != null
                    ? Math.min(1, r.gflopsNoPadding() / r.gflops()) : 1;
            double whole = p.throughput() * useful;
            Double dev = r.openclDeviceMs();
            double primitive = Report.isPeer(r.impl()) && r.flops() != null && dev != null && dev > 0
                    ? useful * r.flops() / (dev * 1e6) : 0;
            if (primitive > compute && primitive > whole) {
                above.add(new Above(p, primitive, "primitive alone"));
            } else if (whole > compute) {
                above.add(new Above(p, whole, ""));
            }
        }
        above.sort((x, y) -> Double.compare(y.gflops(), x.gflops()));
        return above;
    }

    /**
     * The fastest implementation for one kind of layer in one direction. Factors are geometric
     * means over the family's problems of the winner's throughput divided by the other's.
     */
    record FamilyWinner(Family family, String direction, int problems, String winner, int wins, String runnerUp,
                        Double overRunnerUp, Double overNaive, Point best, Double roof, String peer, Double overPeer) {
    }

    /** Problems of the file in a direction, in file order, grouped by family: family -> problem -> impl -> point. */
    static Map<Family, Map<String, Map<String, Point>>> byFamily(List<BenchResult> rs, String direction) {
        Map<Family, Map<String, Map<String, Point>>> out = new LinkedHashMap<>();
        for (Family f : Families.ORDER) {
            out.put(f, new LinkedHashMap<>());
        }
        for (BenchResult r : rs) {
            if (!direction.equals(r.direction())) {
                continue;
            }
            Point p = Point.of(r);
            Map<String, Map<String, Point>> fam = out.get(Families.of(r));
            Map<String, Point> row = fam.computeIfAbsent(r.problem(), k -> new LinkedHashMap<>());
            if (p != null) {
                row.put(r.impl(), p);
            }
        }
        out.values().removeIf(Map::isEmpty);
        return out;
    }

    static List<FamilyWinner> winners(ResultFile rf, String direction) {
        Roof roof = Roof.of(rf);
        List<FamilyWinner> out = new ArrayList<>();
        for (Map.Entry<Family, Map<String, Map<String, Point>>> e : byFamily(rf.results(), direction).entrySet()) {
            FamilyWinner w = winner(e.getKey(), direction, e.getValue(), roof);
            if (w != null) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * The winner is the implementation with the highest geometric-mean throughput over the family's
     * problems, among those measured on all of them (all implementations when none is); the
     * runner-up the next one, so the factor between them is never below 1.
     */
    private static FamilyWinner winner(Family family, String direction, Map<String, Map<String, Point>> problems, Roof roof) {
        List<Map<String, Point>> rows = problems.values().stream().filter(r -> fastest(r, null) != null).toList();
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, List<Double>> throughputs = new LinkedHashMap<>();
        for (Map<String, Point> row : rows) {
            row.forEach((impl, p) -> {
                if (!Report.isPeer(impl) && p.throughput() != null) {
                    throughputs.computeIfAbsent(impl, k -> new ArrayList<>()).add(p.throughput());
                }
            });
        }
        List<String> candidates = throughputs.keySet().stream().filter(i -> throughputs.get(i).size() == rows.size()).toList();
        if (candidates.isEmpty()) {
            candidates = new ArrayList<>(throughputs.keySet());
        }
        List<String> ranked = candidates.stream()
                .sorted((x, y) -> Double.compare(Report.geomean(throughputs.get(y)), Report.geomean(throughputs.get(x))))
                .toList();
        String winner = ranked.get(0);
        String runnerUp = ranked.size() > 1 ? ranked.get(1) : null;
        int wins = 0;
        List<Double> overRunner = new ArrayList<>(), overNaive = new ArrayList<>(), overPeer = new ArrayList<>();
        Point best = null;
        String peer = null;
        for (Map<String, Point> row : rows) {
            Point w = row.get(winner);
            if (w == null) {
                continue;
            }
            wins += winner.equals(fastest(row, null)) ? 1 : 0;
            if (best == null || w.throughput() > best.throughput()) {
                best = w;
            }
            if (runnerUp != null && row.get(runnerUp) != null) {
                overRunner.add(w.throughput() / row.get(runnerUp).throughput());
            }
            Point naive = row.get("naive");
            if (naive != null && !"naive".equals(winner)) {
                overNaive.add(w.throughput() / naive.throughput());
            }
            for (Map.Entry<String, Point> p : row.entrySet()) {
                if (Report.isPeer(p.getKey())) {
                    peer = p.getKey();
                    overPeer.add(w.throughput() / p.getValue().throughput());
                }
            }
        }
        return new FamilyWinner(family, direction, rows.size(), winner, wins, runnerUp,
                Report.geomean(overRunner), Report.geomean(overNaive), best, best == null ? null : roof.at(best),
                peer, Report.geomean(overPeer));
    }

    /** The implementation with the highest throughput in a row, leaving out the peer and {@code except}. */
    private static String fastest(Map<String, Point> row, String except) {
        String best = null;
        for (Map.Entry<String, Point> e : row.entrySet()) {
            if (Report.isPeer(e.getKey()) || e.getKey().equals(except) || e.getValue().throughput() == null) {
                continue;
            }
            if (best == null || e.getValue().throughput() > row.get(best).throughput()) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** How OpenCL compares with the fastest CPU implementation on each problem it ran. */
    record OpenClVerdict(String device, int problems, List<String> paysOff, List<String> transfersEat,
                         List<String> kernelsSlower, Double medianOutsideKernels) {
    }

    static OpenClVerdict openCl(ResultFile rf) {
        Map<String, Point> bestCl = new LinkedHashMap<>(), bestCpu = new LinkedHashMap<>();
        String device = null;
        for (BenchResult r : rf.results()) {
            Point p = Point.of(r);
            if (p == null) {
                continue;
            }
            String key = r.problem() + " " + r.direction();
            Map<String, Point> target = Report.isOpenCl(r) ? bestCl : Report.isPeer(r.impl()) ? null : bestCpu;
            if (target != null && (!target.containsKey(key) || p.ms() < target.get(key).ms())) {
                target.put(key, p);
            }
            if (Report.isOpenCl(r) && device == null) {
                device = r.device();
            }
        }
        List<String> pays = new ArrayList<>(), eaten = new ArrayList<>(), slower = new ArrayList<>();
        List<Double> outside = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Point> e : bestCl.entrySet()) {
            Point cpu = bestCpu.get(e.getKey());
            if (cpu == null) {
                continue;
            }
            n++;
            Point cl = e.getValue();
            BenchResult r = cl.result();
            String what = Results.shortName(r) + " " + r.direction();
            Double dev = r.openclDeviceMs(), e2e = r.openclEndToEndMs();
            if (dev != null && e2e != null && e2e > 0) {
                outside.add(Math.max(0, 1 - dev / e2e));
            }
            if (cl.ms() < cpu.ms()) {
                pays.add(what);
            } else if (dev != null && dev < cpu.ms()) {
                eaten.add(what);
            } else {
                slower.add(what);
            }
        }
        return n == 0 ? null : new OpenClVerdict(device, n, pays, eaten, slower, Report.median(outside));
    }

    static final String HOLDS = "holds";
    static final String DOES_NOT_HOLD = "does not hold";
    static final String TOO_CLOSE = "too close to call";

    /**
     * One of the documents' timing comparisons, and whether the same method wins here.
     *
     * @param hereLow  the ratio's interval (A's low over B's high), null without intervals
     * @param hereHigh A's high over B's low
     */
    record DocumentComparison(String section, String methodA, String methodB, String measure, double documentRatio,
                              Double hereRatio, Double hereLow, Double hereHigh, String reason) {

        /** The comparison of the document's entry {@code c} with the measures of its two sides here. */
        static DocumentComparison of(JsonNode c, DocumentsSection.Measured ma, DocumentsSection.Measured mb) {
            JsonNode a = c.path("a"), b = c.path("b");
            boolean counterpart = a.path("impl").isTextual() && b.path("impl").isTextual();
            Double here = ma.ms() != null && mb.ms() != null && mb.ms() > 0 ? ma.ms() / mb.ms() : null;
            boolean bounds = here != null && ma.lowMs() != null && mb.lowMs() != null && mb.lowMs() > 0;
            String reason = !counterpart ? "no counterpart here" : here == null ? (ma.ms() == null ? ma.how() : mb.how()) : null;
            return new DocumentComparison(c.path("section").asText(), a.path("method").asText(), b.path("method").asText(),
                    c.path("measure").asText(), a.path("seconds").asDouble() / b.path("seconds").asDouble(), here,
                    bounds ? ma.lowMs() / mb.highMs() : null, bounds ? ma.highMs() / mb.lowMs() : null, reason);
        }

        /**
         * {@value #HOLDS} when the same method is faster here, {@value #DOES_NOT_HOLD} when the other
         * one is, {@value #TOO_CLOSE} when the ratio's interval contains 1 (two runs could disagree);
         * null when it cannot be judged here (no counterpart, not measured).
         */
        String verdict() {
            if (hereRatio == null) {
                return null;
            }
            if (hereLow != null && hereHigh != null && hereLow <= 1 && hereHigh >= 1) {
                return TOO_CLOSE;
            }
            return (documentRatio > 1) == (hereRatio > 1) ? HOLDS : DOES_NOT_HOLD;
        }

        /** " [low, high]" after the ratio, or nothing without an interval. */
        String intervalText() {
            return hereLow == null || hereHigh == null ? "" : " [" + Fmt.ratio(hereLow) + ", " + Fmt.ratio(hereHigh) + "]";
        }
    }

    static List<DocumentComparison> documents(ResultFile rf) {
        JsonNode doc = Report.resource("document-comparisons.json");
        List<DocumentComparison> out = new ArrayList<>();
        for (JsonNode c : doc.path("comparisons")) {
            String implA = c.path("a").path("impl").isTextual() ? c.path("a").path("impl").asText() : null;
            String implB = c.path("b").path("impl").isTextual() ? c.path("b").path("impl").asText() : null;
            String problem = c.path("problem").asText(), measure = c.path("measure").asText();
            out.add(DocumentComparison.of(c, DocumentsSection.measure(rf.results(), implA, problem, measure),
                    DocumentsSection.measure(rf.results(), implB, problem, measure)));
        }
        return out;
    }

    /** How far the numbers can be trusted: unstable share and the median relative interval half-width. */
    record Stability(int points, int unstable, int withStats, Double medianRelHalfWidth) {
    }

    static Stability stability(ResultFile rf) {
        int n = 0, unstable = 0, stats = 0;
        List<Double> widths = new ArrayList<>();
        for (BenchResult r : rf.results()) {
            Point p = Point.of(r);
            if (p == null) {
                continue;
            }
            n++;
            unstable += p.unstable() ? 1 : 0;
            stats += p.hasStats() ? 1 : 0;
            widths.add(p.relHalfWidth());
        }
        return new Stability(n, unstable, stats, Report.median(widths));
    }
}
