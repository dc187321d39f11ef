package convbench.peer.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import convbench.api.Tensor;
import convbench.api.Window;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.memory;

/** dx = conv backward-data(dy, w): oneDNN's backward-data primitive, layouts its own, hinted by the forward one. */
final class ConvBackwardDataPlan extends Plan {
    private final Operand diffDst;
    private final Operand weights;
    private final Operand diffSrc;
    private final convolution_backward_data conv;
    private final IntMemoryMap args;

    ConvBackwardDataPlan(Onednn dnn, int[] xShape, int[] wShape, Window g, int[] dyShape) {
        ConvWeights wd = ConvWeights.of(xShape, wShape);
        convolution_forward.primitive_desc hint = own(ConvForwardPlan.forwardDesc(this, dnn, xShape, wShape, false, g,
                dyShape));
        convolution_backward_data.primitive_desc pd = own(new convolution_backward_data.primitive_desc(dnn.engine,
                algorithm.convolution_direct, any(xShape), any(wd.dims()), any(dyShape), strides(g), dilation(g),
                paddingTopLeft(g), paddingBottomRight(g), hint));
        chose("bwd_d", pd);
        diffDst = input(dnn, DNNL_ARG_DIFF_DST, dyShape, memory.format_tag.nchw, pd.diff_dst_desc());
        weights = input(dnn, DNNL_ARG_WEIGHTS, wd.dims(), wd.plain(), pd.weights_desc());
        diffSrc = output(dnn, DNNL_ARG_DIFF_SRC, xShape, memory.format_tag.nchw, pd.diff_src_desc());
        conv = own(new convolution_backward_data(pd));
        args = args(diffDst, weights, diffSrc);
    }

    void run(Onednn dnn, Tensor dy, Tensor w, Tensor dx, CallTimes t) {
        diffDst.loadAndReorder(dy.data(), dnn.stream, t);
        weights.loadAndReorder(w.data(), dnn.stream, t);
        t.primitiveNanos += execute(conv, dnn.stream, args);
        diffSrc.reorderAndStore(dx.data(), dnn.stream, t);
    }
}
