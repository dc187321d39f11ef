package convbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.results.BenchResult;
import convbench.results.PhaseSplit;
import convbench.results.ResultFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The learners' measured split of the CPU implementations: shares worked out by hand. */
class PhaseSplitTableTest {

    private static BenchResult withPhases(String impl, String problem, double ms, PhaseSplit split) {
        BenchResult r = ReportModelTest.conv(impl, problem, "forward", ms, null, ReportModelTest.stats(ms, ms * 0.99,
                ms * 1.01, false));
        return new BenchResult(r.impl(), r.problem(), r.problemName(), r.suite(), r.direction(), r.device(), r.status(),
                r.message(), r.mode(), r.unit(), r.score(), r.scoreError(), r.ci(), r.samples(), r.msPerOp(), r.flops(),
                r.gflops(), r.gflopsNoPadding(), r.bytes(), r.gbPerSec(), r.openclDeviceMs(), r.openclEndToEndMs(),
                r.openclBuildMs(), r.variant(), r.estimatedMsPerOp(), r.stats(), split);
    }

    private static Map<String, Double> phases(Object... nameMs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameMs.length; i += 2) {
            m.put((String) nameMs[i], (Double) nameMs[i + 1]);
        }
        return m;
    }

    @Test
    void sharesAreOfTheCoresTimeAndTheRestIsWhatNoPhaseUsed() {
        // 2 threads x 10 ms = 20 ms of cores: im2col 4 ms (one thread) = 20%, GEMM 12 ms (both) = 60%, rest 20%
        PhaseSplit a = new PhaseSplit(10.0, 2, 30, phases("im2col", 4.0, "GEMM", 12.0));
        assertEquals(0.2, a.share("im2col"), 1e-12);
        assertEquals(0.6, a.share("GEMM"), 1e-12);
        assertEquals(0.0, a.share("col2im"));
        assertEquals(0.2, a.restShare(), 1e-12);
        // a second point: 1 ms calls, im2col 0.1, GEMM 1.5, col2im 0.2 -> 5%, 75%, 10%, rest 10%
        PhaseSplit b = new PhaseSplit(1.0, 2, 300, phases("im2col", 0.1, "GEMM", 1.5, "col2im", 0.2));
        ResultFile rf = new ResultFile(1, ResultFile.KIND, null, null, null, List.of(
                withPhases("im2col", "mb1ic64ih56oc64oh56kh3ph1", 10.5, a),
                withPhases("im2col", "mb1ic256ih56oc64oh56kh1", 1.1, b),
                ReportModelTest.conv("naive", "mb1ic64ih56oc64oh56kh3ph1", "forward", 100.0, null, null)));
        Report rep = new Report(List.of(rf), List.of("r.json"), null, null);
        Doc d = new Doc();
        assertTrue(PhaseSplitTable.render(rep, d, "im2col"));
        assertFalse(PhaseSplitTable.render(rep, new Doc(), "naive"), "no split for an implementation without phases");
        String html = d.toHtml();
        for (String cell : List.of("<th>im2col</th>", "<th>GEMM</th>", "<th>col2im</th>", "<th>rest: waiting, allocation</th>",
                ">20.0%<", ">60.0%<", ">5.0%<", ">75.0%<", ">10.0%<", ">10.5<", ">1.1<", "2 cores&#39; time")) {
            assertTrue(html.contains(cell), cell + " in " + html);
        }
        // the first point has no col2im: a dash, not 0%
        assertTrue(html.contains("<td class=\"n\">-</td>"), html);
        // medians over the points that have the phase: im2col (20+5)/2, GEMM (60+75)/2, col2im 10 (one point), rest (20+10)/2
        assertTrue(html.contains("Median shares over the 2 points: im2col 12.5%, GEMM 67.5%, col2im 10.0% (1 point), "
                + "rest 15.0%."), html);
        // stacked bar: 20% of 20 cells = 4 in the first colour, 12 in the second, 4 grey
        assertTrue(html.contains("<span class=\"bar-p0\">████</span><span class=\"bar-p1\">" + "█".repeat(12)
                + "</span><span class=\"bar-rest\">░░░░</span>"), html);
    }

    @Test
    void theAnswersSayWhereTheTimeGoesOnTheLargestForwardLayer() {
        PhaseSplit small = new PhaseSplit(1.0, 2, 30, phases("packing", 1.0, "micro-kernel", 0.5));
        PhaseSplit bigBlocked = new PhaseSplit(2.0, 2, 30, phases("packing", 1.6, "micro-kernel", 2.0));
        PhaseSplit bigIm2col = new PhaseSplit(16.0, 2, 6, phases("im2col", 4.8, "GEMM", 9.6));
        BenchResult smallPoint = withPhases("blocked", "mb1ic8ih8oc8oh8kh3ph1", 1.0, small);
        ResultFile rf = new ResultFile(1, ResultFile.KIND, null, null, null, List.of(smallPoint,
                withPhases("blocked", "mb1ic64ih56oc64oh56kh3ph1", 2.0, bigBlocked),
                withPhases("im2col", "mb1ic64ih56oc64oh56kh3ph1", 16.0, bigIm2col)));
        // conv() gives every point 2e9 FLOPs: the first of the largest wins, so give the small one fewer
        rf = new ResultFile(1, ResultFile.KIND, null, null, null, List.of(
                new BenchResult(smallPoint.impl(), smallPoint.problem(), null, "t", "forward", "cpu", "ok", null, "avgt",
                        "ms/op", 1.0, null, null, null, 1.0, 1.0e6, null, null, 1.0e5, null, null, null, null, null, null,
                        smallPoint.stats(), small), rf.results().get(1), rf.results().get(2)));
        String line = AnswersSection.splitLine(rf).html();
        assertEquals("Where the time goes (measured, forward mb1ic64ih56oc64oh56kh3ph1, shares of the 2 cores&#39; time): "
                + "blocked: packing 40.0%, micro-kernel 50.0%, rest 10.0%; im2col: im2col 15.0%, GEMM 30.0%, rest 55.0% "
                + "(per point: For learners).", line);
        assertNull(AnswersSection.splitLine(new ResultFile(1, ResultFile.KIND, null, null, null, List.of(
                ReportModelTest.conv("naive", "mb1ic8ih8oc8oh8kh3ph1", "forward", 1.0, null, null)))));
    }

    @Test
    void forksAreMergedByTakingTheMedianForkWholeAndUnusableSplitsIgnored() {
        PhaseSplit f1 = new PhaseSplit(10.0, 2, 6, phases("packing", 2.0, "micro-kernel", 14.0));
        PhaseSplit f2 = new PhaseSplit(12.0, 2, 5, phases("packing", 3.0, "micro-kernel", 16.0, "sums", 1.0));
        PhaseSplit f3 = new PhaseSplit(11.0, 2, 6, phases("packing", 4.0, "micro-kernel", 15.0));
        PhaseSplit unusable = new PhaseSplit(null, 2, 3, phases("x", 1.0));
        assertEquals(f3, PhaseSplit.median(List.of(f1, f2, f3, unusable)), "the fork with the median call time, whole");
        assertEquals(f1, PhaseSplit.median(List.of(f2, f1)), "an even count: the lower one");
        assertNull(PhaseSplit.median(List.of()));
        assertNull(PhaseSplit.median(java.util.Arrays.asList(null, unusable)));
        assertFalse(new PhaseSplit(1.0, 0, 1, phases("a", 1.0)).usable());
        assertEquals(0.0, new PhaseSplit(1.0, 1, 1, phases("a", 1.5)).restShare(), "never below zero");
    }
}
