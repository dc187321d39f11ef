package convbench.peer.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import convbench.api.Tensor;
import convbench.api.Window;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;

/**
 * Max and average pooling with oneDNN, forward and backward.
 *
 * <p>Unlike convolution, pooling cannot choose its source layout ({@code format_tag::any} is
 * refused for it): in a network it takes whatever layout the convolution before it produced. So
 * the source (and, backward, the source gradient) gets the layout a oneDNN convolution would leave
 * a tensor of this shape in ({@link #layoutAfterConvolution}, e.g. {@code nChw16c} with AVX-512),
 * and the destination is left to oneDNN.
 */
final class PoolPlans {
    private PoolPlans() {
    }

    static algorithm algorithmOf(boolean max, boolean countIncludePad) {
        if (max) {
            return algorithm.pooling_max;
        }
        return countIncludePad ? algorithm.pooling_avg_include_padding : algorithm.pooling_avg_exclude_padding;
    }

    /** The layout oneDNN's forward convolution picks for an output of this shape (a 1x1 convolution, C to C). */
    static memory.desc layoutAfterConvolution(Plan owner, Onednn dnn, int[] shape) {
        int c = shape[1];
        try (convolution_forward.primitive_desc conv = new convolution_forward.primitive_desc(dnn.engine,
                prop_kind.forward_training, algorithm.convolution_direct, Plan.any(shape), Plan.any(new int[] {c, c, 1, 1}),
                Plan.any(shape), new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0}, new long[] {0, 0})) {
            return owner.own(conv.dst_desc());
        }
    }

    static pooling_forward.primitive_desc forwardDesc(Onednn dnn, prop_kind prop, algorithm alg, memory.desc src,
                                                      int[] yShape, Window g) {
        return new pooling_forward.primitive_desc(dnn.engine, prop, alg, src, Plan.any(yShape), Plan.strides(g),
                Plan.kernel(g), Plan.dilation(g), Plan.paddingTopLeft(g), Plan.paddingBottomRight(g));
    }

    /** y = pool(x): forward inference (no workspace). */
    static final class Forward extends Plan {
        private final Operand src;
        private final Operand dst;
        private final pooling_forward pool;
        private final IntMemoryMap args;

        Forward(Onednn dnn, int[] xShape, int[] yShape, Window g, algorithm alg) {
            memory.desc srcLayout = layoutAfterConvolution(this, dnn, xShape);
            pooling_forward.primitive_desc pd = own(forwardDesc(dnn, prop_kind.forward_inference, alg, srcLayout, yShape, g));
            chose("fwd", pd);
            src = input(dnn, DNNL_ARG_SRC, xShape, memory.format_tag.nchw, pd.src_desc());
            dst = output(dnn, DNNL_ARG_DST, yShape, memory.format_tag.nchw, pd.dst_desc());
            pool = own(new pooling_forward(pd));
            args = args(src, dst);
        }

        void run(Onednn dnn, Tensor x, Tensor y, CallTimes t) {
            src.loadAndReorder(x.data(), dnn.stream, t);
            t.primitiveNanos += execute(pool, dnn.stream, args);
            dst.reorderAndStore(y.data(), dnn.stream, t);
        }
    }

    /**
     * dx = pool backward(dy). Max pooling backward reads the workspace (where each window's
     * maximum was) that a forward-training pass writes, so each call first runs that forward pass
     * on x (timed as helper time, not as the primitive). Average pooling needs no x.
     */
    static final class Backward extends Plan {
        private final Operand src;              // max only
        private final Operand diffDst;
        private final Operand diffSrc;
        private final pooling_forward forward;  // max only
        private final pooling_backward backward;
        private final IntMemoryMap forwardArgs;
        private final IntMemoryMap backwardArgs;

        Backward(Onednn dnn, int[] xShape, int[] yShape, Window g, algorithm alg) {
            boolean max = alg == algorithm.pooling_max;
            memory.desc srcLayout = layoutAfterConvolution(this, dnn, xShape);
            pooling_forward.primitive_desc hint = own(forwardDesc(dnn, prop_kind.forward_training, alg, srcLayout, yShape, g));
            pooling_backward.primitive_desc pd = own(new pooling_backward.primitive_desc(dnn.engine, alg, srcLayout,
                    any(yShape), strides(g), kernel(g), dilation(g), paddingTopLeft(g), paddingBottomRight(g), hint));
            chose("bwd", pd);
            diffDst = input(dnn, DNNL_ARG_DIFF_DST, yShape, memory.format_tag.nchw, pd.diff_dst_desc());
            diffSrc = output(dnn, DNNL_ARG_DIFF_SRC, xShape, memory.format_tag.nchw, pd.diff_src_desc());
            backward = own(new pooling_backward(pd));
            backwardArgs = args(diffDst, diffSrc);
            if (max) {
                src = input(dnn, DNNL_ARG_SRC, xShape, memory.format_tag.nchw, hint.src_desc());
                memory y = own(new memory(own(hint.dst_desc()), dnn.engine));
                memory workspace = own(new memory(own(hint.workspace_desc()), dnn.engine));
                forward = own(new pooling_forward(hint));
                forwardArgs = args(src);
                forwardArgs.put(DNNL_ARG_DST, y);
                forwardArgs.put(DNNL_ARG_WORKSPACE, workspace);
                backwardArgs.put(DNNL_ARG_WORKSPACE, workspace);
            } else {
                src = null;
                forward = null;
                forwardArgs = null;
            }
        }

        /** x is read by max pooling only (may be null for average pooling). */
        void run(Onednn dnn, Tensor x, Tensor dy, Tensor dx, CallTimes t) {
            if (forward != null) {
                src.loadAndReorder(x.data(), dnn.stream, t);
                t.helperNanos += execute(forward, dnn.stream, forwardArgs);
            }
            diffDst.loadAndReorder(dy.data(), dnn.stream, t);
            t.primitiveNanos += execute(backward, dnn.stream, backwardArgs);
            diffSrc.reorderAndStore(dx.data(), dnn.stream, t);
        }
    }
}
