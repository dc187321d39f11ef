package convbench.opencl;

import convbench.api.Reduction;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.reference.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static convbench.opencl.OpenClTestSupport.assertClose;
import static convbench.opencl.OpenClTestSupport.poisoned;
import static convbench.opencl.OpenClTestSupport.randomInts;

/**
 * The tuned kernels with parameter sets far from the defaults (the tuner may pick any of them):
 * odd tails in every blocked dimension, work-groups larger than one, compiled-in kernel sizes,
 * on odd geometries, against the float64 reference, with canaries.
 */
class TunedParametersTest {
    private static final long SEED = Long.getLong("convbench.test.seed", System.nanoTime());
    private static final List<Window> WINDOWS = List.of(
            Window.of(3, 1, 1),
            new Window(3, 2, 2, 1, 2, 0, 1, 3, 1, 1),      // stride 2x1, asymmetric padding
            new Window(3, 3, 1, 2, 2, 2, 2, 2, 2, 2),      // dilation 2
            new Window(1, 1, 3, 3, 0, 0, 0, 0, 1, 1));     // 1x1, stride 3
    private static final List<Map<String, Integer>> BLOCKED = List.of(
            Map.of("VW", 4, "OCB", 6, "RB", 3, "KFIX", 1, "LX", 2, "LY", 4, "LZ", 2),
            Map.of("VW", 8, "OCB", 2, "RB", 2, "KFIX", 0, "LX", 8, "LY", 1, "LZ", 4),
            Map.of("VW", 16, "OCB", 20, "RB", 1, "KFIX", 1, "LX", 1, "LY", 2, "LZ", 1));
    private static final List<Map<String, Integer>> BLOCKED_DW = List.of(
            Map.of("VW", 4, "OCB", 3, "TB", 2, "SPLIT", 5, "LX", 4),
            Map.of("VW", 8, "OCB", 16, "TB", 4, "SPLIT", 1, "LX", 1),
            Map.of("VW", 16, "OCB", 1, "TB", 1, "SPLIT", 32, "LX", 8));
    private static final List<Map<String, Integer>> GEMM = List.of(
            Map.of("TSM", 16, "TSN", 32, "TSK", 8, "WPTM", 2, "WPTN", 4),
            Map.of("TSM", 128, "TSN", 16, "TSK", 32, "WPTM", 8, "WPTN", 1));
    private static final BlockedDirectConv BLOCKED_IMPL = new BlockedDirectConv();
    private static final OpenClIm2colGemmConv GEMM_IMPL = new OpenClIm2colGemmConv();

    @BeforeEach
    void device() {
        OpenClTestSupport.requireDevice();
    }

    @AfterAll
    static void close() {
        BLOCKED_IMPL.close();
        GEMM_IMPL.close();
    }

    @TestFactory
    Stream<DynamicTest> convolutionWithEveryParameterSet() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Window g : WINDOWS) {
            for (int i = 0; i < BLOCKED.size(); i++) {
                Map<String, Integer> fw = BLOCKED.get(i), dw = BLOCKED_DW.get(i);
                tests.add(DynamicTest.dynamicTest("opencl-blocked-direct " + g + " " + fw + " " + dw,
                        () -> check(BLOCKED_IMPL, TuningSpace.BLOCKED, fw, TuningSpace.BLOCKED_DW, dw, g)));
            }
            for (Map<String, Integer> p : GEMM) {
                tests.add(DynamicTest.dynamicTest("opencl-im2col-gemm " + g + " " + p,
                        () -> check(GEMM_IMPL, TuningSpace.GEMM, p, null, null, g)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> poolingWithEveryWorkGroupSize() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int l : TuningSpace.POOL.values().get("L")) {
            tests.add(DynamicTest.dynamicTest("pool L=" + l, () -> {
                SplittableRandom rnd = new SplittableRandom(SEED + l);
                Window g = new Window(3, 3, 2, 2, 1, 0, 1, 2, 1, 1);
                BLOCKED_IMPL.enableCanaries(32);
                BLOCKED_IMPL.forceParameters(TuningSpace.POOL, Map.of("L", l));
                try {
                    Tensor x = randomInts(rnd, 3, 2, 3, 17, 13);
                    Tensor y = poisoned(2, 3, g.outH(17), g.outW(13));
                    BLOCKED_IMPL.maxPool2d(x, g, y);
                    assertClose("maxpool L=" + l, Reference.maxPool2d(Tensor64.of(x), g), y, 0);
                    Tensor dy = randomInts(rnd, 3, y.shape());
                    Tensor dx = poisoned(x.shape());
                    BLOCKED_IMPL.maxPool2dBackward(x, dy, g, dx);
                    assertClose("maxpool backward L=" + l, Reference.maxPool2dBackward(Tensor64.of(x), Tensor64.of(dy), g), dx, 0);
                } finally {
                    BLOCKED_IMPL.clearForcedParameters();
                    BLOCKED_IMPL.enableCanaries(0);
                }
            }));
        }
        return tests.stream();
    }

    private static void check(OpenClImplementation impl, TuningSpace space, Map<String, Integer> p,
                              TuningSpace space2, Map<String, Integer> p2, Window g) {
        String name = impl.name() + " " + g + " " + p + (p2 == null ? "" : " " + p2);
        SplittableRandom rnd = new SplittableRandom(SEED ^ name.hashCode());
        int n = 2, c = 5, h = 17, w = 13, oc = 7;
        impl.enableCanaries(32);
        impl.forceParameters(space, p);
        if (space2 != null) {
            impl.forceParameters(space2, p2);
        }
        try {
            Tensor x = randomInts(rnd, 3, n, c, h, w);
            Tensor wt = randomInts(rnd, 3, oc, c, g.kh(), g.kw());
            Tensor b = randomInts(rnd, 3, oc);
            Tensor y = poisoned(n, oc, g.outH(h), g.outW(w));
            impl.conv2d(x, wt, b, g, y);
            assertClose(name + " forward", Reference.conv2d(Tensor64.of(x), Tensor64.of(wt), Tensor64.of(b), g), y, 0);
            Tensor dy = randomInts(rnd, 3, y.shape());
            Tensor dx = poisoned(x.shape()), dw = poisoned(wt.shape()), db = poisoned(oc);
            impl.conv2dBackward(x, wt, dy, g, Reduction.MEAN, dx, dw, db);
            Reference.Grads ref = Reference.conv2dBackward(Tensor64.of(x), Tensor64.of(wt), Tensor64.of(dy), g, Reduction.MEAN);
            assertClose(name + " dx", ref.dx(), dx, 0);
            assertClose(name + " dw (mean)", ref.dw(), dw, 1e-6);
            assertClose(name + " db (mean)", ref.db(), db, 1e-6);
            // the variant names the parameters the kernels ran with
            String v = impl.variant();
            if (!v.contains(TuningSpace.format(p)) || !v.contains("set by the tuner")) {
                throw new AssertionError(name + ": variant does not record the parameters: " + v);
            }
        } finally {
            impl.clearForcedParameters();
            impl.enableCanaries(0);
        }
    }
}
