package convbench.opencl;

import convbench.api.Implementation;
import convbench.api.Implementations;
import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.ops.OddGeometries;
import convbench.reference.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static convbench.opencl.OpenClTestSupport.assertClose;
import static convbench.opencl.OpenClTestSupport.poisoned;
import static convbench.opencl.OpenClTestSupport.randomInts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every supported op of every OpenCL implementation against the float64 reference, on odd
 * geometries, with fresh random integer inputs, NaN-poisoned outputs (host and device) and
 * canary regions after every device buffer.
 */
class OpenClImplementationsTest {
    private static final int CANARY = 64;
    private static final double AVG_RTOL = 1e-6;
    /** Fresh per run; printed, and replayable with -Dconvbench.test.seed=N. */
    private static final long SEED = Long.getLong("convbench.test.seed", System.nanoTime());
    private static List<OpenClImplementation> impls = List.of();

    /** A convolution case: batch, channels, input size, output channels, window. */
    record ConvCase(String label, int n, int c, int h, int w, int oc, Window g) {
        @Override
        public String toString() {
            return label + " mb" + n + "ic" + c + "ih" + h + "iw" + w + "oc" + oc + " " + g;
        }
    }

    /** A pooling case. */
    record PoolCase(String label, int n, int c, int h, int w, Window g) {
        @Override
        public String toString() {
            return label + " mb" + n + "ic" + c + "ih" + h + "iw" + w + " " + g;
        }
    }

    /** The project's one dataset of odd geometries ({@link OddGeometries}): the convolutions without groups. */
    static final List<ConvCase> CONV = convCases(false);

    /** ... and those with groups (depthwise included). */
    static final List<ConvCase> GROUPED = convCases(true);

    static final List<PoolCase> POOL = OddGeometries.POOLINGS.stream()
            .map(p -> new PoolCase(p.label(), p.n(), p.c(), p.h(), p.w(), p.window()))
            .toList();

    /**
     * The one case of the tests of a single mechanism (failures, timing), whose messages they
     * check word for word: fixed here, not drawn from the dataset.
     */
    static final ConvCase TYPICAL = new ConvCase("17x13 3x3 pad 1", 1, 3, 17, 13, 4, Window.of(3, 1, 1));

    private static List<ConvCase> convCases(boolean grouped) {
        return OddGeometries.CONVOLUTIONS.stream()
                .filter(c -> c.shape().window().isGrouped() == grouped)
                .map(c -> new ConvCase(c.label(), c.shape().n(), c.shape().c(), c.shape().h(), c.shape().w(),
                        c.shape().oc(), c.shape().window()))
                .toList();
    }

    @BeforeAll
    static void open() {
        if (Devices.list().isEmpty()) {
            return;   // each test skips (or, with CI=true, fails) in requireDevice()
        }
        List<OpenClImplementation> found = new ArrayList<>();
        for (Implementation i : Implementations.discover()) {
            if (i instanceof OpenClImplementation o) {
                o.enableCanaries(CANARY);
                found.add(o);
            }
        }
        impls = found;
        System.out.println("OpenCL tests on " + Devices.selected().summary() + ", seed " + SEED);
    }

    /** Runs before every test and test factory: skips them with the reason, or fails under CI. */
    @BeforeEach
    void device() {
        OpenClTestSupport.requireDevice();
    }

    @AfterAll
    static void close() {
        impls.forEach(OpenClImplementation::close);
    }

    private static SplittableRandom random(String what) {
        return new SplittableRandom(SEED ^ what.hashCode());
    }

    @Test
    void allThreeAreRegisteredAndAvailable() {
        assertEquals(List.of("opencl-blocked-direct", "opencl-direct", "opencl-im2col-gemm"),
                impls.stream().map(Implementation::name).sorted().toList());
        for (OpenClImplementation i : impls) {
            assertTrue(i.available().supported(), i.name() + ": " + i.available().reason());
            assertTrue(i.supports(Op.CONV2D, Window.of(3, 1, 1)).supported());
        }
    }

