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
 * {@code opencl-im2col-gemm}: unfold the input windows into a matrix ({@code im2col.cl}), then
 * one tiled matrix multiplication ({@code gemm.cl}: local-memory tiles and a register block per
 * work-item, the structure of CLBlast and ComputeLibrary).
 *
 * <ul>
 *   <li>forward: cols[C*KH*KW][N*OH*OW] = im2col(x); y[n] = W[OC][C*KH*KW] * cols[:, n] + b;</li>
 *   <li>data gradient: dcols[n] = dy[n]^T * W, then dx = col2im(dcols);</li>
 *   <li>weight gradient: dW = sum over n of dy[n] * cols[n] (per-image GEMMs, then a batch sum,
 *       averaged for MEAN); bias gradient: a sum of dy per channel.</li>
 * </ul>
 * The matrix costs C*KH*KW times the input's memory; the GEMM then reads it with good reuse.
 */
public final class OpenClIm2colGemmConv extends OpenClImplementation {
    /** Work-group of the im2col launch: PoCL pays per work-group, so not too small. */
    private static final Map<String, Integer> IM2COL_LOCAL = Map.of("LX", 16, "LY", 16);

    public OpenClIm2colGemmConv() {
        super(new About("opencl-im2col-gemm",
                "OpenCL im2col kernel, then a tiled GEMM kernel (local-memory tiles, register blocking, "
                        + "as in CLBlast); backward through GEMMs and col2im. Pays for the unfolded matrix in "
                        + "memory, gains a regular, cache-friendly multiplication.",
                "001_ff6b80459da32d29.txt 17.2.4 方法3 img2col, 17.4.2 col2img (on an OpenCL device)"));
    }

    @Override
    protected boolean runsOp(Op op) {
        return op == Op.CONV2D || op == Op.CONV2D_BACKWARD || op == Op.IM2COL || op == Op.COL2IM;
    }

    @Override
    public List<TuningSpace> tunedKernels(String direction) {
        return switch (direction) {
            case "forward", "backward-data", "backward-weights" -> List.of(TuningSpace.GEMM);
            default -> super.tunedKernels(direction);
        };
    }

    /**
     * C[b] = A[b] * B[b] (+ bias) over {@code batches}; strides as in gemm.cl: for each matrix
     * {row stride, column stride, batch stride}. Tile sizes: the tuning database's entry for
     * {@code problemClass} (the three GEMMs of a convolution have very different shapes).
     */
    private void gemm(ClSession s, String problemClass, int m, int n, int k, int batches,
                      cl_mem a, int[] sa, cl_mem b, int[] sb, cl_mem c, int[] sc, cl_mem bias) {
        Map<String, Integer> d = parameters(s, TuningSpace.GEMM, problemClass);
        cl_kernel kernel = s.kernel("gemm.cl", "gemm", d);
        int rtsm = d.get("TSM") / d.get("WPTM");
        int rtsn = d.get("TSN") / d.get("WPTN");
        long[] global = {ceilDiv(n, d.get("TSN")) * (long) rtsn, ceilDiv(m, d.get("TSM")) * (long) rtsm, batches};
        long[] local = {rtsn, rtsm, 1};
        s.launch(kernel, "gemm", global, local, m, n, k,
                a, sa[0], sa[1], sa[2], b, sb[0], sb[1], sb[2], c, sc[0], sc[1], sc[2],
                bias == null ? a : bias, bias == null ? 0 : 1);
    }

    /** im2col into {@code cols}: row layout [N*P][K] when rowLayout, else [K][N*P]. */
    private void im2col(ClSession s, cl_mem xm, cl_mem cols, int n, int c, int h, int w, Window g, boolean rowLayout) {
        int rows = n * g.outH(h) * g.outW(w);
        int k = c * g.kh() * g.kw();
        cl_kernel kernel = s.kernel("im2col.cl", "im2col", Map.of());
        Object[] geo = geom(g, h, w);
        long[] global = {g.outH(h), (long) n * k};
        Map<String, Integer> t = Tuning.of("im2col", IM2COL_LOCAL);
        long[] local = {t.get("LX"), t.get("LY")};
        if (rowLayout) {
            s.launch(kernel, "im2col", global, local, with(geo, xm, cols, n, c, k, 1));
        } else {
            s.launch(kernel, "im2col", global, local, with(geo, xm, cols, n, c, 1, rows));
        }
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor b, Window window, Tensor y) {
        run(Op.CONV2D, geometry(window, "x", x, "w", w, "b", b, "y", y), s -> {
            int n = x.dim(0), c = x.dim(1), oc = w.dim(0);
            int p = y.dim(2) * y.dim(3);
            int k = c * window.kh() * window.kw();
            cl_mem xm = s.upload("x", x.data());
            cl_mem wm = s.upload("w", w.data());
            cl_mem bm = b == null ? null : s.upload("b", b.data());
            cl_mem cols = s.buffer("cols", (long) k * n * p);
            cl_mem ym = s.buffer("y", y.size());
            im2col(s, xm, cols, n, c, x.dim(2), x.dim(3), window, false);
            gemm(s, TuningSpace.problemClass("forward", c, oc, window.kh(), window.kw()), oc, p, k, n,
                    wm, new int[] {k, 1, 0},
                    cols, new int[] {n * p, 1, p},
                    ym, new int[] {p, 1, oc * p}, bm);
            s.download(ym, y.data(), "y");
        });
    }

