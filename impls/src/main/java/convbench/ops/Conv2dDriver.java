package convbench.ops;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.reference.Reference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** conv2d: y = x (*) w + b, cross-correlation with groups; the bias is optional. */
final class Conv2dDriver extends OpDriver {
    Conv2dDriver() {
        super(Op.CONV2D, List.of("x", "w", "b"), List.of("x", "w"), List.of("y"));
    }

    @Override
    public Map<String, int[]> outputShapes(OpParams p, Map<String, int[]> in) {
        return Map.of("y", forwardOutput(in.get("x"), in.get("w"), p.window()));
    }

    /** [N, O, OH, OW]: the shape of y, and of the dy a backward pass is given. */
    static int[] forwardOutput(int[] x, int[] w, Window g) {
        return new int[] {x[0], w[0], g.outH(x[2]), g.outW(x[3])};
    }

    @Override
    public Map<String, Tensor64> reference(OpParams p, Map<String, Tensor64> in) {
        return Map.of("y", Reference.conv2d(in.get("x"), in.get("w"), in.get("b"), p.window()));
    }

    @Override
    public void call(Implementation impl, OpParams p, Map<String, Tensor> in, Map<String, Tensor> out) {
        impl.conv2d(in.get("x"), in.get("w"), in.get("b"), p.window(), out.get("y"));
    }

    @Override
    public Map<String, Tensor64> generate(OpParams p, int[] xShape, int outChannels, SplittableRandom rnd) {
        Map<String, Tensor64> in = new LinkedHashMap<>();
        in.put("x", SmallIntegers.tensor64(rnd, 3, xShape));
        in.put("w", SmallIntegers.tensor64(rnd, 2, weightShape(p.window(), xShape, outChannels)));
        in.put("b", SmallIntegers.tensor64(rnd, 3, outChannels));
        return in;
    }

    /** [O, C/groups, KH, KW]. */
    static int[] weightShape(Window g, int[] xShape, int outChannels) {
        return new int[] {outChannels, xShape[1] / g.groups(), g.kh(), g.kw()};
    }
}