    @TestFactory
    Stream<DynamicTest> conv2dForward() {
        List<DynamicTest> tests = new ArrayList<>();
        for (OpenClImplementation impl : impls) {
            for (ConvCase cc : CONV) {
                for (boolean bias : new boolean[] {true, false}) {
                    String name = impl.name() + " conv2d " + cc + (bias ? " +bias" : "");
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        SplittableRandom rnd = random(name);
                        Tensor x = randomInts(rnd, 3, cc.n, cc.c, cc.h, cc.w);
                        Tensor w = randomInts(rnd, 3, cc.oc, cc.c, cc.g.kh(), cc.g.kw());
                        Tensor b = bias ? randomInts(rnd, 5, cc.oc) : null;
                        Tensor y = poisoned(cc.n, cc.oc, cc.g.outH(cc.h), cc.g.outW(cc.w));
                        impl.conv2d(x, w, b, cc.g, y);
                        Tensor64 ref = Reference.conv2d(Tensor64.of(x), Tensor64.of(w), b == null ? null : Tensor64.of(b), cc.g);
                        assertClose(name, ref, y, 0);
                        assertTrue(impl.lastDeviceNanos() > 0 && impl.lastEndToEndNanos() > 0, name + ": no timing");
                    }));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> conv2dBackward() {
        List<DynamicTest> tests = new ArrayList<>();
        for (OpenClImplementation impl : impls) {
            if (!impl.supports(Op.CONV2D_BACKWARD, Window.of(1, 1, 0)).supported()) {
                continue;
            }
            for (ConvCase cc : CONV) {
                for (Reduction red : Reduction.values()) {
                    String name = impl.name() + " conv2d_backward " + red.id() + " " + cc;
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        SplittableRandom rnd = random(name);
                        int oh = cc.g.outH(cc.h), ow = cc.g.outW(cc.w);
                        Tensor x = randomInts(rnd, 3, cc.n, cc.c, cc.h, cc.w);
                        Tensor w = randomInts(rnd, 3, cc.oc, cc.c, cc.g.kh(), cc.g.kw());
                        Tensor dy = randomInts(rnd, 3, cc.n, cc.oc, oh, ow);
                        Tensor dx = poisoned(x.shape());
                        Tensor dw = poisoned(w.shape());
                        Tensor db = poisoned(cc.oc);
                        impl.conv2dBackward(x, w, dy, cc.g, red, dx, dw, db);
                        Reference.Grads ref = Reference.conv2dBackward(Tensor64.of(x), Tensor64.of(w), Tensor64.of(dy), cc.g, red);
                        double rtol = red == Reduction.MEAN ? AVG_RTOL : 0;
                        assertClose(name + " dx", ref.dx(), dx, 0);
                        assertClose(name + " dw", ref.dw(), dw, rtol);
                        assertClose(name + " db", ref.db(), db, rtol);
                        // any gradient may be skipped
                        Tensor dw2 = poisoned(w.shape());
                        impl.conv2dBackward(x, w, dy, cc.g, red, null, dw2, null);
                        assertClose(name + " dw alone", ref.dw(), dw2, rtol);
                        Tensor dx2 = poisoned(x.shape());
                        impl.conv2dBackward(x, w, dy, cc.g, red, dx2, null, null);
                        assertClose(name + " dx alone", ref.dx(), dx2, 0);
                    }));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> groupedConvolution() {
        List<DynamicTest> tests = new ArrayList<>();
        for (OpenClImplementation impl : impls) {
            for (ConvCase cc : GROUPED) {
                String name = impl.name() + " grouped " + cc;
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    if (!impl.name().equals("opencl-direct")) {
                        for (Op op : new Op[] {Op.CONV2D, Op.CONV2D_BACKWARD}) {
                            var s = impl.supports(op, cc.g);
                            assertTrue(!s.supported() && s.reason().contains("grouped convolution"), name + ": " + s);
                        }
                        return;
                    }
                    assertTrue(impl.supports(Op.CONV2D, cc.g).supported(), name);
                    assertTrue(impl.supports(Op.CONV2D_BACKWARD, cc.g).supported(), name);
                    SplittableRandom rnd = random(name);
                    int cg = cc.c / cc.g.groups(), oh = cc.g.outH(cc.h), ow = cc.g.outW(cc.w);
                    Tensor x = randomInts(rnd, 3, cc.n, cc.c, cc.h, cc.w);
                    Tensor w = randomInts(rnd, 3, cc.oc, cg, cc.g.kh(), cc.g.kw());
                    Tensor b = randomInts(rnd, 5, cc.oc);
                    Tensor64 x64 = Tensor64.of(x), w64 = Tensor64.of(w);
                    Tensor y = poisoned(cc.n, cc.oc, oh, ow);
                    impl.conv2d(x, w, b, cc.g, y);
                    assertClose(name + " conv2d", Reference.conv2d(x64, w64, Tensor64.of(b), cc.g), y, 0);
                    Tensor dy = randomInts(rnd, 3, cc.n, cc.oc, oh, ow);
                    for (Reduction red : Reduction.values()) {
                        Tensor dx = poisoned(x.shape()), dw = poisoned(w.shape()), db = poisoned(cc.oc);
                        impl.conv2dBackward(x, w, dy, cc.g, red, dx, dw, db);
                        Reference.Grads ref = Reference.conv2dBackward(x64, w64, Tensor64.of(dy), cc.g, red);
                        double rtol = red == Reduction.MEAN ? AVG_RTOL : 0;
                        assertClose(name + " dx " + red.id(), ref.dx(), dx, 0);
                        assertClose(name + " dw " + red.id(), ref.dw(), dw, rtol);
                        assertClose(name + " db " + red.id(), ref.db(), db, rtol);
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> im2colAndCol2im() {
        List<DynamicTest> tests = new ArrayList<>();
        for (OpenClImplementation impl : impls) {
            if (!impl.supports(Op.IM2COL, Window.of(1, 1, 0)).supported()) {
                continue;
            }
            for (ConvCase cc : CONV) {
                String name = impl.name() + " im2col/col2im " + cc;
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    SplittableRandom rnd = random(name);
                    int rows = cc.n * cc.g.outH(cc.h) * cc.g.outW(cc.w);
                    int k = cc.c * cc.g.kh() * cc.g.kw();
                    Tensor x = randomInts(rnd, 3, cc.n, cc.c, cc.h, cc.w);
                    Tensor cols = poisoned(rows, k);
                    impl.im2col(x, cc.g, cols);
                    assertClose(name + " im2col", Reference.im2col(Tensor64.of(x), cc.g), cols, 0);
                    Tensor c2 = randomInts(rnd, 3, rows, k);
                    Tensor back = poisoned(x.shape());
                    impl.col2im(c2, cc.g, back);
                    assertClose(name + " col2im", Reference.col2im(Tensor64.of(c2), x.shape(), cc.g), back, 0);
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> pooling() {
        List<DynamicTest> tests = new ArrayList<>();
        for (OpenClImplementation impl : impls) {
            for (PoolCase pc : POOL) {
                String base = impl.name() + " " + pc;
                tests.add(DynamicTest.dynamicTest(base + " maxpool2d", () -> {
                    SplittableRandom rnd = random(base + "max");
                    Tensor x = randomInts(rnd, 3, pc.n, pc.c, pc.h, pc.w);   // many ties
                    Tensor y = poisoned(pc.n, pc.c, pc.g.outH(pc.h), pc.g.outW(pc.w));
                    impl.maxPool2d(x, pc.g, y);
                    assertClose(base + " maxpool2d", Reference.maxPool2d(Tensor64.of(x), pc.g), y, 0);
                    Tensor dy = randomInts(rnd, 5, y.shape());
                    Tensor dx = poisoned(x.shape());
                    impl.maxPool2dBackward(x, dy, pc.g, dx);
                    assertClose(base + " maxpool2d_backward",
                            Reference.maxPool2dBackward(Tensor64.of(x), Tensor64.of(dy), pc.g), dx, 0);
                }));
                for (boolean include : new boolean[] {true, false}) {
                    String name = base + " avgpool2d countIncludePad=" + include;
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        SplittableRandom rnd = random(name);
                        Tensor x = randomInts(rnd, 3, pc.n, pc.c, pc.h, pc.w);
                        Tensor y = poisoned(pc.n, pc.c, pc.g.outH(pc.h), pc.g.outW(pc.w));
                        impl.avgPool2d(x, pc.g, include, y);
                        assertClose(name, Reference.avgPool2d(Tensor64.of(x), pc.g, include), y, AVG_RTOL);
                        // dy a multiple of every divisor: each share is an integer, so sums that
                        // cancel to zero stay exact (rtol alone cannot judge a result near zero)
                        Tensor dy = randomInts(rnd, 5, y.shape());
                        int lcm = divisorLcm(pc, include);
                        for (int i = 0; i < dy.size(); i++) {
                            dy.data()[i] *= lcm;
                        }
                        Tensor dx = poisoned(x.shape());
                        impl.avgPool2dBackward(dy, pc.g, include, dx);
                        assertClose(name + " backward",
                                Reference.avgPool2dBackward(Tensor64.of(dy), x.shape(), pc.g, include), dx, AVG_RTOL);
                    }));
                }
            }
            String relu = impl.name() + " relu";
            tests.add(DynamicTest.dynamicTest(relu, () -> {
                Tensor x = randomInts(random(relu), 3, 2, 3, 17, 13);
                Tensor y = poisoned(x.shape());
                impl.relu(x, y);
                assertClose(relu, Reference.relu(Tensor64.of(x)), y, 0);
            }));
        }
        return tests.stream();
    }

    /** Least common multiple of the average-pooling divisors of all windows of the case. */
    static int divisorLcm(PoolCase pc, boolean include) {
        Window g = pc.g;
        int lcm = 1;
        for (int i = 0; i < g.outH(pc.h); i++) {
            for (int j = 0; j < g.outW(pc.w); j++) {
                int rows = 0, cols = 0;
                for (int r = 0; r < g.kh(); r++) {
                    int hi = i * g.sh() - g.padTop() + r * g.dh();
                    rows += hi >= 0 && hi < pc.h ? 1 : 0;
                }
                for (int s = 0; s < g.kw(); s++) {
                    int wi = j * g.sw() - g.padLeft() + s * g.dw();
                    cols += wi >= 0 && wi < pc.w ? 1 : 0;
                }
                int d = include ? g.kh() * g.kw() : rows * cols;
                lcm = lcm / gcd(lcm, d) * d;
            }
        }
        return lcm;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** SplittableRandom small geometries (any stride, padding per side, dilation): every op of every implementation. */
    @TestFactory
    Stream<DynamicTest> randomGeometries() {
        SplittableRandom g = random("random geometries");
        List<DynamicTest> tests = new ArrayList<>();
        int made = 0;
        while (made < 25) {
            int h = 1 + g.nextInt(12), w = 1 + g.nextInt(12);
            Window win = new Window(1 + g.nextInt(4), 1 + g.nextInt(4), 1 + g.nextInt(3), 1 + g.nextInt(3),
                    g.nextInt(3), g.nextInt(3), g.nextInt(3), g.nextInt(3), 1 + g.nextInt(2), 1 + g.nextInt(2));
            try {
                win.validate(h, w);
            } catch (IllegalArgumentException e) {
                continue;
            }
            made++;
            ConvCase cc = new ConvCase("random", 1 + g.nextInt(3), 1 + g.nextInt(5), h, w, 1 + g.nextInt(10), win);
            for (OpenClImplementation impl : impls) {
                String name = impl.name() + " " + cc;
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    SplittableRandom rnd = random(name);
                    int oh = win.outH(h), ow = win.outW(w);
                    Tensor x = randomInts(rnd, 3, cc.n, cc.c, h, w);
                    Tensor wt = randomInts(rnd, 3, cc.oc, cc.c, win.kh(), win.kw());
                    Tensor b = randomInts(rnd, 3, cc.oc);
                    Tensor y = poisoned(cc.n, cc.oc, oh, ow);
                    impl.conv2d(x, wt, b, win, y);
                    assertClose(name + " conv2d", Reference.conv2d(Tensor64.of(x), Tensor64.of(wt), Tensor64.of(b), win), y, 0);
                    if (impl.supports(Op.CONV2D_BACKWARD, win).supported()) {
                        Tensor dy = randomInts(rnd, 3, y.shape());
                        Tensor dx = poisoned(x.shape()), dw = poisoned(wt.shape()), db = poisoned(cc.oc);
                        impl.conv2dBackward(x, wt, dy, win, Reduction.SUM, dx, dw, db);
                        Reference.Grads ref = Reference.conv2dBackward(Tensor64.of(x), Tensor64.of(wt), Tensor64.of(dy), win, Reduction.SUM);
                        assertClose(name + " dx", ref.dx(), dx, 0);
                        assertClose(name + " dw", ref.dw(), dw, 0);
                        assertClose(name + " db", ref.db(), db, 0);
                    }
                    Tensor py = poisoned(cc.n, cc.c, oh, ow);
                    impl.maxPool2d(x, win, py);
                    assertClose(name + " maxpool2d", Reference.maxPool2d(Tensor64.of(x), win), py, 0);
                    Tensor pdy = randomInts(rnd, 3, py.shape());
                    Tensor pdx = poisoned(x.shape());
                    impl.maxPool2dBackward(x, pdy, win, pdx);
                    assertClose(name + " maxpool2d_backward", Reference.maxPool2dBackward(Tensor64.of(x), Tensor64.of(pdy), win), pdx, 0);
                    java.util.Arrays.fill(py.data(), Float.NaN);
                    impl.avgPool2d(x, win, true, py);
                    assertClose(name + " avgpool2d", Reference.avgPool2d(Tensor64.of(x), win, true), py, AVG_RTOL);
                    for (int i = 0; i < pdy.size(); i++) {
                        pdy.data()[i] *= win.kh() * win.kw();
                    }
                    java.util.Arrays.fill(pdx.data(), Float.NaN);
                    impl.avgPool2dBackward(pdy, win, true, pdx);
                    assertClose(name + " avgpool2d_backward", Reference.avgPool2dBackward(Tensor64.of(pdy), x.shape(), win, true), pdx, AVG_RTOL);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void timeSplitIsReported() {
        ConvCase cc = TYPICAL;
        for (OpenClImplementation impl : impls) {
            SplittableRandom rnd = random("timing" + impl.name());
            Tensor x = randomInts(rnd, 3, cc.n, cc.c, cc.h, cc.w);
            Tensor w = randomInts(rnd, 3, cc.oc, cc.c, 3, 3);
            Tensor y = poisoned(cc.n, cc.oc, cc.h, cc.w);
            // Programs are shared by the whole process, so another test class may have built the
            // default ones; parameters no other test uses make sure this instance builds one itself.
            if (impl instanceof BlockedDirectConv) {
                impl.forceParameters(TuningSpace.BLOCKED, Map.of("VW", 2, "OCB", 3, "RB", 1, "KFIX", 0, "LX", 1, "LY", 1, "LZ", 1));
            } else if (impl instanceof OpenClIm2colGemmConv) {
                impl.forceParameters(TuningSpace.GEMM, Map.of("TSM", 32, "TSN", 32, "TSK", 4, "WPTM", 2, "WPTN", 2));
            }
            try {
                impl.conv2d(x, w, null, cc.g, y);
            } finally {
                impl.clearForcedParameters();
            }
            // opencl-direct takes no parameters, and direct.cl may have been built already for
            // opencl-im2col-gemm's bias gradient: then this instance built nothing
            assertTrue(impl instanceof DirectConv ? impl.buildNanos() >= 0 : impl.buildNanos() > 0, impl.name());
            assertTrue(impl.lastDeviceNanos() > 0, impl.name());
            assertTrue(impl.lastEndToEndNanos() > 0, impl.name());
            assertTrue(!impl.lastKernelNanos().isEmpty(), impl.name());
        }
        assertTrue(impls.stream().filter(i -> i.name().equals("opencl-im2col-gemm"))
                .allMatch(i -> i.lastKernelNanos().keySet().containsAll(List.of("im2col", "gemm"))));
    }

    /**
     * The same convolutions with other tile sizes and vector widths than the defaults: tails of
     * every dimension, partial vectors and channel blocks, work-groups that do not divide anything.
     */
    @TestFactory
    Stream<DynamicTest> conv2dForwardWithOtherTuning() {
        String[][] tunings = {
                {"convbench.opencl.tune.blocked", "VW=4,OCB=3,LX=2,LY=3,LZ=2"},
                {"convbench.opencl.tune.blocked", "VW=8,OCB=16,LX=1,LY=1,LZ=1"},
                {"convbench.opencl.tune.gemm", "TSM=16,TSN=32,TSK=8,WPTM=2,WPTN=4"},
                {"convbench.opencl.tune.gemm", "TSM=8,TSN=8,TSK=4,WPTM=1,WPTN=1"},
        };
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] t : tunings) {
            String implName = t[0].endsWith("blocked") ? "opencl-blocked-direct" : "opencl-im2col-gemm";
            OpenClImplementation impl = impls.stream().filter(i -> i.name().equals(implName)).findFirst().orElseThrow();
            for (ConvCase cc : CONV) {
                String name = implName + " " + t[1] + " conv2d " + cc;
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    System.setProperty(t[0], t[1]);
                    try {
                        SplittableRandom rnd = random(name);
                        Tensor x = randomInts(rnd, 3, cc.n, cc.c, cc.h, cc.w);
                        Tensor w = randomInts(rnd, 3, cc.oc, cc.c, cc.g.kh(), cc.g.kw());
                        Tensor b = randomInts(rnd, 5, cc.oc);
                        Tensor y = poisoned(cc.n, cc.oc, cc.g.outH(cc.h), cc.g.outW(cc.w));
                        impl.conv2d(x, w, b, cc.g, y);
                        assertClose(name, Reference.conv2d(Tensor64.of(x), Tensor64.of(w), Tensor64.of(b), cc.g), y, 0);
                        if (implName.equals("opencl-im2col-gemm")) {
                            Tensor dy = randomInts(rnd, 3, y.shape());
                            Tensor dx = poisoned(x.shape());
                            Tensor dw = poisoned(w.shape());
                            impl.conv2dBackward(x, w, dy, cc.g, Reduction.SUM, dx, dw, null);
                            Reference.Grads ref = Reference.conv2dBackward(Tensor64.of(x), Tensor64.of(w), Tensor64.of(dy), cc.g, Reduction.SUM);
                            assertClose(name + " dx", ref.dx(), dx, 0);
                            assertClose(name + " dw", ref.dw(), dw, 0);
                        }
                    } finally {
                        System.clearProperty(t[0]);
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void launchFailureNamesImplementationGeometryAndCallAndTheSessionRecovers() {
        String key = "convbench.opencl.tune.blocked";
        OpenClImplementation impl = impls.stream().filter(i -> i.name().equals("opencl-blocked-direct")).findFirst().orElseThrow();
        ConvCase cc = TYPICAL;
        SplittableRandom rnd = random("launch failure");
        Tensor x = randomInts(rnd, 3, cc.n, cc.c, cc.h, cc.w);
        Tensor w = randomInts(rnd, 3, cc.oc, cc.c, 3, 3);
        long tooBig = Devices.selected().maxWorkGroupSize() * 2;
        System.setProperty(key, "LY=" + tooBig);
        try {
            Tensor y = poisoned(cc.n, cc.oc, cc.h, cc.w);
            OpenClException e = assertThrows(OpenClException.class, () -> impl.conv2d(x, w, null, cc.g, y));
            String m = e.getMessage();
            assertTrue(m.startsWith("opencl-blocked-direct conv2d k3x3 s1x1 p[1,1,1,1] x[1,3,17,13] w[4,3,3,3]"), m);
            assertTrue(m.contains("clEnqueueNDRangeKernel(conv_blocked"), m);
            assertTrue(m.contains("CL_INVALID_WORK_GROUP_SIZE"), m);
        } finally {
            System.clearProperty(key);
        }
        Tensor y = poisoned(cc.n, cc.oc, cc.h, cc.w);
        impl.conv2d(x, w, null, cc.g, y);
        assertClose("after a failure", Reference.conv2d(Tensor64.of(x), Tensor64.of(w), null, cc.g), y, 0);
    }

    @Test
    void buildFailureCarriesLogDefinesImplementationAndGeometry() {
        String key = "convbench.opencl.tune.gemm";
        System.setProperty(key, "TSM=33");   // not a multiple of WPTM: the kernel's #error fires
        try (OpenClIm2colGemmConv impl = new OpenClIm2colGemmConv()) {
            ConvCase cc = TYPICAL;
            Tensor x = randomInts(new SplittableRandom(1), 3, cc.n, cc.c, cc.h, cc.w);
            Tensor w = randomInts(new SplittableRandom(2), 3, cc.oc, cc.c, 3, 3);
            Tensor y = poisoned(cc.n, cc.oc, cc.h, cc.w);
            OpenClException e = assertThrows(OpenClException.class, () -> impl.conv2d(x, w, null, cc.g, y));
            String m = e.getMessage();
            assertTrue(m.startsWith("opencl-im2col-gemm conv2d k3x3 s1x1 p[1,1,1,1] x[1,3,17,13]"), m);
            assertTrue(m.contains("clBuildProgram(gemm.cl)"), m);
            assertTrue(m.contains("-DTSM=33"), m);
            assertTrue(m.contains("TSM must be a multiple of WPTM"), m);
            assertTrue(e.getCause() instanceof ProgramBuildException, m);
        } finally {
            System.clearProperty(key);
        }
    }
}
