package convbench.opencl;

import convbench.api.Op;
import convbench.api.Tensor;
import convbench.api.Window;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.util.Map;

/**
 * {@code opencl-blocked-direct}: a direct convolution blocked in registers ({@code blocked.cl}),
 * the strategy that suits a CPU device. Each work-item computes VW consecutive output columns
 * for OCB output channels, so each loaded input vector feeds OCB multiply-adds and each weight VW
 * of them. The input is copied once into a zero-bordered buffer so the hot loop has no
 * boundary tests, and the weights are reordered so the OCB weights of a tap are adjacent. No
 * local memory and no barriers: on PoCL's CPU device local memory is ordinary memory, and
 * barriers split the work-item loops, which costs more than the cache misses they would save.
 * Forward only; pooling and ReLU are the shared kernels.
 */
public final class BlockedDirectConv extends OpenClImplementation {
    /** Measured best on PoCL (AVX-512, 2 cores): 16 columns x 16 channels, one work-item per group. */
    private static final Map<String, Integer> CPU_DEFAULTS = Map.of("VW", 16, "OCB", 16, "LX", 1, "LY", 1, "LZ", 1);
    /** GPUs want many work-items per group and short vectors (a starting point, not measured here). */
    private static final Map<String, Integer> GPU_DEFAULTS = Map.of("VW", 4, "OCB", 8, "LX", 16, "LY", 4, "LZ", 1);

    @Override
    public String name() {
        return "opencl-blocked-direct";
    }

    @Override
    public String description() {
        return "OpenCL direct convolution blocked in registers: each work-item keeps a vector of output "
                + "columns for several output channels, input zero-padded once so the inner loop has no "
                + "branches. No im2col matrix, no local memory: the fastest form on CPU devices.";
    }

    @Override
    public String documentSection() {
        return "001_ff6b80459da32d29.txt 17.2.2 方法1, with the register reuse of 17.2.4 (blocked direct convolution on an OpenCL device)";
    }

    @Override
    protected boolean runsOp(Op op) {
        return op == Op.CONV2D;
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
        run(Op.CONV2D, geometry(g, "x", x, "w", w, "b", b, "y", y), s -> {
            Map<String, Integer> d = Tuning.of("blocked", s.device().isGpu() ? GPU_DEFAULTS : CPU_DEFAULTS);
            int vw = d.get("VW"), ocb = d.get("OCB");
            int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3), oc = w.dim(0);
            int oh = g.outH(h), ow = g.outW(wd);
            int owBlocks = Im2colGemmConv.ceilDiv(ow, vw);
            int ocBlocks = Im2colGemmConv.ceilDiv(oc, ocb);
            int ckk = c * g.kh() * g.kw();
            int hp = h + g.padTop() + g.padBottom();
            // wide enough for the last column block's full vector of taps
            int wp = Math.max(wd + g.padLeft() + g.padRight(), (owBlocks * vw - 1) * g.sw() + g.effectiveKw());
            cl_kernel pad = s.kernel("blocked.cl", "pad_input", d);
            cl_kernel pack = s.kernel("blocked.cl", "pack_weights", d);
            cl_kernel conv = s.kernel("blocked.cl", "conv_blocked", d);
            cl_mem xm = s.upload("x", x.data());
            cl_mem wm = s.upload("w", w.data());
            cl_mem bm = b == null ? wm : s.upload("b", b.data());
            cl_mem xp = s.buffer("x-padded", (long) n * c * hp * wp);
            cl_mem wpk = s.buffer("w-packed", (long) ocBlocks * ckk * ocb);
            cl_mem ym = s.buffer("y", y.size());
            s.launch(pad, "pad_input", new long[] {wp, hp, (long) n * c}, new long[] {16, 1, 1}, xm, xp, n * c, h, wd, hp, wp, g.padTop(), g.padLeft());
            s.launch(pack, "pack_weights", g1((long) ocBlocks * ckk * ocb), l1(), wm, wpk, oc, ocBlocks, ckk);
            s.launch(conv, "conv_blocked", new long[] {owBlocks, oh, (long) n * ocBlocks},
                    new long[] {d.get("LX"), d.get("LY"), d.get("LZ")},
                    xp, wpk, bm, b == null ? 0 : 1, ym, n, c, oc, hp, wp, oh, ow,
                    g.kh(), g.kw(), g.sh(), g.sw(), g.dh(), g.dw(), ocBlocks, owBlocks);
            s.download(ym, y.data(), "y");
        });
    }
}
