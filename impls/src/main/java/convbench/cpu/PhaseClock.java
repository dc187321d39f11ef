package convbench.cpu;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-worker phase totals behind {@link convbench.api.PhaseTimed}. While off, {@link #start()}
 * does not read the clock and {@link #stop} does nothing, so the timed benchmark calls do not pay
 * for it. Each worker adds only into its own slots, and the slots of two workers are a cache line
 * apart (no false sharing); totals are read after the calls, by the thread that made them.
 */
final class PhaseClock {
    private static final long OFF = Long.MIN_VALUE;
    /** Longs per worker: 16 longs = 128 bytes, at least one cache line between workers. */
    private static final int STRIDE = 16;

    private final String[] names;
    private final int workers;
    private final long[] nanos;
    private volatile boolean on;

    /** @param names the phases in the order a call runs them (at most 16) */
    PhaseClock(int workers, String... names) {
        if (names.length > STRIDE) {
            throw new IllegalArgumentException("at most " + STRIDE + " phases");
        }
        this.names = names.clone();
        this.workers = Math.max(1, workers);
        this.nanos = new long[(this.workers + 1) * STRIDE];
    }

    int workers() {
        return workers;
    }

    void setOn(boolean value) {
        if (value) {
            java.util.Arrays.fill(nanos, 0L);
        }
        on = value;
    }

    /** The start of a phase: the clock when timing is on, else a marker that {@link #stop} ignores. */
    long start() {
        return on ? System.nanoTime() : OFF;
    }

    /** Adds the time since {@code started} to {@code phase} of {@code worker}; returns the clock for the next phase. */
    long stop(int worker, int phase, long started) {
        if (started == OFF) {
            return OFF;
        }
        long now = System.nanoTime();
        nanos[(worker + 1) * STRIDE + phase] += now - started;
        return now;
    }

    /** Totals per phase over every worker, in phase order; phases with no time are absent. */
    Map<String, Long> totals() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int p = 0; p < names.length; p++) {
            long sum = 0;
            for (int w = 0; w < workers; w++) {
                sum += nanos[(w + 1) * STRIDE + p];
            }
            if (sum > 0) {
                out.put(names[p], sum);
            }
        }
        return out;
    }
}
