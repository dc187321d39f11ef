package convbench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import convbench.results.BenchResult;
import convbench.results.PointStats;
import convbench.results.ResultFile;
import convbench.results.ResultIO;
import convbench.stats.Samples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate on files built to regress, improve, stay within noise, be unstable, broken, incomplete or bad. */
class CompareTest {
    /**
     * A measured point: {@code forks} JVMs of {@code perFork} samples around {@code center}; each
     * fork is off by a factor drawn with sd {@code forkNoise}, each sample by {@code sampleNoise}.
     */
    static BenchResult pt(String impl, String problem, String unit, double center, double forkNoise, double sampleNoise,
                          int forks, int perFork, long seed) {
        Random rnd = new Random(seed);
        List<List<Double>> fs = new ArrayList<>();
        for (int f = 0; f < forks; f++) {
            double fork = center * Math.exp(forkNoise * rnd.nextGaussian());
            List<Double> s = new ArrayList<>();
            for (int i = 0; i < perFork; i++) {
                s.add(fork * Math.exp(sampleNoise * rnd.nextGaussian()));
            }
            fs.add(s);
        }
        return withSamples(impl, problem, unit, fs);
    }

    static BenchResult withSamples(String impl, String problem, String unit, List<List<Double>> fs) {
        PointStats st = Samples.summarize(fs, 3, Samples.DEFAULT_UNSTABLE_LIMIT);
        List<Double> flat = new ArrayList<>();
        fs.forEach(flat::addAll);
        return new BenchResult(impl, problem, problem, "t", "forward", "cpu", "ok", null, "avgt", unit, st.median(),
                (st.high() - st.low()) / 2, List.of(st.low(), st.high()), flat, null, null, null, null, null, null,
                null, null, null, null, null, st);
    }

    static BenchResult pt(String impl, String problem, double center, long seed) {
        return pt(impl, problem, "ms/op", center, 0.01, 0.01, 3, 5, seed);
    }

    static BenchResult status(String impl, String problem, String status, String message) {
        return new BenchResult(impl, problem, problem, "t", "forward", "cpu", status, message, "avgt", "ms/op", null,
                null, null, null, null, null, null, null, null, null, null, null, null);
    }

    static ResultFile file(BenchResult... rs) {
        return file(true, rs);
    }

