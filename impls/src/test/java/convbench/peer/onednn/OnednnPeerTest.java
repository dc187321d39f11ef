package convbench.peer.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.api.Implementations;
import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.reference.Reference;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The onednn peer against the float64 reference. Inputs are small integers, so every float32 sum
 * is exact and results must equal the reference exactly. Average pooling divides: its shares
 * dy/count (values near 1) are rounded, and in backward several shares of different windows add
 * up, possibly to about 0; it is compared as {@code |got - want| <= 1e-6 * (1 + |want|)}, float32
 * rounding of terms of size 1. Outputs are filled
 * with NaN before each call, so an element that is never written fails.
 */
class OnednnPeerTest {
    private static OnednnPeer impl;

    @BeforeAll
    static void open() {
        impl = new OnednnPeer();
        assertTrue(impl.available().supported(), () -> "onednn must load on linux-x86_64: " + impl.available().reason());
    }

    @AfterAll
    static void closeAll() {
        impl.close();
    }

    private static Tensor ints(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = r.nextInt(7) - 3;
        }
        return t;
    }

    /** tol 0: exact; else |got - want| <= tol * (1 + |want|). */
    private static void same(String what, Tensor64 expected, Tensor got, double tol) {
        assertArrayEquals(expected.shape(), got.shape(), what + " shape");
        for (int i = 0; i < got.size(); i++) {
            double e = expected.data()[i];
            assertEquals(e, got.data()[i], tol * (1 + Math.abs(e)), what + " at flat index " + i);
        }
    }

    @Test
    void isDiscoveredAndReportsItsThreads() {
        assertTrue(Implementations.names(Implementations.discover()).contains("onednn"));
        String variant = impl.variant();
        assertTrue(variant.startsWith("oneDNN 3.11."), variant);
        int n = OpenMpThreads.configuredThreads();
        assertTrue(variant.contains("OpenMP " + n + (n == 1 ? " thread" : " threads")), variant);
    }

    @Test
    void convolutionForwardAndBothGradients() {
        Random r = new Random(1);
        Window[] windows = {
            Window.of(3, 1, 1),
            Window.of(3, 2, 0),
            new Window(3, 2, 2, 1, 2, 0, 1, 3, 1, 1),   // asymmetric padding, rectangular kernel
            new Window(3, 3, 1, 1, 2, 2, 2, 2, 2, 2),   // dilation 2
            Window.of(1, 1, 0),
        };
        for (Window g : windows) {
            for (int channels : new int[] {3, 17}) {
                Tensor x = ints(r, 2, channels, 11, 9);
                Tensor w = ints(r, 5, channels, g.kh(), g.kw());
                Tensor b = ints(r, 5);
                int oh = g.outH(11), ow = g.outW(9);
                String label = g + " c" + channels;

                Tensor y = Tensor.filled(Float.NaN, 2, 5, oh, ow);
                impl.conv2d(x, w, b, g, y);
                same("y " + label, Reference.conv2d(Tensor64.of(x), Tensor64.of(w), Tensor64.of(b), g), y, 0);
                impl.conv2d(x, w, null, g, y);
                same("y without bias " + label, Reference.conv2d(Tensor64.of(x), Tensor64.of(w), null, g), y, 0);

                Tensor dy = ints(r, 2, 5, oh, ow);
                Tensor dx = Tensor.filled(Float.NaN, x.shape());
                Tensor dw = Tensor.filled(Float.NaN, w.shape());
                Tensor db = Tensor.filled(Float.NaN, 5);
                impl.conv2dBackward(x, w, dy, g, Reduction.SUM, dx, dw, db);
                Reference.Grads ref = Reference.conv2dBackward(Tensor64.of(x), Tensor64.of(w), Tensor64.of(dy), g,
                        Reduction.SUM);
                same("dx " + label, ref.dx(), dx, 0);
                same("dw " + label, ref.dw(), dw, 0);
                same("db " + label, ref.db(), db, 0);
            }
        }
    }

    /**
     * Groups, ahead of the API: weights [OC, C/G, KH, KW] on an input of C channels are G
     * independent convolutions, each of C/G input to OC/G output channels; checked against the
     * reference run on each group's slice of channels (groups 2, and depthwise: groups = C).
     */
    @Test
    void groupedConvolutionIsOneConvolutionPerGroupOfChannels() {
        Random r = new Random(7);
        Window g = Window.of(3, 1, 1);
        for (int groups : new int[] {2, 6}) {
            int c = 6, oc = 2 * groups, cg = c / groups, ocg = oc / groups;
            Tensor x = ints(r, 2, c, 7, 8);
            Tensor w = ints(r, oc, cg, 3, 3);
            Tensor b = ints(r, oc);
            Tensor dy = ints(r, 2, oc, 7, 8);
            Tensor y = Tensor.filled(Float.NaN, 2, oc, 7, 8);
            Tensor dx = Tensor.filled(Float.NaN, x.shape());
            Tensor dw = Tensor.filled(Float.NaN, w.shape());
            Tensor db = Tensor.filled(Float.NaN, oc);
            impl.conv2d(x, w, b, g, y);
            impl.conv2dBackward(x, w, dy, g, Reduction.SUM, dx, dw, db);
            for (int k = 0; k < groups; k++) {
                Tensor64 xk = channels(x, k * cg, cg), wk = outputChannels(w, k * ocg, ocg);
                Tensor64 dyk = channels(dy, k * ocg, ocg), bk = outputChannels(b, k * ocg, ocg);
                String label = "groups " + groups + " group " + k;
                same("y " + label, Reference.conv2d(xk, wk, bk, g), slice(y, k * ocg, ocg), 0);
                Reference.Grads ref = Reference.conv2dBackward(xk, wk, dyk, g, Reduction.SUM);
                same("dx " + label, ref.dx(), slice(dx, k * cg, cg), 0);
                same("dw " + label, ref.dw(), sliceRows(dw, k * ocg, ocg), 0);
                same("db " + label, ref.db(), sliceRows(db, k * ocg, ocg), 0);
            }
        }
    }

    /** Channels [from, from+count) of an NCHW tensor. */
    private static Tensor slice(Tensor t, int from, int count) {
        int n = t.dim(0), c = t.dim(1), plane = t.dim(2) * t.dim(3);
        Tensor s = Tensor.zeros(n, count, t.dim(2), t.dim(3));
        for (int i = 0; i < n; i++) {
            System.arraycopy(t.data(), (i * c + from) * plane, s.data(), i * count * plane, count * plane);
        }
        return s;
    }

    private static Tensor64 channels(Tensor t, int from, int count) {
        return Tensor64.of(slice(t, from, count));
    }

    /** Rows [from, from+count) along the first axis (output channels of weights, or of a bias). */
    private static Tensor sliceRows(Tensor t, int from, int count) {
        int[] shape = t.shape();
        int row = t.size() / shape[0];
        shape[0] = count;
        Tensor s = Tensor.zeros(shape);
        System.arraycopy(t.data(), from * row, s.data(), 0, count * row);
        return s;
    }

    private static Tensor64 outputChannels(Tensor t, int from, int count) {
        return Tensor64.of(sliceRows(t, from, count));
    }

    @Test
    void meanReductionAndGradientsAskedForSeparately() {
        Random r = new Random(2);
        Window g = Window.of(3, 1, 1);
        Tensor x = ints(r, 4, 6, 8, 8);
        Tensor w = ints(r, 7, 6, 3, 3);
        Tensor dy = ints(r, 4, 7, 8, 8);
        for (int i = 0; i < dy.size(); i++) {
            dy.data()[i] *= 4; // multiples of the batch: the mean stays an exact integer
        }
        Reference.Grads ref = Reference.conv2dBackward(Tensor64.of(x), Tensor64.of(w), Tensor64.of(dy), g,
                Reduction.MEAN);
        Tensor dw = Tensor.filled(Float.NaN, w.shape());
        impl.conv2dBackward(x, w, dy, g, Reduction.MEAN, null, dw, null);
        same("dw mean", ref.dw(), dw, 0);
        Tensor db = Tensor.filled(Float.NaN, 7);
        impl.conv2dBackward(x, w, dy, g, Reduction.MEAN, null, null, db);
        same("db mean alone", ref.db(), db, 0);
        Tensor dx = Tensor.filled(Float.NaN, x.shape());
        impl.conv2dBackward(x, w, dy, g, Reduction.MEAN, dx, null, null);
        same("dx (never averaged)", ref.dx(), dx, 0);
    }

    @Test
    void pooling() {
        Random r = new Random(3);
        Window[] windows = {Window.of(2, 2, 0), Window.of(3, 2, 1), new Window(3, 3, 2, 2, 1, 0, 0, 1, 1, 1),
            new Window(2, 2, 1, 1, 0, 0, 0, 0, 2, 2)};
        for (Window g : windows) {
            Tensor x = ints(r, 2, 19, 9, 10);
            int oh = g.outH(9), ow = g.outW(10);
            Tensor y = Tensor.filled(Float.NaN, 2, 19, oh, ow);
            impl.maxPool2d(x, g, y);
            same("max " + g, Reference.maxPool2d(Tensor64.of(x), g), y, 0);
            Tensor dy = ints(r, 2, 19, oh, ow);
            Tensor dx = Tensor.filled(Float.NaN, x.shape());
            // Values -3..3 tie often inside a window: the gradient must go to the first maximum.
            impl.maxPool2dBackward(x, dy, g, dx);
            same("max backward " + g, Reference.maxPool2dBackward(Tensor64.of(x), Tensor64.of(dy), g), dx, 0);
            for (boolean include : new boolean[] {false, true}) {
                impl.avgPool2d(x, g, include, y);
                same("avg " + g + " include " + include, Reference.avgPool2d(Tensor64.of(x), g, include), y, 1e-6);
                impl.avgPool2dBackward(dy, g, include, dx);
                same("avg backward " + g + " include " + include,
                        Reference.avgPool2dBackward(Tensor64.of(dy), x.shape(), g, include), dx, 1e-6);
            }
        }
    }

    @Test
    void maxPoolingBackwardSendsTiesToTheFirstMaximum() {
        Tensor x = Tensor.filled(5f, 1, 1, 4, 4);          // every window is one tie
        Tensor dy = new Tensor(new int[] {1, 1, 2, 2}, new float[] {1, 2, 3, 4});
        Tensor dx = Tensor.filled(Float.NaN, 1, 1, 4, 4);
        impl.maxPool2dBackward(x, dy, Window.of(2, 2, 0), dx);
        assertArrayEquals(new float[] {1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0}, dx.data());
    }

    @Test
    void timesThePrimitiveApartFromTheReorders() {
        Random r = new Random(4);
        Window g = Window.of(3, 1, 1);
        Tensor x = ints(r, 1, 32, 28, 28);
        Tensor w = ints(r, 32, 32, 3, 3);
        Tensor b = ints(r, 32);
        Tensor y = Tensor.zeros(1, 32, 28, 28);
        impl.conv2d(x, w, b, g, y);
        double buildAfterFirst = impl.buildMs();
        impl.conv2d(x, w, b, g, y);
        assertEquals(buildAfterFirst, impl.buildMs(), "the second call of a problem reuses its primitives");
        assertNotNull(impl.lastDeviceMs());
        assertTrue(impl.lastDeviceMs() > 0, "primitive time " + impl.lastDeviceMs());
        assertTrue(impl.lastEndToEndMs() >= impl.lastDeviceMs(), "end-to-end includes the primitive");
        CallTimes last = impl.lastCall();
        assertEquals((last.primitiveNanos + last.reorderNanos + last.helperNanos) / 1e6, impl.lastEndToEndMs(), 1e-9);
        assertTrue(last.copyNanos > 0, "copies between Java arrays and native buffers are timed");

        long countBefore = impl.operationCount();
        double deviceBefore = impl.totalDeviceMs(), endToEndBefore = impl.totalEndToEndMs();
        double device = 0, endToEnd = 0;
        for (int i = 0; i < 3; i++) {
            impl.conv2d(x, w, b, g, y);
            device += impl.lastDeviceMs();
            endToEnd += impl.lastEndToEndMs();
        }
        assertEquals(countBefore + 3, impl.operationCount());
        assertEquals(device, impl.totalDeviceMs() - deviceBefore, 1e-6, "totals add up the operations' times");
        assertEquals(endToEnd, impl.totalEndToEndMs() - endToEndBefore, 1e-6);
        assertTrue(impl.lastImplementation().startsWith("fwd "), impl.lastImplementation());
        assertTrue(impl.variant().contains("last: fwd "), impl.variant());
        assertEquals(null, impl.deviceName(), "a CPU peer: results are filed under device cpu like blocked's");
    }

    @Test
    void keepsABoundedNumberOfProblems() {
        Random r = new Random(5);
        for (int size = 5; size < 20; size++) {
            Tensor x = ints(r, 1, 2, size, size);
            Tensor y = Tensor.zeros(1, 2, size - 1, size - 1);
            impl.maxPool2d(x, new Window(2, 2, 1, 1, 0, 0, 0, 0, 1, 1), y);
        }
        assertTrue(impl.cachedPlans() <= 8, "cached " + impl.cachedPlans());
    }

    @Test
    void runsOnTheConfiguredNumberOfOpenMpThreadsFromAnyJavaThread() throws Exception {
        AtomicInteger seen = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            Tensor x = Tensor.filled(1f, 1, 1, 4, 4);
            impl.maxPool2d(x, Window.of(2, 2, 0), Tensor.zeros(1, 1, 2, 2));
            seen.set(Onednn.get().threads.maxThreadsOfThisThread());
        });
        t.start();
        t.join();
        assertEquals(OpenMpThreads.configuredThreads(), seen.get());
    }

    @Test
    void setsTheOpenMpThreadCountOfTheCallingThread() throws Exception {
        Onednn.get();
        String gomp = org.bytedeco.javacpp.Loader.getLoadedLibraries().entrySet().stream()
                .filter(e -> e.getKey().startsWith("gomp")).findFirst().orElseThrow().getValue();
        OpenMpThreads one = new OpenMpThreads(gomp, 1);
        AtomicInteger after = new AtomicInteger();
        Thread t = new Thread(() -> {
            one.applyToThisThread();
            after.set(one.maxThreadsOfThisThread());
        });
        t.start();
        t.join();
        assertEquals(1, after.get());
    }

    @Test
    void refusesWhatOneDnnDoesNotHave() {
        Window g = Window.of(3, 1, 0);
        for (Op op : new Op[] {Op.IM2COL, Op.COL2IM, Op.RELU, Op.OUTPUT_SHAPE}) {
            assertFalse(impl.supports(op, g).supported(), op.id());
            assertNotNull(impl.supports(op, g).reason());
        }
        Window windowsInThePadding = Window.of(2, 2, 2);
        for (Op op : new Op[] {Op.MAXPOOL2D, Op.AVGPOOL2D, Op.MAXPOOL2D_BACKWARD, Op.AVGPOOL2D_BACKWARD}) {
            assertFalse(impl.supports(op, windowsInThePadding).supported(), op.id());
            assertTrue(impl.supports(op, Window.of(3, 2, 2)).supported(), op.id());
        }
        assertTrue(impl.supports(Op.CONV2D, windowsInThePadding).supported(), "convolution pads with zeros, any amount");
    }

    @Test
    void convolutionWithPaddingBeyondTheKernel() {
        Random r = new Random(6);
        Window g = Window.of(2, 2, 2);
        Tensor x = ints(r, 2, 3, 6, 7);
        Tensor w = ints(r, 4, 3, 2, 2);
        Tensor y = Tensor.filled(Float.NaN, 2, 4, g.outH(6), g.outW(7));
        impl.conv2d(x, w, null, g, y);
        same("y", Reference.conv2d(Tensor64.of(x), Tensor64.of(w), null, g), y, 0);
    }
}
