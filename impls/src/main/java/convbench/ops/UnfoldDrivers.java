package convbench.ops;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Shapes;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.reference.Reference;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** im2col (unfold the windows into a matrix) and col2im (fold it back, overlapping cells adding up). */
final class UnfoldDrivers {
    private UnfoldDrivers() {
    }

    /** (N*OH*OW) x (C*KH*KW) for an input of shape x. */
    static int[] columnsShape(int[] x, Window g) {
        return new int[] {x[0] * g.outH(x[2]) * g.outW(x[3]), x[1] * g.kh() * g.kw()};
    }

    static final class Im2col extends OpDriver {
        Im2col() {
            super(Op.IM2COL, List.of("x"), List.of("x"), List.of("cols"));
        }

        @Override
        public Map<String, int[]> outputShapes(OpParams p, Map<String, int[]> in) {
            return Map.of("cols", columnsShape(in.get("x"), p.window()));
        }

        @Override
        public Map<String, Tensor64> reference(OpParams p, Map<String, Tensor64> in) {
            return Map.of("cols", Reference.im2col(in.get("x"), p.window()));
        }

        @Override
        public void call(Implementation impl, OpParams p, Map<String, Tensor> in, Map<String, Tensor> out) {
            impl.im2col(in.get("x"), p.window(), out.get("cols"));
        }

        @Override
        public Map<String, Tensor64> generate(OpParams p, int[] xShape, int outChannels, SplittableRandom rnd) {
            return Map.of("x", SmallIntegers.tensor64(rnd, 3, xShape));
        }
    }

    /** The folded shape is not in the inputs: it is {@link OpParams#inputShape()}. */
    static final class Col2im extends OpDriver {
        Col2im() {
            super(Op.COL2IM, List.of("cols"), List.of("cols"), List.of("x"));
        }

        @Override
        public Map<String, int[]> outputShapes(OpParams p, Map<String, int[]> in) {
            return Map.of("x", p.inputShape().clone());
        }

        @Override
        public Map<String, ImpliedShape> impliedInputShapes(OpParams p, Map<String, int[]> in) {
            return Map.of("cols", new ImpliedShape(columnsShape(p.inputShape(), p.window()),
                    "(N*OH*OW) x (C*KH*KW) for inputShape " + Shapes.format(p.inputShape())));
        }

        @Override
        public Map<String, Tensor64> reference(OpParams p, Map<String, Tensor64> in) {
            return Map.of("x", Reference.col2im(in.get("cols"), p.inputShape(), p.window()));
        }

        @Override
        public void call(Implementation impl, OpParams p, Map<String, Tensor> in, Map<String, Tensor> out) {
            impl.col2im(in.get("cols"), p.window(), out.get("x"));
        }

        @Override
        public Map<String, Tensor64> generate(OpParams p, int[] xShape, int outChannels, SplittableRandom rnd) {
            return Map.of("cols", SmallIntegers.tensor64(rnd, 3, columnsShape(xShape, p.window())));
        }
    }
}
