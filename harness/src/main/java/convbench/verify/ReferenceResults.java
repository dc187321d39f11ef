package convbench.verify;

import convbench.api.ConvShape;
import convbench.api.Op;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.fixtures.Fixture;
import convbench.ops.Drivers;
import java.util.LinkedHashMap;
import java.util.Map;

/** Computes, in float64, every output a fixture's op can state: the judge R of the verdict table. */
public final class ReferenceResults {
    private ReferenceResults() {
    }

    public static Map<String, Tensor64> compute(Fixture f) {
        Map<String, Tensor64> out = new LinkedHashMap<>();
        if (f.op() == Op.OUTPUT_SHAPE) {
            outputShape(f, out);
        } else {
            out.putAll(Drivers.of(f.op()).reference(f.params(), f.inputs()));
        }
        return out;
    }

    private static void outputShape(Fixture f, Map<String, Tensor64> out) {
        int[] s = f.inputShape();
        Window g = f.window();
        boolean conv = "conv".equals(f.layer());
        int channels = conv ? f.outChannels() : s[1];
        out.put("shape", vector(s[0], channels, g.outH(s[2]), g.outW(s[3])));
        out.put("fits", vector(g.fits(s[2], s[3]) ? 1 : 0));
        if (conv) {
            ConvShape cs = new ConvShape(s[0], s[1], s[2], s[3], f.outChannels(), g);
            out.put("paramCount", vector(cs.paramCount()));
            out.put("weightCount", vector(cs.weightCount()));
            out.put("macs", vector(cs.macs()));
        }
    }

    static Tensor64 vector(long... values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new Tensor64(new int[] {d.length}, d);
    }
}
