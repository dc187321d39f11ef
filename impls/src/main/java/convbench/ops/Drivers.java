package convbench.ops;

import convbench.api.Op;
import java.util.EnumMap;
import java.util.Map;

/** The driver of each operation the implementations compute. */
public final class Drivers {
    private static final Map<Op, OpDriver> BY_OP = new EnumMap<>(Op.class);

    static {
        for (OpDriver d : new OpDriver[] {new Conv2dDriver(), new Conv2dBackwardDriver(), new UnfoldDrivers.Im2col(),
            new UnfoldDrivers.Col2im(), new PoolDrivers.Forward(true), new PoolDrivers.Forward(false),
            new PoolDrivers.Backward(true), new PoolDrivers.Backward(false), new ReluDriver()}) {
            BY_OP.put(d.op(), d);
        }
    }

    private Drivers() {
    }

    /**
     * The driver of {@code op}. {@code output_shape} has none: it is the layer's geometry, which
     * the fixtures check against the reference's arithmetic and by running a layer (verify's
     * shape check), not an operation with tensors.
     *
     * @throws IllegalArgumentException for output_shape
     */
    public static OpDriver of(Op op) {
        OpDriver d = BY_OP.get(op);
        if (d == null) {
            throw new IllegalArgumentException(op.id() + " has no driver: it is geometry, not an operation on tensors");
        }
        return d;
    }

    /** Whether {@code op} is an operation on tensors (all but output_shape). */
    public static boolean hasDriver(Op op) {
        return BY_OP.containsKey(op);
    }
}
