package convbench.bench;

import convbench.harness.EnvironmentProbe;
import convbench.results.ResultFile.Measurement;
import convbench.results.ResultIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntToDoubleFunction;

/**
 * The machine's ceilings for the roofline, measured once per run in a JVM with the workers'
 * flags: {@code java ... convbench.bench.Ceilings OUT.json}.
 *
 * <ul>
 *   <li>Compute: a loop of fused multiply-adds on registers only (10 independent accumulators,
 *       enough to hide the FMA latency), with the Vector API at its preferred width when the
 *       module is present, else scalar {@link Math#fma}; one thread per core; 0.5 s warm-up on
 *       every thread, then 100 ms repetitions until the best stops improving (10 to 40); plus,
 *       where the CPU is known, the theoretical peak ({@link TheoreticalPeak}).</li>
 *   <li>Memory bandwidth: a STREAM-like triad {@code a[i] = b[i] + s*c[i]} over three float
 *       arrays of 128 MiB each, one slice per core; 12 bytes per element (write-allocate traffic
 *       not counted, as STREAM); best of 5.</li>
 * </ul>
 */
public final class Ceilings {
    private static final int TRIAD_ELEMENTS = 32 * 1024 * 1024;
    private static final double REP_NANOS = 100e6;
    private static final int MIN_REPS = 10;
    private static final int PATIENCE = 5;
    private static final int MAX_REPS = 40;
    /** The CPUs the measuring threads are pinned to, one each; null when not pinned. */
    private static volatile int[] pinTo;
    /** Why the threads are not pinned, or null. */
    private static volatile String notPinned;

