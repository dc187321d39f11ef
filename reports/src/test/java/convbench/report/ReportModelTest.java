package convbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.report.Families.Family;
import convbench.results.BenchResult;
import convbench.results.PointStats;
import convbench.results.ResultFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pieces under the report: points and their intervals, layer families, the answers' figures, the two renderers. */
class ReportModelTest {
    static BenchResult conv(String impl, String problem, String direction, double ms, List<Double> ci, PointStats stats) {
        return new BenchResult(impl, problem, null, "t", direction, "cpu", "ok", null, "avgt", "ms/op", ms,
                ci == null ? null : (ci.get(1) - ci.get(0)) / 2, ci, null, ms, 2.0e9, null, null, 1.0e7, null,
                null, null, null, null, null, stats);
    }

    static PointStats stats(double median, double low, double high, boolean unstable) {
        return new PointStats("bootstrap", median, low, high, (high - low) / 2 / median, 0.01, 0.0, median, 2, 5, 1,
                List.of(median, median), null, unstable, unstable ? "too wide" : null);
    }

    @Test
    void aPointWithStatisticsUsesTheMedianAndItsInterval() {
        // score (the JMH mean) deliberately differs from the median: everything must follow the median
        BenchResult r = conv("blocked", "mb1ic64ih56oc64oh56kh3ph1", "forward", 12.0, List.of(9.0, 11.0),
                stats(10.0, 9.9, 10.1, false));
        Point p = Point.of(r);
        assertEquals(10.0, p.ms());
        assertEquals(2.0e9 / (10.0 * 1e6), p.throughput(), 1e-9);
        assertEquals(2.0e9 / (10.1 * 1e6), p.throughputLow(), 1e-9);
        assertEquals(2.0e9 / (9.9 * 1e6), p.throughputHigh(), 1e-9);
        assertEquals("±1%", p.intervalText());
        assertFalse(p.unstable());
        assertEquals("95% bootstrap interval of the 10th percentile", p.intervalKind());
    }

    @Test
    void wideIntervalsArePrintedAsLowAndHighNeverAsAPlusMinus() {
        Point wide = Point.of(conv("naive", "mb1ic1ih4oc1oh4kh1", "forward", 1.0, null, stats(1.0, 0.8, 1.3, true)));
        assertEquals("[0.8, 1.3] ms", wide.intervalText());
        assertTrue(wide.unstable());
        assertEquals("unstable", wide.unstableLabel());
        // an old file: JMH's interval of three samples reaching below zero
        Point old = Point.of(conv("naive", "mb1ic1ih4oc1oh4kh1", "forward", 0.0274, List.of(-0.0095, 0.0643), null));
        assertEquals("[0, 0.0643] ms", old.intervalText());
        assertTrue(old.unstable(), "wider than ±25%");
        assertEquals("unstable (old file)", old.unstableLabel());
        assertEquals(Double.POSITIVE_INFINITY, old.throughputHigh());
        // an old point with a narrow interval is not unstable
        Point narrow = Point.of(conv("naive", "mb1ic1ih4oc1oh4kh1", "forward", 1.0, List.of(0.95, 1.05), null));
        assertFalse(narrow.unstable());
        assertEquals("±5%", narrow.intervalText());
    }

    @Test
    void notOkOrTimelessResultsAreNoPoint() {
        assertNull(Point.of(null));
        assertNull(Point.of(new BenchResult("x", "p", null, null, "forward", "cpu", "skipped", "budget", null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null)));
        assertNull(Point.of(conv("x", "p", "forward", 0.0, null, null)));
    }

    @Test
    void familiesFollowTheDescriptor() {
        assertEquals(Family.LARGE_3X3, family("mb1ic64ih56oc64oh56kh3ph1", "forward"));
        assertEquals(Family.ONE_BY_ONE, family("mb1ic256ih56oc64oh56kh1", "forward"));
        assertEquals(Family.SMALL_CHANNEL, family("mb64ic3ih224oc64oh224kh3ph1", "forward"), "3x3 on RGB input");
        assertEquals(Family.SMALL_CHANNEL, family("mb64ic1ih28oc8oh24kh5", "forward"));
        assertEquals(Family.DEPTHWISE, family("mb1g32ic32ih56oc32oh56kh3ph1", "forward"), "g = ic");
        assertEquals(Family.DEPTHWISE, family("g64mb1_ic64ih56oc64oh56kh3ph1", "forward"), "fields in any order, with _");
        assertEquals(Family.OTHER, family("mb1g2ic64ih56oc64oh56kh3ph1", "forward"), "grouped, not depthwise");
        assertEquals(Family.OTHER, family("mb2ic96ih27oc256oh27kh5ph2", "forward"));
        assertEquals(Family.OTHER, family("mb1ic64ih56oc64oh56kh1kw3pw1", "forward"), "1x3 is not 1x1");
        assertEquals(Family.POOLING, family("pool:max mb64ic3ih28oh14kh2sh2", "pool-forward"));
        assertEquals(32, Families.fields("mb1g32ic32ih56oc32oh56kh3ph1").get("g"));
        assertEquals(1, Families.fields("mb1ic3ih8oc4oh8kh3").get("g"), "benchdnn's default");
    }

