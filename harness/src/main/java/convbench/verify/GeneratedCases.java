package convbench.verify;

import convbench.api.ConvShape;
import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.fixtures.Fixture;
import convbench.ops.Drivers;
import convbench.ops.OddGeometries;
import convbench.ops.OpDriver;
import convbench.ops.OpParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generated cases in the manner of oneDNN's benchdnn: inputs are small non-zero integers (each
 * op's driver fills them), so every float32 sum is exact and implementations are compared with
 * the float64 reference exactly (ops that divide get a relative tolerance of 1e-6). The
 * geometries are the project's one dataset, {@link OddGeometries}: odd sizes, 1x1 kernels and
 * inputs, a kernel equal to the input, stride larger than the kernel, asymmetric padding,
 * dilation, batch 1 and > 1, 1, 3 and 16+ channels, and grouped and depthwise convolution.
 */
public final class GeneratedCases {
    public static final long DEFAULT_SEED = 20240917L;
    public static final String DOCUMENT = "generated";

    /** One template: an op on a shape and window. */
    record Template(String label, Op op, int n, int c, int h, int w, int oc, Window window,
                    Reduction reduction, boolean countIncludePad) {
    }

    private static final List<Template> TEMPLATES = templates();

    /**
     * Every geometry of {@link OddGeometries}: each convolution forward and backward (the
     * backward alternating the SUM and MEAN reductions), each pooling in its four ops
     * (countIncludePad alternating), im2col and col2im on the convolutions without groups that
     * are not large, and relu once.
     */
    private static List<Template> templates() {
        List<Template> t = new ArrayList<>();
        int i = 0;
        for (OddGeometries.Conv cc : OddGeometries.CONVOLUTIONS) {
            ConvShape s = cc.shape();
            t.add(new Template(cc.label(), Op.CONV2D, s.n(), s.c(), s.h(), s.w(), s.oc(), s.window(), null, true));
            t.add(new Template(cc.label(), Op.CONV2D_BACKWARD, s.n(), s.c(), s.h(), s.w(), s.oc(), s.window(),
                    i++ % 2 == 0 ? Reduction.SUM : Reduction.MEAN, true));
        }
        int j = 0;
        for (OddGeometries.Pool pc : OddGeometries.POOLINGS) {
            boolean cip = j++ % 2 == 0;
            for (Op op : new Op[] {Op.MAXPOOL2D, Op.AVGPOOL2D, Op.MAXPOOL2D_BACKWARD, Op.AVGPOOL2D_BACKWARD}) {
                t.add(new Template(pc.label(), op, pc.n(), pc.c(), pc.h(), pc.w(), 0, pc.window(), null, cip));
            }
        }
        for (OddGeometries.Conv cc : OddGeometries.CONVOLUTIONS) {
            ConvShape s = cc.shape();
            if (!s.window().isGrouped() && !cc.large()) {
                for (Op op : new Op[] {Op.IM2COL, Op.COL2IM}) {
                    t.add(new Template(cc.label(), op, s.n(), s.c(), s.h(), s.w(), 0, s.window(), null, true));
                }
            }
        }
        t.add(new Template("odd-17x13", Op.RELU, 2, 3, 17, 13, 0, Window.of(1, 1, 0), null, true));
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
        String label = t.label().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return String.format("gen-%03d-%s-%s", index, t.op().id().replace('_', '-'), label);
    }

    /** Draws per case: a draw whose reference is too sparse to prove anything is replaced by the next. */
    private static final int DRAWS = 8;

    /**
     * Case {@code index} of template t. Its data come from one random stream seeded by (seed, index);
     * when a draw leaves the reference output mostly zeros (so that VerifyEngine would mistrust it:
     * a tiny output such as 1x1 can be all zeros by chance), the stream's next draw is taken, up to
     * {@value #DRAWS} draws.
     */
    private static Fixture generate(int index, long seed, Template t) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + index);
        Fixture f = null;
        for (int draw = 0; draw < DRAWS; draw++) {
            f = draw(index, t, rnd);
            Map<String, Tensor64> reference = Drivers.of(t.op()).reference(f.params(), f.inputs());
            if (zeroFractions(f, reference).values().stream().allMatch(z -> z <= VerifyEngine.MISTRUST_ZERO_FRACTION)) {
                break;
            }
        }
        return f;
    }

    private static Fixture draw(int index, Template t, SplittableRandom rnd) {
        Window g = t.window();
        Reduction reduction = t.reduction() == null ? Reduction.SUM : t.reduction();
        int[] xShape = {t.n(), t.c(), t.h(), t.w()};
        OpParams params = new OpParams(t.op(), g, reduction, t.countIncludePad(), t.op() == Op.COL2IM ? xShape : null);
        OpDriver driver = Drivers.of(t.op());
        Map<String, Tensor64> in = new LinkedHashMap<>(driver.generate(params, xShape, t.oc(), rnd));
        double rtol = driver.generatedTolerance(params);
        String id = id(index, t);
        String title = t.op().id() + " " + t.n() + "x" + t.c() + "x" + t.h() + "x" + t.w()
                + (t.oc() > 0 ? " oc" + t.oc() : "") + " " + g
                + (t.reduction() != null ? " reduction " + t.reduction().id() : "")
                + (t.op() == Op.AVGPOOL2D || t.op() == Op.AVGPOOL2D_BACKWARD ? " countIncludePad " + t.countIncludePad() : "");
        return new Fixture(id, title, new Fixture.Source(DOCUMENT, t.label(), "generated"), t.op(), g,
                reduction, t.countIncludePad(), params.inputShape(), null, 0, in,
                Map.of(), rtol == 0 ? Fixture.Tolerance.EXACT : new Fixture.Tolerance(rtol, 0), null, null, DOCUMENT);
    }

    public static boolean isGenerated(Fixture f) {
        return f.source() != null && "generated".equals(f.source().kind());
    }

    /**
     * Fraction of an output that is zero, relative to how many of its elements could be non-zero
     * at all: those the reference makes non-zero when every input is 1 (positive terms never
     * cancel), keeping max pooling's x, whose first maxima decide which cells a gradient reaches.
     * So stride-2 1x1 kernels, dilated col2im or overlapping max pooling, whose outputs have
     * cells no window reaches, are judged on the cells that can be reached.
     */
    public static Map<String, Double> zeroFractions(Fixture f, Map<String, Tensor64> reference) {
        Map<String, Tensor64> ones = new LinkedHashMap<>();
        f.inputs().forEach((k, v) -> ones.put(k, f.op() == Op.MAXPOOL2D_BACKWARD && k.equals("x") ? v : filled(v, 1)));
        Map<String, Tensor64> reach = Drivers.of(f.op()).reference(f.params(), ones);
        Map<String, Double> out = new LinkedHashMap<>();
        reference.forEach((name, t) -> {
            long capacity = nonZero(reach.get(name));
            out.put(name, capacity == 0 ? 1.0 : 1.0 - (double) Math.min(nonZero(t), capacity) / capacity);
        });
        return out;
    }

    private static long nonZero(Tensor64 t) {
        long n = 0;
        for (double v : t.data()) {
            if (v != 0) {
                n++;
            }
        }
        return n;
    }

    private static Tensor64 filled(Tensor64 like, double value) {
        Tensor64 t = Tensor64.zeros(like.shape());
        java.util.Arrays.fill(t.data(), value);
        return t;
    }
}
