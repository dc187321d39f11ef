package convbench.opencl;

import convbench.api.ConvShape;
import convbench.api.PoolShape;
import convbench.api.Reduction;
import convbench.api.Shapes;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.reference.Reference;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * One tuning problem made ready to run: inputs (small integers, so float32 sums are exact),
 * output tensors, the float64 reference output and the tolerance a candidate's output is
 * checked with.
 */
final class PreparedProblem {
    private final Tuner.Problem p;
    private Tensor x;
    private Tensor w;
    private Tensor b;
    private Tensor dy;
    private Tensor out;
    private Tensor db;
    private Tensor64 expected;
    private Tensor64 expectedDb;
    /** Relative tolerance: 0 where the float32 result is exact. */
    private double rtol;
    private double atol;

    private PreparedProblem(Tuner.Problem p) {
        this.p = p;
    }

    /** Runs the problem's operation on {@code impl}, the outputs poisoned with NaN first. */
    void run(OpenClImplementation impl) {
        Arrays.fill(out.data(), Float.NaN);
        if (p.conv() != null) {
            switch (p.direction()) {
                case "forward" -> impl.conv2d(x, w, b, p.conv().window(), out);
                case "backward-data" -> impl.conv2dBackward(x, w, dy, p.conv().window(), Reduction.SUM, out, null, null);
                case "backward-weights" -> {
                    Arrays.fill(db.data(), Float.NaN);
                    impl.conv2dBackward(x, w, dy, p.conv().window(), Reduction.SUM, null, out, db);
                }
                default -> throw new IllegalArgumentException(p.direction());
            }
        } else {
            PoolShape s = p.pool();
            boolean forward = p.direction().equals("pool-forward");
            if (p.maxPool()) {
                if (forward) {
                    impl.maxPool2d(x, s.window(), out);
                } else {
                    impl.maxPool2dBackward(x, dy, s.window(), out);
                }
            } else if (forward) {
                impl.avgPool2d(x, s.window(), s.countIncludePad(), out);
            } else {
                impl.avgPool2dBackward(dy, s.window(), s.countIncludePad(), out);
            }
        }
    }

    /** Null when the last run's outputs match the reference, else what differs. */
    String mismatch() {
        String m = compare(expected, out, rtol, atol);
        if (m == null && expectedDb != null) {
            m = compare(expectedDb, db, 0, 0);
            m = m == null ? null : "db " + m;
        }
        return m;
    }

    /**
     * Inputs drawn from {@code rnd} and the reference; {@code gradients} holds the reference
     * gradients per problem name, computed once for both backward directions.
     */
    static PreparedProblem prepare(Tuner.Problem p, Random rnd, Map<String, Reference.Grads> gradients) {
        PreparedProblem pr = new PreparedProblem(p);
        if (p.conv() != null) {
            ConvShape c = p.conv();
            pr.x = ints(rnd, c.inputShape());
            pr.w = ints(rnd, c.weightShape());
            pr.b = ints(rnd, c.oc());
            pr.dy = ints(rnd, c.outputShape());
            Tensor64 x64 = Tensor64.of(pr.x), w64 = Tensor64.of(pr.w);
            switch (p.direction()) {
                case "forward" -> {
                    pr.out = Tensor.zeros(c.outputShape());
                    pr.expected = Reference.conv2d(x64, w64, Tensor64.of(pr.b), c.window());
                }
                case "backward-data", "backward-weights" -> {
                    Reference.Grads grads = gradients.computeIfAbsent(p.name(),
                            k -> Reference.conv2dBackward(x64, w64, Tensor64.of(pr.dy), c.window(), Reduction.SUM));
                    if (p.direction().equals("backward-data")) {
                        pr.out = Tensor.zeros(c.inputShape());
                        pr.expected = grads.dx();
                    } else {
                        pr.out = Tensor.zeros(c.weightShape());
                        pr.db = Tensor.zeros(c.oc());
                        pr.expected = grads.dw();
                        pr.expectedDb = grads.db();
                    }
                }
                default -> throw new IllegalArgumentException("no direction " + p.direction() + " for a convolution");
            }
        } else {
            PoolShape s = p.pool();
            pr.x = ints(rnd, s.inputShape());
            pr.dy = ints(rnd, s.outputShape());
            Tensor64 x64 = Tensor64.of(pr.x);
            boolean forward = p.direction().equals("pool-forward");
            pr.out = Tensor.zeros(forward ? s.outputShape() : s.inputShape());
            if (p.maxPool()) {
                pr.expected = forward ? Reference.maxPool2d(x64, s.window())
                        : Reference.maxPool2dBackward(x64, Tensor64.of(pr.dy), s.window());
            } else {
                pr.expected = forward ? Reference.avgPool2d(x64, s.window(), s.countIncludePad())
                        : Reference.avgPool2dBackward(Tensor64.of(pr.dy), s.inputShape(), s.window(), s.countIncludePad());
                // divisions make averages inexact; sums of shares may cancel to near zero, so the
                // absolute part of the tolerance scales with the input's magnitude (3)
                pr.rtol = 1e-5;
                pr.atol = 3e-5;
            }
        }
        return pr;
    }

    private static Tensor ints(Random rnd, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextInt(7) - 3;
        }
        return t;
    }

    /** Null when every element is within atol + rtol*|expected|, else the count and the first one. */
    static String compare(Tensor64 expected, Tensor got, double rtol, double atol) {
        int bad = 0;
        String first = null;
        for (int i = 0; i < got.size(); i++) {
            double e = expected.data()[i];
            double g = got.data()[i];
            if (!(Math.abs(g - e) <= atol + rtol * Math.abs(e))) {   // NaN (never written) fails too
                if (first == null) {
                    first = "at " + Shapes.coordinates(got.shape(), i) + " got " + g + ", expected " + e;
                }
                bad++;
            }
        }
        return bad == 0 ? null : bad + " of " + got.size() + " elements differ, first " + first;
    }
}