    static Family family(String problem, String direction) {
        return Families.of(conv("x", problem, direction, 1.0, null, null));
    }

    @Test
    void theFastestPerFamilyWithFactorsFromMedians() {
        List<BenchResult> rs = new ArrayList<>();
        String a = "mb1ic64ih56oc64oh56kh3ph1", b = "mb1ic128ih28oc128oh28kh3ph1";
        // medians: blocked 1 and 2 ms, im2col 4 and 4 ms, naive 100 and 100 ms, the peer 2 and 8 ms
        rs.add(conv("naive", a, "forward", 100, null, stats(100, 99, 101, false)));
        rs.add(conv("im2col", a, "forward", 4, null, stats(4, 3.9, 4.1, false)));
        rs.add(conv("blocked", a, "forward", 1, null, stats(1, 0.99, 1.01, false)));
        rs.add(conv("nd4j-onednn", a, "forward", 0.5, null, stats(2, 1.9, 2.1, false)));
        rs.add(conv("naive", b, "forward", 100, null, stats(100, 99, 101, false)));
        rs.add(conv("im2col", b, "forward", 4, null, stats(4, 3.9, 4.1, false)));
        rs.add(conv("blocked", b, "forward", 2, null, stats(2, 1.98, 2.02, true)));
        rs.add(conv("nd4j-onednn", b, "forward", 8, null, stats(8, 7.9, 8.1, false)));
        ResultFile rf = new ResultFile(1, ResultFile.KIND, null, null,
                List.of(new ResultFile.Measurement("compute", "GFLOP/s", 4000.0, "test")), rs);
        List<Findings.FamilyWinner> ws = Findings.winners(rf, "forward");
        assertEquals(1, ws.size());
        Findings.FamilyWinner w = ws.get(0);
        assertEquals(Family.LARGE_3X3, w.family());
        assertEquals("blocked", w.winner(), "the peer is compared with, never ranked");
        assertEquals(2, w.wins());
        assertEquals("im2col", w.runnerUp());
        assertEquals(Math.sqrt(4.0 * 2.0), w.overRunnerUp(), 1e-9, "geometric mean of 4/1 and 4/2");
        assertEquals(Math.sqrt(100.0 * 50.0), w.overNaive(), 1e-9);
        assertEquals(Math.sqrt(2.0 * 4.0), w.overPeer(), 1e-9, "from the peer's median, not its score");
        assertEquals(2000.0, w.best().throughput(), 1e-9, "2e9 FLOPs in 1 ms");
        assertEquals(4000.0, w.roof(), 1e-9, "no bandwidth ceiling: the compute roof");
        Findings.Stability s = Findings.stability(rf);
        assertEquals(8, s.points());
        assertEquals(1, s.unstable());
        assertEquals(8, s.withStats());
    }

    @Test
    void openClIsJudgedAgainstTheFastestCpuMedian() {
        String p = "mb1ic64ih56oc64oh56kh3ph1";
        BenchResult cpu = conv("blocked", p, "forward", 1.0, null, stats(1.0, 0.99, 1.01, false));
        BenchResult eaten = new BenchResult("opencl-direct", p, "conv", "t", "forward", "gpu", "ok", null, "avgt", "ms/op",
                3.0, 0.1, List.of(2.9, 3.1), null, 3.0, 2.0e9, null, null, 1.0e7, null, 0.5, 3.2, 0.0, null, null,
                stats(3.0, 2.9, 3.1, false));
        Findings.OpenClVerdict v = Findings.openCl(new ResultFile(1, ResultFile.KIND, null, null, null, List.of(cpu, eaten)));
        assertEquals(1, v.problems());
        assertEquals(List.of(), v.paysOff());
        assertEquals(1, v.transfersEat().size(), "kernels 0.5 ms < CPU 1 ms < whole call 3 ms");
        assertEquals(1 - 0.5 / 3.2, v.medianOutsideKernels(), 1e-9);
        assertEquals("0 (cached)", OpenClSection.build(0.0));
        assertEquals("412", OpenClSection.build(412.0));
    }

    @Test
    void oneModelTwoRenderings() {
        Doc d = new Doc();
        d.heading(2, "answers", "What | found", true);
        d.para(Doc.Text.of("a <b> & ").bold("bold").plain(" ").code("x|y").plain(" ").mark("unstable", "unstable"), true);
        d.table("t", List.of(Doc.Cell.of("k"), Doc.Cell.num("v")), List.of(List.of(Doc.Cell.of("a|b"),
                Doc.Cell.of(Doc.Text.of("1").br().plain("2")))), true);
        d.note("only in HTML");
        d.summaryOnly(new Doc.Paragraph(Doc.Text.of("only in Markdown"), false, true));
        String html = d.toHtml();
        String md = d.toMarkdown();
        assertTrue(html.startsWith("<section id=\"answers\">\n<h2>What | found</h2>"), html);
        assertTrue(html.contains("<p>a &lt;b&gt; &amp; <b>bold</b> <code>x|y</code> <span class=\"unstable\">unstable</span></p>"), html);
        assertTrue(html.contains("<td>1<br/>2</td>") && html.contains("only in HTML") && !html.contains("only in Markdown"), html);
        assertTrue(html.endsWith("</section>\n"), html);
        assertTrue(md.startsWith("## What \\| found\n\na &lt;b&gt; & **bold** `x\\|y` **unstable**\n\n"), md);
        assertTrue(md.contains("| k | v |\n|---|---:|\n| a\\|b | 1<br>2 |"), md);
        assertTrue(md.contains("only in Markdown") && !md.contains("only in HTML"), md);
    }

