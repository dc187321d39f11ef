package convbench.bench;

import convbench.api.ConvShape;
import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.PoolShape;
import convbench.api.Reduction;
import convbench.api.Shapes;
import convbench.api.Tensor;
import convbench.api.Window;
import convbench.suites.Direction;
import convbench.suites.Problem;

/**
 * The tensors of one benchmark point, allocated once per trial: inputs filled with small
 * integers (exact in float32, as benchdnn does, so no denormals or overflow slow anything down),
 * outputs poisoned with NaN. Only the tensors the direction touches are allocated.
 */
public final class Workspace {
    public final Problem problem;
    public final Direction direction;
    public final Window window;
    public Tensor x;
    public Tensor w;
    public Tensor b;
    public Tensor y;
    public Tensor dy;
    public Tensor dx;
    public Tensor dw;
    public Tensor db;

    private Workspace(Problem problem, Direction direction) {
        this.problem = problem;
        this.direction = direction;
        this.window = problem.conv() != null ? problem.conv().window() : problem.pool().window();
    }

    public static Workspace allocate(Problem p, Direction d) {
        Workspace s = new Workspace(p, d);
        if (p.conv() != null) {
            ConvShape c = p.conv();
            switch (d) {
                case FORWARD -> {
                    s.x = input(c.inputShape(), 1);
                    s.w = input(c.weightShape(), 2);
                    s.b = input(new int[] {c.oc()}, 3);
                    s.y = output(c.outputShape());
                }
                case BACKWARD_DATA -> {
                    s.x = input(c.inputShape(), 1);
                    s.w = input(c.weightShape(), 2);
                    s.dy = input(c.outputShape(), 4);
                    s.dx = output(c.inputShape());
                }
                case BACKWARD_WEIGHTS -> {
                    s.x = input(c.inputShape(), 1);
                    s.w = input(c.weightShape(), 2);
                    s.dy = input(c.outputShape(), 4);
                    s.dw = output(c.weightShape());
                    s.db = output(new int[] {c.oc()});
                }
                case BACKWARD -> {
                    s.x = input(c.inputShape(), 1);
                    s.w = input(c.weightShape(), 2);
                    s.dy = input(c.outputShape(), 4);
                    s.dx = output(c.inputShape());
                    s.dw = output(c.weightShape());
                    s.db = output(new int[] {c.oc()});
                }
                default -> throw new IllegalArgumentException(d + " does not apply to a convolution");
            }
        } else {
            PoolShape ps = p.pool();
            s.x = input(ps.inputShape(), 1);
            switch (d) {
                case POOL_FORWARD -> s.y = output(ps.outputShape());
                case POOL_BACKWARD -> {
                    s.dy = input(ps.outputShape(), 4);
                    s.dx = output(ps.inputShape());
                }
                default -> throw new IllegalArgumentException(d + " does not apply to pooling");
            }
        }
        return s;
    }

    /** The API operation a direction calls, for {@link Implementation#supports}. */
    public static Op op(Problem p, Direction d) {
        return switch (d) {
            case FORWARD -> Op.CONV2D;
            case BACKWARD_DATA, BACKWARD_WEIGHTS, BACKWARD -> Op.CONV2D_BACKWARD;
            case POOL_FORWARD -> p.kind() == Problem.Kind.MAX_POOL ? Op.MAXPOOL2D : Op.AVGPOOL2D;
            case POOL_BACKWARD -> p.kind() == Problem.Kind.MAX_POOL ? Op.MAXPOOL2D_BACKWARD : Op.AVGPOOL2D_BACKWARD;
        };
    }

    /** Runs the operation once (the probe that estimates its time; the benchmark calls it directly). */
    public void runOnce(Implementation impl) {
        boolean includePad = problem.kind() == Problem.Kind.AVG_POOL_INCLUDE_PAD;
        switch (direction) {
            case FORWARD -> impl.conv2d(x, w, b, window, y);
            case BACKWARD_DATA -> impl.conv2dBackward(x, w, dy, window, Reduction.SUM, dx, null, null);
            case BACKWARD_WEIGHTS -> impl.conv2dBackward(x, w, dy, window, Reduction.SUM, null, dw, db);
            case BACKWARD -> impl.conv2dBackward(x, w, dy, window, Reduction.SUM, dx, dw, db);
            case POOL_FORWARD -> {
                if (problem.kind() == Problem.Kind.MAX_POOL) {
                    impl.maxPool2d(x, window, y);
                } else {
                    impl.avgPool2d(x, window, includePad, y);
                }
            }
            case POOL_BACKWARD -> {
                if (problem.kind() == Problem.Kind.MAX_POOL) {
                    impl.maxPool2dBackward(x, dy, window, dx);
                } else {
                    impl.avgPool2dBackward(dy, window, includePad, dx);
                }
            }
        }
    }

    /**
     * Bytes of the tensors a point allocates plus an im2col matrix (the largest scratch buffer a
     * CPU implementation commonly needs), estimated before anything is allocated.
     */
    public static long estimateBytes(Problem p, Direction d) {
        if (p.conv() != null) {
            ConvShape c = p.conv();
            long x = c.inputElements();
            long w = c.weightCount();
            long y = c.outputElements();
            long cols = (long) c.n() * c.oh() * c.ow() * c.c() * c.window().kh() * c.window().kw();
            long tensors = switch (d) {
                case FORWARD -> x + w + c.oc() + y;
                case BACKWARD_DATA -> 2 * x + w + y;
                case BACKWARD_WEIGHTS -> x + 2 * w + y + c.oc();
                default -> 2 * x + 2 * w + y + c.oc();
            };
            return 4L * (tensors + cols);
        }
        PoolShape s = p.pool();
        long x = s.inputElements();
        long y = s.outputElements();
        return 4L * (d == Direction.POOL_FORWARD ? x + y : 2 * x + y);
    }

    /** The largest single tensor (elements), which must stay under {@link Shapes#MAX_ELEMENTS}. */
    public static long largestTensor(Problem p) {
        if (p.conv() != null) {
            ConvShape c = p.conv();
            return Math.max(Math.max(c.inputElements(), c.outputElements()), c.weightCount());
        }
        return p.pool().inputElements();
    }

    private static Tensor input(int[] shape, int seed) {
        Tensor t = Tensor.zeros(shape);
        float[] a = t.data();
        // A cheap deterministic sequence of integers in [-3, 4].
        int state = seed * 0x9E3779B1;
        for (int i = 0; i < a.length; i++) {
            state = state * 1664525 + 1013904223;
            a[i] = (state >>> 29) - 3;
        }
        return t;
    }

    private static Tensor output(int[] shape) {
        return Tensor.filled(Float.NaN, shape);
    }
}
