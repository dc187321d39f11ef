package convbench.bench;

import convbench.ops.PointDriver;
import convbench.ops.OpTensors;
import convbench.api.ConvShape;
import convbench.api.GeometryException;
import convbench.api.Implementation;
import convbench.api.PoolShape;
import convbench.api.Window;
import convbench.suites.Descriptors;
import convbench.api.Direction;
import convbench.suites.Problem;
import java.util.List;

/**
 * Estimates how long one operation of a point takes before JMH runs it, so that a point far
 * over the time budget (plain loops on a VGG layer) is reported as skipped instead of taking
 * minutes. It times calls of a shrunken copy of the problem (one image, fewer output rows
 * (at least {@value #MIN_ROWS}) and, for very wide layers, fewer output channels, so that it does
 * about {@value #PROBE_WORK} FLOPs): one untimed, then calls for at least {@value #MIN_PROBE_MS} ms
 * (and at least two), longer while the estimate is over the budget; it scales the fastest by the
 * ratio of the work, counted without padding taps. Small problems are probed as they are.
 *
 * <p>It is an estimate: on the documents suite the measured time was within a factor of about
 * 2.5 of it either way for most points (a barely warmed JIT errs high, caches that hold the
 * small problem but not the large one err low).
 */
public final class Probe {
    /** Work of the shrunken problem: about 60 ms for plain loops at 0.5 GFLOP/s. */
    static final double PROBE_WORK = 3e7;
    /** Output rows the shrunken problem keeps at least. */
    static final int MIN_ROWS = 4;
    /**
     * How long the probe calls at least. Two calls were not enough: the code under test was still
     * interpreted, and blocked's forward on {@code mb1ic64ih56oc64oh56kh3ph1} was estimated at about
     * 600 ms per call (measured: 1.3 ms), which made each of its forks run 8-12 s instead of 2.5 s.
     */
    static final int MIN_PROBE_MS = 250;
    /** How long the probe goes on calling while its estimate is over the budget. */
    static final int MAX_PROBE_MS = 1000;
    /** The most timed calls of one probe (a probe of a tiny problem ends here, well before 250 ms). */
    static final int MAX_CALLS = 20_000;

    private Probe() {
    }

    /** The estimate, and the problem it was measured on. */
    public record Estimate(double msPerOp, String probedOn, double scale) {
    }

    /**
     * {@link #estimate(Implementation, Problem, Direction, double)} on a thread of its own that has
     * ended when this returns. Why: oneDNN's GNU OpenMP keeps a pool of worker threads for every
     * thread that has called into it, until that thread ends. A probe on the worker's main thread
     * left its pool behind while JMH measured on its own thread; with more OpenMP threads than
     * cores, GNU OpenMP stops spinning between parallel regions, and every oneDNN call of that fork
     * paid about 0.3 ms more (the first fork of each oneDNN point ran 1.3-2.7x slower than the
     * forks without a probe, in both runs of an A/A pair).
     */
    public static Estimate estimateOnOwnThread(Implementation impl, Problem p, Direction d, double budgetMs)
            throws Throwable {
        Estimate[] result = new Estimate[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                result[0] = estimate(impl, p, d, budgetMs);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "convbench-probe");
        t.start();
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return result[0];
    }

    public static Estimate estimate(Implementation impl, Problem p, Direction d) {
        return estimate(impl, p, d, Double.MAX_VALUE);
    }

