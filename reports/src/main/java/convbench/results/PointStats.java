package convbench.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The statistics of one measured point, computed from every raw sample and the JVM (fork) it came
 * from. All times are in the result's {@code unit} (ms/op).
 *
 * <p>{@code median} is the median of all samples; {@code low}/{@code high} a 95% interval of that
 * median from a two-level bootstrap (forks resampled, then samples within each fork), so it is
 * never below the smallest sample and never below zero, and a fork that ran slow widens it as it
 * should. {@code cv} is the coefficient of variation of all samples, {@code forkSpread} the range
 * of the per-fork medians over the median. A point is {@code unstable} when its interval is wider
 * than the project's limit (see {@code unstableReason}): its number is shown, but it is never used
 * to call a regression.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
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
        String unstableReason) {

    public boolean isUnstable() {
        return Boolean.TRUE.equals(unstable);
    }
}
