package convbench.bench;

import convbench.api.PhaseTimed;
import convbench.results.PhaseSplit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The phase-split pass of a point: after JMH's last measured iteration, in the same JVM (so the
 * code is as compiled as in the measurement), calls the operation with the implementation's phase
 * timing on for at least {@value #MIN_CALLS} calls and {@value #MIN_MS} ms, then turns timing off.
 * The result is per call: its wall time and each phase's time summed over threads.
 */
final class PhasePass {
    static final int MIN_CALLS = 3;
    static final long MIN_MS = 60;
    /** Calls at most, for operations of microseconds. */
    static final int MAX_CALLS = 10_000;

    private PhasePass() {
    }

    /** The split, or null when the implementation reported no phase for this operation (or failed). */
    static PhaseSplit measure(PhaseTimed impl, Runnable call) {
        try {
            impl.timePhases(true);
            long start = System.nanoTime();
            long minNanos = MIN_MS * 1_000_000L;
            int calls = 0;
            while (calls < MIN_CALLS || (System.nanoTime() - start < minNanos && calls < MAX_CALLS)) {
                call.run();
                calls++;
            }
            long wall = System.nanoTime() - start;
            impl.timePhases(false);
            Map<String, Long> nanos = impl.phaseNanos();
            if (nanos == null || nanos.isEmpty()) {
                return null;
            }
            Map<String, Double> perCall = new LinkedHashMap<>();
            for (Map.Entry<String, Long> e : nanos.entrySet()) {
                perCall.put(e.getKey(), e.getValue() / 1e6 / calls);
            }
            return new PhaseSplit(wall / 1e6 / calls, impl.phaseThreads(), calls, perCall);
        } catch (RuntimeException e) {
            impl.timePhases(false);
            return null;
        }
    }
}
