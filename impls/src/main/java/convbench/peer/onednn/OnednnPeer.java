package convbench.peer.onednn;

import convbench.api.DeviceTimed;
import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Shapes;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The peer baseline: oneDNN (Intel's deep-learning primitives library, the CPU engine behind
 * PyTorch and TensorFlow) called directly through its JavaCPP preset, the way its documentation
 * asks a user to call it:
 *
 * <ol>
 *   <li>describe the tensors with {@code format_tag::any}, so that oneDNN picks the memory
 *       layouts its fastest kernel for this problem and this CPU wants (blocked layouts such as
 *       {@code nChw16c} and {@code OIhw16i16o} with AVX-512);</li>
 *   <li>create the primitive descriptor and the primitive once per problem and keep them
 *       ({@link Plan}; here a small cache keyed by operation, shapes and window);</li>
 *   <li>per call, reorder the plain NCHW/OIHW inputs into those layouts, execute the primitive,
 *       reorder the outputs back ({@link Operand}).</li>
 * </ol>
 *
 * Time is reported three ways ({@link DeviceTimed}): {@link #lastDeviceMs()} is the primitive
 * alone (as benchdnn times it), {@link #lastEndToEndMs()} adds the reorders in and out (what a
 * user holding NCHW arrays pays), and the benchmark's own wall time adds the copies between Java
 * arrays and native memory. oneDNN runs on its own OpenMP threads, as many as {@code blocked}
 * uses ({@code -Dconvbench.threads=N}, default all cores; see {@link OpenMpThreads}).
 *
 * <p>Calls on one instance are serialised (plans hold native buffers that a call fills).
 */
public final class OnednnPeer implements Implementation, DeviceTimed {
    /** Plans kept at once; a benchmark uses one, verification walks through many small ones. */
    private static final int MAX_PLANS = 8;

    private final Map<String, Plan> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Plan> eldest) {
            if (size() > MAX_PLANS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };
    private volatile Support available;
    private volatile CallTimes last;            // null before the first operation; never changed after finish
    private volatile long totalPrimitiveNanos;
    private volatile long totalEndToEndNanos;
    private volatile long operations;
    private volatile long buildNanos;
    private volatile String lastImplementation;

    @Override
    public String name() {
        return "onednn";
    }

    @Override
    public String description() {
        return "Peer baseline: oneDNN called directly (JavaCPP preset), as its documentation asks: layouts left to "
                + "the library (format_tag::any, blocked nChw16c-style layouts on AVX-512), primitives created once "
                + "per problem and reused, JIT-generated kernels for this CPU. Its device time is the primitive "
                + "alone; its end-to-end time adds the reorders from and to NCHW/OIHW; the benchmark's wall time "
                + "adds the copies between Java arrays and native memory. The distance between blocked and this "
                + "is what hand-written Java still leaves on the table.";
    }

    @Override
    public String documentSection() {
        return "none (peer baseline)";
    }

    /** oneDNN version, threads, and the implementation oneDNN chose for the last operation. */
    @Override
    public String variant() {
        if (!available().supported()) {
            return "";
        }
        Onednn dnn = Onednn.get();
        String last = lastImplementation;
        int threads = dnn.threads.threads();
        // How idle OpenMP threads wait changes results a lot on a machine shared with other jobs.
        String waitPolicy = System.getenv("OMP_WAIT_POLICY");
        return "oneDNN " + dnn.version + ", OpenMP " + threads + (threads == 1 ? " thread" : " threads")
                + (waitPolicy == null || waitPolicy.isBlank() ? "" : " (OMP_WAIT_POLICY=" + waitPolicy + ")")
                + (last == null ? "" : ", last: " + last);
    }

    @Override
    public Support available() {
        Support s = available;
        if (s == null) {
            s = probe();
            available = s;
        }
        return s;
    }

    private static Support probe() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Support.no("the build ships oneDNN's natives for linux-x86_64 only, this is " + os + " " + arch);
        }
        try {
            Onednn.get();
            return Support.yes();
        } catch (RuntimeException | LinkageError e) {
            return Support.no(e.getMessage());
        }
    }

    @Override
    public Support supports(Op op, Window g) {
        return switch (op) {
            case CONV2D, CONV2D_BACKWARD -> Support.yes();
            case MAXPOOL2D, AVGPOOL2D, MAXPOOL2D_BACKWARD, AVGPOOL2D_BACKWARD -> paddingWithinKernel(g)
                    ? Support.yes()
                    : Support.no("padding " + g.paddingString() + " as large as the kernel puts whole windows in the "
                            + "padding, with no input cell: oneDNN refuses average pooling there and its max pooling "
                            + "does not give the reference's -inf");
            case IM2COL, COL2IM -> Support.no("oneDNN has no im2col primitive (its GEMM convolutions unfold internally)");
            case RELU -> Support.no("the onednn peer times convolution and pooling only");
            case OUTPUT_SHAPE -> Support.no("output_shape is geometry, computed by the harness, not by an implementation");
        };
    }

    /** True when no side's padding reaches the kernel's (dilated) extent. */
    private static boolean paddingWithinKernel(Window g) {
        return Math.max(g.padTop(), g.padBottom()) < g.effectiveKh()
                && Math.max(g.padLeft(), g.padRight()) < g.effectiveKw();
    }

    // ---------------------------------------------------------------- convolution

    @Override
    public synchronized void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
        Onednn dnn = begin();
        CallTimes t = new CallTimes();
        ConvForwardPlan plan = plan("conv2d " + shapes(x, w) + (b != null ? " bias " : " ") + g,
                () -> new ConvForwardPlan(dnn, x.shape(), w.shape(), b != null, g, y.shape()));
        plan.run(dnn, x, w, b, y, t);
        finish(t, plan.implementation());
    }

    @Override
    public synchronized void conv2dBackward(Tensor x, Tensor w, Tensor dy, Window g, Reduction reduction,
                                            Tensor dx, Tensor dw, Tensor db) {
        Onednn dnn = begin();
        CallTimes t = new CallTimes();
        StringBuilder used = new StringBuilder();
        if (dx != null) {
            ConvBackwardDataPlan plan = plan("conv2d backward-data " + shapes(x, w) + " " + g,
                    () -> new ConvBackwardDataPlan(dnn, x.shape(), w.shape(), g, dy.shape()));
            plan.run(dnn, dy, w, dx, t);
            used.append(plan.implementation());
        }
        if (dw != null || db != null) {
            String key = "conv2d backward-weights " + shapes(x, w) + (db != null ? " bias " : " ") + g;
            ConvBackwardWeightsPlan plan = plan(key,
                    () -> new ConvBackwardWeightsPlan(dnn, x.shape(), w.shape(), db != null, g, dy.shape()));
            plan.run(dnn, x, dy, dw, db, t);
            used.append(used.length() > 0 ? ", " : "").append(plan.implementation());
            if (reduction == Reduction.MEAN) {
                // oneDNN sums over the batch; the mean is a division (exact when the sum is a multiple of N).
                float n = x.dim(0);
                divide(dw, n);
                divide(db, n);
            }
        }
        finish(t, used.toString());
    }

    // ---------------------------------------------------------------- pooling

    @Override
    public synchronized void maxPool2d(Tensor x, Window g, Tensor y) {
        poolForward(x, g, true, false, y);
    }

    @Override
    public synchronized void avgPool2d(Tensor x, Window g, boolean countIncludePad, Tensor y) {
        poolForward(x, g, false, countIncludePad, y);
    }

    @Override
    public synchronized void maxPool2dBackward(Tensor x, Tensor dy, Window g, Tensor dx) {
        poolBackward(x, dy, g, true, false, dx);
    }

    @Override
    public synchronized void avgPool2dBackward(Tensor dy, Window g, boolean countIncludePad, Tensor dx) {
        poolBackward(null, dy, g, false, countIncludePad, dx);
    }

    private void poolForward(Tensor x, Window g, boolean max, boolean countIncludePad, Tensor y) {
        Onednn dnn = begin();
        CallTimes t = new CallTimes();
        var alg = PoolPlans.algorithmOf(max, countIncludePad);
        PoolPlans.Forward plan = plan("pool " + alg + " " + Shapes.format(x.shape()) + " " + g,
                () -> new PoolPlans.Forward(dnn, x.shape(), y.shape(), g, alg));
        plan.run(dnn, x, y, t);
        finish(t, plan.implementation());
    }

    private void poolBackward(Tensor x, Tensor dy, Window g, boolean max, boolean countIncludePad, Tensor dx) {
        Onednn dnn = begin();
        CallTimes t = new CallTimes();
        var alg = PoolPlans.algorithmOf(max, countIncludePad);
        PoolPlans.Backward plan = plan("pool backward " + alg + " " + Shapes.format(dx.shape()) + " " + g,
                () -> new PoolPlans.Backward(dnn, dx.shape(), dy.shape(), g, alg));
        plan.run(dnn, x, dy, dx, t);
        finish(t, plan.implementation());
    }

    // ---------------------------------------------------------------- plans and times

    private Onednn begin() {
        Support s = available();
        if (!s.supported()) {
            throw new IllegalStateException("onednn is not available: " + s.reason());
        }
        Onednn dnn = Onednn.get();
        dnn.threads.applyToThisThread();
        return dnn;
    }

    /** The cached plan for this key, or a new one (its creation counted as build time). */
    @SuppressWarnings("unchecked")
    private <P extends Plan> P plan(String key, Supplier<P> create) {
        Plan p = plans.get(key);
        if (p == null) {
            long t0 = System.nanoTime();
            try {
                p = create.get();
            } catch (RuntimeException e) {
                throw new IllegalStateException("oneDNN could not set up " + key + ": " + e.getMessage(), e);
            }
            buildNanos += System.nanoTime() - t0;
            plans.put(key, p);
        }
        return (P) p;
    }

    private void finish(CallTimes t, String implementation) {
        last = t;
        lastImplementation = implementation;
        totalPrimitiveNanos += t.primitiveNanos;
        totalEndToEndNanos += t.endToEndNanos();
        operations++;
    }

    private static String shapes(Tensor x, Tensor w) {
        return "x" + Shapes.format(x.shape()) + " w" + Shapes.format(w.shape());
    }

    private static void divide(Tensor t, float n) {
        if (t != null) {
            float[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                d[i] /= n;
            }
        }
    }

    /** The primitive(s) of the last operation alone, in milliseconds: the kernel, in oneDNN's own layouts. */
    @Override
    public Double lastDeviceMs() {
        CallTimes t = last;
        return t == null ? null : t.primitiveNanos / 1e6;
    }

    /**
     * The last operation as a oneDNN user holding NCHW/OIHW buffers pays for it: the primitive,
     * the reorders in and out, and any helper primitive (max pooling backward's forward pass).
     * The copies between Java arrays and native buffers are not included (the benchmark's own wall
     * time includes them).
     */
    @Override
    public Double lastEndToEndMs() {
        CallTimes t = last;
        return t == null ? null : t.endToEndNanos() / 1e6;
    }

    @Override
    public Double totalDeviceMs() {
        return totalPrimitiveNanos / 1e6;
    }

    @Override
    public Double totalEndToEndMs() {
        return totalEndToEndNanos / 1e6;
    }

    @Override
    public long operationCount() {
        return operations;
    }

    /** Time spent creating primitive descriptors, primitives and memories (once per problem). */
    @Override
    public Double buildMs() {
        return buildNanos / 1e6;
    }

    /** Where the last operation's time went (null before the first); see {@link CallTimes}. */
    CallTimes lastCall() {
        return last;
    }

    /** oneDNN's names of the kernels it picked for the last operation, e.g. {@code fwd brg_conv_fwd:avx512_core}. */
    public String lastImplementation() {
        return lastImplementation;
    }

    /** Number of problems whose primitives are currently kept. */
    synchronized int cachedPlans() {
        return plans.size();
    }

    @Override
    public synchronized void close() {
        for (Plan p : plans.values()) {
            p.close();
        }
        plans.clear();
    }
}
