package convbench.opencl;

import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.util.Map;

/**
 * {@code opencl-direct}: the convolution formula as a kernel, one work-item per output element
 * ({@code direct.cl}). Backward is the same idea: one work-item per element of dx, dw or db,
 * each summing the forward terms that touch it. Simple and always correct, but every work-item
 * re-reads its inputs and weights from memory: nothing is kept in registers across outputs.
 * Every group count, forward and backward (depthwise included): a work-item's sum simply runs over
 * its group's channels.
 */
public final class DirectConv extends OpenClImplementation {

    public DirectConv() {
        super(new About("opencl-direct",
                "OpenCL, one work-item per output element computing the convolution sum directly; "
                        + "backward gathers each gradient element the same way. No data reuse beyond the caches.",
                "001_ff6b80459da32d29.txt 17.2.2 方法1 and 17.4.1 (the loop nest, one work-item per output element)"));
    }

    @Override
    protected boolean runsOp(Op op) {
        return op == Op.CONV2D || op == Op.CONV2D_BACKWARD;
    }

    /** The grouped convolutions too; the other OpenCL implementations refuse them (the base class). */
    @Override
    public Support supports(Op op, Window window) {
        if (window.isGrouped() && runsOp(op)) {
            return Support.yes();
        }
        return super.supports(op, window);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor b, Window window, Tensor y) {
        run(Op.CONV2D, geometry(window, "x", x, "w", w, "b", b, "y", y), s -> {
            int n = x.dim(0), c = x.dim(1), oc = w.dim(0);
            cl_kernel k = s.kernel("direct.cl", "conv_forward", Map.of());
            cl_mem xm = s.upload("x", x.data());
            cl_mem wm = s.upload("w", w.data());
            cl_mem bm = b == null ? wm : s.upload("b", b.data());
            cl_mem ym = s.buffer("y", y.size());
            s.launch(k, "conv_forward", g1(y.size()), l1(),
                    with(geom(window, x.dim(2), x.dim(3)), xm, wm, bm, b == null ? 0 : 1, ym, n, c, oc, window.groups()));
            s.download(ym, y.data(), "y");
        });
    }

    @Override
    public void conv2dBackward(Tensor x, Tensor w, Tensor dy, Window window, Reduction reduction,
                               Tensor dx, Tensor dw, Tensor db) {
        run(Op.CONV2D_BACKWARD, geometry(window, "x", x, "w", w, "dy", dy), s -> {
            int n = x.dim(0), c = x.dim(1), oc = w.dim(0);
            int divisor = reduction == Reduction.MEAN ? n : 1;
            Object[] geo = geom(window, x.dim(2), x.dim(3));
            cl_mem dym = s.upload("dy", dy.data());
            if (dx != null) {
                cl_kernel k = s.kernel("direct.cl", "conv_backward_data", Map.of());
                cl_mem wm = s.upload("w", w.data());
                cl_mem dxm = s.buffer("dx", dx.size());
                s.launch(k, "conv_backward_data", g1(dx.size()), l1(), with(geo, dym, wm, dxm, n, c, oc, window.groups()));
                s.download(dxm, dx.data(), "dx");
            }
            if (dw != null) {
                cl_kernel k = s.kernel("direct.cl", "conv_backward_weights", Map.of());
                cl_mem xm = s.upload("x", x.data());
                cl_mem dwm = s.buffer("dw", dw.size());
                s.launch(k, "conv_backward_weights", g1(dw.size()), l1(), with(geo, xm, dym, dwm, n, c, oc, window.groups(), divisor));
                s.download(dwm, dw.data(), "dw");
            }
            if (db != null) {
                biasGradient(s, dym, db, n, oc, dy.dim(2) * dy.dim(3), divisor);
            }
        });
    }
}
