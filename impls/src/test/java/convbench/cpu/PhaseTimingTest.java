package convbench.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.api.Implementation;
import convbench.api.PhaseTimed;
import convbench.api.Reduction;
import convbench.api.Tensor;
import convbench.api.Window;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The phase split of im2col and blocked: the phases the classes promise show up, they never add
 * up to more than the cores' time of the calls they were measured in, timing off adds nothing, and
 * timing on does not change a single output bit.
 */
class PhaseTimingTest {
    // 17x13 input, batch 2, 5 -> 7 channels, 3x3 with asymmetric padding: ragged edge tiles too
    private static final Window CONV = new Window(3, 3, 1, 1, 1, 0, 0, 1, 1, 1);
    private static final Window POOL = Window.of(2, 2, 0);

    private static Tensor random(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < t.data().length; i++) {
            t.data()[i] = r.nextInt(-4, 5);
        }
        return t;
    }

    private final Tensor x = random(1, 2, 5, 17, 13);
    private final Tensor w = random(2, 7, 5, 3, 3);
    private final Tensor b = random(3, 7);
    private final Tensor dy = random(4, 2, 7, CONV.outH(17), CONV.outW(13));

    private static List<Implementation> impls() {
        return List.of(new Im2colGemmConv(), new BlockedGemmConv(2, MicroKernels.best(), false),
                new BlockedGemmConv(2, MicroKernels.best(), true));
    }

    /** Runs {@code call} three times with timing on; checks the accounting; returns the phases. */
    private static Map<String, Long> timed(Implementation impl, Runnable call) {
        PhaseTimed pt = (PhaseTimed) impl;
        pt.timePhases(true);
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            call.run();
        }
        long wall = System.nanoTime() - start;
        pt.timePhases(false);
        Map<String, Long> phases = pt.phaseNanos();
        long sum = phases.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(sum <= (long) pt.phaseThreads() * wall,
                impl.name() + ": phases " + phases + " add up to more than " + pt.phaseThreads() + " x " + wall + " ns");
        phases.values().forEach(v -> assertTrue(v > 0, impl.name() + ": " + phases));
        return phases;
    }

    private static void assertPhases(Map<String, Long> phases, String... names) {
        for (String n : names) {
            assertTrue(phases.containsKey(n), "phase " + n + " missing from " + phases);
        }
    }

    @Test
    void forwardPhases() {
        for (Implementation impl : impls()) {
            Tensor y = Tensor.zeros(2, 7, CONV.outH(17), CONV.outW(13));
            Map<String, Long> p = timed(impl, () -> impl.conv2d(x, w, b, CONV, y));
            if (impl instanceof Im2colGemmConv) {
                assertPhases(p, "im2col", "reshape and transpose", "GEMM");
                assertFalse(p.containsKey("col2im"), p.toString());
            } else {
                assertPhases(p, "packing", "micro-kernel");
            }
            impl.close();
        }
    }

    @Test
    void backwardPhases() {
        for (Implementation impl : impls()) {
            Tensor dx = Tensor.zeros(2, 5, 17, 13), dw = Tensor.zeros(7, 5, 3, 3), db = Tensor.zeros(7);
            Map<String, Long> p = timed(impl,
                    () -> impl.conv2dBackward(x, w, dy, CONV, Reduction.SUM, dx, dw, db));
            if (impl instanceof Im2colGemmConv) {
                assertPhases(p, "im2col", "GEMM", "col2im", "bias gradient");
            } else if (impl.variant().startsWith("output-channel tiles")) {
                assertPhases(p, "packing", "micro-kernel", "sums");    // backward-data without col2im
                assertFalse(p.containsKey("col2im"), p.toString());
            } else {
                assertPhases(p, "packing", "micro-kernel", "col2im", "sums");
            }
            impl.close();
        }
    }

    @Test
    void im2colPoolingPhases() {
        Im2colGemmConv impl = new Im2colGemmConv();
        Tensor y = Tensor.zeros(2, 5, POOL.outH(17), POOL.outW(13));
        assertPhases(timed(impl, () -> impl.maxPool2d(x, POOL, y)), "im2col", "pooling reduction");
        Tensor dx = Tensor.zeros(2, 5, 17, 13);
        Tensor pdy = random(5, 2, 5, POOL.outH(17), POOL.outW(13));
        assertPhases(timed(impl, () -> impl.avgPool2dBackward(pdy, POOL, true, dx)), "pooling reduction", "col2im");
        impl.close();
    }

    @Test
    void timingOffAddsNothingAndTimingOnChangesNoOutput() {
        for (Implementation impl : impls()) {
            PhaseTimed pt = (PhaseTimed) impl;
            Consumer<Tensor[]> call = out -> impl.conv2dBackward(x, w, dy, CONV, Reduction.MEAN, out[0], out[1], out[2]);
            Tensor[] plain = {Tensor.zeros(2, 5, 17, 13), Tensor.zeros(7, 5, 3, 3), Tensor.zeros(7)};
            call.accept(plain);
            Tensor[] withTiming = {Tensor.zeros(2, 5, 17, 13), Tensor.zeros(7, 5, 3, 3), Tensor.zeros(7)};
            pt.timePhases(true);
            call.accept(withTiming);
            pt.timePhases(false);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(plain[i].data(), withTiming[i].data(), impl.name() + " output " + i);
            }
            Map<String, Long> before = pt.phaseNanos();
            assertFalse(before.isEmpty());
            call.accept(plain);
            assertEquals(before, pt.phaseNanos(), impl.name() + ": calls with timing off changed the totals");
            pt.timePhases(true);
            assertTrue(pt.phaseNanos().isEmpty(), "turning timing on clears the totals");
            pt.timePhases(false);
            impl.close();
        }
    }

    @Test
    void clockSumsWorkersAndKeepsPhaseOrder() {
        PhaseClock c = new PhaseClock(2, "a", "b", "c");
        assertEquals(Long.MIN_VALUE, c.start(), "off: the clock is not read");
        c.stop(0, 0, c.start());
        assertTrue(c.totals().isEmpty());
        c.setOn(true);
        long t = c.start();
        t = c.stop(1, 2, t);
        c.stop(0, 0, t - 5);
        c.stop(1, 0, t - 7);
        Map<String, Long> totals = c.totals();
        assertEquals(List.of("a", "c"), List.copyOf(totals.keySet()));
        assertTrue(totals.get("a") >= 12, totals.toString());
    }
}
