package convbench.ops;

import convbench.api.ConvShape;
import convbench.api.Direction;
import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Reduction;
import java.util.SplittableRandom;

/**
 * A convolution in one of its four directions: {@code forward}; {@code backward-data} and
 * {@code backward-weights}, each as many multiply-adds as the forward pass; {@code backward},
 * both in one call. The batch reduction is SUM (what frameworks pass when the loss is summed).
 */
public record ConvPoint(ConvShape shape, Direction direction) implements PointDriver {
    public ConvPoint {
        if (direction.pooling()) {
            throw new IllegalArgumentException(direction + " does not apply to a convolution");
        }
    }

    @Override
    public Op op() {
        return direction == Direction.FORWARD ? Op.CONV2D : Op.CONV2D_BACKWARD;
    }

    @Override
    public Workload workload() {
        ConvShape c = shape;
        long x = c.inputElements(), w = c.weightCount(), y = c.outputElements();
        return switch (direction) {
            // read x, w, b; write y
            case FORWARD -> new Workload(c.flops(), c.flopsNoPadding(), c.bytes() + 4.0 * c.oc());
            // read dy, w; write dx
            case BACKWARD_DATA -> new Workload(c.flops(), c.flopsNoPadding(), 4.0 * (y + w + x));
            // read x, dy; write dw, db
            case BACKWARD_WEIGHTS -> new Workload(c.flops(), c.flopsNoPadding(), 4.0 * (x + y + w + c.oc()));
            // read x, w, dy; write dx, dw, db
            default -> new Workload(2 * c.flops(), 2 * c.flopsNoPadding(), 4.0 * (2 * x + 2 * w + y + c.oc()));
        };
    }

    @Override
    public long estimatedBytes() {
        ConvShape c = shape;
        long x = c.inputElements(), w = c.weightCount(), y = c.outputElements();
        // one group's columns at a time: implementations unfold group by group and reuse the matrix
        long cols = (long) c.n() * c.oh() * c.ow() * c.channelsPerGroup() * c.window().kh() * c.window().kw();
        long tensors = switch (direction) {
            case FORWARD -> x + w + c.oc() + y;
            case BACKWARD_DATA -> 2 * x + w + y;
            case BACKWARD_WEIGHTS -> x + 2 * w + y + c.oc();
            default -> 2 * x + 2 * w + y + c.oc();
        };
        return 4L * (tensors + cols);
    }

    @Override
    public long largestTensor() {
        return Math.max(Math.max(shape.inputElements(), shape.outputElements()), shape.weightCount());
    }

    @Override
    public OpTensors allocate() {
        SplittableRandom rnd = new SplittableRandom(INPUT_SEED);
        OpTensors t = new OpTensors();
        t.x = PointDriver.input(rnd, shape.inputShape());
        t.w = PointDriver.input(rnd, shape.weightShape());
        boolean data = direction == Direction.BACKWARD_DATA || direction == Direction.BACKWARD;
        boolean weights = direction == Direction.BACKWARD_WEIGHTS || direction == Direction.BACKWARD;
        if (direction == Direction.FORWARD) {
            t.b = PointDriver.input(rnd, new int[] {shape.oc()});
            t.y = PointDriver.output(shape.outputShape());
        } else {
            t.dy = PointDriver.input(rnd, shape.outputShape());
        }
        if (data) {
            t.dx = PointDriver.output(shape.inputShape());
        }
        if (weights) {
            t.dw = PointDriver.output(shape.weightShape());
            t.db = PointDriver.output(new int[] {shape.oc()});
        }
        return t;
    }

    @Override
    public void call(Implementation impl, OpTensors t) {
        if (direction == Direction.FORWARD) {
            impl.conv2d(t.x, t.w, t.b, shape.window(), t.y);
        } else {
            // the gradients the direction does not compute are null, which skips them
            impl.conv2dBackward(t.x, t.w, t.dy, shape.window(), Reduction.SUM, t.dx, t.dw, t.db);
        }
    }
}
