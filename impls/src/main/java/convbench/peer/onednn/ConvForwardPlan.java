package convbench.peer.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import convbench.api.Tensor;
import convbench.api.Window;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;

/**
 * y = conv(x, w) + b with oneDNN: a forward convolution primitive whose source, weights and
 * destination layouts are left to oneDNN ({@code format_tag::any}), plus reorders from NCHW/OIHW
 * into them and from its destination back to NCHW. The bias stays a plain vector.
 */
final class ConvForwardPlan extends Plan {
    private final Operand src;
    private final Operand weights;
    private final Operand bias;
    private final Operand dst;
    private final convolution_forward conv;
    private final IntMemoryMap args;

    ConvForwardPlan(Onednn dnn, int[] xShape, int[] wShape, boolean withBias, Window g, int[] yShape) {
        convolution_forward.primitive_desc pd = own(forwardDesc(this, dnn, xShape, wShape, withBias, g, yShape));
        chose("fwd", pd);
        src = input(dnn, DNNL_ARG_SRC, xShape, memory.format_tag.nchw, pd.src_desc());
        ConvWeights wd = ConvWeights.of(xShape, wShape);
        weights = input(dnn, DNNL_ARG_WEIGHTS, wd.dims(), wd.plain(), pd.weights_desc());
        bias = withBias ? input(dnn, DNNL_ARG_BIAS, new int[] {wShape[0]}, memory.format_tag.x, pd.bias_desc()) : null;
        dst = output(dnn, DNNL_ARG_DST, yShape, memory.format_tag.nchw, pd.dst_desc());
        conv = own(new convolution_forward(pd));
        args = args(src, weights, bias, dst);
    }

    /**
     * The forward descriptor with every data layout left to oneDNN. Also the "hint" that the
     * backward descriptors need (oneDNN picks backward kernels that match the forward one).
     * Algorithm {@code convolution_direct}: never Winograd, whose results are not exact. The bias,
     * when there is one, stays a plain vector (its descriptor is {@code owner}'s).
     */
    static convolution_forward.primitive_desc forwardDesc(Plan owner, Onednn dnn, int[] xShape, int[] wShape,
                                                          boolean withBias, Window g, int[] yShape) {
        memory.desc x = any(xShape), w = any(ConvWeights.of(xShape, wShape).dims()), y = any(yShape);
        if (!withBias) {
            return new convolution_forward.primitive_desc(dnn.engine, prop_kind.forward_training,
                    algorithm.convolution_direct, x, w, y, strides(g), dilation(g), paddingTopLeft(g),
                    paddingBottomRight(g));
        }
        memory.desc biasDesc = owner.own(desc(new int[] {wShape[0]}, memory.format_tag.x));
        return new convolution_forward.primitive_desc(dnn.engine, prop_kind.forward_training,
                algorithm.convolution_direct, x, w, biasDesc, y, strides(g), dilation(g), paddingTopLeft(g),
                paddingBottomRight(g));
    }

    void run(Onednn dnn, Tensor x, Tensor w, Tensor b, Tensor y, CallTimes t) {
        src.loadAndReorder(x.data(), dnn.stream, t);
        weights.loadAndReorder(w.data(), dnn.stream, t);
        if (bias != null) {
            bias.loadAndReorder(b.data(), dnn.stream, t);
        }
        t.primitiveNanos += execute(conv, dnn.stream, args);
        dst.reorderAndStore(y.data(), dnn.stream, t);
    }
}
