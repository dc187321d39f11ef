package convbench.verify;

import convbench.api.ConvShape;
import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.fixtures.Fixture;
import convbench.ops.Drivers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one implementation on one fixture's inputs (converted to float32) through the op's
 * driver, which fills every output with NaN first, so an element the implementation forgets to
 * write cannot pass.
 */
public final class ImplRunner {
    /** Above this many multiply-adds an output_shape check is not run (it would only time naive loops). */
    public static final long SHAPE_CHECK_MAX_MACS = 600_000_000L;

    private ImplRunner() {
    }

    /** The outputs by name, or null with {@code skipReason[0]} set when there is nothing to run. */
    public static Map<String, Tensor64> run(Implementation impl, Fixture f, String[] skipReason) {
        if (f.op() == Op.OUTPUT_SHAPE) {
            return runShapeCheck(impl, f, skipReason);
        }
        Map<String, Tensor> in = new LinkedHashMap<>();
        f.inputs().forEach((k, v) -> in.put(k, v.toFloat()));
        Map<String, Tensor64> result = new LinkedHashMap<>();
        Drivers.of(f.op()).run(impl, f.params(), in).forEach((k, v) -> result.put(k, Tensor64.of(v)));
        return result;
    }

    /**
     * An output_shape fixture checks what an implementation produces: the layer is run on a
     * zero input of one sample (samples are independent, so N passes through) and the shape of
     * the output it writes is compared.
     */
    private static Map<String, Tensor64> runShapeCheck(Implementation impl, Fixture f, String[] skipReason) {
        if (!f.expected().containsKey("shape")) {
            skipReason[0] = "states only counts (" + String.join(", ", f.expected().keySet())
                    + "), which are geometry checked by the reference, not by an implementation";
            return null;
        }
        int[] s = f.inputShape();
        Window g = f.window();
        boolean conv = "conv".equals(f.layer());
        int oc = conv ? f.outChannels() : s[1];
        long macs = conv ? new ConvShape(1, s[1], s[2], s[3], oc, g).macs()
                : (long) s[1] * g.outH(s[2]) * g.outW(s[3]) * g.kh() * g.kw();
        if (macs > SHAPE_CHECK_MAX_MACS) {
            skipReason[0] = "shape check not run: one sample needs " + macs + " multiply-adds (limit "
                    + SHAPE_CHECK_MAX_MACS + ")";
            return null;
        }
        Tensor x = Tensor.zeros(1, s[1], s[2], s[3]);
        Tensor y = nan(1, oc, g.outH(s[2]), g.outW(s[3]));
        if (conv) {
            impl.conv2d(x, Tensor.zeros(new ConvShape(1, s[1], s[2], s[3], oc, g).weightShape()), null, g, y);
        } else {
            impl.maxPool2d(x, g, y);
        }
        for (float v : y.data()) {
            if (Float.isNaN(v)) {
                throw new IllegalStateException("the layer left output elements unwritten (NaN)");
            }
        }
        Map<String, Tensor64> result = new LinkedHashMap<>();
        result.put("shape", ReferenceResults.vector(s[0], y.dim(1), y.dim(2), y.dim(3)));
        return result;
    }

    /** The op the implementation must support to run this fixture. */
    public static Op kernelOp(Fixture f) {
        if (f.op() != Op.OUTPUT_SHAPE) {
            return f.op();
        }
        return "conv".equals(f.layer()) ? Op.CONV2D : Op.MAXPOOL2D;
    }

    private static Tensor nan(int... shape) {
        return Tensor.filled(Float.NaN, shape);
    }
}
