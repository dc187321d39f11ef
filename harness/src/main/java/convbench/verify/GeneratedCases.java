package convbench.verify;

import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.fixtures.Fixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generated cases in the manner of oneDNN's benchdnn: inputs are small non-zero integers, so
 * every float32 sum is exact and implementations are compared with the float64 reference
 * exactly (ops that divide get a relative tolerance of 1e-6). The geometry set covers odd sizes,
 * 1x1 kernels and inputs, a kernel equal to the input, stride larger than the kernel, asymmetric
 * padding, dilation, batch 1 and 4, 1, 3 and 16+ channels, and grouped convolution (2 and 3
 * groups, depthwise with stride 1 and 2, odd sizes, a channel multiplier).
 */
public final class GeneratedCases {
    public static final long DEFAULT_SEED = 20240917L;
    public static final String DOCUMENT = "generated";
    private static final Fixture.Tolerance DIVIDES = new Fixture.Tolerance(1e-6, 0);

    /** One template: an op on a shape and window. */
    record Template(String label, Op op, int n, int c, int h, int w, int oc, Window window,
                    Reduction reduction, boolean countIncludePad) {
    }

    private static Window win(int kh, int kw, int sh, int sw, int pt, int pb, int pl, int pr, int dh, int dw) {
        return new Window(kh, kw, sh, sw, pt, pb, pl, pr, dh, dw);
    }

    private static final List<Template> TEMPLATES = templates();

    private static List<Template> templates() {
        // n, c, h, w, oc, window, label
        Object[][] conv = {
            {1, 1, 17, 13, 1, Window.of(3, 1, 0), "odd-17x13"},
            {4, 3, 17, 13, 5, Window.of(3, 1, 1), "odd-17x13-pad1-batch4"},
            {1, 3, 5, 5, 2, Window.of(5, 1, 0), "kernel-equals-input"},
            {2, 3, 9, 11, 4, Window.of(1, 1, 0), "1x1-kernel"},
            {1, 1, 1, 1, 1, Window.of(1, 1, 0), "1x1-input"},
            {1, 16, 13, 17, 7, Window.of(2, 3, 0), "stride-larger-than-kernel"},
            {2, 4, 10, 9, 3, win(3, 2, 2, 1, 2, 0, 1, 3, 1, 1), "asymmetric-padding"},
            {1, 3, 12, 12, 4, win(3, 3, 1, 1, 2, 2, 2, 2, 2, 2), "dilation-2"},
            {4, 16, 8, 8, 16, Window.of(3, 2, 1), "stride-2-batch4-16ch"},
            {1, 20, 7, 7, 33, Window.of(3, 1, 1), "oc-33-not-a-vector-multiple"},
            {3, 2, 6, 7, 3, win(2, 3, 1, 2, 1, 1, 0, 0, 1, 1), "rectangular-kernel"},
            {2, 64, 14, 14, 24, Window.of(3, 1, 1), "64ch-blocking"},
        };
        Object[][] pool = {
            {2, 3, 8, 8, Window.of(2, 2, 0), "2x2-stride-2"},
            {1, 4, 17, 13, Window.of(3, 2, 1), "3x3-stride-2-pad1-odd"},
            {4, 2, 9, 10, win(3, 3, 2, 2, 1, 0, 0, 1, 1, 1), "asymmetric-padding"},
            {1, 16, 7, 7, Window.of(7, 1, 0), "global-7x7"},
            {2, 3, 11, 11, Window.of(2, 3, 0), "stride-larger-than-kernel"},
            {1, 3, 12, 9, win(2, 2, 1, 1, 0, 0, 0, 0, 2, 2), "dilation-2"},
        };
        List<Template> t = new ArrayList<>();
        int i = 0;
        for (Object[] r : conv) {
            Window w = (Window) r[5];
            String label = (String) r[6];
            t.add(new Template(label, Op.CONV2D, (int) r[0], (int) r[1], (int) r[2], (int) r[3], (int) r[4], w, null, true));
            t.add(new Template(label, Op.CONV2D_BACKWARD, (int) r[0], (int) r[1], (int) r[2], (int) r[3], (int) r[4], w,
                    i++ % 2 == 0 ? Reduction.SUM : Reduction.MEAN, true));
        }
        int j = 0;
        for (Object[] r : pool) {
            Window w = (Window) r[4];
            String label = (String) r[5];
            boolean cip = j++ % 2 == 0;
            for (Op op : new Op[] {Op.MAXPOOL2D, Op.AVGPOOL2D, Op.MAXPOOL2D_BACKWARD, Op.AVGPOOL2D_BACKWARD}) {
                t.add(new Template(label, op, (int) r[0], (int) r[1], (int) r[2], (int) r[3], 0, w, null, cip));
            }
        }
        for (int k : new int[] {0, 6, 7, 10}) {
            Object[] r = conv[k];
            Window w = (Window) r[5];
            t.add(new Template((String) r[6], Op.IM2COL, (int) r[0], (int) r[1], (int) r[2], (int) r[3], 0, w, null, true));
            t.add(new Template((String) r[6], Op.COL2IM, (int) r[0], (int) r[1], (int) r[2], (int) r[3], 0, w, null, true));
        }
        t.add(new Template("odd-17x13", Op.RELU, 2, 3, 17, 13, 0, Window.of(1, 1, 0), null, true));
        // Grouped convolution last, so that the ids of the cases above stay what they were.
        Object[][] grouped = {
            {2, 4, 9, 11, 6, Window.of(3, 1, 1).withGroups(2), "groups-2"},
            {1, 6, 17, 13, 9, win(3, 3, 2, 2, 1, 0, 2, 1, 1, 1).withGroups(3), "groups-3-odd-stride-2-asymmetric"},
            {2, 16, 13, 17, 16, Window.of(3, 1, 1).withGroups(16), "depthwise-3x3-odd"},
            {1, 8, 17, 13, 8, Window.of(3, 2, 1).withGroups(8), "depthwise-stride-2-pad-1"},
            {3, 5, 13, 17, 5, win(3, 3, 1, 2, 2, 0, 1, 3, 2, 1).withGroups(5), "depthwise-dilated-asymmetric"},
            {1, 3, 9, 20, 6, Window.of(3, 1, 1).withGroups(3), "depthwise-multiplier-2"},
        };
        for (Object[] r : grouped) {
            Window w = (Window) r[5];
            String label = (String) r[6];
            t.add(new Template(label, Op.CONV2D, (int) r[0], (int) r[1], (int) r[2], (int) r[3], (int) r[4], w, null, true));
            t.add(new Template(label, Op.CONV2D_BACKWARD, (int) r[0], (int) r[1], (int) r[2], (int) r[3], (int) r[4], w,
                    i++ % 2 == 0 ? Reduction.SUM : Reduction.MEAN, true));
        }
        return List.copyOf(t);
    }

