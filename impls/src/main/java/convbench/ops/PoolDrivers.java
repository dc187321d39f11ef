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

/**
 * Max and average pooling, forward and backward. Max pooling's backward pass sends each
 * gradient to the first maximum of its window; average pooling divides by the window's size,
 * or with countIncludePad false by the taps that land inside the input.
 */
final class PoolDrivers {
    private PoolDrivers() {
    }

    /** [N, C, OH, OW]: the shape of y, and of the dy a backward pass is given. */
    static int[] pooledShape(int[] x, Window g) {
        return new int[] {x[0], x[1], g.outH(x[2]), g.outW(x[3])};
    }

    /** maxpool2d or avgpool2d: y = pool(x). */
    static final class Forward extends OpDriver {
        private final boolean max;

        Forward(boolean max) {
            super(max ? Op.MAXPOOL2D : Op.AVGPOOL2D, List.of("x"), List.of("x"), List.of("y"));
            this.max = max;
        }

        @Override
        public Map<String, int[]> outputShapes(OpParams p, Map<String, int[]> in) {
            return Map.of("y", pooledShape(in.get("x"), p.window()));
        }

        @Override
        public Map<String, Tensor64> reference(OpParams p, Map<String, Tensor64> in) {
            Tensor64 x = in.get("x");
            return Map.of("y", max ? Reference.maxPool2d(x, p.window())
                    : Reference.avgPool2d(x, p.window(), p.countIncludePad()));
        }

        @Override
        public void call(Implementation impl, OpParams p, Map<String, Tensor> in, Map<String, Tensor> out) {
            if (max) {
                impl.maxPool2d(in.get("x"), p.window(), out.get("y"));
            } else {
                impl.avgPool2d(in.get("x"), p.window(), p.countIncludePad(), out.get("y"));
            }
        }

        @Override
        public Map<String, Tensor64> generate(OpParams p, int[] xShape, int outChannels, SplittableRandom rnd) {
            return Map.of("x", SmallIntegers.tensor64(rnd, 3, xShape));
        }

        /** Average pooling rounds once (sum / count); implementations may multiply by 1/count. */
        @Override
        public double generatedTolerance(OpParams p) {
            return max ? 0 : 1e-6;
        }
    }

    /** maxpool2d_backward (dx from x and dy) or avgpool2d_backward (dx from dy; x gives the shape). */
    static final class Backward extends OpDriver {
        private final boolean max;

        Backward(boolean max) {
            super(max ? Op.MAXPOOL2D_BACKWARD : Op.AVGPOOL2D_BACKWARD, List.of("x", "dy"), List.of("x", "dy"), List.of("dx"));
            this.max = max;
        }

        @Override
        public Map<String, int[]> outputShapes(OpParams p, Map<String, int[]> in) {
            return Map.of("dx", in.get("x").clone());
        }

        @Override
        public Map<String, ImpliedShape> impliedInputShapes(OpParams p, Map<String, int[]> in) {
            return Map.of("dy", new ImpliedShape(pooledShape(in.get("x"), p.window()), "the pooling output"));
        }

        @Override
        public Map<String, Tensor64> reference(OpParams p, Map<String, Tensor64> in) {
            Tensor64 x = in.get("x"), dy = in.get("dy");
            return Map.of("dx", max ? Reference.maxPool2dBackward(x, dy, p.window())
                    : Reference.avgPool2dBackward(dy, x.shape(), p.window(), p.countIncludePad()));
        }

        @Override
        public void call(Implementation impl, OpParams p, Map<String, Tensor> in, Map<String, Tensor> out) {
            if (max) {
                impl.maxPool2dBackward(in.get("x"), in.get("dy"), p.window(), out.get("dx"));
            } else {
                impl.avgPool2dBackward(in.get("dy"), p.window(), p.countIncludePad(), out.get("dx"));
            }
        }

        @Override
        public Map<String, Tensor64> generate(OpParams p, int[] xShape, int outChannels, SplittableRandom rnd) {
            Map<String, Tensor64> in = new LinkedHashMap<>();
            in.put("x", SmallIntegers.tensor64(rnd, 3, xShape));
            Tensor64 dy = SmallIntegers.tensor64(rnd, 3, pooledShape(xShape, p.window()));
            if (!max) {
                multiplyByDivisor(dy, p, xShape);
            }
            in.put("dy", dy);
            return in;
        }

        /** Each dy times its window's divisor: every share dy / divisor is then an exact integer. */
        private static void multiplyByDivisor(Tensor64 dy, OpParams p, int[] xShape) {
            Window g = p.window();
            int oh = dy.dim(2), ow = dy.dim(3);
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int divisor = p.countIncludePad() ? g.kh() * g.kw()
                            : g.rowsInside(i, xShape[2]) * g.colsInside(j, xShape[3]);
                    for (int nc = 0; nc < dy.dim(0) * dy.dim(1); nc++) {
                        dy.data()[(nc * oh + i) * ow + j] *= divisor;
                    }
                }
            }
        }
    }
}
