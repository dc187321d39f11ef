package convbench.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where one call of a point went, measured, for implementations with phases (im2col: im2col,
 * GEMM, col2im, ...; blocked: packing, micro-kernel, ...). It is measured in a separate pass after
 * the benchmark's iterations, in the same JVM, with the implementation's phase timing on: the
 * benchmark's own samples never include the clock reads.
 *
 * <p>{@code phaseMs} is per call and summed over the threads that ran the phase, so the phases
 * add up to at most {@code threads * callMs}; {@link #restShare()} is the rest of those cores'
 * time (threads waiting for each other, a phase running on one thread while the others wait,
 * allocation). {@code callMs} is the pass's own wall time per call, to set beside the benchmark's
 * median (phase timing costs a few clock reads per block, and the pass is short).
 */
@ResultRecord
public record PhaseSplit(Double callMs, Integer threads, Integer calls, Map<String, Double> phaseMs) {

    /** The share of the cores' time during a call that went to {@code phase} (0 when absent). */
    public double share(String phase) {
        Double ms = phaseMs == null ? null : phaseMs.get(phase);
        return ms == null || !usable() ? 0 : ms / (threads * callMs);
    }

    /** The share of the cores' time in no phase: 1 minus the phases' shares, never below 0. */
    @JsonIgnore
    public double restShare() {
        if (!usable()) {
            return 0;
        }
        double sum = phaseMs.values().stream().mapToDouble(Double::doubleValue).sum();
        return Math.max(0, 1 - sum / (threads * callMs));
    }

    /** True when the numbers can be turned into shares. */
    @JsonIgnore
    public boolean usable() {
        return callMs != null && callMs > 0 && Double.isFinite(callMs) && threads != null && threads > 0
                && phaseMs != null && !phaseMs.isEmpty();
    }

    /**
     * Several forks' splits as one: the split of the fork whose call time is the median (the lower
     * one of an even count), never a mix of forks, so its phases still add up to at most the cores'
     * time of its own calls. Unusable splits are ignored; null when none is left.
     */
    public static PhaseSplit median(List<PhaseSplit> splits) {
        List<PhaseSplit> ok = new ArrayList<>(splits.stream().filter(s -> s != null && s.usable()).toList());
        if (ok.isEmpty()) {
            return null;
        }
        ok.sort(java.util.Comparator.comparingDouble(PhaseSplit::callMs));
        return ok.get((ok.size() - 1) / 2);
    }
}
