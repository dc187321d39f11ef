package convbench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.results.BenchResult;
import convbench.results.ResultFile;
import convbench.results.ResultIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare on pairs of files built to regress, improve, stay within noise, not match, or be unreadable. */
class CompareTest {
    static BenchResult r(String impl, String problem, String unit, double score, double lo, double hi) {
        return new BenchResult(impl, problem, problem, "t", "forward", "cpu", "ok", null, "avgt", unit, score,
                (hi - lo) / 2, List.of(lo, hi), null, unit.equals("ms/op") ? score : null, null, null, null, null, null,
                null, null, null);
    }

    static BenchResult noCi(String impl, String problem, double score, double err) {
        return new BenchResult(impl, problem, problem, "t", "forward", "cpu", "ok", null, "avgt", "ms/op", score,
                err, null, null, score, null, null, null, null, null, null, null, null);
    }

    static ResultFile file(BenchResult... rs) {
        return new ResultFile(1, ResultFile.KIND, null, null, null, List.of(rs));
    }

    record Run(int code, String out, String err) {
    }

    static Run run(Path dir, ResultFile base, ResultFile cur, double threshold, boolean md) throws Exception {
        Path b = dir.resolve("base.json"), c = dir.resolve("cur.json");
        ResultIO.write(b, base);
        ResultIO.write(c, cur);
        return run(b, c, threshold, md);
    }

    static Run run(Path b, Path c, double threshold, boolean md) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Compare.run(b, c, threshold, md, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void regressionExitsOne(@TempDir Path dir) throws Exception {
        Run run = run(dir, file(r("naive", "p1", "ms/op", 10, 9.8, 10.2)), file(r("naive", "p1", "ms/op", 13, 12.8, 13.2)),
                10, false);
        assertEquals(1, run.code(), run.out());
        assertTrue(run.out().contains("Regressions (1)") && run.out().contains("+30.0%"), run.out());
        assertTrue(run.out().contains("regressions:1"), run.out());
    }

    @Test
    void improvementAndHigherIsBetterUnits(@TempDir Path dir) throws Exception {
        ResultFile base = file(r("naive", "p1", "ms/op", 10, 9.8, 10.2), r("blocked", "p1", "ops/s", 100, 99, 101));
        ResultFile cur = file(r("naive", "p1", "ms/op", 5, 4.9, 5.1), r("blocked", "p1", "ops/s", 150, 149, 151));
        Run run = run(dir, base, cur, 10, false);
        assertEquals(0, run.code(), run.out());
        assertTrue(run.out().contains("Improvements (2)"), run.out());
        // fewer ops/s is worse
        Run worse = run(dir, cur, base, 10, false);
        assertEquals(1, worse.code());
        assertTrue(worse.out().contains("regressions:2"), worse.out());
        // s/op and ms/op compare after conversion
        Run units = run(dir, file(r("x", "p", "ms/op", 1000, 990, 1010)), file(r("x", "p", "s/op", 1.5, 1.49, 1.51)), 10, false);
        assertEquals(1, units.code(), units.out());
    }

    @Test
    void withinNoiseOrThresholdIsNotARegression(@TempDir Path dir) throws Exception {
        // +30% but the intervals overlap: noise
        Run noisy = run(dir, file(r("naive", "p1", "ms/op", 10, 5, 15)), file(r("naive", "p1", "ms/op", 13, 9, 17)), 10, false);
        assertEquals(0, noisy.code(), noisy.out());
        assertTrue(noisy.out().contains("overlap"), noisy.out());
        // +5%, tight intervals: within the threshold
        Run small = run(dir, file(r("naive", "p1", "ms/op", 10, 9.99, 10.01)), file(r("naive", "p1", "ms/op", 10.5, 10.49, 10.51)),
                10, false);
        assertEquals(0, small.code(), small.out());
        assertTrue(small.out().contains("unchanged:1"), small.out());
        // the same +5% is a regression at a 2% threshold
        assertEquals(1, run(dir, file(r("naive", "p1", "ms/op", 10, 9.99, 10.01)),
                file(r("naive", "p1", "ms/op", 10.5, 10.49, 10.51)), 2, false).code());
        // no ci: score +- scoreError decides
        assertEquals(0, run(dir, file(noCi("a", "p", 10, 4)), file(noCi("a", "p", 14, 1)), 10, false).code());
        assertEquals(1, run(dir, file(noCi("a", "p", 10, 1)), file(noCi("a", "p", 14, 1)), 10, false).code());
    }

    @Test
    void missingAndNewAreListed(@TempDir Path dir) throws Exception {
        Run run = run(dir, file(r("naive", "p1", "ms/op", 10, 9.9, 10.1), r("naive", "gone", "ms/op", 1, 0.9, 1.1)),
                file(r("naive", "p1", "ms/op", 10, 9.9, 10.1), r("blocked", "p1", "ms/op", 1, 0.9, 1.1)), 10, true);
        assertEquals(0, run.code(), run.out());
        assertTrue(run.out().contains("### Missing (in baseline only) (1)") && run.out().contains("| naive | gone |"), run.out());
        assertTrue(run.out().contains("### New (in current only) (1)") && run.out().contains("| blocked | p1 |"), run.out());
        assertTrue(run.out().contains("**regressions:0"), run.out());
    }

    @Test
    void skippedPointsAreNotComparable(@TempDir Path dir) throws Exception {
        BenchResult skipped = new BenchResult("naive", "p1", "p1", "t", "forward", "cpu", "skipped", "over time budget", null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        Run run = run(dir, file(r("naive", "p1", "ms/op", 10, 9.9, 10.1)), file(skipped), 10, false);
        assertEquals(0, run.code());
        assertTrue(run.out().contains("Not comparable (1)") && run.out().contains("over time budget"), run.out());
    }

    @Test
    void badFilesExitTwoAndSayWhy(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        ResultIO.write(good, file(r("naive", "p1", "ms/op", 10, 9.9, 10.1)));
        String text = Files.readString(good);
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, text.substring(0, text.length() / 2));
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, text.replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
        Path notResults = dir.resolve("fixtures.json");
        Files.writeString(notResults, "{\"formatVersion\":1,\"fixtures\":[]}");
        Path absent = dir.resolve("absent.json");
        Run t = run(good, truncated, 10, false);
        assertEquals(2, t.code());
        assertTrue(t.err().contains("truncated"), t.err());
        Run n = run(newer, good, 10, false);
        assertEquals(2, n.code());
        assertTrue(n.err().contains("newer"), n.err());
        Run x = run(good, notResults, 10, false);
        assertEquals(2, x.code());
        assertTrue(x.err().contains("not a convbench result file"), x.err());
        assertEquals(2, run(good, absent, 10, false).code());
        assertEquals(2, run(good, good, -1, false).code());
        assertEquals(0, run(good, good, 10, false).code());
    }

    @Test
    void recordedFileAgainstItselfIsUnchanged() throws Exception {
        Path p = Path.of(getClass().getResource("/convbench/report/bench-results.json").toURI());
        ResultFile f = ResultIO.readResults(p);
        Compare.Outcome o = Compare.compare(f, f, 10);
        assertEquals(0, o.exitCode());
        assertTrue(o.of(Compare.Kind.REGRESSION).isEmpty() && o.of(Compare.Kind.MISSING).isEmpty());
        assertEquals(f.results().stream().filter(BenchResult::ok).count(), o.of(Compare.Kind.UNCHANGED).size());
    }
}
