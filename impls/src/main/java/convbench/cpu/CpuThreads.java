package convbench.cpu;

/**
 * How many threads the CPU implementations use: {@code -Dconvbench.threads=N}, default every
 * available processor. Public because the oneDNN peer follows the same rule, so that
 * {@code blocked} and oneDNN are compared on the same number of cores.
 */
public final class CpuThreads {
    /** System property that sets the thread count. */
    public static final String PROPERTY = "convbench.threads";

    private CpuThreads() {
    }

    /** Threads from {@code -Dconvbench.threads=N}, or every available processor when unset or not a positive number. */
    public static int configured() {
        int cores = Runtime.getRuntime().availableProcessors();
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return cores;
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n >= 1 ? n : cores;
        } catch (NumberFormatException e) {
            return cores;
        }
    }
}
