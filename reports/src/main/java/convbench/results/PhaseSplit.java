package convbench.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
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

    /** Several forks' splits as one: the median call time and the median of each phase (phases in first-seen order). */
    public static PhaseSplit median(List<PhaseSplit> splits) {
        List<PhaseSplit> ok = splits.stream().filter(s -> s != null && s.usable()).toList();
        if (ok.isEmpty()) {
            return null;
        }
        if (ok.size() == 1) {
            return ok.get(0);
        }
        Map<String, Double> phases = new LinkedHashMap<>();
        for (PhaseSplit s : ok) {
            for (String name : s.phaseMs().keySet()) {
                phases.putIfAbsent(name, null);
            }
        }
        for (String name : new ArrayList<>(phases.keySet())) {
            phases.put(name, median(ok.stream().mapToDouble(s -> s.phaseMs().getOrDefault(name, 0.0)).toArray()));
        }
        int calls = ok.stream().mapToInt(s -> s.calls() == null ? 0 : s.calls()).sum();
        return new PhaseSplit(median(ok.stream().mapToDouble(PhaseSplit::callMs).toArray()), ok.get(0).threads(),
                calls, phases);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
