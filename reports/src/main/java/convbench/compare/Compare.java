package convbench.compare;

import convbench.results.BenchResult;
import convbench.results.PointStats;
import convbench.results.ResultFile;
import convbench.results.ResultFormatException;
import convbench.stats.Samples;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The regression gate. Results of two files are matched on implementation, problem, direction and
 * device ({@link BenchResult#key()}). For a pair measured in both, the ratio of the points'
 * estimates (10th percentiles of all samples, {@link Samples#estimate}; current over baseline) gets a 95% two-level bootstrap interval ({@link Samples#ratio}); the
 * verdict is
 * <ul>
 *   <li>{@code regression} / {@code improvement}: the change is at least the threshold (default
 *       10%, measured on the log scale so that 10% slower and 10% faster are equally far) and the
 *       interval of the ratio excludes 1 (significant at 5%);</li>
 *   <li>the same for an unstable point (its estimate's interval wider than ±10%) only when the whole
 *       interval of the ratio lies beyond the threshold: a 2x slowdown is not hidden by noise;</li>
 *   <li>{@code inconclusive}: an unstable point whose interval reaches below the threshold, fewer
 *       than 2 samples, not measured in both, or a change beyond the threshold that is not
 *       significant: never a regression, but counted and listed;</li>
 *   <li>{@code unchanged}: the change is below the threshold;</li>
 *   <li>{@code broken}: ok in the baseline, {@code error} in the current file;</li>
 *   <li>{@code missing} (baseline only) and {@code new} (current only).</li>
 * </ul>
 * The unit says which way is better (times per op: lower; rates: higher). Exit 1 on a regression
 * or a broken point, and when the current file is incomplete, has no measured point or shares no
 * result with the baseline; bad input (duplicate keys, scores that are not positive and finite,
 * inverted intervals) is refused with exit 2 before anything is compared.
 */
public final class Compare {
    public static final double DEFAULT_THRESHOLD_PCT = 10.0;
    /**
     * No regression. These three are convbench's process exit codes 0, 1 and 2 for every command,
     * defined here only: {@code convbench.cli.ExitCodes} (harness) refers to them, as this module
     * cannot refer to harness.
     */
    public static final int EXIT_OK = 0;
    /** A regression or a broken point, or a current file that is incomplete, empty or shares no result. */
    public static final int EXIT_REGRESSION = 1;
    /** Bad input: refused before anything is compared. */
    public static final int EXIT_BAD_INPUT = 2;
    public static final String RULE = "regression/improvement: change of the 10th percentile of the samples >= threshold AND the 95 percent "
            + "interval of the ratio of 10th percentiles (bootstrap over forks and samples, widened to Welch's t interval "
            + "on the forks' own 10th percentiles) excludes 1; inconclusive: an unstable point (95 percent interval "
            + "of its 10th percentile wider than ±10 percent), too few "
            + "samples, or a change >= threshold that is not significant. Two sides of one lockstep ab run: the "
            + "interval is paired (" + Samples.PAIRED_RATIO_METHOD + "), neither side's own spread is judged, and "
            + "unchanged also needs that interval within ±10 percent";

    /** Verdicts, in the order they are listed. */
    public enum Verdict {
        REGRESSION("regression", "Regressions"), BROKEN("broken", "Broken (ok in the baseline, error now)"),
        IMPROVEMENT("improvement", "Improvements"), INCONCLUSIVE("inconclusive", "Inconclusive (cannot be judged)"),
        UNCHANGED("unchanged", "Unchanged"), MISSING("missing", "Missing (in the baseline only)"),
        NEW("new", "New (in the current file only)");

        public final String word;
        final String heading;

        Verdict(String word, String heading) {
            this.word = word;
            this.heading = heading;
        }
    }

    /**
     * One matched or unmatched point. {@code changePct}: current estimate (10th percentile) relative
     * to the baseline's, signed, in the file's unit; {@code ratio*}: current over baseline and its 95% interval.
     */
    public record Row(String key, String impl, String problem, String direction, String device, Verdict verdict,
                      BenchResult baseline, BenchResult current, Double changePct, Double ratio, Double ratioLow,
                      Double ratioHigh, Double pValue, String note) {
    }

    /** Every row, the threshold, and what is wrong with the current file as a whole (exit 1). */
    public record Outcome(List<Row> rows, double thresholdPct, List<String> fileProblems, List<String> warnings) {
        public List<Row> of(Verdict v) {
            return rows.stream().filter(r -> r.verdict() == v).toList();
        }

        public boolean hasRegression() {
            return !of(Verdict.REGRESSION).isEmpty();
        }

        public int exitCode() {
            return hasRegression() || !of(Verdict.BROKEN).isEmpty() || !fileProblems.isEmpty()
                    ? EXIT_REGRESSION : EXIT_OK;
        }

        public String summaryLine() {
            StringBuilder s = new StringBuilder();
            for (Verdict v : Verdict.values()) {
                s.append(s.length() == 0 ? "" : " ").append(v.word).append(':').append(of(v).size());
            }
            return s.toString();
        }
    }

    private Compare() {
    }

    /** Lower is better for times per operation, higher for rates; null when the unit is unknown. */
    static Boolean lowerIsBetter(String unit) {
        if (unit == null) {
            return true; // the result format's default unit is ms/op
        }
        String u = unit.trim().toLowerCase(Locale.ROOT);
        if (u.endsWith("/op")) {
            return true;
        }
        if (u.startsWith("ops/") || u.startsWith("op/") || u.endsWith("/s")) {
            return false;
        }
        return null;
    }

    /** Factor to a common scale within a family of units (times to ms, rates to per second). */
    static Double scale(String unit) {
        String u = unit == null ? "ms/op" : unit.trim().toLowerCase(Locale.ROOT);
        return switch (u) {
            case "ns/op" -> 1e-6;
            case "us/op", "µs/op" -> 1e-3;
            case "ms/op" -> 1.0;
            case "s/op" -> 1e3;
            case "ops/s" -> 1.0;
            case "ops/ms" -> 1e3;
            case "ops/us", "ops/µs" -> 1e6;
            case "ops/ns" -> 1e9;
            default -> u.endsWith("/s") ? 1.0 : null;
        };
    }

    /**
     * Refuses a file the gate cannot trust: the same key twice, a measured point whose score,
     * samples or interval are not positive and finite, or an interval whose low end is above its
     * high end. The message names the file and the result.
     */
    public static void validate(ResultFile f, String name) throws ResultFormatException {
        Map<String, Integer> seen = new HashMap<>();
        int i = 0;
        for (BenchResult r : f.results()) {
            i++;
            String where = name + ": result " + i + " (" + r.impl() + " " + r.direction() + " " + r.problem() + ")";
            Integer first = seen.putIfAbsent(r.key(), i);
            if (first != null) {
                throw new ResultFormatException(where + " has the same implementation, problem, direction and device "
                        + "as result " + first + "; a result file holds each point once");
            }
            if (!r.ok()) {
                continue;
            }
            if (r.score() == null || !Double.isFinite(r.score()) || r.score() <= 0) {
                throw new ResultFormatException(where + ": field \"score\" is " + r.score()
                        + ", expected a positive finite number");
            }
            if (r.ci() != null && r.ci().size() == 2 && r.ci().get(0) != null && r.ci().get(1) != null) {
                double lo = r.ci().get(0);
                double hi = r.ci().get(1);
                if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi) {
                    throw new ResultFormatException(where + ": field \"ci\" is [" + lo + ", " + hi
                            + "], expected finite numbers with low <= high");
                }
            }
            if (r.stats() != null && r.stats().low() != null && r.stats().high() != null
                    && r.stats().low() > r.stats().high()) {
                throw new ResultFormatException(where + ": stats.low " + r.stats().low() + " is above stats.high "
                        + r.stats().high());
            }
            try {
                forks(r);
            } catch (IllegalArgumentException e) {
                throw new ResultFormatException(where + ": samples: " + e.getMessage());
            }
        }
    }

    /** The samples of a measured point, by fork (older files: their samples as one fork). */
    static List<List<Double>> forks(BenchResult r) {
        List<List<Double>> f;
        if (r.stats() != null && r.stats().forkSamples() != null && !r.stats().forkSamples().isEmpty()) {
            f = r.stats().forkSamples();
        } else if (r.samples() != null && !r.samples().isEmpty()) {
            f = List.of(r.samples());
        } else {
            f = List.of(List.of(r.score()));
        }
        for (List<Double> fork : f) {
            for (Double x : fork) {
                if (x == null || !Double.isFinite(x) || x <= 0) {
                    throw new IllegalArgumentException("sample " + x + " is not a positive finite number");
                }
            }
        }
        return f;
    }

    static int sampleCount(List<List<Double>> forks) {
        return forks.stream().mapToInt(List::size).sum();
    }

    /** The point's statistics: its own, or computed from its samples for files that predate them. */
    static PointStats stats(BenchResult r) {
        return r.stats() != null && r.stats().estimate() != null && r.stats().forkSamples() != null ? r.stats()
                : Samples.summarize(forks(r), null, Samples.DEFAULT_UNSTABLE_LIMIT);
    }

    public static Outcome compare(ResultFile baseline, ResultFile current, double thresholdPct) {
        Map<String, BenchResult> base = index(baseline);
        Map<String, BenchResult> cur = index(current);
        List<Row> rows = new ArrayList<>();
        int matchedMeasured = 0;
        boolean paired = pairedRun(baseline, current);
        for (Map.Entry<String, BenchResult> e : base.entrySet()) {
            BenchResult b = e.getValue();
            BenchResult c = cur.get(e.getKey());
            if (c == null) {
                rows.add(row(e.getKey(), b, Verdict.MISSING, b, null, null, null, status(b)));
            } else {
                if (b.ok() && c.ok()) {
                    matchedMeasured++;
                }
                rows.add(match(e.getKey(), b, c, thresholdPct, paired));
            }
        }
        for (Map.Entry<String, BenchResult> e : cur.entrySet()) {
            if (!base.containsKey(e.getKey())) {
                rows.add(row(e.getKey(), e.getValue(), Verdict.NEW, null, e.getValue(), null, null,
                        status(e.getValue())));
            }
        }
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (Boolean.FALSE.equals(complete(current))) {
            problems.add("the current file is incomplete (its run did not finish: settings.complete is false)");
        }
        if (current.results().stream().noneMatch(BenchResult::ok)) {
            problems.add("the current file has no measured point");
        } else if (matchedMeasured == 0) {
            problems.add("the current file shares no measured point with the baseline (different implementations, "
                    + "problems, directions or devices?)");
        }
        if (Boolean.FALSE.equals(complete(baseline))) {
            warnings.add("the baseline file is incomplete (its run did not finish)");
        }
        String shift = runShift(rows);
        if (shift != null) {
            warnings.add(shift);
        }
        return new Outcome(rows, thresholdPct, problems, warnings);
    }

    /**
     * The whole run moved: over at least 10 matched points the geometric mean of the slowdowns is
     * at least 5% away from 1 and at least 70% of the points moved the same way. Two runs of one
     * commit on a shared machine do this (measured on a 2-core cloud VM: 0.88x to 1.10x between
     * runs, from neighbours on the host, while the compute ceiling stayed within 1%); so does a
     * change that touches every implementation. Null when the run did not move as a whole.
     */
    static String runShift(List<Row> rows) {
        double logSum = 0;
        int n = 0;
        int slower = 0;
        for (Row r : rows) {
            if (r.ratio() == null || !(r.ratio() > 0) || r.baseline() == null) {
                continue;
            }
            Boolean lower = lowerIsBetter(r.baseline().unit());
            if (lower == null) {
                continue;
            }
            double slowdown = lower ? r.ratio() : 1 / r.ratio();
            logSum += Math.log(slowdown);
            n++;
            if (slowdown > 1) {
                slower++;
            }
        }
        if (n < 10) {
            return null;
        }
        double geomean = Math.exp(logSum / n);
        double sameWay = geomean > 1 ? (double) slower / n : (double) (n - slower) / n;
        if (Math.abs(geomean - 1) < 0.05 || sameWay < 0.7) {
            return null;
        }
        return String.format(Locale.ROOT, "the whole run moved: over %d matched points the current file is %.1f%% "
                + "%s on the geometric mean (%d of them %s). Runs of the same code at different times on a shared "
                + "machine differ like this (the machine's neighbours change), and so does a change that touches "
                + "every implementation; verdicts of such a pair judge the machine as much as the code. "
                + "`convbench ab BASE HEAD` measures both builds interleaved in one run and is not fooled by it.",
                n, Math.abs(geomean - 1) * 100, geomean > 1 ? "slower" : "faster",
                geomean > 1 ? slower : n - slower, geomean > 1 ? "slower" : "faster");
    }

    /**
     * Whether the two files are the two sides of one lockstep run of {@code convbench ab}: both say
     * {@code settings.lockstep: true} and carry the same {@code settings.lockstepRun}. Their forks
     * and samples are then paired by position.
     */
    static boolean pairedRun(ResultFile a, ResultFile b) {
        Object ra = a.settings() == null ? null : a.settings().get("lockstepRun");
        Object rb = b.settings() == null ? null : b.settings().get("lockstepRun");
        return ra instanceof String x && x.equals(rb) && Boolean.TRUE.equals(a.settings().get("lockstep"))
                && Boolean.TRUE.equals(b.settings().get("lockstep"));
    }

    private static Boolean complete(ResultFile f) {
        Object c = f.settings() == null ? null : f.settings().get("complete");
        return c instanceof Boolean b ? b : null;
    }

    private static String status(BenchResult r) {
        return r.ok() ? "" : r.status() + (r.message() == null ? "" : ": " + r.message());
    }

    private static Map<String, BenchResult> index(ResultFile f) {
        Map<String, BenchResult> m = new LinkedHashMap<>();
        for (BenchResult r : f.results()) {
            m.put(r.key(), r); // validate() has refused duplicates
        }
        return m;
    }

    private static Row row(String key, BenchResult any, Verdict v, BenchResult b, BenchResult c, Double change,
                           Samples.Ratio ratio, String note) {
        return new Row(key, any.impl(), any.problem(), any.direction(), any.device() == null ? "cpu" : any.device(), v,
                b, c, change, ratio == null ? null : ratio.ratio(), ratio == null ? null : ratio.low(),
                ratio == null ? null : ratio.high(), ratio == null ? null : ratio.pValue(), note);
    }

    private static Row match(String key, BenchResult b, BenchResult c, double threshold, boolean paired) {
        if (b.ok() && BenchResult.ERROR.equals(c.status())) {
            return row(key, b, Verdict.BROKEN, b, c, null, null, status(c));
        }
        if (!b.ok() || !c.ok()) {
            return row(key, b, Verdict.INCONCLUSIVE, b, c, null, null,
                    "not measured in both: baseline " + (b.ok() ? "ok" : status(b)) + "; current "
                            + (c.ok() ? "ok" : status(c)));
        }
        Boolean lower = lowerIsBetter(b.unit());
        Double sb = scale(b.unit());
        Double sc = scale(c.unit());
        if (lower == null || sb == null || sc == null || !lower.equals(lowerIsBetter(c.unit()))) {
            return row(key, b, Verdict.INCONCLUSIVE, b, c, null, null, "units " + b.unit() + " and " + c.unit()
                    + " cannot be compared");
        }
        List<List<Double>> fb = scaled(forks(b), sb);
        List<List<Double>> fc = scaled(forks(c), sc);
        Samples.Ratio pairedRatio = paired ? Samples.pairedRatio(fb, fc) : null;
        if (pairedRatio != null) {
            return pairedVerdict(key, b, c, threshold, lower, pairedRatio, sampleCount(fb));
        }
        PointStats stb = stats(b);
        PointStats stc = stats(c);
        Samples.Ratio ratio = Samples.ratio(fb, fc);
        double change = (ratio.ratio() - 1) * 100;
        double limit = Math.log1p(threshold / 100);
        double badness = lower ? Math.log(ratio.ratio()) : -Math.log(ratio.ratio());
        boolean significant = ratio.low() > 1 || ratio.high() < 1;
        // The interval of the change on the "badness" scale (positive: worse), in log units.
        double badLo = lower ? Math.log(ratio.low()) : -Math.log(ratio.high());
        double badHi = lower ? Math.log(ratio.high()) : -Math.log(ratio.low());
        if (stb.isUnstable() || stc.isUnstable()) {
            String why = "unstable: " + (stb.isUnstable() ? "baseline " + stb.unstableReason() : "")
                    + (stb.isUnstable() && stc.isUnstable() ? "; " : "")
                    + (stc.isUnstable() ? "current " + stc.unstableReason() : "");
            // Even an unstable point is judged when its whole interval lies beyond the threshold.
            if (sampleCount(fb) >= 2 && sampleCount(fc) >= 2 && (badLo >= limit || badHi <= -limit)) {
                return row(key, b, badLo >= limit ? Verdict.REGRESSION : Verdict.IMPROVEMENT, b, c, change, ratio,
                        String.format(Locale.ROOT, "ratio %.3f, 95%% interval [%.3f, %.3f] wholly beyond the "
                                + "threshold although %s", ratio.ratio(), ratio.low(), ratio.high(), why));
            }
            return row(key, b, Verdict.INCONCLUSIVE, b, c, change, ratio, why);
        }
        if (sampleCount(fb) < 2 || sampleCount(fc) < 2) {
            return row(key, b, Verdict.INCONCLUSIVE, b, c, change, null, "fewer than 2 samples in a file: no test");
        }
        if (Math.abs(badness) + 1e-12 < limit) {
            return row(key, b, Verdict.UNCHANGED, b, c, change, ratio, "within the " + pct(threshold) + "% threshold");
        }
        if (!significant) {
            return row(key, b, Verdict.INCONCLUSIVE, b, c, change, ratio,
                    "beyond the threshold but not significant (the interval of the ratio includes 1)");
        }
        return row(key, b, badness > 0 ? Verdict.REGRESSION : Verdict.IMPROVEMENT, b, c, change, ratio,
                String.format(Locale.ROOT, "ratio %.3f, 95%% interval [%.3f, %.3f], p %.3g", ratio.ratio(),
                        ratio.low(), ratio.high(), ratio.pValue()));
    }

    /**
     * The verdict on a point measured in lockstep: its samples are paired, so the interval of the
     * ratio already holds the noise both sides shared, and neither side's own spread is judged.
     * {@code unchanged} needs the interval to be narrow (half-width within the unstable limit
     * {@link Samples#DEFAULT_UNSTABLE_LIMIT}); a change beyond the threshold counts when the
     * interval excludes 1.
     */
    private static Row pairedVerdict(String key, BenchResult b, BenchResult c, double threshold, boolean lower,
                                     Samples.Ratio ratio, int samples) {
        double change = (ratio.ratio() - 1) * 100;
        double limit = Math.log1p(threshold / 100);
        double badness = lower ? Math.log(ratio.ratio()) : -Math.log(ratio.ratio());
        boolean significant = ratio.low() > 1 || ratio.high() < 1;
        double halfWidth = (ratio.high() - ratio.low()) / 2 / ratio.ratio();
        String how = String.format(Locale.ROOT, "paired (lockstep): ratio %.3f, 95%% interval [%.3f, %.3f]",
                ratio.ratio(), ratio.low(), ratio.high());
        if (samples < 2) {
            return row(key, b, Verdict.INCONCLUSIVE, b, c, change, null, "fewer than 2 samples in a file: no test");
        }
        if (Math.abs(badness) + 1e-12 < limit) {
            if (halfWidth > Samples.DEFAULT_UNSTABLE_LIMIT) {
                return row(key, b, Verdict.INCONCLUSIVE, b, c, change, ratio, how + String.format(Locale.ROOT,
                        ": ±%.0f%%, too wide to call it unchanged", halfWidth * 100));
            }
            return row(key, b, Verdict.UNCHANGED, b, c, change, ratio, how + "; within the " + pct(threshold)
                    + "% threshold");
        }
        if (!significant) {
            return row(key, b, Verdict.INCONCLUSIVE, b, c, change, ratio, how
                    + ": beyond the threshold but not significant (the interval includes 1)");
        }
        return row(key, b, badness > 0 ? Verdict.REGRESSION : Verdict.IMPROVEMENT, b, c, change, ratio,
                how + String.format(Locale.ROOT, ", p %.3g", ratio.pValue()));
    }

    private static List<List<Double>> scaled(List<List<Double>> forks, double s) {
        if (s == 1.0) {
            return forks;
        }
        List<List<Double>> out = new ArrayList<>();
        for (List<Double> f : forks) {
            out.add(f.stream().map(x -> x * s).toList());
        }
        return out;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
