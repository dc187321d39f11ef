package convbench.opencl;

import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Tensor;
import convbench.api.Window;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.util.List;
import java.util.Map;

/**
 * {@code opencl-blocked-direct}: a direct convolution blocked in registers ({@code blocked.cl}),
 * the strategy that suits a CPU device. Each work-item computes VW consecutive output columns
 * for OCB output channels, so each loaded input vector feeds OCB multiply-adds and each weight VW
 * of them. The input is copied once into a zero-bordered buffer so the hot loop has no
 * boundary tests, and the weights are reordered so the OCB weights of a tap are adjacent. No
 * local memory and no barriers: on PoCL's CPU device local memory is ordinary memory, and
 * barriers split the work-item loops, which costs more than the cache misses they would save.
 *
 * <p>Backward: the data gradient is the same kernel run on dy spread out by the stride, with
 * the kernel flipped and its channel axes swapped (a transposed convolution is a convolution);
 * the weight gradient has its own register-blocked kernel. VW, OCB and the work-group come from
 * the tuning database per device and problem class ({@link TuningSpace#BLOCKED},
 * {@link TuningSpace#BLOCKED_DW}). Pooling and ReLU are the shared kernels.
 */
public final class BlockedDirectConv extends OpenClImplementation {
    /**
     * Work-groups of the padding copies: 16 columns x 16 rows. PoCL pays a fixed cost per
     * work-group, which for groups of 16 work-items was a tenth of a forward pass's device time.
     */
    private static final long[] PAD_LOCAL = {16, 16, 1};

    public BlockedDirectConv() {
        super(new About("opencl-blocked-direct",
                "OpenCL direct convolution blocked in registers: each work-item keeps a vector of output "
                        + "columns for several output channels, input zero-padded once so the inner loop has no "
                        + "branches. No im2col matrix, no local memory: the fastest form on CPU devices. The data "
                        + "gradient is the same kernel on the stride-spread dy with the flipped kernel; the weight "
                        + "gradient a register-blocked reduction. Block sizes come from 'convbench tune'.",
                "001_ff6b80459da32d29.txt 17.2.2 方法1, with the register reuse of 17.2.4; backward as in 17.4 "
                        + "(blocked direct convolution on an OpenCL device)"));
    }

    @Override
    protected boolean runsOp(Op op) {
        return op == Op.CONV2D || op == Op.CONV2D_BACKWARD;
    }

