package convbench.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pins the calling thread to one CPU, for the compute ceiling: the JDK has no affinity API, so a
 * thread finds its own Linux thread id through {@code /proc/thread-self} and runs util-linux's
 * {@code taskset -p -c CPU TID} on itself. Linux only; elsewhere, or without {@code taskset},
 * the thread stays unpinned and the caller records why.
 */
final class CpuPin {
    private CpuPin() {
    }

    /** The CPUs this process may run on ({@code Cpus_allowed_list} of /proc/self/status), or null. */
    static int[] allowedCpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return parseList(line.substring(line.indexOf(':') + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** A kernel CPU list such as {@code 0-3,8,10-11} as CPU numbers, ascending as written. */
    static int[] parseList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.strip().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int dash = part.indexOf('-');
            int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).strip());
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).strip());
            if (to < from) {
                throw new IllegalArgumentException("CPU range " + part + " runs backwards");
            }
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        return cpus.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Pins the calling thread to {@code cpu}: null when done, else why it is not pinned. */
    static String pinCurrentThread(int cpu) {
        String tid;
        try {
            // "/proc/thread-self" links to "PID/task/TID".
            tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "no /proc/thread-self (" + e.getMessage() + ")";
        }
        try {
            Process p = new ProcessBuilder("taskset", "-p", "-c", Integer.toString(cpu), tid)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "taskset did not finish in 10 s";
            }
            return p.exitValue() == 0 ? null : "taskset exit " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return "taskset not runnable (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
