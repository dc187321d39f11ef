package convbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.suites.Descriptors;
import convbench.api.Direction;
import convbench.suites.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    static Problem problem(String line) throws Exception {
        var p = Descriptors.parse(line, "t");
        return new Problem(line, p.descriptor(), p.kind(), p.conv(), p.pool(), List.of(), "t");
    }

    @Test
    void convolutionDirectionsUseTheShapesFlops() throws Exception {
        Problem p = problem("mb64ic3ih28oc4oh28kh3ph1");
        double f = 2.0 * 64 * 4 * 28 * 28 * 27;
        assertEquals(f, p.driver(Direction.FORWARD).workload().flops());
        assertEquals(f, p.driver(Direction.BACKWARD_DATA).workload().flops());
        assertEquals(f, p.driver(Direction.BACKWARD_WEIGHTS).workload().flops());
        assertEquals(2 * f, p.driver(Direction.BACKWARD).workload().flops());
        assertEquals(p.conv().flopsNoPadding(), p.driver(Direction.FORWARD).workload().flopsNoPadding());
        assertTrue(p.driver(Direction.FORWARD).workload().flopsNoPadding() < f);
        // read x, w, b; write y
        assertEquals(4.0 * (64 * 3 * 28 * 28 + 4 * 27 + 4 + 64 * 4 * 28 * 28), p.driver(Direction.FORWARD).workload().bytes());
    }

    @Test
    void poolingBytes() throws Exception {
        Problem max = problem("pool:max mb64ic3ih28oh14kh2sh2");
        double in = 64 * 3 * 28 * 28;
        double out = 64 * 3 * 14 * 14;
        assertEquals(4 * (in + out), max.driver(Direction.POOL_FORWARD).workload().bytes());
        assertEquals(4 * (2 * in + out), max.driver(Direction.POOL_BACKWARD).workload().bytes());
        assertEquals(4 * (in + out), problem("pool:avg mb64ic3ih28oh14kh2sh2").driver(Direction.POOL_BACKWARD).workload().bytes());
        assertEquals(out * 4, max.driver(Direction.POOL_FORWARD).workload().flops());
    }

    @Test
    void probeShrinksLargeProblems() throws Exception {
        Problem big = problem("mb10ic3ih224oc64oh224kh3ph1");
        Problem small = Probe.shrink(big);
        assertEquals(1, small.conv().n());
        assertTrue(small.conv().oh() >= Probe.MIN_ROWS && small.conv().oh() < 224, small.descriptor());
        assertTrue(Probe.work(small) <= 2 * Probe.PROBE_WORK, small.descriptor());
        Problem tiny = problem("mb1ic1ih5oc1kh3");
        assertEquals(tiny, Probe.shrink(tiny));
        Problem pool = Probe.shrink(problem("pool:max mb512ic512ih56oh28kh2sh2"));
        assertEquals(1, pool.pool().n());
    }
}