    @Override
    public List<TuningSpace> tunedKernels(String direction) {
        return switch (direction) {
            case "forward", "backward-data" -> List.of(TuningSpace.BLOCKED);
            case "backward-weights" -> List.of(TuningSpace.BLOCKED_DW);
            default -> super.tunedKernels(direction);
        };
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
        run(Op.CONV2D, geometry(g, "x", x, "w", w, "b", b, "y", y), s -> {
            int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3), oc = w.dim(0);
            Map<String, Integer> d = parameters(s, TuningSpace.BLOCKED,
                    TuningSpace.problemClass("forward", c, oc, g.kh(), g.kw()));
            d = withKernelSize(d, g);
            int vw = d.get("VW"), ocb = d.get("OCB");
            int oh = g.outH(h), ow = g.outW(wd);
            int owBlocks = ceilDiv(ow, vw);
            int ocBlocks = ceilDiv(oc, ocb);
            int ckk = c * g.kh() * g.kw();
            // tall enough for the last row block's RB rows
            int hp = Math.max(h + g.padTop() + g.padBottom(),
                    (ceilDiv(oh, d.get("RB")) * d.get("RB") - 1) * g.sh() + g.effectiveKh());
            // wide enough for the last column block's full vector of taps
            int wp = Math.max(wd + g.padLeft() + g.padRight(), (owBlocks * vw - 1) * g.sw() + g.effectiveKw());
            cl_kernel pad = s.kernel("blocked.cl", "pad_input", d);
            cl_kernel pack = s.kernel("blocked.cl", "pack_weights", d);
            cl_mem xm = s.upload("x", x.data());
            cl_mem wm = s.upload("w", w.data());
            cl_mem bm = b == null ? wm : s.upload("b", b.data());
            cl_mem xp = s.buffer("x-padded", (long) n * c * hp * wp);
            cl_mem wpk = s.buffer("w-packed", (long) ocBlocks * ckk * ocb);
            cl_mem ym = s.buffer("y", y.size());
            s.launch(pad, "pad_input", new long[] {wp, hp, (long) n * c}, PAD_LOCAL, xm, xp, n * c, h, wd, hp, wp, g.padTop(), g.padLeft());
            s.launch(pack, "pack_weights", g1((long) ocBlocks * ckk * ocb), l1(), wm, wpk, oc, ocBlocks, ckk);
            convBlocked(s, d, xp, wpk, b == null ? null : bm, ym, n, c, oc, hp, wp, oh, ow,
                    g.kh(), g.kw(), g.sh(), g.sw(), g.dh(), g.dw());
            s.download(ym, y.data(), "y");
        });
    }

    /** conv_blocked over padded input xp and packed weights wpk; bias may be null. */
    private static void convBlocked(ClSession s, Map<String, Integer> d, cl_mem xp, cl_mem wpk, cl_mem bias, cl_mem ym,
                                    int n, int c, int oc, int hp, int wp, int oh, int ow,
                                    int kh, int kw, int sh, int sw, int dh, int dw) {
        int owBlocks = ceilDiv(ow, d.get("VW"));
        int ohBlocks = ceilDiv(oh, d.get("RB"));
        int ocBlocks = ceilDiv(oc, d.get("OCB"));
        cl_kernel conv = s.kernel("blocked.cl", "conv_blocked", d);
        s.launch(conv, "conv_blocked", new long[] {owBlocks, ohBlocks, (long) n * ocBlocks},
                new long[] {d.get("LX"), d.get("LY"), d.get("LZ")},
                xp, wpk, bias == null ? wpk : bias, bias == null ? 0 : 1, ym, n, c, oc, hp, wp, oh, ow,
                kh, kw, sh, sw, dh, dw, ocBlocks, owBlocks, ohBlocks);
    }

    /** With KFIX=1 the kernel size becomes a compile-time constant (one program per kernel size). */
    private static Map<String, Integer> withKernelSize(Map<String, Integer> d, Window g) {
        if (d.get("KFIX") == 0) {
            return d;
        }
        Map<String, Integer> out = new java.util.LinkedHashMap<>(d);
        out.put("KHF", g.kh());
        out.put("KWF", g.kw());
        return out;
    }

    @Override
    public void conv2dBackward(Tensor x, Tensor w, Tensor dy, Window g, Reduction reduction,
                               Tensor dx, Tensor dw, Tensor db) {
        run(Op.CONV2D_BACKWARD, geometry(g, "x", x, "w", w, "dy", dy), s -> {
            int n = x.dim(0), oc = w.dim(0);
            int divisor = reduction == Reduction.MEAN ? n : 1;
            cl_mem dym = s.upload("dy", dy.data());
            if (dx != null) {
                dataGradient(s, w, dym, g, n, x.dim(1), x.dim(2), x.dim(3), oc, dy.dim(2), dy.dim(3), dx);
            }
            if (dw != null) {
                weightGradient(s, x, dym, g, oc, dy.dim(2), dy.dim(3), divisor, dw);
            }
            if (db != null) {
                biasGradient(s, dym, db, n, oc, dy.dim(2) * dy.dim(3), divisor);
            }
        });
    }

    /**
     * dx = a stride-1 convolution (dilation DH, DW) of z with the flipped kernel, where z is dy
     * spread out by the stride, shifted by PT - (KH-1)*DH rows and PL - (KW-1)*DW columns and
     * zero elsewhere; its output has the input's size H x W.
     */
    private void dataGradient(ClSession s, Tensor w, cl_mem dym, Window g, int n, int c, int h, int wd,
                              int oc, int oh, int ow, Tensor dx) {
        Map<String, Integer> d = parameters(s, TuningSpace.BLOCKED,
                TuningSpace.problemClass("backward-data", c, oc, g.kh(), g.kw()));
        d = withKernelSize(d, g);
        int vw = d.get("VW"), cb = d.get("OCB");
        int wBlocks = ceilDiv(wd, vw);
        int cBlocks = ceilDiv(c, cb);
        int hp = ceilDiv(h, d.get("RB")) * d.get("RB") + (g.kh() - 1) * g.dh();
        int wp = Math.max(wd + (g.kw() - 1) * g.dw(), wBlocks * vw + (g.kw() - 1) * g.dw());
        int shiftTop = g.padTop() - (g.kh() - 1) * g.dh();
        int shiftLeft = g.padLeft() - (g.kw() - 1) * g.dw();
        cl_kernel stuff = s.kernel("blocked.cl", "stuff_pad_dy", d);
        cl_kernel pack = s.kernel("blocked.cl", "pack_weights_flipped", d);
        cl_mem wm = s.upload("w", w.data());
        cl_mem zp = s.buffer("dy-spread", (long) n * oc * hp * wp);
        cl_mem wpk = s.buffer("w-flipped", (long) cBlocks * oc * g.kh() * g.kw() * cb);
        cl_mem dxm = s.buffer("dx", dx.size());
        s.launch(stuff, "stuff_pad_dy", new long[] {wp, hp, (long) n * oc}, PAD_LOCAL,
                dym, zp, n * oc, oh, ow, hp, wp, shiftTop, shiftLeft, g.sh(), g.sw());
        s.launch(pack, "pack_weights_flipped", g1((long) cBlocks * oc * g.kh() * g.kw() * cb), l1(),
                wm, wpk, oc, c, g.kh(), g.kw(), cBlocks);
        convBlocked(s, d, zp, wpk, null, dxm, n, oc, c, hp, wp, h, wd, g.kh(), g.kw(), 1, 1, g.dh(), g.dw());
        s.download(dxm, dx.data(), "dx");
    }

    /** dw from the padded input and dy padded to whole column blocks, in SPLIT partial sums. */
    private void weightGradient(ClSession s, Tensor x, cl_mem dym, Window g, int oc, int oh, int ow,
                                int divisor, Tensor dw) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        Map<String, Integer> d = parameters(s, TuningSpace.BLOCKED_DW,
                TuningSpace.problemClass("backward-weights", c, oc, g.kh(), g.kw()));
        int vw = d.get("VW"), ocb = d.get("OCB"), tb = d.get("TB"), split = d.get("SPLIT");
        int owp = ceilDiv(ow, vw) * vw;
        int ocBlocks = ceilDiv(oc, ocb);
        int sBlocks = ceilDiv(g.kw(), tb);
        int hp = h + g.padTop() + g.padBottom();
        // wide enough for the last column block and for the taps of the last tap block past KW
        int wp = Math.max(wd + g.padLeft() + g.padRight(), (owp - 1) * g.sw() + (sBlocks * tb - 1) * g.dw() + 1);
        int ckk = c * g.kh() * g.kw();
        cl_kernel pad = s.kernel("blocked.cl", "pad_input", d);
        cl_kernel grad = s.kernel("blocked.cl", "conv_weight_grad", d);
        cl_kernel sum = s.kernel("im2col.cl", "batch_sum", Map.of());
        cl_mem xm = s.upload("x", x.data());
        cl_mem xp = s.buffer("x-padded", (long) n * c * hp * wp);
        cl_mem dyp = s.buffer("dy-padded", (long) n * oc * oh * owp);
        cl_mem part = s.buffer("dw-parts", (long) split * oc * ckk);
        cl_mem dwm = s.buffer("dw", dw.size());
        s.launch(pad, "pad_input", new long[] {wp, hp, (long) n * c}, PAD_LOCAL,
                xm, xp, n * c, h, wd, hp, wp, g.padTop(), g.padLeft());
        s.launch(pad, "pad_input", new long[] {owp, oh, (long) n * oc}, PAD_LOCAL,
                dym, dyp, n * oc, oh, ow, oh, owp, 0, 0);
        s.launch(grad, "conv_weight_grad", new long[] {(long) ocBlocks * c * g.kh() * sBlocks, split},
                new long[] {d.get("LX"), 1},
                xp, dyp, part, n, c, oc, hp, wp, oh, owp, g.kh(), g.kw(), g.sh(), g.sw(), g.dh(), g.dw(),
                ocBlocks, sBlocks);
        s.launch(sum, "batch_sum", g1(dw.size()), l1(), part, dwm, split, oc * ckk, divisor);
        s.download(dwm, dw.data(), "dw");
    }
}
