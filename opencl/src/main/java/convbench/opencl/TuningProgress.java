package convbench.opencl;

import java.io.PrintWriter;
import java.util.Locale;

/** The tuner's wall clock (started with the run) and its progress log, shared by its parts. */
final class TuningProgress {
    private final PrintWriter out;
    private final long start = System.nanoTime();

    TuningProgress(PrintWriter out) {
        this.out = out;
    }

    /** Seconds since the run started. */
    double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** One line of the log, formatted in the root locale and flushed at once. */
    void say(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
