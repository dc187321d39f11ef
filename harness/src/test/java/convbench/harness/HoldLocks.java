package convbench.harness;

import java.nio.file.Path;

/**
 * A second process for the tests of concurrent runs: {@code HoldLocks out PATH} holds the output
 * lock of PATH, {@code HoldLocks bench} registers as a running bench; it prints {@code held} and
 * keeps them until its standard input closes (or it is killed, as kill -9 would).
 */
public final class HoldLocks {
    private HoldLocks() {
    }

    public static void main(String[] args) throws Exception {
        AutoCloseable held = args[0].equals("out") ? OutputLock.acquire(Path.of(args[1])) : RunningBenches.register();
        System.out.println("held");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the test to close our stdin
        }
        held.close();
    }

    /** Starts {@code HoldLocks} in a new JVM with this JVM's class path and waits until it holds. */
    public static Process start(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String runs = System.getProperty("convbench.runs.dir");
        if (runs != null) {
            cmd.add("-Dconvbench.runs.dir=" + runs);
        }
        cmd.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), HoldLocks.class.getName()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        if (!"held".equals(line)) {
            p.destroyForcibly();
            throw new IllegalStateException("HoldLocks did not start: " + line);
        }
        return p;
    }
}
