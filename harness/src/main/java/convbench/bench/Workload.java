package convbench.bench;

import convbench.api.ConvShape;
import convbench.api.PoolShape;
import convbench.suites.Direction;
import convbench.suites.Problem;

/**
 * The work one operation does, from the shapes' own arithmetic ({@link ConvShape#flops()},
 * {@link ConvShape#flopsNoPadding()}, {@link PoolShape#ops()}, element counts): FLOPs with and
 * without padding taps, and the minimum bytes it must move.
 *
 * <p>Backward-data and backward-weights each do as many multiply-adds as the forward pass;
 * {@code backward} does both. Pooling "FLOPs" are the comparisons or additions of
 * {@link PoolShape#ops()}; for pooling the bandwidth (GB/s) is the figure that matters.
 *
 * @param flopsNoPadding null for pooling
 */
public record Workload(double flops, Double flopsNoPadding, double bytes) {

    public static Workload of(Problem p, Direction d) {
        if (p.conv() != null) {
            ConvShape c = p.conv();
            long x = c.inputElements();
            long w = c.weightCount();
            long y = c.outputElements();
            return switch (d) {
                // read x, w, b; write y
                case FORWARD -> new Workload(c.flops(), c.flopsNoPadding(), c.bytes() + 4.0 * c.oc());
                // read dy, w; write dx
                case BACKWARD_DATA -> new Workload(c.flops(), c.flopsNoPadding(), 4.0 * (y + w + x));
                // read x, dy; write dw, db
                case BACKWARD_WEIGHTS -> new Workload(c.flops(), c.flopsNoPadding(), 4.0 * (x + y + w + c.oc()));
                // read x, w, dy; write dx, dw, db
                case BACKWARD -> new Workload(2 * c.flops(), 2 * c.flopsNoPadding(), 4.0 * (2 * x + 2 * w + y + c.oc()));
                default -> throw new IllegalArgumentException(d + " does not apply to a convolution");
            };
        }
        PoolShape s = p.pool();
        return switch (d) {
            case POOL_FORWARD -> new Workload(s.ops(), null, s.bytes());
            // max: read x and dy, write dx; average: read dy, write dx
            case POOL_BACKWARD -> new Workload(s.ops(), null, p.kind() == Problem.Kind.MAX_POOL
                    ? 4.0 * (2 * s.inputElements() + s.outputElements()) : s.bytes());
            default -> throw new IllegalArgumentException(d + " does not apply to pooling");
        };
    }
}
