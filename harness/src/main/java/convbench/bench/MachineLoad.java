package convbench.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of the machine other processes used while a worker JVM measured: the CPU time of the
 * whole machine ({@code /proc/stat}) minus the worker's own ({@code /proc/PID/stat}), over the
 * machine's total. On a 2-core machine a neighbour that keeps one core busy reads 0.5. Linux only;
 * elsewhere nothing is recorded.
 */
final class MachineLoad {
    /** A fork measured while others used more than this share of the machine is measured again once. */
    static final double DISTURBED = 0.25;

    record Snapshot(long busy, long total, long own) {
    }

    private MachineLoad() {
    }

    /** The counters now, or null when they cannot be read (not Linux, the process has exited). */
    static Snapshot take(long pid) {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            if (!f[0].equals("cpu") || f.length < 8) {
                return null;
            }
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces: the fields after it start after the last ')'.
            String[] p = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long own = Long.parseLong(p[11]) + Long.parseLong(p[12]) + Long.parseLong(p[13]) + Long.parseLong(p[14]);
            return new Snapshot(busy, busy + idle + iowait, own);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The share of the machine's CPU that others used between two snapshots, or null. */
    static Double othersShare(Snapshot a, Snapshot b) {
        if (a == null || b == null || b.total() - a.total() <= 0) {
            return null;
        }
        double others = (b.busy() - a.busy()) - (b.own() - a.own());
        return Math.max(0, Math.min(1, others / (b.total() - a.total())));
    }
}