    @Test
    void pointsAboveTheMeasuredComputeCeilingAreListedFastestFirst() {
        String a = "mb1ic64ih56oc64oh56kh3ph1";
        List<BenchResult> rs = List.of(
                conv("blocked", a, "forward", 1, null, stats(1, 0.99, 1.01, false)),      // 2000 GFLOP/s
                conv("onednn", a, "forward", 0.5, null, stats(0.5, 0.49, 0.51, false)),   // 4000 GFLOP/s
                conv("naive", a, "forward", 100, null, stats(100, 99, 101, false)));      // 20 GFLOP/s
        ResultFile low = new ResultFile(1, ResultFile.KIND, null, null,
                List.of(new ResultFile.Measurement("compute", "GFLOP/s", 1500.0, "test")), rs);
        List<Findings.Above> above = Findings.aboveRoof(low);
        assertEquals(List.of("onednn", "blocked"), above.stream().map(p -> p.point().result().impl()).toList());
        ResultFile high = new ResultFile(1, ResultFile.KIND, null, null,
                List.of(new ResultFile.Measurement("compute", "GFLOP/s", 4500.0, "test")), rs);
        assertTrue(Findings.aboveRoof(high).isEmpty());
        assertTrue(Findings.aboveRoof(new ResultFile(1, ResultFile.KIND, null, null, null, rs)).isEmpty());
    }

    @Test
    void thePeersPrimitiveAloneIsCheckedAgainstTheRoofToo() {
        BenchResult r = conv("onednn", "mb1ic64ih56oc64oh56kh3ph1", "forward", 1, null, stats(1, 0.99, 1.01, false));
        // whole call 1 ms = 2000 GFLOP/s (under a roof of 2500), primitive alone 0.5 ms = 4000 GFLOP/s (over it)
        BenchResult withDevice = new BenchResult(r.impl(), r.problem(), r.problemName(), r.suite(), r.direction(),
                r.device(), r.status(), r.message(), r.mode(), r.unit(), r.score(), r.scoreError(), r.ci(), r.samples(),
                r.msPerOp(), r.flops(), r.gflops(), r.gflopsNoPadding(), r.bytes(), r.gbPerSec(), 0.5, 1.0,
                r.openclBuildMs(), r.variant(), r.estimatedMsPerOp(), r.stats(), r.phases());
        ResultFile rf = new ResultFile(1, ResultFile.KIND, null, null,
                List.of(new ResultFile.Measurement("compute", "GFLOP/s", 2500.0, "test")), List.of(withDevice));
        List<Findings.Above> above = Findings.aboveRoof(rf);
        assertEquals(1, above.size());
        assertEquals(4000, above.get(0).gflops(), 1e-6);
        assertEquals("primitive alone", above.get(0).measure());
    }

    @Test
    void theRoofIsCheckedWithTheUsefulFlopsOnlySoSkippedPaddingTapsDoNotPassIt() {
        // 2e9 nominal FLOPs, 1.64e9 of them inside the input (a 7x7 layer with padding 1)
        BenchResult r = conv("onednn", "mb4ic512ih7oc512oh7kh3ph1", "forward", 1, null, stats(1, 0.99, 1.01, false));
        BenchResult padded = new BenchResult(r.impl(), r.problem(), r.problemName(), r.suite(), r.direction(),
                r.device(), r.status(), r.message(), r.mode(), r.unit(), r.score(), r.scoreError(), r.ci(), r.samples(),
                r.msPerOp(), r.flops(), 2000.0, 1640.0, r.bytes(), r.gbPerSec(), 0.8, 1.0,
                r.openclBuildMs(), r.variant(), r.estimatedMsPerOp(), r.stats(), r.phases());
        // primitive alone 0.8 ms: 2500 nominal GFLOP/s, 2050 useful
        ResultFile under = new ResultFile(1, ResultFile.KIND, null, null,
                List.of(new ResultFile.Measurement("compute", "GFLOP/s", 2100.0, "test")), List.of(padded));
        assertTrue(Findings.aboveRoof(under).isEmpty());
        ResultFile over = new ResultFile(1, ResultFile.KIND, null, null,
                List.of(new ResultFile.Measurement("compute", "GFLOP/s", 2000.0, "test")), List.of(padded));
        List<Findings.Above> above = Findings.aboveRoof(over);
        assertEquals(1, above.size());
        assertEquals(2050, above.get(0).gflops(), 1e-6);
        assertEquals("primitive alone", above.get(0).measure());
    }
}
