package convbench.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import convbench.api.Implementation;
import convbench.api.Implementations;
import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Shapes;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.ops.OddGeometries;
import convbench.ops.SmallIntegers;
import convbench.reference.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every CPU implementation against the float64 reference on odd geometries. Inputs are small
 * integers (-3..3), so float32 sums are exact and results are compared exactly; only ops that
 * divide (average pooling, MEAN reduction) get a tight relative tolerance. Outputs are filled
 * with NaN before each call, so an element that is never written fails.
 */
class CpuImplementationsTest {

    /** Under test: each public implementation, plus the blocked one forced onto other paths. */
    private static final Map<String, Implementation> IMPLS = new LinkedHashMap<>();

    static {
        IMPLS.put("naive", new NaiveImpl());
        IMPLS.put("im2col", new Im2colGemmConv());
        IMPLS.put("blocked", new BlockedGemmConv());
        IMPLS.put("blocked-scalar-1thread", new BlockedGemmConv(1, MicroKernels.scalar(), true));
        IMPLS.put("blocked-3threads", new BlockedGemmConv(3, MicroKernels.best(), true));
        IMPLS.put("blocked-gemm-3threads", new BlockedGemmConv(3, MicroKernels.best(), false));
    }

    @AfterAll
    static void closeAll() {
        IMPLS.values().forEach(Implementation::close);
    }

    /** A convolution case: batch, channels, input size, output channels, window. */
    record ConvCase(String label, int n, int c, int h, int w, int oc, Window g) {
        @Override
        public String toString() {
            return label + " mb" + n + "ic" + c + "ih" + h + "iw" + w + "oc" + oc + " " + g;
        }
    }

    record PoolCase(String label, int n, int c, int h, int w, Window g) {
        @Override
        public String toString() {
            return label + " mb" + n + "ic" + c + "ih" + h + "iw" + w + " " + g;
        }
    }

    /** The project's one dataset of odd geometries ({@link OddGeometries}), as this test's cases. */
    static final List<ConvCase> CONV_CASES = OddGeometries.CONVOLUTIONS.stream()
            .map(c -> new ConvCase(c.label(), c.shape().n(), c.shape().c(), c.shape().h(), c.shape().w(), c.shape().oc(),
                    c.shape().window()))
            .toList();

    static final List<PoolCase> POOL_CASES = OddGeometries.POOLINGS.stream()
            .map(p -> new PoolCase(p.label(), p.n(), p.c(), p.h(), p.w(), p.window()))
            .toList();

    // ---------------------------------------------------------------- data

    /** The project's one small-integer fill, seeded per tensor. */
    private static Tensor ints(long seed, int... shape) {
        return SmallIntegers.tensor(new SplittableRandom(seed), 3, shape);
    }

    private static Tensor nan(int... shape) {
        return Tensor.filled(Float.NaN, shape);
    }

