package convbench.ops;

import convbench.api.Tensor;
import convbench.api.Tensor64;
import java.util.SplittableRandom;

/**
 * The one fill of every generated input, benchmark input and implementation test: non-zero
 * integers in [-bound, bound], as oneDNN's benchdnn fills its problems. Small integers keep
 * every float32 sum of a test case exact (so implementations are compared with the float64
 * reference exactly), never produce denormals or overflow that would slow a benchmark down, and
 * being non-zero leave no output that is zero by accident. Draws are reproducible from the
 * generator's seed.
 */
public final class SmallIntegers {
    private SmallIntegers() {
    }

    /** A float32 tensor of non-zero integers in [-bound, bound]. */
    public static Tensor tensor(SplittableRandom rnd, int bound, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = draw(rnd, bound);
        }
        return t;
    }

    /** The same values as {@link #tensor} with the same generator state, in float64 (exactly). */
    public static Tensor64 tensor64(SplittableRandom rnd, int bound, int... shape) {
        return Tensor64.of(tensor(rnd, bound, shape));
    }

    /** Uniform over {-bound, ..., -1, 1, ..., bound}. */
    private static int draw(SplittableRandom rnd, int bound) {
        int v = rnd.nextInt(1, bound + 1);
        return rnd.nextBoolean() ? v : -v;
    }
}
