package convbench.report;

import static convbench.report.Fmt.num;
import static convbench.report.Fmt.ratio;

import convbench.report.Doc.Cell;
import convbench.report.Doc.Text;
import convbench.report.Findings.FamilyWinner;
import convbench.results.BenchResult;
import convbench.results.PhaseSplit;
import convbench.results.ResultFile;
import convbench.results.VerificationFile;
import convbench.results.VerificationWords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first screen: what the run found, in a few lines with numbers. summary.md opens with the
 * same lines. Every figure comes from {@link Findings}, which reads the same medians as the tables.
 */
final class AnswersSection {
    private AnswersSection() {
    }

    static void render(Report rep, Doc d) throws IOException {
        d.heading(2, "answers", "What this run found", true);
        List<Text> lines = new ArrayList<>();
        lines.add(verification(rep.verification));
        d.bullets(lines, true);
        rep.eachFile(d, true, i -> {
            familyTable(rep.files.get(i), d);
            d.bullets(forFile(rep.files.get(i)), true);
        });
        if (rep.files.isEmpty()) {
            d.para(Text.of("No benchmark result file was given: only the verification is reported."), true);
        }
    }

    static Text verification(VerificationFile v) {
        if (v == null || v.summary() == null) {
            return Text.of("Verification: ").bold("no verification file given")
                    .plain(" (convbench verify --json FILE writes one).");
        }
        VerificationFile.Summary s = v.summary();
        int bad = s.failed() + s.errors() + s.unexpectedErrata() + s.staleErrata();
        Text t = Text.of("Verification: ");
        if (bad == 0) {
            t.mark("good", "passed");
        } else {
            t.mark("bad", "FAILED");
        }
        t.plain(" (" + s.fixtures() + " fixtures, " + s.passed() + " implementation results passed, " + s.failed()
                + " failed, " + s.errors() + " errors, " + s.skipped() + " skipped, " + s.mistrusted() + " mistrusted). ");
        List<VerificationFile.FixtureVerdict> errata = v.fixtures() == null ? List.of() : v.fixtures().stream()
                .filter(f -> f.documentStatus() != null && f.documentStatus().contains(VerificationWords.ERRATUM)
                        && !VerificationWords.ERRATUM_NOT_REPRODUCED.equals(f.documentStatus()))
                .toList();
        if (errata.isEmpty()) {
            t.plain("No statement of the documents was found wrong.");
            return t;
        }
        t.bold(errata.size() + " statements of the documents are wrong");
        if (s.unexpectedErrata() > 0) {
            t.plain(" (" + s.unexpectedErrata() + " of them not yet annotated: a failure)");
        }
        // the sections they are in, by number (the titles are in the Errata table), and the first one spelled out
        Map<String, Integer> bySection = new LinkedHashMap<>();
        for (VerificationFile.FixtureVerdict f : errata) {
            bySection.merge(sectionNumber(f), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        bySection.forEach((sec, count) -> parts.add(sec + (count > 1 ? " (" + count + ")" : "")));
        VerificationFile.FixtureVerdict first = errata.get(0);
        t.plain(", in " + String.join(", ", parts) + ". For example " + sectionNumber(first) + " states ")
                .code(first.stated()).plain(", the reference computes ").code(first.reference())
                .plain(". All of them: the Errata table.");
        return t;
    }

    /** "§18.1.3" from "18.1.3 用卷积神经网络解决问题"; the fixture id when the section has no number. */
    static String sectionNumber(VerificationFile.FixtureVerdict f) {
        String sec = VerificationSection.section(f).trim();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\d+(\\.\\d+)*").matcher(sec);
        if (m.find()) {
            return "§" + m.group();
        }
        return sec.isEmpty() ? f.id() : sec;
    }

    /** The bullets after the family table: peer, roof, OpenCL, documents, stability. */
    static List<Text> forFile(ResultFile rf) {
        List<Text> lines = new ArrayList<>();
        lines.add(measuredLine(rf));
        if (fastest(rf).stream().noneMatch(w -> w.peer() != null)) {
            lines.add(Text.of("Peer: no oneDNN peer (").code("onednn").plain(") ran in this file; run it with ")
                    .code("--impl onednn").plain(" beside the others."));
        }
        lines.add(roofLine(Findings.Roof.of(rf)));
        lines.add(openClLine(Findings.openCl(rf)));
        Text split = splitLine(rf);
        if (split != null) {
            lines.add(split);
        }
        lines.add(documentsLine(Findings.documents(rf)));
        lines.add(stabilityLine(Findings.stability(rf)));
        return lines;
    }

    /** What was measured and how: the suites (the main job's representative set), forks, the statistic. */
    /**
     * Where the time goes, measured: for the forward convolution with the most FLOPs that has a
     * phase split, each implementation's phases as shares of the cores' time; null without splits.
     */
    static Text splitLine(ResultFile rf) {
        BenchResult largest = rf.results().stream()
                .filter(r -> r.ok() && "forward".equals(r.direction()) && r.phases() != null && r.phases().usable()
                        && r.flops() != null)
                .max(java.util.Comparator.comparingDouble(BenchResult::flops)).orElse(null);
        if (largest == null) {
            return null;
        }
        Text t = Text.of("Where the time goes (measured, forward " + Results.shortName(largest) + ", shares of the "
                + largest.phases().threads() + " cores' time): ");
        List<String> parts = new ArrayList<>();
        for (BenchResult r : rf.results()) {
            if (r.ok() && largest.problem().equals(r.problem()) && "forward".equals(r.direction())
                    && r.phases() != null && r.phases().usable()) {
                PhaseSplit ph = r.phases();
                List<String> shares = new ArrayList<>();
                ph.phaseMs().keySet().forEach(n -> shares.add(n + " " + Fmt.pct(ph.share(n))));
                shares.add("rest " + Fmt.pct(ph.restShare()));
                parts.add(r.impl() + ": " + String.join(", ", shares));
            }
        }
        return t.plain(String.join("; ", parts) + " (per point: For learners).");
    }

    static Text measuredLine(ResultFile rf) {
        Map<String, Object> st = rf.settings() == null ? Map.of() : rf.settings();
        Object suites = st.get("suites");
        Text t = Text.of("Measured: ");
        t.plain(suites instanceof List<?> l && !l.isEmpty() ? "suite " + String.join(", ", l.stream().map(String::valueOf)
                .toList()) : "suites not recorded");
        if (st.get("points") != null) {
            t.plain(", " + st.get("points") + " points");
        }
        if (st.get("forks") instanceof Number n && n.intValue() > 0) {
            t.plain(", each in " + n.intValue() + " independent JVMs (shuffled rounds); every number is the 10th percentile of "
                    + "all samples with its 95% bootstrap interval");
        }
        t.plain(".");
        return t;
    }

    static List<FamilyWinner> fastest(ResultFile rf) {
        List<FamilyWinner> fwd = new ArrayList<>(Findings.winners(rf, "forward"));
        fwd.addAll(Findings.winners(rf, "pool-forward"));
        return fwd;
    }

    /** Which implementation is fastest for which kind of layer, by how much, and how far from the roof and the peer. */
    static void familyTable(ResultFile rf, Doc d) {
        List<FamilyWinner> fwd = fastest(rf);
        if (fwd.isEmpty()) {
            d.para(Text.of("Fastest implementation: no forward point was measured."), true);
            return;
        }
        boolean peer = fwd.stream().anyMatch(w -> w.peer() != null);
        List<Cell> header = new ArrayList<>(List.of(Cell.of("layer family (forward)"), Cell.of("fastest"),
                Cell.num("vs runner-up"), Cell.num("vs naive"), Cell.num("best point"), Cell.num("of the measured roof")));
        if (peer) {
            header.add(Cell.num("vs peer"));
        }
        header.add(Cell.of("fastest backwards"));
        List<List<Cell>> rows = new ArrayList<>();
        for (FamilyWinner w : fwd) {
            String unit = Results.throughputUnit(w.direction());
            List<Cell> row = new ArrayList<>();
            row.add(new Cell(Text.of("").bold(w.family().label).plain(" (" + w.problems() + " problem"
                    + (w.problems() == 1 ? "" : "s") + ")"), null, w.family().rule));
            row.add(Cell.of(Text.of("").bold(w.winner()).plain(" (" + w.wins() + " of " + w.problems() + ")")));
            row.add(Cell.num(w.overRunnerUp() == null ? "–" : ratio(w.overRunnerUp()) + " " + w.runnerUp()));
            row.add(Cell.num(w.overNaive() == null ? "–" : ratio(w.overNaive())));
            Text best = Text.of(w.best() == null ? "–" : num(w.best().throughput()) + " " + unit);
            if (w.best() != null && w.best().unstable()) {
                best.plain(" ").mark("unstable", w.best().unstableLabel());
            }
            row.add(new Cell(best, "n", w.best() == null ? null : Results.shortName(w.best().result())));
            row.add(Cell.num(w.roof() == null || w.best() == null ? "no ceilings"
                    : Fmt.pct(w.best().throughput() / w.roof()) + " of " + num(w.roof())));
            if (peer) {
                row.add(Cell.num(w.overPeer() == null ? "not run" : ratio(w.overPeer()) + " " + w.peer()));
            }
            List<String> back = new ArrayList<>();
            for (String dir : List.of("backward-data", "backward-weights", "backward", "pool-backward")) {
                Findings.winners(rf, dir).stream().filter(x -> x.family() == w.family()).findFirst()
                        .ifPresent(x -> back.add(dir + ": " + x.winner()
                                + (x.overRunnerUp() == null ? "" : " (" + ratio(x.overRunnerUp()) + " " + x.runnerUp() + ")")));
            }
            row.add(Cell.of(back.isEmpty() ? "not measured" : String.join("; ", back)));
            rows.add(row);
        }
        d.table("answers-table", header, rows, true);
        d.blocks().add(new Doc.Paragraph(Text.of("Factors: the fastest implementation's throughput over the other's "
                + "(above 1x: faster), geometric means over the family's problems, from the points' 10th percentiles. \"Of the measured roof\": "
                + "the best point's share of min(compute, memory bandwidth x its FLOP/byte). Hover a family for its rule."), true, true));
    }

    private static Text roofLine(Findings.Roof roof) {
        if (roof.computeGflops() == null && roof.bandwidthGbs() == null) {
            return Text.of("Roof: this file carries no measured ceilings.");
        }
        return Text.of("Measured roof: compute " + (roof.computeGflops() == null ? "not measured" : num(roof.computeGflops()) + " GFLOP/s")
                + ", memory " + (roof.bandwidthGbs() == null ? "not measured" : num(roof.bandwidthGbs()) + " GB/s")
                + " (the roof of a point is min(compute, memory x its FLOP/byte)).");
    }

    private static Text openClLine(Findings.OpenClVerdict v) {
        if (v == null) {
            return Text.of("OpenCL: no OpenCL point with a CPU counterpart in this file.");
        }
        Text t = Text.of("OpenCL").plain(v.device() == null ? "" : " on " + v.device()).plain(": against the fastest CPU "
                + "implementation, it pays off on ").bold(v.paysOff().size() + " of " + v.problems()).plain(" problem-directions");
        if (!v.paysOff().isEmpty()) {
            t.plain(" (" + list(v.paysOff()) + ")");
        }
        t.plain("; on " + v.transfersEat().size() + " its kernels alone would win but transfers and launch eat the gain");
        if (!v.transfersEat().isEmpty()) {
            t.plain(" (" + list(v.transfersEat()) + ")");
        }
        t.plain("; on " + v.kernelsSlower().size() + " the kernels themselves are slower.");
        if (v.medianOutsideKernels() != null) {
            t.plain(" Median share of a call spent outside the kernels: " + Fmt.pct(v.medianOutsideKernels()) + ".");
        }
        return t;
    }

    private static String list(List<String> xs) {
        return xs.size() <= 3 ? String.join(", ", xs) : String.join(", ", xs.subList(0, 3)) + " and " + (xs.size() - 3) + " more";
    }

    private static Text documentsLine(List<Findings.DocumentComparison> cs) {
        long judged = cs.stream().filter(c -> c.verdict() != null && !Findings.TOO_CLOSE.equals(c.verdict())).count();
        long hold = cs.stream().filter(c -> Findings.HOLDS.equals(c.verdict())).count();
        long close = cs.stream().filter(c -> Findings.TOO_CLOSE.equals(c.verdict())).count();
        Text t = Text.of("The documents' timing comparisons (time A / time B, document vs here): ");
        if (judged == 0 && close == 0) {
            t.bold("none could be judged").plain(" (their problems were not benchmarked in this file: suite ")
                    .code("documents").plain(")");
        } else {
            t.bold(hold + " of " + judged + " hold here").plain(" (the same method is faster)");
        }
        if (close > 0) {
            t.plain(", " + close + " too close to call (the interval of the ratio contains 1)");
        }
        List<String> parts = new ArrayList<>();
        for (Findings.DocumentComparison c : cs) {
            String what = "§" + c.section() + " " + c.methodA() + "/" + c.methodB() + " " + ratio(c.documentRatio());
            parts.add(c.verdict() == null ? what + ": " + c.reason()
                    : what + " vs " + ratio(c.hereRatio()) + c.intervalText() + " " + c.verdict());
        }
        return t.plain(": " + String.join("; ", parts) + ".");
    }

    private static Text stabilityLine(Findings.Stability s) {
        if (s.points() == 0) {
            return Text.of("Stability: no measured point.");
        }
        Text t = Text.of("Stability: ").bold(s.unstable() + " of " + s.points() + " points unstable")
                .plain(" (" + Fmt.pct(s.unstable() / (double) s.points()) + ")");
        if (s.medianRelHalfWidth() != null) {
            // a ± is only printed when it is smaller than the value
            t.plain(s.medianRelHalfWidth() < 1 ? "; median interval ±" + Point.relText(s.medianRelHalfWidth())
                    : "; the median interval is wider than the value itself (half-width " + Fmt.ratio(s.medianRelHalfWidth())
                            + " the value): these numbers can be ranked, not quoted");
        }
        if (s.withStats() == s.points()) {
            t.plain(" (95% bootstrap intervals of the 10th percentiles).");
        } else if (s.withStats() == 0) {
            t.plain(" (an older file without per-point statistics: JMH's 99.9% intervals of the mean, points wider than ±"
                    + Point.OLD_FILE_LIMIT_PCT + "% counted as unstable).");
        } else {
            t.plain(" (" + s.withStats() + " points with statistics, the others from an older format).");
        }
        return t;
    }
}
