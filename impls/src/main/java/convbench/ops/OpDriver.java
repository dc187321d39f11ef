package convbench.ops;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Everything the harness knows about one operation of the fixture format, in one place (the
 * shape of oneDNN benchdnn's drivers): the tensors a fixture gives and may state, the shapes of
 * the outputs, the float64 reference that judges every implementation, the call into an
 * implementation, and the small-integer inputs of a generated case with the tolerance they need.
 * Verification, the fixture loader's shape checks, the generated cases and the implementations'
 * tests all go through these; benchmark points go through {@link PointDriver}.
 */
public abstract class OpDriver {
    private final Op op;
    private final Set<String> inputs;
    private final Set<String> requiredInputs;
    private final Set<String> outputs;

    /**
     * Names in the order FORMAT.md lists them, which is also the order messages print them in
     * (the same in every JVM, unlike {@code Set.of}).
     *
     * @param required the inputs that must be given (all but optional ones such as conv2d's bias)
     */
    OpDriver(Op op, List<String> inputs, List<String> required, List<String> outputs) {
        this.op = op;
        this.inputs = ordered(inputs);
        this.requiredInputs = ordered(required);
        this.outputs = ordered(outputs);
    }

    private static Set<String> ordered(List<String> names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    public final Op op() {
        return op;
    }

    /** The tensors a fixture of this op gives under {@code inputs} (FORMAT.md, Operations). */
    public final Set<String> inputs() {
        return inputs;
    }

    /** Every input that must be given: all of them, but conv2d's bias. */
    public final Set<String> requiredInputs() {
        return requiredInputs;
    }

    /** What a fixture may state under {@code expected}; any subset. */
    public final Set<String> outputs() {
        return outputs;
    }

    /** The shape of every output, from the inputs' shapes and the parameters. */
    public abstract Map<String, int[]> outputShapes(OpParams p, Map<String, int[]> inputShapes);

    /**
     * The shapes that some inputs must have because of the others and the parameters (a backward
     * pass's dy is the forward output; col2im's cols unfold inputShape), each with what it is,
     * for the fixture loader's messages. Empty where the inputs are independent.
     */
    public Map<String, ImpliedShape> impliedInputShapes(OpParams p, Map<String, int[]> inputShapes) {
        return Map.of();
    }

    /** A shape an input must have, and what that shape is ("the forward output"). */
    public record ImpliedShape(int[] shape, String what) {
    }

    /** Every output computed in float64 from the inputs: the judge R of the verdict table. */
    public abstract Map<String, Tensor64> reference(OpParams p, Map<String, Tensor64> in);

    /** Calls the implementation on {@code in}, writing into {@code out} (one tensor per output). */
    public abstract void call(Implementation impl, OpParams p, Map<String, Tensor> in, Map<String, Tensor> out);

    /**
     * Inputs of a generated case: small non-zero integers, adjusted where the op divides so that
     * the exact result stays an integer.
     *
     * @param xShape      [N, C, H, W] of the input the window slides over
     * @param outChannels convolution's output channels; ignored by other ops
     */
    public abstract Map<String, Tensor64> generate(OpParams p, int[] xShape, int outChannels, SplittableRandom rnd);

    /** The relative tolerance a generated case needs against the reference: 0 means exact. */
    public double generatedTolerance(OpParams p) {
        return 0;
    }

    /**
     * Runs the implementation on float32 inputs into outputs filled with NaN first, so that an
     * element the implementation forgets to write cannot pass.
     */
    public final Map<String, Tensor> run(Implementation impl, OpParams p, Map<String, Tensor> in) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        in.forEach((name, t) -> shapes.put(name, t.shape()));
        Map<String, Tensor> out = new LinkedHashMap<>();
        outputShapes(p, shapes).forEach((name, shape) -> out.put(name, Tensor.filled(Float.NaN, shape)));
        call(impl, p, in, out);
        return out;
    }
}