    @Override
    public void conv2dBackward(Tensor x, Tensor w, Tensor dy, Window window, Reduction reduction,
                               Tensor dx, Tensor dw, Tensor db) {
        run(Op.CONV2D_BACKWARD, geometry(window, "x", x, "w", w, "dy", dy), s -> {
            int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3), oc = w.dim(0);
            int p = dy.dim(2) * dy.dim(3);
            int k = c * window.kh() * window.kw();
            int divisor = reduction == Reduction.MEAN ? n : 1;
            cl_mem dym = s.upload("dy", dy.data());
            if (dx != null) {
                cl_mem wm = s.upload("w", w.data());
                cl_mem dcols = s.buffer("dcols", (long) n * p * k);
                cl_mem dxm = s.buffer("dx", dx.size());
                // dcols[n][p][kk] = sum_oc dy[n][oc][p] * w[oc][kk]
                gemm(s, TuningSpace.problemClass("backward-data", c, oc, window.kh(), window.kw()), p, k, oc, n,
                        dym, new int[] {1, p, oc * p},
                        wm, new int[] {k, 1, 0},
                        dcols, new int[] {k, 1, p * k}, null);
                cl_kernel fold = s.kernel("im2col.cl", "col2im", Map.of());
                s.launch(fold, "col2im", g1(dx.size()), l1(), with(geom(window, h, wd), dcols, dxm, n, c, k, 1));
                s.download(dxm, dx.data(), "dx");
            }
            if (dw != null) {
                cl_mem xm = s.upload("x", x.data());
                cl_mem cols = s.buffer("cols", (long) n * p * k);
                cl_mem perImage = s.buffer("dw-per-image", (long) n * oc * k);
                cl_mem dwm = s.buffer("dw", dw.size());
                im2col(s, xm, cols, n, c, h, wd, window, true);
                // perImage[n][oc][kk] = sum_p dy[n][oc][p] * cols[n][p][kk]
                gemm(s, "backward-weights", oc, k, p, n,
                        dym, new int[] {p, 1, oc * p},
                        cols, new int[] {k, 1, p * k},
                        perImage, new int[] {k, 1, oc * k}, null);
                cl_kernel sum = s.kernel("im2col.cl", "batch_sum", Map.of());
                s.launch(sum, "batch_sum", g1(dw.size()), l1(), perImage, dwm, n, oc * k, divisor);
                s.download(dwm, dw.data(), "dw");
            }
            if (db != null) {
                biasGradient(s, dym, db, n, oc, p, divisor);
            }
        });
    }

    @Override
    public void im2col(Tensor x, Window window, Tensor cols) {
        run(Op.IM2COL, geometry(window, "x", x, "cols", cols), s -> {
            cl_mem xm = s.upload("x", x.data());
            cl_mem cm = s.buffer("cols", cols.size());
            im2col(s, xm, cm, x.dim(0), x.dim(1), x.dim(2), x.dim(3), window, true);
            s.download(cm, cols.data(), "cols");
        });
    }

    @Override
    public void col2im(Tensor cols, Window window, Tensor x) {
        run(Op.COL2IM, geometry(window, "cols", cols, "x", x), s -> {
            int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
            int k = c * window.kh() * window.kw();
            cl_mem cm = s.upload("cols", cols.data());
            cl_mem xm = s.buffer("x", x.size());
            cl_kernel fold = s.kernel("im2col.cl", "col2im", Map.of());
            s.launch(fold, "col2im", g1(x.size()), l1(), with(geom(window, h, wd), cm, xm, n, c, k, 1));
            s.download(xm, x.data(), "x");
        });
    }
}
