package convbench.ops;

import convbench.api.Direction;
import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.PoolShape;
import convbench.api.Window;
import java.util.SplittableRandom;

/** Max or average pooling (countIncludePad from the shape), forward or backward. */
public record PoolPoint(PoolShape shape, Direction direction, boolean max) implements PointDriver {
    public PoolPoint {
        if (!direction.pooling()) {
            throw new IllegalArgumentException(direction + " does not apply to pooling");
        }
    }

    private boolean forward() {
        return direction == Direction.POOL_FORWARD;
    }

    @Override
    public Op op() {
        if (forward()) {
            return max ? Op.MAXPOOL2D : Op.AVGPOOL2D;
        }
        return max ? Op.MAXPOOL2D_BACKWARD : Op.AVGPOOL2D_BACKWARD;
    }

    @Override
    public Workload workload() {
        PoolShape s = shape;
        // max backward: read x and dy, write dx; average backward: read dy, write dx
        double bytes = !forward() && max ? 4.0 * (2 * s.inputElements() + s.outputElements()) : s.bytes();
        return new Workload(s.ops(), null, bytes);
    }

    @Override
    public long estimatedBytes() {
        long x = shape.inputElements(), y = shape.outputElements();
        return 4L * (forward() ? x + y : 2 * x + y);
    }

    @Override
    public long largestTensor() {
        return shape.inputElements();
    }

    @Override
    public OpTensors allocate() {
        SplittableRandom rnd = new SplittableRandom(INPUT_SEED);
        OpTensors t = new OpTensors();
        t.x = PointDriver.input(rnd, shape.inputShape());
        if (forward()) {
            t.y = PointDriver.output(shape.outputShape());
        } else {
            t.dy = PointDriver.input(rnd, shape.outputShape());
            t.dx = PointDriver.output(shape.inputShape());
        }
        return t;
    }

    @Override
    public void call(Implementation impl, OpTensors t) {
        Window g = shape.window();
        boolean include = shape.countIncludePad();
        if (forward()) {
            if (max) {
                impl.maxPool2d(t.x, g, t.y);
            } else {
                impl.avgPool2d(t.x, g, include, t.y);
            }
        } else if (max) {
            impl.maxPool2dBackward(t.x, t.dy, g, t.dx);
        } else {
            impl.avgPool2dBackward(t.dy, g, include, t.dx);
        }
    }
}
