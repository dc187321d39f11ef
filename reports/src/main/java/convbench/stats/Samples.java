package convbench.stats;

import convbench.results.PointStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The statistics every number of this project is summarised with. Samples come in forks: the
 * samples of one JVM share its JIT decisions and memory layout, so they are not independent of
 * each other, and the variation between JVMs is the part a single JVM cannot show. Every interval
 * here is therefore a two-level bootstrap: draw forks with replacement, then draw samples with
 * replacement within each drawn fork, and take the statistic of the pooled draw. The statistic is
 * the 10th percentile of the samples ({@link #QUANTILE}): on a shared machine interference only
 * ever adds time (a neighbour's burst, a descheduled thread, a GC), and whole JVMs land in a slow
 * mode for seconds at a time, so a low quantile is what reproduces from run to run (Chen and Revels,
 * "Robust benchmarking in noisy environments", 2016, argue for the minimum; the 10th percentile
 * keeps a few samples' worth of robustness against one lucky sample). BENCH.md gives the A/A
 * figures that chose it over the median. Percentile intervals of a quantile of positive times
 * cannot go below zero. The random stream is seeded, so the same samples always give the same
 * interval.
 */
public final class Samples {
    /** Bootstrap replicates: the 2.5% and 97.5% quantiles are stable to about 1% of the width. */
    public static final int REPLICATES = 2000;
    /** A point whose 95% interval of its estimate is wider than this (relative half-width) is unstable. */
    public static final double DEFAULT_UNSTABLE_LIMIT = 0.10;
    /** The quantile of all samples that is a point's number. */
    public static final double QUANTILE = 0.10;
    public static final String METHOD = "10th percentile of all samples; 95% interval: two-level bootstrap (forks, then "
            + "samples within a fork), " + REPLICATES + " replicates, fixed seed";
    /** How {@link #ratio} builds its interval, for the gate's rule text. */
    public static final String RATIO_METHOD = "the union of the two-level bootstrap interval and Welch's t interval on "
            + "the logs of the forks' estimates";
    /** How {@link #pairedRatio} builds its interval. */
    public static final String PAIRED_RATIO_METHOD = "the union of a paired two-level bootstrap interval (fork pairs, "
            + "then sample pairs) and a paired t interval on the logs of the forks' ratios";
    private static final long SEED = 0x5EEDL;

    private Samples() {
    }

    /**
     * Summarises the samples of a point.
     *
     * @param forkSamples one list of samples (per-operation times, positive) per fork
     * @param opsPerSample calls of the operation inside one sample, when known (recorded only)
     * @param unstableLimit relative half-width of the interval above which the point is unstable
     */
    public static PointStats summarize(List<List<Double>> forkSamples, Integer opsPerSample, double unstableLimit) {
        double[][] forks = toArrays(forkSamples);
        double[] all = pooled(forks);
        double median = median(all);
        double estimate = estimate(all);
        double[] ci = estimateInterval(forks);
        double mean = Arrays.stream(all).average().orElse(Double.NaN);
        double sd = stdev(all, mean);
        List<Double> forkMedians = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] f : forks) {
            double m = median(f);
            forkMedians.add(m);
            lo = Math.min(lo, m);
            hi = Math.max(hi, m);
        }
        double rel = (ci[1] - ci[0]) / 2 / estimate;
        boolean unstable = rel > unstableLimit;
        String reason = unstable ? String.format(Locale.ROOT,
                "the 95%% interval of its estimate (10th percentile) is ±%.0f%% (limit ±%.0f%%); fork medians range %.3g to %.3g",
                rel * 100, unstableLimit * 100, lo, hi) : null;
        int perFork = forks.length == 0 ? 0 : forks[0].length;
        List<List<Double>> copy = new ArrayList<>();
        for (List<Double> f : forkSamples) {
            copy.add(List.copyOf(f));
        }
        return new PointStats(METHOD, median, ci[0], ci[1], rel, mean > 0 ? sd / mean : null,
                (hi - lo) / median, mean, forks.length, perFork, opsPerSample, forkMedians, copy, unstable, reason, null,
                estimate);
    }

    /** The 95% two-level bootstrap interval of the estimate. */
    public static double[] estimateInterval(double[][] forks) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        int total = pooled(forks).length;
        double[] reps = new double[REPLICATES];
        double[] draw = new double[total];
        for (int r = 0; r < REPLICATES; r++) {
            reps[r] = estimate(resample(forks, rnd, draw));
        }
        Arrays.sort(reps);
        return new double[] {quantile(reps, 0.025), quantile(reps, 0.975)};
    }

    /** Result of {@link #ratio}: current estimate over baseline estimate, its 95% interval, a two-sided p-value. */
    public record Ratio(double ratio, double low, double high, double pValue) {
    }

    /**
     * The ratio of the estimates of two points (b over a) with a 95% interval and a two-sided
     * p-value for "the ratio is 1". The interval is the union of two: the two-level bootstrap's
     * (which sees the noise within a JVM) and, when both sides have at least 2 forks, Welch's t
     * interval on the logarithms of the forks' own estimates (the forks are the independent units; with
     * 3 forks a percentile bootstrap over them is too narrow, the t interval is not). The p-value
     * is the larger of the two tests'.
     */
    public static Ratio ratio(List<List<Double>> a, List<List<Double>> b) {
        Ratio boot = bootstrapRatio(a, b);
        Ratio welch = welchRatio(toArrays(a), toArrays(b));
        if (welch == null) {
            return boot;
        }
        return new Ratio(boot.ratio(), Math.min(boot.low(), welch.low()), Math.max(boot.high(), welch.high()),
                Math.max(boot.pValue(), welch.pValue()));
    }

    /**
     * The ratio of the estimates of two points measured in lockstep (b over a): fork {@code i} of
     * both ran at once and their samples {@code j} side by side in time ({@code convbench ab}), so
     * the samples come in pairs and the machine's drift, shared by a pair, cancels in its ratio.
     * The interval is the union of a paired two-level bootstrap (draw fork pairs, then sample
     * pairs within each, the same draws for both sides) and a paired t interval on the logs of the
     * forks' ratios of estimates (n - 1 degrees of freedom). Null when the two are not of the same
     * shape (forks and samples per fork), so not paired.
     */
    public static Ratio pairedRatio(List<List<Double>> a, List<List<Double>> b) {
        double[][] fa = toArrays(a);
        double[][] fb = toArrays(b);
        if (fa.length != fb.length) {
            return null;
        }
        for (int i = 0; i < fa.length; i++) {
            if (fa[i].length != fb[i].length) {
                return null;
            }
        }
        double point = estimate(pooled(fb)) / estimate(pooled(fa));
        int total = pooled(fa).length;
        SplittableRandom rnd = new SplittableRandom(SEED);
        double[] da = new double[total];
        double[] db = new double[total];
        double[] reps = new double[REPLICATES];
        int below = 0;
        int above = 0;
        for (int r = 0; r < REPLICATES; r++) {
            int k = 0;
            for (int f = 0; f < fa.length; f++) {
                int i = rnd.nextInt(fa.length);
                for (int j = 0; j < fa[i].length && k < total; j++) {
                    int m = rnd.nextInt(fa[i].length);
                    da[k] = fa[i][m];
                    db[k++] = fb[i][m];
                }
            }
            double ra = estimate(k == total ? da : Arrays.copyOf(da, k));
            double rb = estimate(k == total ? db : Arrays.copyOf(db, k));
            reps[r] = rb / ra;
            below += reps[r] <= 1 ? 1 : 0;
            above += reps[r] >= 1 ? 1 : 0;
        }
        Arrays.sort(reps);
        double lo = quantile(reps, 0.025);
        double hi = quantile(reps, 0.975);
        double p = Math.min(1.0, Math.max(1.0 / REPLICATES, 2.0 * Math.min(below, above) / REPLICATES));
        if (fa.length >= 2) {
            double[] d = new double[fa.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.log(estimate(fb[i]) / estimate(fa[i]));
            }
            double mean = Arrays.stream(d).average().orElse(0);
            double se = stdev(d, mean) / Math.sqrt(d.length);
            double t = t975(d.length - 1);
            lo = Math.min(lo, Math.exp(mean - t * se));
            hi = Math.max(hi, Math.exp(mean + t * se));
            double tStat = se == 0 ? (mean == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.abs(mean) / se;
            p = Math.max(p, tStat >= t ? Math.min(1.0, 0.05 * t / tStat) : 1.0);
        }
        return new Ratio(point, lo, hi, p);
    }

    /** Welch's t interval of the ratio of geometric means of the forks' estimates; null with fewer than 2 forks a side. */
    static Ratio welchRatio(double[][] fa, double[][] fb) {
        if (fa.length < 2 || fb.length < 2) {
            return null;
        }
        double[] la = new double[fa.length];
        double[] lb = new double[fb.length];
        for (int i = 0; i < fa.length; i++) {
            la[i] = Math.log(estimate(fa[i]));
        }
        for (int i = 0; i < fb.length; i++) {
            lb[i] = Math.log(estimate(fb[i]));
        }
        double ma = Arrays.stream(la).average().orElse(0);
        double mb = Arrays.stream(lb).average().orElse(0);
        double va = Math.pow(stdev(la, ma), 2) / la.length;
        double vb = Math.pow(stdev(lb, mb), 2) / lb.length;
        double se = Math.sqrt(va + vb);
        double diff = mb - ma;
        if (se == 0) {
            return new Ratio(Math.exp(diff), Math.exp(diff), Math.exp(diff), diff == 0 ? 1.0 : 0.0);
        }
        double df = (va + vb) * (va + vb) / (va * va / (la.length - 1) + vb * vb / (lb.length - 1));
        double t = t975(df);
        double tStat = Math.abs(diff) / se;
        double p = tStat >= t ? 0.05 * t / tStat : 1.0; // conservative: only "below 0.05" is used
        return new Ratio(Math.exp(diff), Math.exp(diff - t * se), Math.exp(diff + t * se), Math.min(1.0, p));
    }

    /** The 97.5% quantile of Student's t with {@code df} degrees of freedom (rounded down), tabulated. */
    static double t975(double df) {
        double[] t = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
                2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
                2.048, 2.045, 2.042};
        int d = (int) Math.floor(Math.max(1, df));
        return d <= t.length ? t[d - 1] : d <= 60 ? 2.000 : 1.980;
    }

    /** The two-level bootstrap part of {@link #ratio}. */
    static Ratio bootstrapRatio(List<List<Double>> a, List<List<Double>> b) {
        double[][] fa = toArrays(a);
        double[][] fb = toArrays(b);
        double point = estimate(pooled(fb)) / estimate(pooled(fa));
        SplittableRandom rnd = new SplittableRandom(SEED);
        double[] da = new double[pooled(fa).length];
        double[] db = new double[pooled(fb).length];
        double[] reps = new double[REPLICATES];
        int below = 0;
        int above = 0;
        for (int r = 0; r < REPLICATES; r++) {
            double ma = estimate(resample(fa, rnd, da));
            double mb = estimate(resample(fb, rnd, db));
            reps[r] = mb / ma;
            if (reps[r] <= 1) {
                below++;
            }
            if (reps[r] >= 1) {
                above++;
            }
        }
        Arrays.sort(reps);
        double p = Math.min(1.0, Math.max(1.0 / REPLICATES, 2.0 * Math.min(below, above) / REPLICATES));
        return new Ratio(point, quantile(reps, 0.025), quantile(reps, 0.975), p);
    }

    private static double[] resample(double[][] forks, SplittableRandom rnd, double[] into) {
        int k = 0;
        for (int i = 0; i < forks.length; i++) {
            double[] f = forks[rnd.nextInt(forks.length)];
            for (int j = 0; j < f.length && k < into.length; j++) {
                into[k++] = f[rnd.nextInt(f.length)];
            }
        }
        // Forks of unequal size: the draw may be shorter than the pool; use what was drawn.
        return k == into.length ? into : Arrays.copyOf(into, k);
    }

    /** A point's number: the {@link #QUANTILE} quantile of the samples (linear interpolation). */
    public static double estimate(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : quantile(v, QUANTILE);
    }

    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Linear-interpolated quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    private static double stdev(double[] v, double mean) {
        if (v.length < 2) {
            return 0;
        }
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    static double[][] toArrays(List<List<Double>> forkSamples) {
        List<double[]> out = new ArrayList<>();
        for (List<Double> f : forkSamples) {
            if (f == null || f.isEmpty()) {
                continue;
            }
            double[] a = new double[f.size()];
            for (int i = 0; i < a.length; i++) {
                Double x = f.get(i);
                if (x == null || !Double.isFinite(x) || x <= 0) {
                    throw new IllegalArgumentException("sample " + x + " is not a positive finite number");
                }
                a[i] = x;
            }
            out.add(a);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        return out.toArray(double[][]::new);
    }

    static double[] pooled(double[][] forks) {
        return Arrays.stream(forks).flatMapToDouble(Arrays::stream).toArray();
    }
}