    static ResultFile file(boolean complete, BenchResult... rs) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("complete", complete);
        return new ResultFile(1, ResultFile.KIND, null, settings, null, List.of(rs));
    }

    record Run(int code, String out, String err) {
    }

    static Run run(Path dir, ResultFile base, ResultFile cur, double threshold, boolean md) throws Exception {
        Path b = dir.resolve("base.json");
        Path c = dir.resolve("cur.json");
        ResultIO.write(b, base);
        ResultIO.write(c, cur);
        return run(b, c, threshold, md, null);
    }

    static Run run(Path b, Path c, double threshold, boolean md, Path json) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CompareReport.run(b, c, threshold, md, json, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void regressionExitsOne(@TempDir Path dir) throws Exception {
        Run run = run(dir, file(pt("naive", "p1", 10, 1)), file(pt("naive", "p1", 13, 2)), 10, false);
        assertEquals(1, run.code(), run.out());
        assertTrue(run.out().contains("Regressions (1)"), run.out());
        assertTrue(run.out().contains("regression:1 "), run.out());
    }

    @Test
    void improvementAndHigherIsBetterUnits(@TempDir Path dir) throws Exception {
        ResultFile base = file(pt("naive", "p1", 10, 1), pt("blocked", "p1", "ops/s", 100, 0.01, 0.01, 3, 5, 2));
        ResultFile cur = file(pt("naive", "p1", 5, 3), pt("blocked", "p1", "ops/s", 150, 0.01, 0.01, 3, 5, 4));
        Run run = run(dir, base, cur, 10, false);
        assertEquals(0, run.code(), run.out());
        assertTrue(run.out().contains("Improvements (2)"), run.out());
        Run worse = run(dir, cur, base, 10, false); // fewer ops/s is worse
        assertEquals(1, worse.code());
        assertTrue(worse.out().contains("regression:2 "), worse.out());
        // s/op and ms/op compare after conversion: 1000 ms -> 1.5 s is 50% slower
        Run units = run(dir, file(pt("x", "p", "ms/op", 1000, 0.01, 0.01, 3, 5, 5)),
                file(pt("x", "p", "s/op", 1.5, 0.01, 0.01, 3, 5, 6)), 10, false);
        assertEquals(1, units.code(), units.out());
    }

    @Test
    void belowTheThresholdIsUnchangedAndAtASmallerThresholdARegression(@TempDir Path dir) throws Exception {
        ResultFile base = file(pt("naive", "p1", "ms/op", 10, 0.003, 0.003, 3, 5, 1));
        ResultFile cur = file(pt("naive", "p1", "ms/op", 10.5, 0.003, 0.003, 3, 5, 2));
        Run small = run(dir, base, cur, 10, false);
        assertEquals(0, small.code(), small.out());
        assertTrue(small.out().contains("unchanged:1"), small.out());
        Run strict = run(dir, base, cur, 2, false);
        assertEquals(1, strict.code(), strict.out());
    }

    @Test
    void unstablePointsWhoseIntervalReachesBelowTheThresholdAreInconclusive(@TempDir Path dir) throws Exception {
        // 20% slower, but the baseline's forks disagree by about 40%: cannot be judged
        BenchResult noisy = withSamples("naive", "p1", "ms/op", List.of(List.of(10.0, 10.2, 9.9),
                List.of(15.0, 14.8, 15.3), List.of(7.0, 7.1, 6.9)));
        assertTrue(noisy.unstable(), "the generator should have made an unstable point");
        Run run = run(dir, file(noisy), file(pt("naive", "p1", 12, 8)), 10, false);
        assertEquals(0, run.code(), run.out());
        assertTrue(run.out().contains("inconclusive:1") && run.out().contains("unstable"), run.out());
    }

    @Test
    void anUnstablePointIsJudgedWhenItsWholeIntervalIsBeyondTheThreshold(@TempDir Path dir) throws Exception {
        // the baseline's third fork ran 25% slow (a neighbour): unstable, but 2x slower is still a regression
        BenchResult base = withSamples("sort", "p1", "ms/op", List.of(List.of(104.0, 105.0, 104.5, 104.0, 105.5),
                List.of(130.0, 131.0, 129.0, 130.5, 130.0), List.of(104.2, 104.0, 104.4, 104.1, 104.3)));
        assertTrue(base.unstable());
        Run run = run(dir, file(base), file(pt("sort", "p1", "ms/op", 212, 0.03, 0.01, 3, 5, 3)), 10, false);
        assertEquals(1, run.code(), run.out());
        assertTrue(run.out().contains("regression:1 ") && run.out().contains("wholly beyond the threshold"), run.out());
        // and a 15% change of the same unstable point stays inconclusive
        Run small = run(dir, file(base), file(pt("sort", "p1", "ms/op", 120, 0.01, 0.01, 3, 5, 4)), 10, false);
        assertEquals(0, small.code(), small.out());
        assertTrue(small.out().contains("inconclusive:1"), small.out());
    }

    @Test
    void aChangeBeyondTheThresholdThatIsNotSignificantIsInconclusive(@TempDir Path dir) throws Exception {
        // Two forks each, one fork of the current run as fast as the baseline: +25% median, not significant.
        List<List<Double>> b = List.of(List.of(10.0, 10.0, 10.1), List.of(10.0, 10.1, 10.0));
        List<List<Double>> c = List.of(List.of(10.0, 10.05, 10.1), List.of(15.0, 15.1, 15.0));
        BenchResult cur = withSamples("naive", "p1", "ms/op", c);
        Compare.Outcome o = Compare.compare(file(withSamples("naive", "p1", "ms/op", b)), file(cur), 10);
        assertEquals(Compare.Verdict.INCONCLUSIVE, o.rows().get(0).verdict(), o.rows().toString());
        assertEquals(0, o.exitCode());
    }

    @Test
    void simulatedAaPairsGiveNoFalseAlarm() {
        // 200 points with 3% between-fork and 2% within-fork noise, measured twice: none may be flagged.
        List<BenchResult> a = new ArrayList<>();
        List<BenchResult> b = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            a.add(pt("impl", "p" + i, "ms/op", 1 + i, 0.03, 0.02, 3, 5, 1000 + i));
            b.add(pt("impl", "p" + i, "ms/op", 1 + i, 0.03, 0.02, 3, 5, 5000 + i));
        }
        Compare.Outcome o = Compare.compare(file(a.toArray(BenchResult[]::new)), file(b.toArray(BenchResult[]::new)), 10);
        assertEquals(0, o.of(Compare.Verdict.REGRESSION).size() + o.of(Compare.Verdict.IMPROVEMENT).size(),
                o.summaryLine());
        // and the same points 1.5x slower are all flagged
        List<BenchResult> slow = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            slow.add(pt("impl", "p" + i, "ms/op", 1.5 * (1 + i), 0.03, 0.02, 3, 5, 9000 + i));
        }
        Compare.Outcome s = Compare.compare(file(a.toArray(BenchResult[]::new)), file(slow.toArray(BenchResult[]::new)), 10);
        assertEquals(200, s.of(Compare.Verdict.REGRESSION).size(), s.summaryLine());
    }

    /**
     * Two sides of a lockstep run: sample j of fork f of both shares the machine's state, a factor
     * with sd {@code shared} per fork and per sample (a noisy host); each side adds its own 2%.
     */
    static BenchResult[] lockstepPair(String problem, double center, double slowdown, double shared, long seed) {
        Random rnd = new Random(seed);
        List<List<Double>> a = new ArrayList<>();
        List<List<Double>> b = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            double fork = Math.exp(shared * rnd.nextGaussian());
            List<Double> sa = new ArrayList<>();
            List<Double> sb = new ArrayList<>();
            for (int j = 0; j < 5; j++) {
                double host = fork * Math.exp(shared * rnd.nextGaussian());
                sa.add(center * host * Math.exp(0.02 * rnd.nextGaussian()));
                sb.add(center * slowdown * host * Math.exp(0.02 * rnd.nextGaussian()));
            }
            a.add(sa);
            b.add(sb);
        }
        return new BenchResult[] {withSamples("impl", problem, "ms/op", a), withSamples("impl", problem, "ms/op", b)};
    }

    static ResultFile lockstepFile(String run, List<BenchResult> rs) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("complete", true);
        settings.put("lockstep", true);
        settings.put("lockstepRun", run);
        return new ResultFile(1, ResultFile.KIND, null, settings, null, rs);
    }

    @Test
    void lockstepPairsCancelTheSharedNoise() {
        // 100 points on a host whose state moves times by 15% per fork and per sample, shared by the
        // two sides: paired, an A/A pair flags nothing and a 20% slowdown is flagged everywhere.
        List<BenchResult> a = new ArrayList<>();
        List<BenchResult> same = new ArrayList<>();
        List<BenchResult> a2 = new ArrayList<>();
        List<BenchResult> slow = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            BenchResult[] aa = lockstepPair("p" + i, 1 + i, 1.0, 0.15, 100 + i);
            a.add(aa[0]);
            same.add(aa[1]);
            BenchResult[] ab = lockstepPair("p" + i, 1 + i, 1.2, 0.15, 700 + i);
            a2.add(ab[0]);
            slow.add(ab[1]);
        }
        Compare.Outcome aa = Compare.compare(lockstepFile("r1", a), lockstepFile("r1", same), 10);
        assertEquals(0, aa.of(Compare.Verdict.REGRESSION).size() + aa.of(Compare.Verdict.IMPROVEMENT).size(),
                aa.summaryLine());
        assertTrue(aa.of(Compare.Verdict.UNCHANGED).size() >= 95, aa.summaryLine());
        assertTrue(aa.rows().get(0).note().startsWith("paired"), aa.rows().get(0).note());
        Compare.Outcome ab = Compare.compare(lockstepFile("r2", a2), lockstepFile("r2", slow), 10);
        assertEquals(100, ab.of(Compare.Verdict.REGRESSION).size(), ab.summaryLine());
        // The same samples without the shared run identity are not paired: the noise is then the
        // points' own, and most are too unstable to judge.
        Compare.Outcome unpaired = Compare.compare(lockstepFile("r2", a2), lockstepFile("other", slow), 10);
        assertTrue(unpaired.of(Compare.Verdict.REGRESSION).size() < 50, unpaired.summaryLine());
        assertFalse(unpaired.rows().get(0).note() != null && unpaired.rows().get(0).note().startsWith("paired"));
    }

    @Test
    void pairedRatioNeedsTheSameShape() {
        List<List<Double>> a = List.of(List.of(1.0, 1.1), List.of(1.2, 1.0));
        assertNull(Samples.pairedRatio(a, List.of(List.of(1.0, 1.1))));
        assertNull(Samples.pairedRatio(a, List.of(List.of(1.0, 1.1), List.of(1.2))));
        Samples.Ratio r = Samples.pairedRatio(a, List.of(List.of(2.0, 2.2), List.of(2.4, 2.0)));
        assertEquals(2.0, r.ratio(), 1e-12);
        assertEquals(2.0, r.low(), 1e-12);   // every pair doubled: no spread at all
        assertEquals(2.0, r.high(), 1e-12);
    }

    @Test
    void brokenMissingAndNew(@TempDir Path dir) throws Exception {
        Run run = run(dir, file(pt("naive", "p1", 10, 1), pt("naive", "gone", 1, 2), pt("im2col", "p1", 3, 3)),
                file(pt("naive", "p1", 10, 4), pt("blocked", "p1", 1, 5), status("im2col", "p1", "error", "boom")),
                10, true);
        assertEquals(1, run.code(), run.out());
        assertTrue(run.out().contains("### Missing (in the baseline only) (1)") && run.out().contains("| naive | gone |"),
                run.out());
        assertTrue(run.out().contains("### New (in the current file only) (1)") && run.out().contains("| blocked | p1 |"),
                run.out());
        assertTrue(run.out().contains("broken:1"), run.out());
    }

    @Test
    void skippedPointsAreInconclusive(@TempDir Path dir) throws Exception {
        Run run = run(dir, file(pt("naive", "p1", 10, 1), pt("naive", "p2", 10, 2)),
                file(pt("naive", "p1", 10, 3), status("naive", "p2", "skipped", "over time budget")), 10, false);
        assertEquals(0, run.code(), run.out());
        assertTrue(run.out().contains("inconclusive:1") && run.out().contains("over time budget"), run.out());
    }

    @Test
    void incompleteEmptyOrUnrelatedCurrentFilesFail(@TempDir Path dir) throws Exception {
        Run incomplete = run(dir, file(pt("naive", "p1", 10, 1)), file(false, pt("naive", "p1", 10, 2)), 10, false);
        assertEquals(1, incomplete.code());
        assertTrue(incomplete.out().contains("incomplete"), incomplete.out());
        Run empty = run(dir, file(pt("naive", "p1", 10, 1)), file(), 10, false);
        assertEquals(1, empty.code());
        assertTrue(empty.out().contains("no measured point"), empty.out());
        Run unrelated = run(dir, file(pt("naive", "p1", 10, 1)), file(pt("blocked", "p9", 10, 2)), 10, false);
        assertEquals(1, unrelated.code());
        assertTrue(unrelated.out().contains("shares no measured point"), unrelated.out());
        // an incomplete baseline is only a warning
        Run oldBase = run(dir, file(false, pt("naive", "p1", 10, 1)), file(pt("naive", "p1", 10, 2)), 10, false);
        assertEquals(0, oldBase.code(), oldBase.out());
        assertTrue(oldBase.out().contains("warning: the baseline file is incomplete"), oldBase.out());
    }

    @Test
    void untrustworthyFilesAreBadInput(@TempDir Path dir) throws Exception {
        BenchResult ok = pt("naive", "p1", 10, 1);
        Run dup = run(dir, file(ok, pt("naive", "p1", 11, 2)), file(ok), 10, false);
        assertEquals(2, dup.code());
        assertTrue(dup.err().contains("base.json: result 2") && dup.err().contains("same implementation"), dup.err());
        for (double bad : new double[] {-1, 0}) {
            BenchResult neg = new BenchResult("naive", "p1", "p1", "t", "forward", "cpu", "ok", null, "avgt", "ms/op",
                    bad, 0.1, null, null, null, null, null, null, null, null, null, null, null);
            Run r = run(dir, file(ok), file(neg), 10, false);
            assertEquals(2, r.code(), r.out());
            assertTrue(r.err().contains("cur.json: result 1") && r.err().contains("\"score\""), r.err());
        }
        BenchResult inverted = new BenchResult("naive", "p1", "p1", "t", "forward", "cpu", "ok", null, "avgt", "ms/op",
                10.0, 0.1, List.of(11.0, 9.0), null, null, null, null, null, null, null, null, null, null);
        Run inv = run(dir, file(ok), file(inverted), 10, false);
        assertEquals(2, inv.code());
        assertTrue(inv.err().contains("\"ci\""), inv.err());
        // a non-finite score written as JSON text by hand
        Path c = dir.resolve("inf.json");
        Files.writeString(c, Files.readString(dir.resolve("cur.json")).replaceFirst("\"score\" : 10.0", "\"score\" : 1e999"));
        assertEquals(2, run(dir.resolve("base.json"), c, 10, false, null).code());
    }

    @Test
    void unreadableFilesExitTwoAndSayWhy(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        ResultIO.write(good, file(pt("naive", "p1", 10, 1)));
        String text = Files.readString(good);
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, text.substring(0, text.length() / 2));
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, text.replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
        Path notResults = dir.resolve("fixtures.json");
        Files.writeString(notResults, "{\"formatVersion\":1,\"fixtures\":[]}");
        Run t = run(good, truncated, 10, false, null);
        assertEquals(2, t.code());
        assertTrue(t.err().contains("truncated"), t.err());
        Run n = run(newer, good, 10, false, null);
        assertEquals(2, n.code());
        assertTrue(n.err().contains("newer"), n.err());
        Run x = run(good, notResults, 10, false, null);
        assertEquals(2, x.code());
        assertTrue(x.err().contains("not a convbench result file"), x.err());
        assertEquals(2, run(good, dir.resolve("absent.json"), 10, false, null).code());
        assertEquals(2, run(good, good, -1, false, null).code());
        assertEquals(0, run(good, good, 10, false, null).code());
    }

    @Test
    void textFromFilesIsMadeHarmless(@TempDir Path dir) throws Exception {
        BenchResult evil = pt("<script>alert(1)</script>", "p\u001b[31m|x\r\u0000", 10, 1);
        Run md = run(dir, file(evil), file(pt("<script>alert(1)</script>", "p\u001b[31m|x\r\u0000", 10, 2)), 10, true);
        assertFalse(md.out().contains("<script>"), md.out());
        assertTrue(md.out().contains("&lt;script&gt;"), md.out());
        assertFalse(md.out().contains("\u001b") || md.out().contains("\u0000") || md.out().contains("\r"));
        Run plain = run(dir.resolve("base.json"), dir.resolve("cur.json"), 10, false, null);
        assertFalse(plain.out().contains("\u001b") || plain.out().contains("\u0000") || plain.out().contains("\r"),
                plain.out());
    }

    @Test
    void jsonVerdicts(@TempDir Path dir) throws Exception {
        Path b = dir.resolve("b.json");
        Path c = dir.resolve("c.json");
        ResultIO.write(b, file(pt("naive", "p1", 10, 1), pt("naive", "p2", 10, 2)));
        ResultIO.write(c, file(pt("naive", "p1", 20, 3), pt("naive", "p2", 10, 4)));
        Path json = dir.resolve("verdicts.json");
        Run r = run(b, c, 10, false, json);
        assertEquals(1, r.code());
        JsonNode root = ResultIO.mapper().readTree(json.toFile());
        assertEquals(2, root.path("rows").size());
        JsonNode first = root.path("rows").get(0);
        assertEquals("regression", first.path("verdict").asText());
        assertEquals("naive", first.path("impl").asText());
        assertTrue(first.path("changePct").asDouble() > 90 && first.path("ratioLow").asDouble() > 1, first.toString());
        assertTrue(first.has("pValue") && first.has("device") && first.has("direction") && first.has("problem"));
        assertEquals("unchanged", root.path("rows").get(1).path("verdict").asText());
        // an output that is an input is refused and the input is left alone
        String before = Files.readString(c);
        Run same = run(b, c, 10, false, c);
        assertEquals(2, same.code());
        assertTrue(same.err().contains("--json"), same.err());
        assertEquals(before, Files.readString(c));
    }

    /** A JMH result file as JMH writes it (-rf json): benchmark, params, primaryMetric with rawData per fork. */
    static String jmhFile(double slowFactor) {
        return "[\n" + jmhRun("org.example.MyBench.sum", 1.0, "100") + ",\n"
                + jmhRun("org.example.MyBench.sort", 2.0 * slowFactor, "100") + "\n]\n";
    }

    static String jmhRun(String benchmark, double center, String size) {
        StringBuilder raw = new StringBuilder("[");
        Random rnd = new Random(benchmark.hashCode() + (long) (center * 1000));
        for (int f = 0; f < 3; f++) {
            raw.append(f == 0 ? "[" : ",[");
            for (int i = 0; i < 5; i++) {
                raw.append(i == 0 ? "" : ",").append(center * (1 + 0.01 * rnd.nextGaussian()));
            }
            raw.append(']');
        }
        raw.append(']');
        return "{\"jmhVersion\":\"1.37\",\"benchmark\":\"" + benchmark + "\",\"mode\":\"avgt\",\"threads\":1,\"forks\":3,"
                + "\"params\":{\"size\":\"" + size + "\"},\"primaryMetric\":{\"score\":" + center + ",\"scoreError\":0.01,"
                + "\"scoreConfidence\":[" + (center - 0.01) + "," + (center + 0.01) + "],\"scoreUnit\":\"us/op\","
                + "\"rawData\":" + raw + "},\"secondaryMetrics\":{}}";
    }

    @Test
    void jmhFilesOfAnyProjectAreRead(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path a2 = dir.resolve("a2.json");
        Path slow = dir.resolve("slow.json");
        Files.writeString(a, jmhFile(1));
        Files.writeString(a2, jmhFile(1).replace("\"size\":\"100\"", "\"size\":\"100\"")); // same runs
        Files.writeString(slow, jmhFile(2));
        Run same = run(a, a2, 10, false, null);
        assertEquals(0, same.code(), same.out() + same.err());
        assertTrue(same.out().contains("unchanged:2"), same.out());
        Run s = run(a, slow, 10, false, null);
        assertEquals(1, s.code(), s.out() + s.err());
        assertTrue(s.out().contains("regression:1 ") && s.out().contains("org.example.MyBench.sort"), s.out());
        Path notJmh = dir.resolve("array.json");
        Files.writeString(notJmh, "[1, 2]");
        Run bad = run(a, notJmh, 10, false, null);
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("not a JMH result file"), bad.err());
    }

    @Test
    void recordedOldFormatFileAgainstItselfHasNoChange() throws Exception {
        Path p = Path.of(getClass().getResource("/convbench/report/bench-results.json").toURI());
        ResultFile f = ResultIO.readResults(p);
        Compare.Outcome o = Compare.compare(f, f, 10);
        assertEquals(0, o.exitCode(), o.summaryLine());
        assertTrue(o.of(Compare.Verdict.REGRESSION).isEmpty() && o.of(Compare.Verdict.IMPROVEMENT).isEmpty()
                && o.of(Compare.Verdict.MISSING).isEmpty());
        assertEquals(f.results().stream().filter(BenchResult::ok).count(),
                o.of(Compare.Verdict.UNCHANGED).size() + o.of(Compare.Verdict.INCONCLUSIVE).stream()
                        .filter(r -> r.baseline().ok()).count());
    }

    @Test
    void aWholeRunThatMovedIsSaidSoAndASingleRegressionIsNot() {
        // 12 points, every one 10% slower in the current file: the machine (or shared code) moved
        BenchResult[] base = new BenchResult[12];
        BenchResult[] slow = new BenchResult[12];
        BenchResult[] one = new BenchResult[12];
        for (int i = 0; i < 12; i++) {
            base[i] = pt("blocked", "p" + i, 1.0 + i, 100 + i);
            slow[i] = pt("blocked", "p" + i, (1.0 + i) * 1.10, 200 + i);
            one[i] = pt("blocked", "p" + i, (1.0 + i) * (i == 3 ? 1.5 : 1.0), 300 + i);
        }
        Compare.Outcome moved = Compare.compare(file(base), file(slow), 10);
        String w = String.join("\n", moved.warnings());
        assertTrue(w.matches("(?s).*the whole run moved: over 12 matched points the current file is (9\\.[5-9]|10\\.[0-5])%.*")
                && w.contains("slower on the geometric mean (12 of them slower)") && w.contains("convbench ab"), w);
        Compare.Outcome single = Compare.compare(file(base), file(one), 10);
        assertTrue(single.warnings().isEmpty(), single.warnings().toString());
        assertEquals(1, single.of(Compare.Verdict.REGRESSION).size());
        // fewer than 10 matched points: no judgement of the run
        assertNull(Compare.runShift(Compare.compare(file(base[0], base[1]), file(slow[0], slow[1]), 10).rows()));
    }
}
