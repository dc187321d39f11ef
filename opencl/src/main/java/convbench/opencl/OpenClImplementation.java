package convbench.opencl;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Shapes;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;
import org.jocl.CLException;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.util.Map;

/**
 * What every OpenCL implementation shares: choosing the device ({@link Devices#selected()}),
 * the {@link ClSession} opened on first use, the time split ({@link OpenClTimed}), turning any
 * failure into one message that names the implementation, the operation, the geometry and the
 * OpenCL call, and the pooling and ReLU kernels ({@code pool.cl}), which are the same
 * one-work-item-per-element gathers whatever the convolution strategy.
 */
public abstract class OpenClImplementation implements Implementation, OpenClTimed {
    /** Work-group size of the one-dimensional element-wise kernels. */
    static final long LOCAL_1D = 64;

    private ClSession session;
    private int canaryFloats;

    /** Ops this implementation runs besides pooling and ReLU. */
    protected abstract boolean runsOp(Op op);

    @Override
    public Support available() {
        Devices.Discovery d = Devices.discover();
        if (d.devices().isEmpty()) {
            return Support.no(d.problem());
        }
        try {
            Devices.selected();
            return Support.yes();
        } catch (OpenClException e) {
            return Support.no(e.getMessage());
        }
    }

    @Override
    public String variant() {
        try {
            return session != null ? session.device().summary() : Devices.selected().summary();
        } catch (OpenClException e) {
            return "no device";
        }
    }

    @Override
    public Support supports(Op op, Window window) {
        if (window.isGrouped()) {   // implementations that run groups (DirectConv) override this
            return Support.no(name() + " does not implement grouped convolution (groups " + window.groups() + ")");
        }
        if (op.isPooling() || op == Op.RELU || runsOp(op)) {
            return Support.yes();
        }
        return Support.no(name() + " does not implement " + op.id());
    }

    /** The session on the selected device, opened on first use. */
    ClSession session() {
        if (session == null) {
            session = new ClSession(Devices.selected());
            session.setCanaryFloats(canaryFloats);
        }
        return session;
    }

    /** Test hook: put this many sentinel floats after every device buffer and poison buffers. */
    void enableCanaries(int floats) {
        canaryFloats = floats;
        if (session != null) {
            session.setCanaryFloats(floats);
        }
    }

    /** One operation's body; runs between {@link ClSession#begin()} and {@link ClSession#end()}. */
    @FunctionalInterface
    interface Body {
        void run(ClSession s);
    }

    /**
     * Runs {@code body} as operation {@code op}: times it and rewrites any failure into one message
     * with the implementation, the operation and {@code geometry} (window and shapes).
     */
    void run(Op op, String geometry, Body body) {
        ClSession s;
        try {
            s = session();
        } catch (OpenClException | CLException | LinkageError e) {
            throw new OpenClException(name() + " " + op.id() + " " + geometry + ": " + e.getMessage(), e);
        }
        boolean done = false;
        try {
            s.begin();
            body.run(s);
            s.end();
            done = true;
        } catch (OpenClException | CLException e) {
            throw new OpenClException(name() + " " + op.id() + " " + geometry + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                s.abandon();
            }
        }
    }

    /** The geometry part of error messages: the window, then names and shapes, e.g. ("x", x, "dy", dy). */
    protected static String geometry(Window window, Object... namesAndTensors) {
        StringBuilder sb = new StringBuilder(window == null ? "" : window.toString());
        for (int i = 0; i + 1 < namesAndTensors.length; i += 2) {
            if (namesAndTensors[i + 1] instanceof Tensor t) {
                sb.append(' ').append(namesAndTensors[i]).append(Shapes.format(t.shape()));
            }
        }
        return sb.toString();
    }

    /** The twelve geometry arguments, in the order of the GEOM macro of the kernels. */
    protected static Object[] geom(Window g, int h, int w) {
        return new Object[] {h, w, g.outH(h), g.outW(w), g.kh(), g.kw(), g.sh(), g.sw(),
                g.padTop(), g.padLeft(), g.dh(), g.dw()};
    }

    /** args followed by the geometry arguments. */
    protected static Object[] with(Object[] geom, Object... args) {
        Object[] out = new Object[args.length + geom.length];
        System.arraycopy(args, 0, out, 0, args.length);
        System.arraycopy(geom, 0, out, args.length, geom.length);
        return out;
    }

    protected static long[] g1(long n) {
        return new long[] {n};
    }

