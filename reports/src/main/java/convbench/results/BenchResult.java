package convbench.results;

import java.util.List;

/**
 * One benchmark point: an implementation on a problem in one direction.
 *
 * <p>Directions: {@code forward}, {@code backward-data}, {@code backward-weights},
 * {@code backward} (all three gradients), {@code pool-forward}, {@code pool-backward}.
 * Status: {@code ok}, {@code skipped} (with the reason in {@code message}: not supported, over
 * the time budget, no device) or {@code error} (the message carries the cause).
 *
 * <p>Times are in {@code unit} (ms/op). When {@code stats} is present (results written by this
 * version), {@code score} is the point's estimate, the 10th percentile of all samples
 * ({@code stats.estimate}; the median in files written before it), {@code ci} the 95%
 * bootstrap interval of that estimate ({@code stats.low}, {@code stats.high}), {@code scoreError}
 * its half-width and {@code samples} every raw sample, fork after fork; read
 * {@code stats.isUnstable()} before trusting the number. Older files carry JMH's mean and 99.9%
 * interval there instead. GFLOP/s count 2 FLOPs per multiply-add, once with
 * the taps that fall on padding ({@code gflops}) and once without ({@code gflopsNoPadding}).
 * For pooling, {@code flops} counts the comparisons or additions and {@code gflopsNoPadding} is
 * absent; {@code gbPerSec} (minimum bytes moved per second) is the figure to read.
 * {@code openclDeviceMs} is the device time of one operation (profiling events; for the
 * oneDNN peer the primitive alone) and {@code openclEndToEndMs} the same for host wall time with
 * transfers (reorders); both are absent for CPU implementations. Each measured iteration gives one
 * sample of each, the mean over the iteration's operations (or its last operation), kept fork after
 * fork in {@code deviceMsSamples} and {@code endToEndMsSamples}; the two figures are the 10th
 * percentile of those samples, the same statistic as {@code score}, so that a primitive's time and
 * its whole call's time can be divided. Files written before 2026-12-04 carry no samples and
 * give the median over forks of each fork's mean, which noise pushes above the 10th percentile. {@code phases} says where a
 * call's time went ({@link PhaseSplit}), for implementations that time their phases.
 */
@ResultRecord
public record BenchResult(
        String impl,
        String problem,          // benchdnn descriptor, e.g. mb1ic64ih56oc64oh56kh3ph1
        String problemName,      // e.g. vgg16:conv3_1
        String suite,
        String direction,
        String device,           // "cpu" or the OpenCL device name
        String status,
        String message,
        String mode,             // JMH mode, e.g. "avgt"
        String unit,             // e.g. "ms/op"
        Double score,
        Double scoreError,
        List<Double> ci,         // [low, high] 99.9% confidence interval, in unit
        List<Double> samples,    // raw iteration scores, in unit
        Double msPerOp,
        Double flops,            // FLOPs of one operation, padding taps counted
        Double gflops,
        Double gflopsNoPadding,
        Double bytes,            // minimum bytes one operation moves
        Double gbPerSec,
        Double openclDeviceMs,   // sum of kernel event times per operation
        Double openclEndToEndMs, // including host-device transfers
        Double openclBuildMs,    // one-time program build
        String variant,          // what was active in the implementation, e.g. "Vector API, 8 lanes"
        Double estimatedMsPerOp,  // the estimate the time budget was checked against
        PointStats stats,         // every sample by fork, median, interval, unstable flag (null: older files)
        PhaseSplit phases,        // where a call's time went, for implementations with phases (else null)
        List<Double> deviceMsSamples,    // per measured iteration, fork after fork (null: none, or older files)
        List<Double> endToEndMsSamples) {

    /** The constructor before {@code deviceMsSamples} and {@code endToEndMsSamples}. */
    public BenchResult(String impl, String problem, String problemName, String suite, String direction,
                       String device, String status, String message, String mode, String unit, Double score,
                       Double scoreError, List<Double> ci, List<Double> samples, Double msPerOp, Double flops,
                       Double gflops, Double gflopsNoPadding, Double bytes, Double gbPerSec,
                       Double openclDeviceMs, Double openclEndToEndMs, Double openclBuildMs, String variant,
                       Double estimatedMsPerOp, PointStats stats, PhaseSplit phases) {
        this(impl, problem, problemName, suite, direction, device, status, message, mode, unit, score,
                scoreError, ci, samples, msPerOp, flops, gflops, gflopsNoPadding, bytes, gbPerSec,
                openclDeviceMs, openclEndToEndMs, openclBuildMs, variant, estimatedMsPerOp, stats, phases, null, null);
    }

    /** The constructor before {@code phases}. */
    public BenchResult(String impl, String problem, String problemName, String suite, String direction,
                       String device, String status, String message, String mode, String unit, Double score,
                       Double scoreError, List<Double> ci, List<Double> samples, Double msPerOp, Double flops,
                       Double gflops, Double gflopsNoPadding, Double bytes, Double gbPerSec,
                       Double openclDeviceMs, Double openclEndToEndMs, Double openclBuildMs, String variant,
                       Double estimatedMsPerOp, PointStats stats) {
        this(impl, problem, problemName, suite, direction, device, status, message, mode, unit, score,
                scoreError, ci, samples, msPerOp, flops, gflops, gflopsNoPadding, bytes, gbPerSec,
                openclDeviceMs, openclEndToEndMs, openclBuildMs, variant, estimatedMsPerOp, stats, (PhaseSplit) null);
    }

    /** The constructor before {@code stats}. */
    public BenchResult(String impl, String problem, String problemName, String suite, String direction,
                       String device, String status, String message, String mode, String unit, Double score,
                       Double scoreError, List<Double> ci, List<Double> samples, Double msPerOp, Double flops,
                       Double gflops, Double gflopsNoPadding, Double bytes, Double gbPerSec,
                       Double openclDeviceMs, Double openclEndToEndMs, Double openclBuildMs, String variant,
                       Double estimatedMsPerOp) {
        this(impl, problem, problemName, suite, direction, device, status, message, mode, unit, score,
                scoreError, ci, samples, msPerOp, flops, gflops, gflopsNoPadding, bytes, gbPerSec,
                openclDeviceMs, openclEndToEndMs, openclBuildMs, variant, estimatedMsPerOp, (PointStats) null);
    }

    /** The constructor of format version 1 before {@code variant} and {@code estimatedMsPerOp}. */
    public BenchResult(String impl, String problem, String problemName, String suite, String direction,
                       String device, String status, String message, String mode, String unit, Double score,
                       Double scoreError, List<Double> ci, List<Double> samples, Double msPerOp, Double flops,
                       Double gflops, Double gflopsNoPadding, Double bytes, Double gbPerSec,
                       Double openclDeviceMs, Double openclEndToEndMs, Double openclBuildMs) {
        this(impl, problem, problemName, suite, direction, device, status, message, mode, unit, score,
                scoreError, ci, samples, msPerOp, flops, gflops, gflopsNoPadding, bytes, gbPerSec,
                openclDeviceMs, openclEndToEndMs, openclBuildMs, null, null, null);
    }

    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";
    public static final String ERROR = "error";

    public boolean ok() {
        return OK.equals(status);
    }

    /** True when the point was measured but its spread is too large to judge (see {@link PointStats}). */
    public boolean unstable() {
        return stats != null && stats.isUnstable();
    }

    /** The identity two result files are matched on. */
    public String key() {
        return impl + "|" + problem + "|" + direction + "|" + (device == null ? "cpu" : device);
    }
}
