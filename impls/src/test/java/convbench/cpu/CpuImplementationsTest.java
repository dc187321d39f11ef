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
import convbench.reference.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
        IMPLS.put("blocked-scalar-1thread", new BlockedGemmConv(1, MicroKernels.scalar()));
        IMPLS.put("blocked-3threads", new BlockedGemmConv(3, MicroKernels.best()));
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

    private static Window win(int kh, int kw, int sh, int sw, int pt, int pb, int pl, int pr, int dh, int dw) {
        return new Window(kh, kw, sh, sw, pt, pb, pl, pr, dh, dw);
    }

    static final List<ConvCase> CONV_CASES = List.of(
            new ConvCase("single channel 3x3", 1, 1, 17, 13, 1, Window.of(3, 1, 0)),
            new ConvCase("1x1 kernel", 4, 3, 17, 13, 5, Window.of(1, 1, 0)),
            new ConvCase("1x1 kernel stride 2 padded", 2, 16, 17, 13, 17, win(1, 1, 2, 2, 1, 0, 0, 1, 1, 1)),
            new ConvCase("kernel equal to input", 2, 3, 17, 13, 7, win(17, 13, 1, 1, 0, 0, 0, 0, 1, 1)),
            new ConvCase("stride larger than kernel", 1, 3, 17, 13, 4, Window.of(2, 3, 0)),
            new ConvCase("asymmetric padding", 4, 16, 17, 13, 33, win(3, 3, 1, 1, 2, 0, 1, 3, 1, 1)),
            new ConvCase("dilation 2 stride 2", 1, 17, 17, 13, 19, win(3, 3, 2, 2, 2, 2, 2, 2, 2, 2)),
            new ConvCase("rectangular everything", 4, 3, 17, 13, 8, win(3, 5, 2, 1, 1, 2, 0, 1, 2, 1)),
            new ConvCase("more out channels than a reduction block", 1, 2, 5, 5, 300, Window.of(3, 1, 1)),
            new ConvCase("larger, several blocks", 2, 64, 20, 20, 64, Window.of(3, 1, 1)),
            new ConvCase("larger, K over two blocks, stride 2", 1, 64, 20, 20, 70, Window.of(3, 2, 1)),
            new ConvCase("batch 5 few positions", 5, 8, 6, 7, 3, win(2, 2, 1, 1, 0, 1, 1, 0, 1, 1)),
            // grouped: the blocked GEMM per group (groups < C) and its depthwise kernel (groups = C)
            new ConvCase("groups 2", 2, 4, 9, 11, 6, Window.of(3, 1, 1).withGroups(2)),
            new ConvCase("groups 3 odd, stride 2, asymmetric padding", 1, 6, 17, 13, 9,
                    win(3, 3, 2, 2, 1, 0, 2, 1, 1, 1).withGroups(3)),
            new ConvCase("groups 2 1x1, batch 3", 3, 8, 7, 5, 4, Window.of(1, 1, 0).withGroups(2)),
            new ConvCase("groups 4, 16 channels per group, several panels", 1, 64, 20, 20, 64,
                    Window.of(3, 1, 1).withGroups(4)),
            new ConvCase("groups 2, 15 out channels per group (ragged tiles)", 3, 6, 8, 9, 30,
                    win(2, 3, 1, 1, 0, 1, 1, 0, 1, 1).withGroups(2)),
            new ConvCase("depthwise 3x3 pad 1", 2, 16, 17, 13, 16, Window.of(3, 1, 1).withGroups(16)),
            new ConvCase("depthwise stride 2 pad 1", 1, 8, 17, 13, 8, Window.of(3, 2, 1).withGroups(8)),
            new ConvCase("depthwise dilated, stride 1x2, asymmetric padding", 2, 5, 13, 17, 5,
                    win(3, 3, 1, 2, 2, 0, 1, 3, 2, 1).withGroups(5)),
            new ConvCase("depthwise channel multiplier 2", 1, 3, 9, 40, 6, Window.of(3, 1, 1).withGroups(3)),
            new ConvCase("depthwise row of 37 (vectors and an overlapping tail)", 3, 4, 6, 37, 4,
                    Window.of(3, 1, 1).withGroups(4)),
            new ConvCase("depthwise stride 2x1, asymmetric padding", 2, 4, 13, 19, 4,
                    win(3, 3, 2, 1, 2, 0, 1, 3, 1, 1).withGroups(4)),
            new ConvCase("depthwise stride 3 larger than kernel", 1, 2, 17, 13, 2, Window.of(2, 3, 0).withGroups(2)),
            new ConvCase("depthwise 5x5 stride 2 pad 2, wide", 2, 2, 23, 45, 2, Window.of(5, 2, 2).withGroups(2)));

    static final List<PoolCase> POOL_CASES = List.of(
            new PoolCase("2x2 stride 2", 2, 3, 17, 13, Window.of(2, 2, 0)),
            new PoolCase("3x3 stride 2 pad 1", 1, 5, 17, 13, Window.of(3, 2, 1)),
            new PoolCase("asymmetric padding", 4, 1, 17, 13, win(3, 3, 1, 1, 2, 0, 1, 2, 1, 1)),
            new PoolCase("stride larger than kernel, dilated", 1, 2, 17, 13, win(2, 3, 3, 4, 0, 0, 0, 0, 2, 2)),
            new PoolCase("kernel equal to input", 3, 2, 17, 13, win(17, 13, 1, 1, 0, 0, 0, 0, 1, 1)),
            new PoolCase("larger", 2, 64, 20, 20, Window.of(3, 2, 1)));

    // ---------------------------------------------------------------- data

    private static Tensor ints(long seed, int... shape) {
        Random r = new Random(seed);
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(7) - 3;
        }
        return t;
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
        assertTrue(variant.startsWith(module ? "Vector API" : "scalar fallback"), variant);
        assertTrue(!IMPLS.get("blocked").supports(Op.IM2COL, Window.of(1, 1, 0)).supported());
    }
}
