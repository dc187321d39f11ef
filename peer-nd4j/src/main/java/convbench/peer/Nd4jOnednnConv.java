package convbench.peer;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The peer baseline: what a Java user would call instead of writing convolution by hand, ND4J
 * (Eclipse Deeplearning4j's array library) on its CPU backend built with oneDNN (Intel's DNNL,
 * the library behind PyTorch's and TensorFlow's CPU convolutions). Each call copies the float
 * arrays into ND4J's off-heap arrays, runs libnd4j's {@code conv2d}, {@code conv2d_bp},
 * {@code maxpool2d}, {@code avgpool2d} (and their {@code _bp}) custom ops, and copies the
 * results back, as a user holding {@code float[]} would.
 *
 * <p>ND4J computes all three gradients in one op, so {@code backward-data} and
 * {@code backward-weights} time the whole backward pass. Padding must be the same on both sides;
 * dilation is refused (this version's oneDNN path cannot create a dilated convolution).
 * The oneDNN variant of the native library is chosen with JavaCPP's platform extension
 * {@code -onednn-avx2} (set before ND4J loads); without it ND4J would load its plain build.
 */
public class Nd4jOnednnConv implements Implementation {
    static {
        if (System.getProperty("org.bytedeco.javacpp.platform.extension") == null) {
            System.setProperty("org.bytedeco.javacpp.platform.extension", "-onednn-avx2");
        }
    }

    private volatile Support available;

    @Override
    public String name() {
        return "nd4j-onednn";
    }

    @Override
    public String description() {
        return "Peer baseline: ND4J 1.0.0-M2.1 with its oneDNN backend (libnd4j conv2d/pooling custom ops), "
                + "copying float[] in and out on every call.";
    }

    @Override
    public String documentSection() {
        return "none (peer baseline)";
    }

    @Override
    public String variant() {
        if (!available().supported()) {
            return "";
        }
        return "ND4J " + Nd4j.getBackend().getClass().getSimpleName() + ", platform extension "
                + System.getProperty("org.bytedeco.javacpp.platform.extension") + ", "
                + Nd4j.getEnvironment().maxThreads() + " threads";
    }

    @Override
    public Support available() {
        Support s = available;
        if (s == null) {
            try {
                Nd4j.create(new float[] {1f}, new long[] {1}, 'c');
                s = Support.yes();
            } catch (Throwable t) {
                s = Support.no("ND4J could not start: " + t);
            }
            available = s;
        }
        return s;
    }

    @Override
    public Support supports(Op op, Window g) {
        return switch (op) {
            case CONV2D, CONV2D_BACKWARD, MAXPOOL2D, AVGPOOL2D, MAXPOOL2D_BACKWARD, AVGPOOL2D_BACKWARD -> {
                if (g.padTop() != g.padBottom() || g.padLeft() != g.padRight()) {
                    yield Support.no("ND4J pads both sides equally");
                }
                if (g.isGrouped()) {
                    yield Support.no("this adapter calls ND4J's ungrouped conv2d only (groups " + g.groups() + ")");
                }
                if (g.isDilated()) {
                    // ND4J 1.0.0-M2.1's oneDNN path fails to create a dilated convolution primitive.
                    yield Support.no("dilation fails in ND4J 1.0.0-M2.1's oneDNN path");
                }
                yield Support.yes();
            }
            default -> Support.no("nd4j-onednn times convolution and pooling only");
        };
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, longs(y.shape()));
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        if (b != null) {
            op.addInputs(array(x), array(w), array(b));
        } else {
            op.addInputs(array(x), array(w));
        }
        Nd4j.exec(op.addOutputs(out).addIntegerArguments(convArgs(g)).build());
        copyBack(out, y);
    }

    @Override
    public void conv2dBackward(Tensor x, Tensor w, Tensor dy, Window g, Reduction reduction,
                               Tensor dx, Tensor dw, Tensor db) {
        int oc = w.dim(0);
        INDArray gx = Nd4j.createUninitialized(DataType.FLOAT, longs(x.shape()));
        INDArray gw = Nd4j.createUninitialized(DataType.FLOAT, longs(w.shape()));
        INDArray gb = Nd4j.createUninitialized(DataType.FLOAT, oc);
        INDArray bias = Nd4j.zeros(DataType.FLOAT, oc);
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                .addInputs(array(x), array(w), bias, array(dy))
                .addOutputs(gx, gw, gb)
                .addIntegerArguments(convArgs(g)).build());
        if (reduction == Reduction.MEAN) {
            gw.divi(x.dim(0));
            gb.divi(x.dim(0));
        }
        if (dx != null) {
            copyBack(gx, dx);
        }
        if (dw != null) {
            copyBack(gw, dw);
        }
        if (db != null) {
            copyBack(gb, db);
        }
    }

    @Override
    public void maxPool2d(Tensor x, Window g, Tensor y) {
        pool("maxpool2d", x, null, g, 0, y);
    }

    @Override
    public void avgPool2d(Tensor x, Window g, boolean countIncludePad, Tensor y) {
        pool("avgpool2d", x, null, g, countIncludePad ? 1 : 0, y);
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor dy, Window g, Tensor dx) {
        pool("maxpool2d_bp", x, dy, g, 0, dx);
    }

    @Override
    public void avgPool2dBackward(Tensor dy, Window g, boolean countIncludePad, Tensor dx) {
        // avgpool2d_bp takes the input for its shape only.
        pool("avgpool2d_bp", Tensor.zeros(dx.shape()), dy, g, countIncludePad ? 1 : 0, dx);
    }

    /** extraParam0 of libnd4j's average pooling: 0 divides by the cells inside the input, 1 by the window. */
    private static void pool(String name, Tensor x, Tensor dy, Window g, int extraParam0, Tensor out) {
        INDArray result = Nd4j.createUninitialized(DataType.FLOAT, longs(out.shape()));
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder(name);
        if (dy == null) {
            op.addInputs(array(x));
        } else {
            op.addInputs(array(x), array(dy));
        }
        Nd4j.exec(op.addOutputs(result).addIntegerArguments(g.kh(), g.kw(), g.sh(), g.sw(), g.padTop(),
                g.padLeft(), g.dh(), g.dw(), 0, extraParam0, 0).build());
        copyBack(result, out);
    }

    /** kH, kW, sH, sW, pH, pW, dH, dW, padding mode 0 (explicit), data format 0 (NCHW), weights format 1 (OIHW). */
    private static int[] convArgs(Window g) {
        return new int[] {g.kh(), g.kw(), g.sh(), g.sw(), g.padTop(), g.padLeft(), g.dh(), g.dw(), 0, 0, 1};
    }

    private static INDArray array(Tensor t) {
        return Nd4j.create(t.data(), longs(t.shape()), 'c');
    }

    private static void copyBack(INDArray from, Tensor to) {
        from.data().asNioFloat().get(to.data(), 0, to.size());
    }

    private static long[] longs(int[] shape) {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            l[i] = shape[i];
        }
        return l;
    }
}
