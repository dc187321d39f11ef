package convbench.verify;

import convbench.api.ConvShape;
import convbench.api.Op;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.fixtures.Fixture;
import convbench.reference.Reference;
import java.util.LinkedHashMap;
import java.util.Map;

/** Computes, in float64, every output a fixture's op can state: the judge R of the verdict table. */
public final class ReferenceResults {
    private ReferenceResults() {
    }

    public static Map<String, Tensor64> compute(Fixture f) {
        Map<String, Tensor64> in = f.inputs();
        Window g = f.window();
        Map<String, Tensor64> out = new LinkedHashMap<>();
        switch (f.op()) {
            case CONV2D -> out.put("y", Reference.conv2d(in.get("x"), in.get("w"), in.get("b"), g));
            case CONV2D_BACKWARD -> {
                Reference.Grads gr = Reference.conv2dBackward(in.get("x"), in.get("w"), in.get("dy"), g, f.reduction());
                out.put("dx", gr.dx());
                out.put("dw", gr.dw());
                out.put("db", gr.db());
            }
            case IM2COL -> out.put("cols", Reference.im2col(in.get("x"), g));
            case COL2IM -> out.put("x", Reference.col2im(in.get("cols"), f.inputShape(), g));
            case MAXPOOL2D -> out.put("y", Reference.maxPool2d(in.get("x"), g));
            case AVGPOOL2D -> out.put("y", Reference.avgPool2d(in.get("x"), g, f.countIncludePad()));
            case MAXPOOL2D_BACKWARD -> out.put("dx", Reference.maxPool2dBackward(in.get("x"), in.get("dy"), g));
            case AVGPOOL2D_BACKWARD -> out.put("dx",
                    Reference.avgPool2dBackward(in.get("dy"), in.get("x").shape(), g, f.countIncludePad()));
            case RELU -> out.put("y", Reference.relu(in.get("x")));
            case OUTPUT_SHAPE -> outputShape(f, out);
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

    /** Whether the op is computed by implementations at all (output_shape is pure geometry). */
    public static boolean isKernelOp(Op op) {
        return op != Op.OUTPUT_SHAPE;
    }
}
