package convbench.cli;

import convbench.compare.Compare;

/**
 * The exit codes of every command, as README.md ("Exit codes") and harness/BENCH.md document them;
 * the commands return them as picocli's {@code Integer} results, so they stay plain {@code int}
 * constants. Each number is defined once: 0, 1 and 2 are {@code compare}'s ({@link Compare}, in the
 * reports module, which cannot refer to this class), 3 is defined here. (The bench worker JVMs'
 * {@code BenchWorker.RESTART_EXIT_CODE} is internal: it never reaches the user.)
 */
public final class ExitCodes {
    /** 0: all good; for {@code compare} and {@code ab}, no regression. */
    public static final int OK = Compare.EXIT_OK;
    /**
     * 1: a verification failure, a benchmark point that failed, a kernel that {@code tune} could
     * not tune; for {@code compare} and {@code ab}, a regression or a broken point.
     */
    public static final int FAILURE = Compare.EXIT_REGRESSION;
    /**
     * 2: bad usage or bad input: unreadable or invalid fixture, unknown implementation, an input too
     * large for memory, an output refused because it would destroy what convbench did not write
     * (or another run is writing it).
     */
    public static final int USAGE = Compare.EXIT_BAD_INPUT;
    /** 3: an environment problem the user must fix, e.g. OpenCL requested but no device, or the heap ran out. */
    public static final int ENVIRONMENT = 3;

    private ExitCodes() {
    }
}
