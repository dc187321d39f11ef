package convbench.peer.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import convbench.api.Tensor;
import convbench.api.Window;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.memory;

/**
 * dw (and db) = conv backward-weights(x, dy): oneDNN's backward-weights primitive, which computes
 * the bias gradient in the same pass when asked; layouts its own, hinted by the forward one.
 * Always sums over the batch (oneDNN has no mean); the caller divides.
 */
final class ConvBackwardWeightsPlan extends Plan {
    private final Operand src;
    private final Operand diffDst;
    private final Operand diffWeights;
    private final Operand diffBias;
    private final convolution_backward_weights conv;
    private final IntMemoryMap args;

    ConvBackwardWeightsPlan(Onednn dnn, int[] xShape, int[] wShape, boolean withBias, Window g, int[] dyShape) {
        ConvWeights wd = ConvWeights.of(xShape, wShape);
        convolution_forward.primitive_desc hint = own(ConvForwardPlan.forwardDesc(this, dnn, xShape, wShape, withBias,
                g, dyShape));
        memory.desc biasDesc = withBias ? own(hint.bias_desc()) : null;   // the forward's plain bias vector
        convolution_backward_weights.primitive_desc pd = own(withBias
                ? new convolution_backward_weights.primitive_desc(dnn.engine, algorithm.convolution_direct,
                        any(xShape), any(wd.dims()), biasDesc, any(dyShape), strides(g), dilation(g), paddingTopLeft(g),
                        paddingBottomRight(g), hint)
                : new convolution_backward_weights.primitive_desc(dnn.engine, algorithm.convolution_direct,
                        any(xShape), any(wd.dims()), any(dyShape), strides(g), dilation(g), paddingTopLeft(g),
                        paddingBottomRight(g), hint));
        chose("bwd_w", pd);
        src = input(dnn, DNNL_ARG_SRC, xShape, memory.format_tag.nchw, pd.src_desc());
        diffDst = input(dnn, DNNL_ARG_DIFF_DST, dyShape, memory.format_tag.nchw, pd.diff_dst_desc());
        diffWeights = output(dnn, DNNL_ARG_DIFF_WEIGHTS, wd.dims(), wd.plain(), pd.diff_weights_desc());
        diffBias = withBias ? output(dnn, DNNL_ARG_DIFF_BIAS, new int[] {wShape[0]}, memory.format_tag.x,
                pd.diff_bias_desc()) : null;
        conv = own(new convolution_backward_weights(pd));
        args = args(src, diffDst, diffWeights, diffBias);
    }

    /** dw may be null when only db is wanted (the primitive still computes dw, it is not copied out). */
    void run(Onednn dnn, Tensor x, Tensor dy, Tensor dw, Tensor db, CallTimes t) {
        src.loadAndReorder(x.data(), dnn.stream, t);
        diffDst.loadAndReorder(dy.data(), dnn.stream, t);
        t.primitiveNanos += execute(conv, dnn.stream, args);
        if (dw != null) {
            diffWeights.reorderAndStore(dw.data(), dnn.stream, t);
        }
        if (db != null) {
            diffBias.reorderAndStore(db.data(), dnn.stream, t);
        }
    }
}
