package convbench.ops;

import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Window;

/**
 * Everything about one call of an operation except its tensors: the window (with groups),
 * the batch reduction of convolution's backward pass, average pooling's countIncludePad, and
 * for col2im the shape of the input it folds back into (the only op whose output shape its
 * inputs do not give).
 *
 * @param inputShape col2im: [N, C, H, W] of the folded result; otherwise null
 */
public record OpParams(Op op, Window window, Reduction reduction, boolean countIncludePad, int[] inputShape) {
    public OpParams {
        if (op == null || window == null || reduction == null) {
            throw new IllegalArgumentException("op, window and reduction are required");
        }
    }

    /** An op with the window alone: reduction SUM, countIncludePad true, no input shape. */
    public static OpParams of(Op op, Window window) {
        return new OpParams(op, window, Reduction.SUM, true, null);
    }

    /** The driver of this op. */
    public OpDriver driver() {
        return Drivers.of(op);
    }
}
