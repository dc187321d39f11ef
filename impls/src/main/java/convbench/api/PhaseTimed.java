package convbench.api;

import java.util.Map;

/**
 * Optional interface for implementations whose calls have phases worth telling apart (im2col vs
 * GEMM vs col2im, packing vs micro-kernel): with timing on, they add up the time each thread
 * spends in each phase, so a harness can show where a call's time goes, measured, not guessed.
 *
 * <p>Timing is off by default, and then an implementation does not read the clock at all: the
 * benchmark's timed calls never pay for it. A harness turns it on for a separate pass after the
 * measurement ({@code convbench bench} does so in every worker JVM), runs some calls, reads
 * {@link #phaseNanos()} and turns it off again.
 *
 * <p>Accounting: a phase's time is summed over the threads that ran it, so over {@code calls}
 * calls of wall time {@code wall} the phases add up to at most {@code phaseThreads() * wall}; the
 * remainder is time those threads spent elsewhere (waiting for each other, a phase that runs on
 * one thread while the others wait, allocation, the thread pool's hand-off).
 */
public interface PhaseTimed {

    /** Turns phase timing on (clearing the totals) or off (keeping them for {@link #phaseNanos()}). */
    void timePhases(boolean on);

    /**
     * Nanoseconds per phase summed over threads since timing was last turned on, in the order the
     * phases occur in a call; phases that did not occur are absent. A snapshot; cheap to read.
     */
    Map<String, Long> phaseNanos();

    /** How many threads a call may run on: the phases' times are shares of this many cores. */
    int phaseThreads();
}