    protected static long[] l1() {
        return new long[] {LOCAL_1D};
    }

    // ---------------------------------------------------------------- pooling and ReLU

    @Override
    public void maxPool2d(Tensor x, Window window, Tensor y) {
        run(Op.MAXPOOL2D, geometry(window, "x", x, "y", y), s -> {
            int nc = x.dim(0) * x.dim(1);
            cl_kernel k = s.kernel("pool.cl", "max_pool", Map.of());
            cl_mem xm = s.upload("x", x.data());
            cl_mem ym = s.buffer("y", y.size());
            s.launch(k, "max_pool", g1(y.size()), l1(), with(geom(window, x.dim(2), x.dim(3)), xm, ym, nc));
            s.download(ym, y.data(), "y");
        });
    }

    @Override
    public void avgPool2d(Tensor x, Window window, boolean countIncludePad, Tensor y) {
        run(Op.AVGPOOL2D, geometry(window, "x", x, "y", y), s -> {
            int nc = x.dim(0) * x.dim(1);
            cl_kernel k = s.kernel("pool.cl", "avg_pool", Map.of());
            cl_mem xm = s.upload("x", x.data());
            cl_mem ym = s.buffer("y", y.size());
            s.launch(k, "avg_pool", g1(y.size()), l1(),
                    with(geom(window, x.dim(2), x.dim(3)), xm, ym, nc, countIncludePad ? 1 : 0));
            s.download(ym, y.data(), "y");
        });
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor dy, Window window, Tensor dx) {
        run(Op.MAXPOOL2D_BACKWARD, geometry(window, "x", x, "dy", dy, "dx", dx), s -> {
            int nc = x.dim(0) * x.dim(1);
            Object[] geo = geom(window, x.dim(2), x.dim(3));
            cl_kernel argmax = s.kernel("pool.cl", "max_pool_argmax", Map.of());
            cl_kernel back = s.kernel("pool.cl", "max_pool_backward", Map.of());
            cl_mem xm = s.upload("x", x.data());
            cl_mem dym = s.upload("dy", dy.data());
            cl_mem arg = s.buffer("argmax", dy.size());
            cl_mem dxm = s.buffer("dx", dx.size());
            s.launch(argmax, "max_pool_argmax", g1(dy.size()), l1(), with(geo, xm, arg, nc));
            s.launch(back, "max_pool_backward", g1(dx.size()), l1(), with(geo, arg, dym, dxm, nc));
            s.download(dxm, dx.data(), "dx");
        });
    }

    @Override
    public void avgPool2dBackward(Tensor dy, Window window, boolean countIncludePad, Tensor dx) {
        run(Op.AVGPOOL2D_BACKWARD, geometry(window, "dy", dy, "dx", dx), s -> {
            int nc = dx.dim(0) * dx.dim(1);
            cl_kernel k = s.kernel("pool.cl", "avg_pool_backward", Map.of());
            cl_mem dym = s.upload("dy", dy.data());
            cl_mem dxm = s.buffer("dx", dx.size());
            s.launch(k, "avg_pool_backward", g1(dx.size()), l1(),
                    with(geom(window, dx.dim(2), dx.dim(3)), dym, dxm, nc, countIncludePad ? 1 : 0));
            s.download(dxm, dx.data(), "dx");
        });
    }

    @Override
    public void relu(Tensor x, Tensor y) {
        run(Op.RELU, geometry(null, "x", x), s -> {
            cl_kernel k = s.kernel("pool.cl", "relu", Map.of());
            cl_mem xm = s.upload("x", x.data());
            cl_mem ym = s.buffer("y", y.size());
            s.launch(k, "relu", g1(y.size()), l1(), xm, ym, y.size());
            s.download(ym, y.data(), "y");
        });
    }

    // ---------------------------------------------------------------- timing

    @Override
    public long lastDeviceNanos() {
        return session == null ? -1 : session.lastDeviceNanos();
    }

    @Override
    public long lastEndToEndNanos() {
        return session == null ? -1 : session.lastEndToEndNanos();
    }

    @Override
    public long buildNanos() {
        return session == null ? 0 : session.buildNanos();
    }

    @Override
    public Map<String, Long> lastKernelNanos() {
        return session == null ? Map.of() : session.lastKernelNanos();
    }

    @Override
    public void close() {
        if (session != null) {
            try {
                session.close();
            } finally {
                session = null;
            }
        }
    }
}
