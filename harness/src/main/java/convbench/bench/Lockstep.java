package convbench.bench;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The worker's half of lockstep measurement ({@code convbench ab}): two worker JVMs, one per
 * revision, measure the same point at the same time, one iteration each in turn (A B B A ...),
 * so that the host's slow and fast stretches, which last seconds on a shared machine, fall on
 * both revisions alike. Before every iteration, and once after the last measured one, the worker
 * prints a marker line and waits for one byte on its standard input; the parent ({@link
 * LockstepPair}) sends that byte to one worker at a time. A worker whose parent is gone (end of
 * input) goes on alone. Off unless the system property {@value #PROPERTY} is {@code on}.
 */
final class Lockstep {
    static final String PROPERTY = "convbench.bench.lockstep";
    /** The worker is between iterations and waits for its turn. */
    static final String READY = "#convbench-lockstep ready";
    /** The worker has finished its last measured iteration and waits to be let go. */
    static final String FINISHED = "#convbench-lockstep finished";

    // The raw descriptors: JMH may replace System.out while it runs a benchmark.
    private static final OutputStream OUT = new FileOutputStream(FileDescriptor.out);
    private static final InputStream IN = new FileInputStream(FileDescriptor.in);
    private static boolean on = "on".equals(System.getProperty(PROPERTY));

    private Lockstep() {
    }

    static boolean enabled() {
        return on;
    }

    /** Says {@code marker} to the parent and waits for its turn; no-op when lockstep is off. */
    static void await(String marker) {
        if (!on) {
            return;
        }
        try {
            OUT.write((marker + "\n").getBytes(StandardCharsets.US_ASCII));
            OUT.flush();
            if (IN.read() < 0) {
                on = false; // the parent is gone: measure alone
            }
        } catch (IOException e) {
            on = false;
        }
    }
}
