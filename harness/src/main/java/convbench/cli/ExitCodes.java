package convbench.cli;

/** Exit codes of every command, as the fixture format documents them. */
public final class ExitCodes {
    /** All good. */
    public static final int OK = 0;
    /** A verification failure, or for {@code compare} a performance regression. */
    public static final int FAILURE = 1;
    /**
     * Bad usage or bad input: unreadable or invalid fixture, unknown implementation, an input too
     * large for memory, an output refused because it would destroy what convbench did not write
     * (or another run is writing it).
     */
    public static final int USAGE = 2;
    /** An environment problem the user must fix, e.g. OpenCL requested but no device, or the heap ran out. */
    public static final int ENVIRONMENT = 3;

    private ExitCodes() {
    }
}
