package convbench.bench;

import convbench.results.BenchResult;
import convbench.results.PhaseSplit;
import convbench.results.PointStats;
import convbench.stats.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns the results of a point's forks (one per worker JVM) into the point's result. */
final class ForkResults {
    private ForkResults() {
    }

    /** The point's result over its forks so far: statistics from every sample, by fork. */
    static BenchResult merge(List<BenchResult> forks, double unstableLimit) {
        for (BenchResult f : forks) {
            if (!f.ok()) {
                int k = forks.indexOf(f) + 1;
                return forks.size() == 1 ? f : withMessage(f, f.message() + " (fork " + k + " of " + forks.size() + ")");
            }
        }
        BenchResult first = forks.get(0);
        List<List<Double>> samples = new ArrayList<>();
        List<Integer> ops = new ArrayList<>();
        for (BenchResult f : forks) {
            samples.add(f.samples() == null ? List.of(f.score()) : f.samples());
            if (f.stats() != null && f.stats().opsPerSample() != null) {
                ops.add(f.stats().opsPerSample());
            }
        }
        PointStats st = Samples.summarize(samples, ops.isEmpty() ? null : ops.stream().sorted().toList().get(ops.size() / 2),
                unstableLimit);
        double m = st.location();
        List<Double> flat = new ArrayList<>();
        samples.forEach(flat::addAll);
        Double flops = first.flops();
        return new BenchResult(first.impl(), first.problem(), first.problemName(), first.suite(), first.direction(),
                first.device(), BenchResult.OK, st.isUnstable() ? "unstable: " + st.unstableReason() : null, first.mode(),
                first.unit(), m, (st.high() - st.low()) / 2, List.of(st.low(), st.high()), flat, m, flops,
                flops == null ? null : flops / m / 1e6,
                first.gflopsNoPadding() == null || first.score() == null ? null
                        : first.gflopsNoPadding() * first.score() / m,
                first.bytes(), first.bytes() == null ? null : first.bytes() / m / 1e6,
                lowQuantile(forks, BenchResult::deviceMsSamples, BenchResult::openclDeviceMs),
                lowQuantile(forks, BenchResult::endToEndMsSamples, BenchResult::openclEndToEndMs),
                medianOf(forks, BenchResult::openclBuildMs), first.variant(), first.estimatedMsPerOp(), st,
                PhaseSplit.median(forks.stream().map(BenchResult::phases).toList()),
                PointRunner.joined(forks.stream().map(BenchResult::deviceMsSamples).toList()),
                PointRunner.joined(forks.stream().map(BenchResult::endToEndMsSamples).toList()));
    }

    static BenchResult withBackground(BenchResult r, List<Double> shares) {
        if (r.stats() == null || shares == null) {
            return r;
        }
        PointStats s = r.stats().withBackground(new ArrayList<>(shares));
        Double max = s.maxBackgroundCpu();
        String message = r.message();
        if (max != null && max > MachineLoad.DISTURBED) {
            message = (message == null ? "" : message + "; ") + String.format(Locale.ROOT,
                    "disturbed: other processes used up to %.0f%% of the machine while it was measured", max * 100);
        }
        return new BenchResult(r.impl(), r.problem(), r.problemName(), r.suite(), r.direction(), r.device(), r.status(),
                message, r.mode(), r.unit(), r.score(), r.scoreError(), r.ci(), r.samples(), r.msPerOp(), r.flops(),
                r.gflops(), r.gflopsNoPadding(), r.bytes(), r.gbPerSec(), r.openclDeviceMs(), r.openclEndToEndMs(),
                r.openclBuildMs(), r.variant(), r.estimatedMsPerOp(), s, r.phases(), r.deviceMsSamples(),
                r.endToEndMsSamples());
    }

    private static BenchResult withMessage(BenchResult r, String message) {
        return new BenchResult(r.impl(), r.problem(), r.problemName(), r.suite(), r.direction(), r.device(), r.status(),
                message, r.mode(), r.unit(), r.score(), r.scoreError(), r.ci(), r.samples(), r.msPerOp(), r.flops(),
                r.gflops(), r.gflopsNoPadding(), r.bytes(), r.gbPerSec(), r.openclDeviceMs(), r.openclEndToEndMs(),
                r.openclBuildMs(), r.variant(), r.estimatedMsPerOp(), r.stats(), r.phases(), r.deviceMsSamples(),
                r.endToEndMsSamples());
    }

    /**
     * A device time over the forks at the statistic of the point's number: the 10th percentile of
     * every fork's per-iteration samples, pooled. A fork without samples (an implementation that
     * reports none) leaves the median over forks of their means.
     */
    static Double lowQuantile(List<BenchResult> forks, java.util.function.Function<BenchResult, List<Double>> samples,
                              java.util.function.Function<BenchResult, Double> mean) {
        List<Double> pooled = PointRunner.joined(forks.stream().map(samples).toList());
        if (pooled == null || pooled.stream().anyMatch(x -> x == null || !Double.isFinite(x) || x < 0)) {
            return medianOf(forks, mean);
        }
        return Samples.estimate(pooled.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Double medianOf(List<BenchResult> forks, java.util.function.Function<BenchResult, Double> f) {
        double[] v = forks.stream().map(f).filter(x -> x != null && Double.isFinite(x)).mapToDouble(Double::doubleValue)
                .toArray();
        return v.length == 0 ? null : Samples.median(v);
    }


    /** The progress line of one fork ({@code who}: the side or implementation, when two run together). */
    static String progressLine(BenchResult fork, BenchResult merged, String who) {
        String prefix = "    " + (who == null ? "" : who + ": ");
        if (!merged.ok() || merged.stats() == null) {
            return prefix + merged.status() + ": " + merged.message();
        }
        PointStats s = merged.stats();
        String line = String.format(Locale.ROOT, prefix + "ok this JVM %.4g ms/op; 10th percentile of %d fork(s) %.4g "
                        + "ms/op [%.4g, %.4g] (±%.1f%%)%s, %s", fork.score(), s.forks(), s.location(), s.low(), s.high(),
                s.relHalfWidth() * 100, s.isUnstable() ? " UNSTABLE" : "",
                merged.gbPerSec() != null && merged.problem().startsWith("pool:")
                        ? String.format(Locale.ROOT, "%.2f GB/s", merged.gbPerSec())
                        : String.format(Locale.ROOT, "%.2f GFLOP/s", merged.gflops()));
        if (merged.openclDeviceMs() != null) {
            line += String.format(Locale.ROOT, ", device %.4g ms", merged.openclDeviceMs());
        }
        return line;
    }

    /** m:ss, or h:mm:ss from an hour on. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