    /**
     * As above, but a point is not judged over {@code budgetMs} too early: the first calls of
     * JIT-compiled code run in the interpreter or in code compiled without profiles, up to 100
     * times slower than the steady state (blocked's probe problem of a 56x56x64 layer: 48 ms per
     * call for the first 200 ms, 0.27 ms once compiled). While the estimate is over the budget,
     * calls go on for up to {@value #MAX_PROBE_MS} ms; an estimate under the
     * budget ends the probe after {@value #MIN_PROBE_MS} ms (or {@value #MAX_CALLS} calls), so only a
     * point that really is too slow pays that second.
     */
    public static Estimate estimate(Implementation impl, Problem p, Direction d, double budgetMs) {
        Problem small = shrink(p);
        double scale = work(p) / work(small);
        PointDriver point = small.driver(d);
        OpTensors tensors = point.allocate();
        point.call(impl, tensors); // the first call pays for class loading, JIT and device program builds
        long start = System.nanoTime();
        double best = Double.MAX_VALUE;
        for (int call = 0; call < MAX_CALLS; call++) {
            long t = System.nanoTime();
            point.call(impl, tensors);
            best = Math.min(best, (System.nanoTime() - t) / 1e6);
            double elapsedMs = (System.nanoTime() - start) / 1e6;
            if (call >= 1 && (best * scale <= budgetMs ? elapsedMs >= MIN_PROBE_MS : elapsedMs >= MAX_PROBE_MS)) {
                break;
            }
        }
        return new Estimate(best * scale, small.descriptor(), scale);
    }

    /**
     * The work the scale is computed from. Convolution counts only taps inside the input: a
     * shrunken problem has relatively more padding, and loop implementations skip padding taps.
     */
    static double work(Problem p) {
        return p.conv() != null ? p.conv().flopsNoPadding() : p.pool().ops();
    }

    /** One image, then fewer output rows, then (for wide layers) fewer output channels. */
    static Problem shrink(Problem p) {
        if (work(p) <= PROBE_WORK) {
            return p;
        }
        if (p.conv() != null) {
            ConvShape c = p.conv();
            ConvShape one = new ConvShape(1, c.c(), c.h(), c.w(), c.oc(), c.window());
            int h = rowsFor(one.flopsNoPadding(), one.oh(), c.h(), c.window());
            ConvShape rows = tryConv(1, c.c(), h, c.w(), c.oc(), c.window(), one);
            int oc = c.oc();
            if (rows.flopsNoPadding() > PROBE_WORK && oc > 32) {
                oc = (int) Math.max(32, Math.floor(oc * PROBE_WORK / rows.flopsNoPadding()));
            }
            ConvShape small = tryConv(1, c.c(), rows.h(), c.w(), oc, c.window(), rows);
            return problem(p, small, null);
        }
        PoolShape s = p.pool();
        PoolShape one = new PoolShape(1, s.c(), s.h(), s.w(), s.window(), s.countIncludePad());
        int h = rowsFor(one.ops(), one.oh(), s.h(), s.window());
        PoolShape small;
        try {
            small = new PoolShape(1, s.c(), h, s.w(), s.window(), s.countIncludePad());
        } catch (GeometryException e) {
            small = one;
        }
        return problem(p, null, small);
    }

    /** Input height that gives about the output rows whose work fits the probe. */
    private static int rowsFor(double work, int oh, int h, Window g) {
        if (work <= PROBE_WORK) {
            return h;
        }
        // At least a few rows, so the border does not dominate.
        int rows = (int) Math.max(Math.min(oh, MIN_ROWS), Math.floor(oh * PROBE_WORK / work));
        int need = (rows - 1) * g.sh() + g.effectiveKh() - g.padTop() - g.padBottom();
        need = Math.max(need, Math.max(1, g.effectiveKh() - g.padTop() - g.padBottom()));
        return Math.min(h, need);
    }

    private static ConvShape tryConv(int n, int c, int h, int w, int oc, Window g, ConvShape fallback) {
        try {
            return new ConvShape(n, c, h, w, oc, g);
        } catch (GeometryException e) {
            return fallback;
        }
    }

    private static Problem problem(Problem p, ConvShape c, PoolShape s) {
        String descriptor = c != null ? Descriptors.format(c) : Descriptors.format(p.kind(), s);
        return new Problem(p.name() + " (probe)", descriptor, p.kind(), c, s, List.of(), p.location());
    }
}
