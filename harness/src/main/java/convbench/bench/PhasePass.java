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
 *
 * <p>Turning timing on sends the compiled code down branches it never took during the
 * measurement, and the JIT answers with deoptimisation and a recompilation: the first calls of the
 * pass run slower code (measured: im2col's max-pooling backward at 7.1 ms per call in the pass
 * against 1.08 ms in the benchmark). So the pass first calls with timing on for
 * {@value #WARMUP_MS} ms, discards that, and only then measures; and {@link #prime} takes both
 * branches once before the benchmark's warm-up, so that the JIT compiles both from the start.
 */
final class PhasePass {
    static final int MIN_CALLS = 3;
    static final long MIN_MS = 60;
    /** Calls with timing on before the measured ones (at least {@value #MIN_CALLS}). */
    static final long WARMUP_MS = 100;
    /** Calls at most, for operations of microseconds. */
    static final int MAX_CALLS = 10_000;

    private PhasePass() {
    }

    /** One call with timing on and timing off again: both sides of every phase branch get taken. */
    static void prime(PhaseTimed impl, Runnable call) {
        try {
            impl.timePhases(true);
            call.run();
        } finally {
            impl.timePhases(false);
        }
    }

    /** The split, or null when the implementation reported no phase for this operation (or failed). */
    static PhaseSplit measure(PhaseTimed impl, Runnable call) {
        try {
            impl.timePhases(true);
            repeat(call, WARMUP_MS);
            impl.timePhases(true);                                    // clears the warm-up's totals
            long start = System.nanoTime();
            int calls = repeat(call, MIN_MS);
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

    /** Calls at least {@value #MIN_CALLS} times and for at least {@code ms} (at most {@value #MAX_CALLS} calls). */
    private static int repeat(Runnable call, long ms) {
        long start = System.nanoTime();
        long minNanos = ms * 1_000_000L;
        int calls = 0;
        while (calls < MIN_CALLS || (System.nanoTime() - start < minNanos && calls < MAX_CALLS)) {
            call.run();
            calls++;
        }
        return calls;
    }
}