    private Ceilings() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vectorApi", EnvironmentProbe.vectorApi());
        out.put("ceilings", measure());
        ResultIO.write(Path.of(args[0]), out);
        System.exit(0);
    }

    public static List<Measurement> measure() {
        List<Measurement> list = new ArrayList<>();
        int threads = Runtime.getRuntime().availableProcessors();
        pinTo = null;
        notPinned = null;
        if (!Boolean.parseBoolean(System.getProperty("convbench.ceilings.pin", "true"))) {
            notPinned = "-Dconvbench.ceilings.pin=false";
        } else {
            int[] cpus = CpuPin.allowedCpus();
            if (cpus == null || cpus.length < threads) {
                notPinned = "fewer allowed CPUs than threads";
            } else {
                pinTo = cpus;
            }
        }
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        int lanes = vector ? VectorFma.lanes() : 1;
        IntToDoubleFunction kernel = vector ? VectorFma::run : Ceilings::scalarFma;
        // At least 0.5 s of short calls on every thread, so that the timed loop is C2's regular
        // compilation of the kernel: the Vector API in the interpreter costs microseconds per
        // operation, and one long first call would only be compiled on the stack (the old
        // calibration timed such a call and ran 0.2 ms repetitions).
        parallel(threads, t -> {
            double sink = 0;
            long until = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < until) {
                sink += kernel.applyAsDouble(20_000);
            }
            return sink;
        });
        double perIter = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            kernel.applyAsDouble(200_000);
            perIter = Math.min(perIter, (System.nanoTime() - t0) / 2e5);
        }
        int iters = (int) Math.max(100_000, Math.min(1_000_000_000, REP_NANOS / Math.max(perIter, 1e-3)));
        // Repeated until stable: at least MIN_REPS repetitions, then stop once the best has not improved
        // by more than 0.5% over the last PATIENCE ones (or after MAX_REPS). A neighbour that steals a core
        // slows a repetition down, never speeds it up, so the best is the ceiling.
        List<Double> reps = new ArrayList<>();
        double bestSeconds = Double.MAX_VALUE;
        int sinceImproved = 0;
        while (reps.size() < MAX_REPS && (reps.size() < MIN_REPS || sinceImproved < PATIENCE)) {
            double sec = parallel(threads, t -> kernel.applyAsDouble(iters));
            reps.add(sec);
            if (sec < bestSeconds * 0.995) {
                sinceImproved = 0;
            } else {
                sinceImproved++;
            }
            bestSeconds = Math.min(bestSeconds, sec);
        }
        double flops = 2.0 * 10 * lanes * (double) iters * threads;
        double gflops = flops / bestSeconds / 1e9;
        double medianGflops = flops / 1e9
                / convbench.stats.Samples.median(reps.stream().mapToDouble(Double::doubleValue).toArray());
        list.add(new Measurement("compute", "GFLOP/s", gflops,
                (vector ? "Vector API FloatVector.fma, " + lanes + " float lanes" : "scalar Math.fma (no Vector API)")
                        + ", 10 independent accumulators in registers (more than FMA latency x FMA ports = 8 on "
                        + "current x86 cores), " + threads + " threads (one per core, " + pinning() + "), 0.5 s warm-up, "
                        + iters + " iterations per repetition, best of " + reps.size() + " repetitions (repeated "
                        + "until the best stopped improving by 0.5% for " + PATIENCE + "; median of the repetitions "
                        + String.format(java.util.Locale.ROOT, "%.1f", medianGflops) + " GFLOP/s); float32, "
                        + "2 FLOPs per FMA"));
        Measurement peak = TheoreticalPeak.of(threads, gflops);
        if (peak != null) {
            list.add(peak);
        }

        float[] a = new float[TRIAD_ELEMENTS];
        float[] b = new float[TRIAD_ELEMENTS];
        float[] c = new float[TRIAD_ELEMENTS];
        java.util.Arrays.fill(b, 1f);
        java.util.Arrays.fill(c, 2f);
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 6; rep++) {
            double s = parallel(threads, t -> triad(a, b, c, t, threads));
            if (rep > 0) { // the first pass compiles the loop
                best = Math.min(best, s);
            }
        }
        double bytes = 12.0 * TRIAD_ELEMENTS;
        list.add(new Measurement("memory-bandwidth", "GB/s", bytes / best / 1e9,
                "triad a[i] = b[i] + s*c[i] over 3 float arrays of " + (TRIAD_ELEMENTS * 4L >> 20) + " MiB, "
                        + threads + " threads on disjoint slices (" + pinning() + "), best of 5 after one warm-up pass; 12 bytes per "
                        + "element (write-allocate not counted, as STREAM)"));
        return list;
    }

    private static String pinning() {
        String why = notPinned;
        if (why != null || pinTo == null) {
            return "not pinned: " + (why == null ? "unknown" : why);
        }
        StringBuilder cpus = new StringBuilder();
        for (int c : pinTo) {
            cpus.append(cpus.length() == 0 ? "" : ",").append(c);
        }
        return "each thread pinned to one of CPUs " + cpus + " with taskset";
    }

    /**
     * Seconds from the first thread's start to the last thread's end. Each thread reads the clock
     * itself: on a machine with as many cores as threads the coordinating thread may not run again
     * until a worker is done.
     */
    private static double parallel(int threads, IntToDoubleFunction task) {
        CyclicBarrier start = new CyclicBarrier(threads);
        double[] sink = new double[threads];
        long[] begin = new long[threads];
        long[] end = new long[threads];
        List<Thread> list = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int id = t;
            Thread th = new Thread(() -> {
                int[] cpus = pinTo;
                if (cpus != null) {
                    String why = CpuPin.pinCurrentThread(cpus[id % cpus.length]);
                    if (why != null) {
                        notPinned = why;
                        pinTo = null;
                    }
                }
                try {
                    start.await();
                } catch (Exception e) {
                    return;
                }
                begin[id] = System.nanoTime();
                sink[id] = task.applyAsDouble(id);
                end[id] = System.nanoTime();
            });
            th.setDaemon(true);
            th.start();
            list.add(th);
        }
        try {
            for (Thread th : list) {
                th.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        double s = 0;
        for (int t = 0; t < threads; t++) {
            if (end[t] == 0) {
                throw new IllegalStateException("a measuring thread did not finish");
            }
            first = Math.min(first, begin[t]);
            last = Math.max(last, end[t]);
            s += sink[t];
        }
        if (s == 42.4242) { // keeps the results alive
            System.err.print("");
        }
        return (last - first) / 1e9;
    }

    private static double triad(float[] a, float[] b, float[] c, int slice, int slices) {
        int n = a.length;
        int from = (int) ((long) n * slice / slices);
        int to = (int) ((long) n * (slice + 1) / slices);
        float s = 3f;
        for (int i = from; i < to; i++) {
            a[i] = b[i] + s * c[i];
        }
        return a[from];
    }

    private static double scalarFma(int iters) {
        float m = 0.999999f;
        float k = 1e-6f;
        float a0 = 1, a1 = 2, a2 = 3, a3 = 4, a4 = 5, a5 = 6, a6 = 7, a7 = 8, a8 = 9, a9 = 10;
        for (int i = 0; i < iters; i++) {
            a0 = Math.fma(a0, m, k);
            a1 = Math.fma(a1, m, k);
            a2 = Math.fma(a2, m, k);
            a3 = Math.fma(a3, m, k);
            a4 = Math.fma(a4, m, k);
            a5 = Math.fma(a5, m, k);
            a6 = Math.fma(a6, m, k);
            a7 = Math.fma(a7, m, k);
            a8 = Math.fma(a8, m, k);
            a9 = Math.fma(a9, m, k);
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9;
    }
}
