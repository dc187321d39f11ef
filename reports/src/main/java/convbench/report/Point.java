package convbench.report;

import static convbench.report.Fmt.num;

import convbench.results.BenchResult;
import convbench.results.PointStats;

/**
 * One measured point as the report reads it: the time every derived figure starts from, its
 * interval, and whether the point can be trusted.
 *
 * <p>With {@code stats} (current result files) the time is the point's estimate (the 10th
 * percentile of all samples, {@code stats.estimate}; the median in files written before it) and
 * the interval its 95% bootstrap interval; {@code unstable} is the bench's own verdict.
 * Older files carry JMH's mean and its 99.9% interval from three samples, which often reaches
 * below zero; such a point is called "unstable (old file)" when its interval is wider than
 * &plusmn;{@value #OLD_FILE_LIMIT_PCT}% of the value. GFLOP/s, GB/s and speed-ups are all computed
 * from {@link #ms()}, never taken from a second source, so they agree with each other.
 */
record Point(BenchResult result, double ms, Double lowMs, Double highMs, boolean hasStats, boolean unstable,
             String unstableReason) {
    static final int OLD_FILE_LIMIT_PCT = 25;
    /** Below this relative half-width an interval is printed as a relative &plusmn;, else as [low, high]. */
    static final double RELATIVE_FORM_LIMIT = 0.10;

    /** The point of an ok result with a time; null otherwise. */
    static Point of(BenchResult r) {
        if (r == null || !r.ok()) {
            return null;
        }
        Double unit = Results.toMs(r.unit());
        PointStats s = r.stats();
        if (unit != null && s != null && s.location() != null && s.location() > 0) {
            Double lo = s.low() == null ? null : s.low() * unit;
            Double hi = s.high() == null ? null : s.high() * unit;
            return new Point(r, s.location() * unit, lo, hi, true, s.isUnstable(),
                    s.isUnstable() ? (s.unstableReason() == null ? "unstable" : s.unstableReason()) : null);
        }
        Double ms = Results.ms(r);
        if (ms == null || !(ms > 0) || !Double.isFinite(ms)) {
            return null;
        }
        double[] ci = Results.ciMs(r);
        Double lo = ci == null ? null : ci[0];
        Double hi = ci == null ? null : ci[1];
        boolean wide = ci == null || (hi - lo) / 2 / ms > OLD_FILE_LIMIT_PCT / 100.0;
        String reason = wide ? (ci == null ? "no interval recorded (old file)"
                : "JMH's 99.9% interval [" + num(lo) + ", " + num(hi) + "] ms is wider than " + OLD_FILE_LIMIT_PCT
                        + "% of the value on either side (old file)") : null;
        return new Point(r, ms, lo, hi, false, wide, reason);
    }

    /** Half the interval's width relative to the time; null when there is no interval. */
    Double relHalfWidth() {
        if (hasStats && result.stats().relHalfWidth() != null) {
            return result.stats().relHalfWidth();
        }
        return lowMs == null || highMs == null ? null : (highMs - lowMs) / 2 / ms;
    }

    /** The word the tables and charts show for an unstable point. */
    String unstableLabel() {
        return !unstable ? null : hasStats ? "unstable" : "unstable (old file)";
    }

    /** The amount of work one operation does: FLOPs for convolution, minimum bytes for pooling. */
    Double work() {
        return Results.isPool(result) ? result.bytes() : result.flops();
    }

    /** GFLOP/s (GB/s for pooling) from the median time; the file's own figure when the work is not recorded. */
    Double throughput() {
        Double w = work();
        if (w == null) {
            return Results.throughput(result);
        }
        return w / (ms * 1e6);
    }

    /** Throughput at the slow end of the interval (the interval's high time). */
    Double throughputLow() {
        Double w = work();
        return w == null || highMs == null || !(highMs > 0) ? null : w / (highMs * 1e6);
    }

    /** Throughput at the fast end; infinite when the (old) interval reaches zero. */
    Double throughputHigh() {
        Double w = work();
        if (w == null || lowMs == null) {
            return null;
        }
        return lowMs > 0 ? w / (lowMs * 1e6) : Double.POSITIVE_INFINITY;
    }

    String throughputUnit() {
        return Results.throughputUnit(result.direction());
    }

    /** The time's interval: "±3.1%" when small, else "[0.0192, 0.0252] ms"; the low end of an old interval stops at 0. */
    String intervalText() {
        Double rel = relHalfWidth();
        if (rel == null || lowMs == null || highMs == null) {
            return "no interval";
        }
        if (rel <= RELATIVE_FORM_LIMIT && lowMs > 0) {
            return "±" + relText(rel);
        }
        return "[" + (lowMs > 0 ? num(lowMs) : "0") + ", " + num(highMs) + "] ms";
    }

    /** What the interval is, for tooltips and notes. */
    String intervalKind() {
        return hasStats ? "95% bootstrap interval of the 10th percentile" : "JMH 99.9% interval of the mean (old file)";
    }

    static String relText(double rel) {
        return rel < 0.1 ? Fmt.num(Math.round(rel * 1000) / 10.0) + "%" : Math.round(rel * 100) + "%";
    }
}
