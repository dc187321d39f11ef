package convbench.opencl;

import convbench.api.ConvShape;
import convbench.api.PoolShape;
import convbench.api.Tensor;
import convbench.api.Window;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tuner's search: candidates, the reference check, the budget; small problems on the device. */
class TunerTest {

    @BeforeEach
    void device() {
        OpenClTestSupport.requireDevice();
    }

    private static Tuner tuner(double budget, int maxCandidates, StringWriter log) {
        return new Tuner(Devices.selected(), new Tuner.Settings(budget, maxCandidates, 7, 2, false), new PrintWriter(log));
    }

    @Test
    void candidatesStartWithTheDefaultsAreUniqueAndSampledWithTheSeed() {
        Tuner t = tuner(10, 50, new StringWriter());
        TuningCandidates a = t.candidates(TuningSpace.BLOCKED, new Random(3));
        TuningCandidates b = t.candidates(TuningSpace.BLOCKED, new Random(3));
        assertEquals(TuningSpace.BLOCKED.defaults(Devices.selected()), a.list().get(0));
        assertEquals(50, a.list().size());
        assertEquals(50, new HashSet<>(a.list()).size());
        assertEquals(a.list(), b.list());
        assertTrue(a.search().startsWith("random 50 of "), a.search());
        for (Map<String, Integer> p : a.list()) {
            assertEquals(null, TuningSpace.BLOCKED.refuses(p, Devices.selected()), p.toString());
        }
        TuningCandidates pool = t.candidates(TuningSpace.POOL, new Random(3));
        assertEquals("exhaustive, 8 sets", pool.search());
        assertTrue(a.refusedCount() > 0, "VW*OCB*RB over 512 is refused");
        assertTrue(a.refused().keySet().iterator().next().contains("accumulators"), a.refused().toString());
    }

    @Test
    void neighboursMoveOneParameterOneStep() {
        Map<String, Integer> p = TuningSpace.POOL.cpuDefaults();   // L=64
        assertEquals(List.of(Map.of("L", 32), Map.of("L", 128)), TuningCandidates.neighbours(TuningSpace.POOL, p));
        List<Map<String, Integer>> nb = TuningCandidates.neighbours(TuningSpace.BLOCKED, TuningSpace.BLOCKED.cpuDefaults());
        for (Map<String, Integer> m : nb) {
            int changed = 0;
            for (String k : m.keySet()) {
                changed += m.get(k).equals(TuningSpace.BLOCKED.cpuDefaults().get(k)) ? 0 : 1;
            }
            assertEquals(1, changed, m.toString());
        }
    }

    /**
     * Pooling through an implementation that, for L=4, writes a wrong element and claims to be
     * a thousand times faster: the reference check must keep it from winning.
     */
    @Test
    void aFastWrongCandidateCannotWin() {
        StringWriter log = new StringWriter();
        try (Cheater cheat = new Cheater()) {
            Tuner.Problem p = new Tuner.Problem("pool", null, new PoolShape(1, 3, 17, 13, Window.of(3, 2, 1), false), true, "pool-forward");
            List<Tuner.Outcome> out = tuner(30, 50, log).tune(List.of(cheat), List.of(p));
            assertEquals(1, out.size(), log.toString());
            TuningDatabase.Entry e = out.get(0).entry();
            assertNotNull(e, log.toString());
            assertNotEquals(Map.of("L", 4), e.parameters(), log.toString());
            assertTrue(e.rejected().stream().anyMatch(r -> r.startsWith("L=4: wrong result on pool pool-forward: 1 of")),
                    e.rejected().toString());
            assertEquals(8, out.get(0).tried());
            assertEquals(7, out.get(0).passed());
            assertTrue(e.search().startsWith("exhaustive, 8 sets"), e.search());
        }
    }

    @Test
    void aTinyConvolutionIsTunedWithinItsBudget() {
        StringWriter log = new StringWriter();
        try (BlockedDirectConv impl = new BlockedDirectConv()) {
            ConvShape c = new ConvShape(1, 5, 9, 11, 7, Window.of(3, 1, 1));
            List<Tuner.Problem> problems = List.of(new Tuner.Problem("tiny", c, null, false, "forward"),
                    new Tuner.Problem("tiny", c, null, false, "backward-weights"));
            long t0 = System.nanoTime();
            List<Tuner.Outcome> out = tuner(12, 400, log).tune(List.of(impl), problems);
            double seconds = (System.nanoTime() - t0) / 1e9;
            // the smaller space first; 5*3*3 <= 64 makes the forward class small-k
            assertEquals(List.of("blocked-dw backward-weights", "blocked forward.small-k"),
                    out.stream().map(o -> o.kernel() + " " + o.problemClass()).toList());
            // time is kept for the finalists; only a candidate begun just before the end may overrun
            assertTrue(seconds < 12 + 6, seconds + " s\n" + log);
            for (Tuner.Outcome o : out) {
                assertNotNull(o.entry(), log.toString());
                assertTrue(o.entry().tunedGflops() > 0);
                assertTrue(o.entry().search().contains("time for "), o.entry().search());   // budget-limited
            }
            assertTrue(log.toString().contains("ETA"), log.toString());
        }
    }

    /** Delegates pooling to a real implementation; lies for L=4. */
    static final class Cheater extends OpenClImplementation {
        private final BlockedDirectConv real = new BlockedDirectConv();
        private boolean lying;

        Cheater() {
            super(new About("cheater", "test", "test"));
        }

        @Override
        protected boolean runsOp(convbench.api.Op op) {
            return false;
        }

        @Override
        public void forceParameters(TuningSpace space, Map<String, Integer> parameters) {
            lying = parameters.get("L") == 4;
            real.forceParameters(space, parameters);
        }

        @Override
        void enableCanaries(int floats) {
            real.enableCanaries(floats);
        }

        @Override
        public void maxPool2d(Tensor x, Window window, Tensor y) {
            real.maxPool2d(x, window, y);
            if (lying) {
                y.data()[y.size() / 2] += 1;
            }
        }

        @Override
        public long lastDeviceNanos() {
            return lying ? Math.max(1, real.lastDeviceNanos() / 1000) : real.lastDeviceNanos();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
