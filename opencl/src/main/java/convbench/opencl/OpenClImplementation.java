package convbench.opencl;

import convbench.api.DeviceTimed;
import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Shapes;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;
import org.jocl.CLException;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every OpenCL implementation shares: choosing the device ({@link Devices#selected()}),
 * the {@link ClSession} opened on first use, the time split ({@link OpenClTimed}), turning any
 * failure into one message that names the implementation, the operation, the geometry and the
 * OpenCL call, and the pooling and ReLU kernels ({@code pool.cl}), which are the same
 * one-work-item-per-element gathers whatever the convolution strategy.
 */
public abstract class OpenClImplementation implements Implementation, OpenClTimed, DeviceTimed {
    /** Work-group size of the one-dimensional element-wise kernels. */
    static final long LOCAL_1D = 64;

    private ClSession session;
    private int canaryFloats;
    /** Parameters set by the tuner (or a test) per kernel; they win over the database. */
    private final Map<String, Map<String, Integer>> forced = new HashMap<>();
    /** The parameters each kernel of the last operation ran with, and their source: for variant(). */
    private final Map<String, TuningDatabase.Choice> lastChoices = new LinkedHashMap<>();

    /** What {@code list impls} and the report say of an implementation ({@link Implementation#name()} etc.). */
    protected record About(String name, String description, String documentSection) {
    }

    private final About about;

    protected OpenClImplementation(About about) {
        this.about = about;
    }

    @Override
    public String name() {
        return about.name();
    }

    @Override
    public String description() {
        return about.description();
    }

    @Override
    public String documentSection() {
        return about.documentSection();
    }

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

    /**
     * The device, then the parameters every tuned kernel of the last operation ran with and
     * where they came from, e.g. {@code #0 pthread-... [CPU] on Portable Computing Language;
     * blocked[forward.large-k] VW=16 OCB=16 LX=1 LY=1 LZ=1 (tuning/pocl-....json (device name))}.
     * Benchmarks record this per point; before any operation it names the tuning file in use.
     */
    @Override
    public String variant() {
        DeviceInfo d;
        try {
            d = session != null ? session.device() : Devices.selected();
        } catch (OpenClException e) {
            return "no device";
        }
        StringBuilder sb = new StringBuilder(d.summary());
        if (lastChoices.isEmpty()) {
            try {
                sb.append("; tuning: ").append(TuningDatabase.get().describeMatch(d));
            } catch (OpenClException e) {
                sb.append("; tuning: ").append(e.getMessage());
            }
        }
        lastChoices.forEach((kernel, c) -> sb.append("; ").append(kernel).append(' ')
                .append(TuningSpace.format(c.parameters())).append(" (").append(c.source()).append(')'));
        return sb.toString();
    }

    /**
     * The device, as result files name it ({@link DeviceInfo#summary()}), so that
     * {@link #variant()} may carry the parameters.
     */
    @Override
    public String deviceName() {
        try {
            return session != null ? session.device().summary() : Devices.selected().summary();
        } catch (OpenClException e) {
            return null;
        }
    }

    /**
     * The parameters of {@code space}'s kernel for a problem class: those the tuner forced,
     * else the tuning database's choice for this device. Remembered for {@link #variant()}.
     */
    Map<String, Integer> parameters(ClSession s, TuningSpace space, String problemClass) {
        Map<String, Integer> f = forced.get(space.kernel());
        TuningDatabase.Choice c = f != null ? new TuningDatabase.Choice(f, "set by the tuner")
                : TuningDatabase.get().choose(s.device(), space, problemClass);
        lastChoices.put(space.kernel() + "[" + problemClass + "]", c);
        return c.parameters();
    }

    /**
     * Runs {@code space}'s kernel with these parameters until {@link #clearForcedParameters()},
     * whatever the database says (the tuner, tests). Refused combinations are not checked here.
     */
    public void forceParameters(TuningSpace space, Map<String, Integer> parameters) {
        if (!parameters.keySet().equals(space.cpuDefaults().keySet())) {
            throw new IllegalArgumentException(space.kernel() + " takes " + space.cpuDefaults().keySet()
                    + ", not " + parameters.keySet());
        }
        forced.put(space.kernel(), Map.copyOf(parameters));
    }

    public void clearForcedParameters() {
        forced.clear();
    }

    /** Every problem class, per direction, that the database may hold an entry for. */
    static final Map<String, List<String>> CLASSES = Map.of(
            "forward", List.of("forward.small-k", "forward.large-k"),
            "backward-data", List.of("backward-data.small-k", "backward-data.large-k"),
            "backward-weights", List.of("backward-weights"),
            "pool-forward", List.of("pool-forward"),
            "pool-backward", List.of("pool-backward"));

    /**
     * One line per tuned kernel and problem class: the parameters this device gets from the
     * database (or the defaults) and where they come from; what {@code list impls} shows.
     */
    public List<String> tuningSummary() {
        List<String> lines = new ArrayList<>();
        DeviceInfo d;
        try {
            d = Devices.selected();
        } catch (OpenClException e) {
            return lines;
        }
        for (String direction : List.of("forward", "backward-data", "backward-weights", "pool-forward", "pool-backward")) {
            for (TuningSpace space : tunedKernels(direction)) {
                for (String cls : CLASSES.get(direction)) {
                    TuningDatabase.Choice c = TuningDatabase.get().choose(d, space, cls);
                    lines.add(space.kernel() + " " + cls + ": " + TuningSpace.format(c.parameters()) + " (" + c.source() + ")");
                }
            }
        }
        return lines;
    }

    /** The tunable kernels this implementation runs for a direction (the tuner's search list). */
    public List<TuningSpace> tunedKernels(String direction) {
        List<TuningSpace> out = new ArrayList<>();
        if (direction.startsWith("pool-")) {
            out.add(TuningSpace.POOL);
        }
        return out;
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
        lastChoices.clear();
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

    /** a / b rounded up (work-group and block counts). */
    protected static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    protected static long[] g1(long n) {
        return new long[] {n};
    }

    protected static long[] l1() {
        return new long[] {LOCAL_1D};
    }

    /**
     * db[oc] = the sum of dy over the images and the {@code positions} of each, divided by
     * {@code divisor}: direct.cl's conv_backward_bias, one work-item per channel. Every OpenCL
     * convolution uses this one kernel.
     */
    protected static void biasGradient(ClSession s, cl_mem dym, Tensor db, int n, int oc, int positions, int divisor) {
        cl_kernel k = s.kernel("direct.cl", "conv_backward_bias", Map.of());
        cl_mem dbm = s.buffer("db", db.size());
        s.launch(k, "conv_backward_bias", g1(oc), l1(), dym, dbm, n, oc, positions, divisor);
        s.download(dbm, db.data(), "db");
    }

    /** Work-group size of the pooling kernels, from the tuning database ("pool" kernel). */
    private long[] poolLocal(ClSession s, boolean backward) {
        return new long[] {parameters(s, TuningSpace.POOL, backward ? "pool-backward" : "pool-forward").get("L")};
    }

    // ---------------------------------------------------------------- pooling and ReLU

    /**
     * One pooling kernel of {@code pool.cl}, one work-item per element of {@code out}: its
     * arguments are {@code in}, {@code out}, N*C, then {@code extra}, then the geometry of the
     * pooling input (which is {@code in} forward, {@code out} backward).
     */
    private void poolKernel(ClSession s, String kernel, boolean backward, Window window,
                            String inName, Tensor in, String outName, Tensor out, Object... extra) {
        Tensor image = backward ? out : in;
        int nc = image.dim(0) * image.dim(1);
        cl_kernel k = s.kernel("pool.cl", kernel, Map.of());
        cl_mem inm = s.upload(inName, in.data());
        cl_mem outm = s.buffer(outName, out.size());
        // in, out, N*C, followed by extra, followed by the geometry
        Object[] args = with(with(geom(window, image.dim(2), image.dim(3)), extra), inm, outm, nc);
        s.launch(k, kernel, g1(out.size()), poolLocal(s, backward), args);
        s.download(outm, out.data(), outName);
    }

    @Override
    public void maxPool2d(Tensor x, Window window, Tensor y) {
        run(Op.MAXPOOL2D, geometry(window, "x", x, "y", y),
                s -> poolKernel(s, "max_pool", false, window, "x", x, "y", y));
    }

    @Override
    public void avgPool2d(Tensor x, Window window, boolean countIncludePad, Tensor y) {
        run(Op.AVGPOOL2D, geometry(window, "x", x, "y", y),
                s -> poolKernel(s, "avg_pool", false, window, "x", x, "y", y, countIncludePad ? 1 : 0));
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
            s.launch(argmax, "max_pool_argmax", g1(dy.size()), poolLocal(s, true), with(geo, xm, arg, nc));
            s.launch(back, "max_pool_backward", g1(dx.size()), poolLocal(s, true), with(geo, arg, dym, dxm, nc));
            s.download(dxm, dx.data(), "dx");
        });
    }

    @Override
    public void avgPool2dBackward(Tensor dy, Window window, boolean countIncludePad, Tensor dx) {
        run(Op.AVGPOOL2D_BACKWARD, geometry(window, "dy", dy, "dx", dx),
                s -> poolKernel(s, "avg_pool_backward", true, window, "dy", dy, "dx", dx, countIncludePad ? 1 : 0));
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

    // The same times for the benchmark harness (convbench.api.DeviceTimed), in milliseconds.

    private static Double ms(long nanos) {
        return nanos < 0 ? null : nanos / 1e6;
    }

    @Override
    public Double lastDeviceMs() {
        return ms(lastDeviceNanos());
    }

    @Override
    public Double lastEndToEndMs() {
        return ms(lastEndToEndNanos());
    }

    @Override
    public Double buildMs() {
        return ms(buildNanos());
    }

    @Override
    public Double totalDeviceMs() {
        return session == null ? null : session.totals()[0] / 1e6;
    }

    @Override
    public Double totalEndToEndMs() {
        return session == null ? null : session.totals()[1] / 1e6;
    }

    @Override
    public long operationCount() {
        return session == null ? -1 : session.totals()[2];
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
