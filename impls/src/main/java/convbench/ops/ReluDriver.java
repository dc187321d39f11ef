package convbench.ops;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.reference.Reference;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** relu: y = max(0, x), element by element (no window). */
final class ReluDriver extends OpDriver {
    ReluDriver() {
        super(Op.RELU, List.of("x"), List.of("x"), List.of("y"));
    }

    @Override
    public Map<String, int[]> outputShapes(OpParams p, Map<String, int[]> in) {
        return Map.of("y", in.get("x").clone());
    }

    @Override
    public Map<String, Tensor64> reference(OpParams p, Map<String, Tensor64> in) {
        return Map.of("y", Reference.relu(in.get("x")));
    }

    @Override
    public void call(Implementation impl, OpParams p, Map<String, Tensor> in, Map<String, Tensor> out) {
        impl.relu(in.get("x"), out.get("y"));
    }

    @Override
    public Map<String, Tensor64> generate(OpParams p, int[] xShape, int outChannels, SplittableRandom rnd) {
        return Map.of("x", SmallIntegers.tensor64(rnd, 3, xShape));
    }
}
