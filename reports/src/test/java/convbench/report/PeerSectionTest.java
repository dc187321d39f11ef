package convbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.results.BenchResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerSectionTest {
    /** A point of {@code ms} (a tight interval around it), {@code flops} per call, and a device time when given. */
    private static BenchResult point(String impl, String problem, String direction, double ms, double flops,
                                     Double deviceMs) {
        BenchResult r = ReportModelTest.conv(impl, problem, direction, ms, null,
                ReportModelTest.stats(ms, ms * 0.99, ms * 1.01, false));
        return new BenchResult(r.impl(), r.problem(), r.problemName(), r.suite(), r.direction(), r.device(), r.status(),
                r.message(), r.mode(), r.unit(), r.score(), r.scoreError(), r.ci(), r.samples(), r.msPerOp(), flops,
                r.gflops(), r.gflopsNoPadding(), r.bytes(), r.gbPerSec(), deviceMs, deviceMs == null ? null : ms,
                r.openclBuildMs(), r.variant(), r.estimatedMsPerOp(), r.stats(), r.phases());
    }

    @Test
    void ratiosAgainstThePrimitiveAndTheWholeCallWithGeometricMeansOverLargeLayers() {
        List<BenchResult> rs = List.of(
                // 2 GFLOP: blocked 10 ms = 200 GFLOP/s; oneDNN call 5 ms = 400, primitive 4 ms = 500
                point("blocked", "big", "forward", 10, 2e9, null),
                point("onednn", "big", "forward", 5, 2e9, 4.0),
                // 4 GFLOP: blocked 10 ms = 400; oneDNN call 8 ms = 500, primitive 5 ms = 800
                point("blocked", "big2", "backward-data", 10, 4e9, null),
                point("onednn", "big2", "backward-data", 8, 4e9, 5.0),
                // 0.1 GFLOP: blocked 1 ms = 100; oneDNN call 0.5 ms = 200, primitive 0.25 ms = 400
                point("blocked", "small", "backward-weights", 1, 1e8, null),
                point("onednn", "small", "backward-weights", 0.5, 1e8, 0.25),
                // no oneDNN point: not matched
                point("blocked", "alone", "forward", 1, 2e9, null),
                point("im2col", "big", "forward", 20, 2e9, null));
        List<PeerSection.Row> rows = PeerSection.rows(rs);
        assertEquals(3, rows.size());
        assertEquals(0.4, rows.get(0).overPrimitive(), 1e-9);
        assertEquals(0.5, rows.get(0).overCall(), 1e-9);
        assertEquals(0.5, rows.get(1).overPrimitive(), 1e-9);
        assertEquals(0.8, rows.get(1).overCall(), 1e-9);
        assertEquals(0.25, rows.get(2).overPrimitive(), 1e-9);
        String s = PeerSection.summary(rows);
        // large: sqrt(0.4 * 0.5) = 0.447, sqrt(0.5 * 0.8) = 0.632; all: cbrt(0.4*0.5*0.25) = 0.368, cbrt(0.5*0.8*0.5) = 0.585
        assertTrue(s.contains("over the 2 points of >= 1e9 FLOPs: 0.447x against the primitive alone, 0.632x against"), s);
        assertTrue(s.contains("over all 3 matched points: 0.368x and 0.585x"), s);
    }

    @Test
    void aPeerWithoutDeviceTimeHasNoPrimitiveRatio() {
        List<PeerSection.Row> rows = PeerSection.rows(List.of(point("blocked", "p", "forward", 2, 2e9, null),
                point("onednn", "p", "forward", 1, 2e9, null)));
        assertEquals(1, rows.size());
        assertNull(rows.get(0).overPrimitive());
        assertEquals(0.5, rows.get(0).overCall(), 1e-9);
        assertNull(PeerSection.geomean(List.of()));
        assertEquals("blocked / oneDNN, geometric mean over all 1 matched points (none of >= 1e9 FLOPs): n/a against "
                + "the primitive alone, 0.5x against the call with NCHW reorders.",
                PeerSection.summary(PeerSection.rows(List.of(point("blocked", "p", "forward", 2, 1e8, null),
                        point("onednn", "p", "forward", 1, 1e8, null)))));
    }
}