    /** How many distinct templates there are: {@code --generated} with this count covers each once. */
    public static int templateCount() {
        return TEMPLATES.size();
    }

    /** Case i uses template i mod T with data drawn from (seed, i): reproducible one by one. */
    public static List<Fixture> generate(int count, long seed) {
        List<Fixture> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(generate(i, seed, TEMPLATES.get(i % TEMPLATES.size())));
        }
        return out;
    }

    public static String id(int index, Template t) {
        return String.format("gen-%03d-%s-%s", index, t.op().id().replace('_', '-'), t.label());
    }

    private static Fixture generate(int index, long seed, Template t) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + index);
        Window g = t.window();
        Map<String, Tensor64> in = new LinkedHashMap<>();
        int oh = g.outH(t.h()), ow = g.outW(t.w());
        int[] inputShape = null;
        switch (t.op()) {
            case CONV2D -> {
                in.put("x", ints(rnd, 3, t.n(), t.c(), t.h(), t.w()));
                in.put("w", ints(rnd, 2, t.oc(), t.c() / g.groups(), g.kh(), g.kw()));
                in.put("b", ints(rnd, 3, t.oc()));
            }
            case CONV2D_BACKWARD -> {
                in.put("x", ints(rnd, 3, t.n(), t.c(), t.h(), t.w()));
                in.put("w", ints(rnd, 2, t.oc(), t.c() / g.groups(), g.kh(), g.kw()));
                Tensor64 dy = ints(rnd, 3, t.n(), t.oc(), oh, ow);
                if (t.reduction() == Reduction.MEAN) {
                    scale(dy, t.n()); // multiples of N: the mean over the batch stays an exact integer
                }
                in.put("dy", dy);
            }
            case MAXPOOL2D, AVGPOOL2D, IM2COL, RELU -> in.put("x", ints(rnd, 3, t.n(), t.c(), t.h(), t.w()));
            case MAXPOOL2D_BACKWARD, AVGPOOL2D_BACKWARD -> {
                in.put("x", ints(rnd, 3, t.n(), t.c(), t.h(), t.w()));
                Tensor64 dy = ints(rnd, 3, t.n(), t.c(), oh, ow);
                if (t.op() == Op.AVGPOOL2D_BACKWARD) {
                    multiplyByDivisor(dy, t, g); // each share dy/divisor is then an exact integer
                }
                in.put("dy", dy);
            }
            case COL2IM -> {
                inputShape = new int[] {t.n(), t.c(), t.h(), t.w()};
                in.put("cols", ints(rnd, 3, t.n() * oh * ow, t.c() * g.kh() * g.kw()));
            }
            default -> throw new IllegalStateException(t.op().id());
        }
        // Average pooling forward rounds once (sum / count); implementations may multiply by 1/count.
        boolean divides = t.op() == Op.AVGPOOL2D;
        String id = id(index, t);
        String title = t.op().id() + " " + t.n() + "x" + t.c() + "x" + t.h() + "x" + t.w()
                + (t.oc() > 0 ? " oc" + t.oc() : "") + " " + g
                + (t.reduction() != null ? " reduction " + t.reduction().id() : "")
                + (t.op() == Op.AVGPOOL2D || t.op() == Op.AVGPOOL2D_BACKWARD ? " countIncludePad " + t.countIncludePad() : "");
        return new Fixture(id, title, new Fixture.Source(DOCUMENT, t.label(), "generated"), t.op(), g,
                t.reduction() == null ? Reduction.SUM : t.reduction(), t.countIncludePad(), inputShape, null, 0, in,
                Map.of(), divides ? DIVIDES : Fixture.Tolerance.EXACT, null, null, DOCUMENT);
    }

    private static void scale(Tensor64 t, int factor) {
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] *= factor;
        }
    }

    /** Multiplies each dy by the divisor of its pooling window. */
    private static void multiplyByDivisor(Tensor64 dy, Template t, Window g) {
        int oh = dy.dim(2), ow = dy.dim(3);
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                int divisor = g.kh() * g.kw();
                if (!t.countIncludePad()) {
                    divisor = g.rowsInside(i, t.h()) * g.colsInside(j, t.w());
                }
                for (int n = 0; n < dy.dim(0); n++) {
                    for (int c = 0; c < dy.dim(1); c++) {
                        dy.data()[((n * dy.dim(1) + c) * oh + i) * ow + j] *= divisor;
                    }
                }
            }
        }
    }

    /** Non-zero integers in [-bound, bound]: exact in float32 and no accidental zero outputs. */
    private static Tensor64 ints(SplittableRandom rnd, int bound, int... shape) {
        Tensor64 t = Tensor64.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            int v = rnd.nextInt(1, bound + 1);
            t.data()[i] = rnd.nextBoolean() ? v : -v;
        }
        return t;
    }

    public static boolean isGenerated(Fixture f) {
        return f.source() != null && "generated".equals(f.source().kind());
    }

    /**
     * Fraction of an output that is zero, relative to how many elements could be non-zero: max
     * pooling's backward pass can fill at most one cell per window, so its capacity is the size
     * of dy.
     */
    public static double zeroFraction(Fixture f, String name, Tensor64 out) {
        long nonZero = 0;
        for (double v : out.data()) {
            if (v != 0) {
                nonZero++;
            }
        }
        long capacity = out.size();
        if (f.op() == Op.MAXPOOL2D_BACKWARD) {
            capacity = Math.min(capacity, f.inputs().get("dy").size());
        }
        return capacity == 0 ? 1.0 : 1.0 - (double) nonZero / capacity;
    }
}
