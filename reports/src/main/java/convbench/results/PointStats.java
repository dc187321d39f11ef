package convbench.results;

import java.util.List;

/**
 * The statistics of one measured point, computed from every raw sample and the JVM (fork) it came
 * from. All times are in the result's {@code unit} (ms/op).
 *
 * <p>{@code estimate} is the point's number: the 10th percentile of all samples (the time of a call
 * that the machine's other tenants did not slow down; interference only ever adds time, so a low
 * quantile moves less between runs than the median, measured in BENCH.md). {@code median} is the
 * median of all samples, kept for reading. Files written before {@code estimate} existed have only
 * the median, and {@link #location()} falls back to it. {@code low}/{@code high} is a 95% interval
 * of the estimate (of the median in such older files) from a two-level bootstrap (forks resampled, then samples within each fork), so it is
 * never below the smallest sample and never below zero, and a fork that ran slow widens it as it
 * should. {@code cv} is the coefficient of variation of all samples, {@code forkSpread} the range
 * of the per-fork medians over the median. A point is {@code unstable} when its interval is wider
 * than the project's limit (see {@code unstableReason}): its number is shown, but it is never used
 * to call a regression. {@code forkBackgroundCpu}: the share of the machine's CPU that other
 * processes used while each fork measured (0.5 on a 2-core machine: a neighbour kept one core busy).
 */
@ResultRecord
public record PointStats(
        String method,
        Double median,
        Double low,
        Double high,
        Double relHalfWidth,          // (high - low) / 2 / median
        Double cv,
        Double forkSpread,
        Double mean,
        Integer forks,
        Integer samplesPerFork,
        Integer opsPerSample,         // calls of the operation inside one sample (JMH batch or iteration)
        List<Double> forkMedians,
        List<List<Double>> forkSamples,
        Boolean unstable,
        String unstableReason,
        List<Double> forkBackgroundCpu,  // share of the machine other processes used during each fork
        Double estimate) {                // the point's number: 10th percentile of all samples

    /** The canonical form without {@code estimate}, as files before it were read. */
    public PointStats(String method, Double median, Double low, Double high, Double relHalfWidth, Double cv,
                      Double forkSpread, Double mean, Integer forks, Integer samplesPerFork, Integer opsPerSample,
                      List<Double> forkMedians, List<List<Double>> forkSamples, Boolean unstable, String unstableReason,
                      List<Double> forkBackgroundCpu) {
        this(method, median, low, high, relHalfWidth, cv, forkSpread, mean, forks, samplesPerFork, opsPerSample,
                forkMedians, forkSamples, unstable, unstableReason, forkBackgroundCpu, null);
    }

    public PointStats(String method, Double median, Double low, Double high, Double relHalfWidth, Double cv,
                      Double forkSpread, Double mean, Integer forks, Integer samplesPerFork, Integer opsPerSample,
                      List<Double> forkMedians, List<List<Double>> forkSamples, Boolean unstable, String unstableReason) {
        this(method, median, low, high, relHalfWidth, cv, forkSpread, mean, forks, samplesPerFork, opsPerSample,
                forkMedians, forkSamples, unstable, unstableReason, null, null);
    }

    /** The point's number: the estimate, or the median in files written before the estimate existed. */
    public Double location() {
        return estimate != null ? estimate : median;
    }

    /** The same statistics with the background load of each fork. */
    public PointStats withBackground(List<Double> shares) {
        return new PointStats(method, median, low, high, relHalfWidth, cv, forkSpread, mean, forks, samplesPerFork,
                opsPerSample, forkMedians, forkSamples, unstable, unstableReason, shares, estimate);
    }

    /** The largest share of the machine other processes used during one of the forks, or null. */
    public Double maxBackgroundCpu() {
        return forkBackgroundCpu == null || forkBackgroundCpu.isEmpty() ? null
                : forkBackgroundCpu.stream().filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).max()
                        .orElse(Double.NaN);
    }

    public boolean isUnstable() {
        return Boolean.TRUE.equals(unstable);
    }
}
