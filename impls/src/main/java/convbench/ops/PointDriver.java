package convbench.ops;

import convbench.api.Direction;
import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Shapes;
import convbench.api.SlidingWindowShape;
import convbench.api.Tensor;
import convbench.api.Window;
import java.util.SplittableRandom;

/**
 * One benchmark point's operation: a convolution or pooling problem in one direction. It owns
 * what the benchmark needs to know about it: the API operation it calls (for
 * {@link Implementation#supports}), its work counts, the bytes it allocates, its tensors and
 * the one call the benchmark times. {@link ConvPoint} and {@link PoolPoint} implement it.
 */
public interface PointDriver {
    /** The seed of every benchmark input: the same numbers in every fork and every run. */
    long INPUT_SEED = 20240917L;

    /** The problem's batch, channels, size and window. */
    SlidingWindowShape shape();

    Direction direction();

    /** The API operation the direction calls. */
    Op op();

    default Window window() {
        return shape().window();
    }

    Workload workload();

    /**
     * Bytes of the tensors the point allocates, plus an im2col matrix for convolution (the
     * largest scratch buffer a CPU implementation commonly needs), known before anything is
     * allocated.
     */
    long estimatedBytes();

    /** The largest single tensor (elements), which must stay under {@link Shapes#MAX_ELEMENTS}. */
    long largestTensor();

    /** The direction's tensors: inputs of small integers ({@link SmallIntegers}), outputs NaN. */
    OpTensors allocate();

    /** Runs the operation once on the tensors: what each benchmark invocation is. */
    void call(Implementation impl, OpTensors t);

    /** Inputs are drawn in the order they are asked for, from one generator per point. */
    static Tensor input(SplittableRandom rnd, int[] shape) {
        return SmallIntegers.tensor(rnd, 3, shape);
    }

    static Tensor output(int[] shape) {
        return Tensor.filled(Float.NaN, shape);
    }
}
