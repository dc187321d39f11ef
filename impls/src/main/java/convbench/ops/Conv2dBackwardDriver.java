package convbench.ops;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.reference.Reference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * conv2d_backward: dx, dw and db from dy, with the batch reduction of the loss (SUM, or MEAN,
 * which divides dw and db by N). An output missing from the call's map is not computed.
 */
final class Conv2dBackwardDriver extends OpDriver {
    Conv2dBackwardDriver() {
        super(Op.CONV2D_BACKWARD, List.of("x", "w", "dy"), List.of("x", "w", "dy"), List.of("dx", "dw", "db"));
    }

    @Override
    public Map<String, int[]> outputShapes(OpParams p, Map<String, int[]> in) {
        Map<String, int[]> out = new LinkedHashMap<>();
        out.put("dx", in.get("x").clone());
        out.put("dw", in.get("w").clone());
        out.put("db", new int[] {in.get("w")[0]});
        return out;
    }

    @Override
    public Map<String, ImpliedShape> impliedInputShapes(OpParams p, Map<String, int[]> in) {
        return Map.of("dy", new ImpliedShape(Conv2dDriver.forwardOutput(in.get("x"), in.get("w"), p.window()),
                "the forward output"));
    }

    @Override
    public Map<String, Tensor64> reference(OpParams p, Map<String, Tensor64> in) {
        Reference.Grads g = Reference.conv2dBackward(in.get("x"), in.get("w"), in.get("dy"), p.window(), p.reduction());
        Map<String, Tensor64> out = new LinkedHashMap<>();
        out.put("dx", g.dx());
        out.put("dw", g.dw());
        out.put("db", g.db());
        return out;
    }

    @Override
    public void call(Implementation impl, OpParams p, Map<String, Tensor> in, Map<String, Tensor> out) {
        impl.conv2dBackward(in.get("x"), in.get("w"), in.get("dy"), p.window(), p.reduction(),
                out.get("dx"), out.get("dw"), out.get("db"));
    }

    @Override
    public Map<String, Tensor64> generate(OpParams p, int[] xShape, int outChannels, SplittableRandom rnd) {
        Map<String, Tensor64> in = new LinkedHashMap<>();
        int[] w = Conv2dDriver.weightShape(p.window(), xShape, outChannels);
        in.put("x", SmallIntegers.tensor64(rnd, 3, xShape));
        in.put("w", SmallIntegers.tensor64(rnd, 2, w));
        Tensor64 dy = SmallIntegers.tensor64(rnd, 3, Conv2dDriver.forwardOutput(xShape, w, p.window()));
        if (p.reduction() == Reduction.MEAN) {
            // multiples of N: the mean over the batch stays an exact integer
            for (int i = 0; i < dy.size(); i++) {
                dy.data()[i] *= xShape[0];
            }
        }
        in.put("dy", dy);
        return in;
    }
}