    /** Exact comparison, or |got - want| <= rtol * max(1, |want|) when rtol > 0. NaN never passes. */
    private static void check(String what, Tensor64 want, Tensor got, double rtol) {
        assertEquals(Shapes.format(want.shape()), Shapes.format(got.shape()), what + ": shape");
        float[] g = got.data();
        int bad = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < g.length; i++) {
            double e = want.data()[i];
            double v = g[i];
            boolean ok = rtol == 0 ? v == e : Math.abs(v - e) <= rtol * Math.max(1.0, Math.abs(e));
            if (!ok && !(Double.isInfinite(e) && v == e)) {
                if (bad++ < 5) {
                    first.append(String.format("%n  at %s: got %s, expected %s",
                            Shapes.coordinates(want.shape(), i), v, e));
                }
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + g.length + " elements differ" + first);
        }
    }

    // ---------------------------------------------------------------- convolution

    private record ConvData(Tensor x, Tensor w, Tensor b, Tensor dy, Tensor64 yBias, Tensor64 yNoBias,
                            Reference.Grads sum, Reference.Grads mean) {
    }

    private static final Map<ConvCase, ConvData> CONV_DATA = new LinkedHashMap<>();

    private static synchronized ConvData data(ConvCase cc) {
        return CONV_DATA.computeIfAbsent(cc, k -> {
            Window g = k.g();
            Tensor x = ints(1, k.n(), k.c(), k.h(), k.w());
            Tensor w = ints(2, k.oc(), k.c() / g.groups(), g.kh(), g.kw());
            Tensor b = ints(3, k.oc());
            Tensor dy = ints(4, k.n(), k.oc(), g.outH(k.h()), g.outW(k.w()));
            Tensor64 x64 = Tensor64.of(x), w64 = Tensor64.of(w), dy64 = Tensor64.of(dy);
            return new ConvData(x, w, b, dy,
                    Reference.conv2d(x64, w64, Tensor64.of(b), g), Reference.conv2d(x64, w64, null, g),
                    Reference.conv2dBackward(x64, w64, dy64, g, Reduction.SUM),
                    Reference.conv2dBackward(x64, w64, dy64, g, Reduction.MEAN));
        });
    }

    @TestFactory
    Stream<DynamicTest> convolution() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : IMPLS.entrySet()) {
            Implementation impl = e.getValue();
            for (ConvCase cc : CONV_CASES) {
                tests.add(DynamicTest.dynamicTest(e.getKey() + ": " + cc, () -> checkConv(impl, cc)));
            }
        }
        return tests.stream();
    }

    private static void checkConv(Implementation impl, ConvCase cc) {
        Window g = cc.g();
        assertTrue(impl.supports(Op.CONV2D, g).supported());
        assertTrue(impl.supports(Op.CONV2D_BACKWARD, g).supported());
        ConvData d = data(cc);
        int[] ys = d.dy().shape();

        Tensor y = nan(ys);
        impl.conv2d(d.x(), d.w(), d.b(), g, y);
        check("conv2d with bias", d.yBias(), y, 0);
        y = nan(ys);
        impl.conv2d(d.x(), d.w(), null, g, y);
        check("conv2d without bias", d.yNoBias(), y, 0);

        Tensor dx = nan(d.x().shape()), dw = nan(d.w().shape()), db = nan(cc.oc());
        impl.conv2dBackward(d.x(), d.w(), d.dy(), g, Reduction.SUM, dx, dw, db);
        check("dx", d.sum().dx(), dx, 0);
        check("dw (sum)", d.sum().dw(), dw, 0);
        check("db (sum)", d.sum().db(), db, 0);

        dx = nan(d.x().shape());
        dw = nan(d.w().shape());
        db = nan(cc.oc());
        impl.conv2dBackward(d.x(), d.w(), d.dy(), g, Reduction.MEAN, dx, dw, db);
        check("dx (mean: never averaged)", d.mean().dx(), dx, 0);
        check("dw (mean)", d.mean().dw(), dw, 1e-6);
        check("db (mean)", d.mean().db(), db, 1e-6);

        // each gradient alone: the others are null and must be skipped
        dx = nan(d.x().shape());
        impl.conv2dBackward(d.x(), d.w(), d.dy(), g, Reduction.SUM, dx, null, null);
        check("dx alone", d.sum().dx(), dx, 0);
        dw = nan(d.w().shape());
        impl.conv2dBackward(d.x(), d.w(), d.dy(), g, Reduction.SUM, null, dw, null);
        check("dw alone", d.sum().dw(), dw, 0);
        db = nan(cc.oc());
        impl.conv2dBackward(d.x(), d.w(), d.dy(), g, Reduction.MEAN, null, null, db);
        check("db alone (mean)", d.mean().db(), db, 1e-6);
        impl.conv2dBackward(d.x(), d.w(), d.dy(), g, Reduction.SUM, null, null, null);
    }

    // ---------------------------------------------------------------- im2col / col2im

    @TestFactory
    Stream<DynamicTest> im2colAndCol2im() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : IMPLS.entrySet()) {
            Implementation impl = e.getValue();
            for (ConvCase cc : CONV_CASES) {
                if (cc.g().isGrouped() || !impl.supports(Op.IM2COL, cc.g()).supported()) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(e.getKey() + ": " + cc, () -> {
                    Window g = cc.g();
                    assertTrue(impl.supports(Op.COL2IM, g).supported());
                    Tensor x = ints(5, cc.n(), cc.c(), cc.h(), cc.w());
                    int rows = cc.n() * g.outH(cc.h()) * g.outW(cc.w());
                    int cols = cc.c() * g.kh() * g.kw();
                    Tensor col = nan(rows, cols);
                    impl.im2col(x, g, col);
                    check("im2col", Reference.im2col(Tensor64.of(x), g), col, 0);
                    Tensor colIn = ints(6, rows, cols);
                    Tensor back = nan(x.shape());
                    impl.col2im(colIn, g, back);
                    check("col2im", Reference.col2im(Tensor64.of(colIn), x.shape(), g), back, 0);
                }));
            }
        }
        return tests.stream();
    }

    // ---------------------------------------------------------------- pooling and ReLU

    @TestFactory
    Stream<DynamicTest> pooling() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : IMPLS.entrySet()) {
            Implementation impl = e.getValue();
            for (PoolCase pc : POOL_CASES) {
                tests.add(DynamicTest.dynamicTest(e.getKey() + ": " + pc, () -> checkPool(impl, pc)));
            }
        }
        return tests.stream();
    }

    private static void checkPool(Implementation impl, PoolCase pc) {
        Window g = pc.g();
        for (Op op : List.of(Op.MAXPOOL2D, Op.AVGPOOL2D, Op.MAXPOOL2D_BACKWARD, Op.AVGPOOL2D_BACKWARD)) {
            assertTrue(impl.supports(op, g).supported(), op.id());
        }
        Tensor x = ints(7, pc.n(), pc.c(), pc.h(), pc.w());   // many ties: checks the first-maximum rule
        int[] ys = {pc.n(), pc.c(), g.outH(pc.h()), g.outW(pc.w())};
        Tensor dy = ints(8, ys);
        Tensor64 x64 = Tensor64.of(x), dy64 = Tensor64.of(dy);

        Tensor y = nan(ys);
        impl.maxPool2d(x, g, y);
        check("maxpool2d", Reference.maxPool2d(x64, g), y, 0);
        Tensor dx = nan(x.shape());
        impl.maxPool2dBackward(x, dy, g, dx);
        check("maxpool2d_backward", Reference.maxPool2dBackward(x64, dy64, g), dx, 0);

        for (boolean include : new boolean[] {true, false}) {
            y = nan(ys);
            impl.avgPool2d(x, g, include, y);
            check("avgpool2d countIncludePad=" + include, Reference.avgPool2d(x64, g, include), y, 1e-6);
            dx = nan(x.shape());
            impl.avgPool2dBackward(dy, g, include, dx);
            check("avgpool2d_backward countIncludePad=" + include,
                    Reference.avgPool2dBackward(dy64, x.shape(), g, include), dx, 1e-6);
        }
    }

    @TestFactory
    Stream<DynamicTest> relu() {
        return IMPLS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Implementation impl = e.getValue();
            assertTrue(impl.supports(Op.RELU, Window.of(1, 1, 0)).supported());
            for (int[] shape : new int[][] {{2, 3, 17, 13}, {1, 4, 300, 300}}) {
                Tensor x = ints(9, shape);
                x.data()[0] = -0.0f;
                Tensor y = nan(shape);
                impl.relu(x, y);
                check("relu", Reference.relu(Tensor64.of(x)), y, 0);
            }
        }));
    }

    // ---------------------------------------------------------------- metadata

    @Test
    void discoveredWithServiceLoaderAndDescribed() {
        List<Implementation> found = Implementations.discover();
        List<String> names = Implementations.names(found);
        assertTrue(names.contains("im2col"), names.toString());
        assertTrue(names.contains("blocked"), names.toString());
        for (Implementation impl : found) {
            if (impl.getClass().getPackageName().equals("convbench.cpu")) {
                assertTrue(impl.description().length() > 100, impl.name());
                assertTrue(impl.documentSection().startsWith("001_ff6b80459da32d29.txt 17."), impl.name());
                assertTrue(!impl.variant().isEmpty(), impl.name());
                assertTrue(!impl.supports(Op.OUTPUT_SHAPE, Window.of(1, 1, 0)).supported());
            }
            impl.close();
        }
    }

    @Test
    void blockedUsesTheVectorApiWhenTheModuleIsPresent() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(module, MicroKernels.vectorApiPresent());
        String variant = IMPLS.get("blocked").variant();
        assertTrue(variant.startsWith(module ? "output-channel tiles" : "scalar fallback"), variant);
        assertTrue(IMPLS.get("blocked-gemm-3threads").variant().startsWith(module ? "Vector API" : "scalar fallback"));
        assertTrue(!IMPLS.get("blocked").supports(Op.IM2COL, Window.of(1, 1, 0)).supported());
    }
}
