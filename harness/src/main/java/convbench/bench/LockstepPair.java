package convbench.bench;

import convbench.stats.Samples;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The parent's half of lockstep measurement ({@link Lockstep}): one fork of a point by two
 * builds at once, their iterations taking turns A B B A A B ... (warm-up and measured alike), so
 * that measured sample {@code j} of A and of B lie next to each other in time. Only one worker
 * runs at any moment: the other waits on its standard input. The first worker is started and
 * made ready (its JVM start, probe and set-up) before the second starts, so that no set-up
 * overlaps another's; both finish their trials (phase pass, result) only after both have measured
 * their last iteration.
 */
final class LockstepPair {
    /** What one lockstep fork gave: each side's result, whether both really took turns, the background load. */
    record Outcome(List<convbench.results.BenchResult> results, boolean tookTurns, Double background) {
    }

    private LockstepPair() {
    }

    /**
     * Runs the two started-on-demand workers in lockstep. {@code starter} starts side {@code i}'s
     * worker (0 or 1, in the order they take their first turn).
     */
    static Outcome run(WorkerLauncher launcher, Starter starter) throws IOException {
        WorkerLauncher.Worker first = starter.start(0);
        boolean firstReady = Lockstep.READY.equals(nextMarker(first));
        WorkerLauncher.Worker second = starter.start(1);
        boolean secondReady = Lockstep.READY.equals(nextMarker(second));
        boolean tookTurns = firstReady && secondReady;
        MachineLoad.Snapshot[] before = {MachineLoad.take(first.process.pid()), MachineLoad.take(second.process.pid())};
        MachineLoad.Snapshot[] after = before.clone();
        WorkerLauncher.Worker[] w = {first, second};
        boolean[] done = {!firstReady, !secondReady};
        for (int step = 0; !(done[0] && done[1]); step++) {
            int side = ((step + 1) / 2) % 2;                      // 0 1 1 0 0 1 1 0 ...
            if (done[side]) {
                continue;
            }
            go(w[side]);
            String marker = nextMarker(w[side]);
            if (!Lockstep.READY.equals(marker)) {
                done[side] = true;                               // finished, or exited
                MachineLoad.Snapshot s = MachineLoad.take(w[side].process.pid());
                after[side] = s != null ? s : after[side];
            }
        }
        Double background = othersShare(before, after);
        for (WorkerLauncher.Worker x : w) {
            release(x);
        }
        var ra = launcher.await(first);
        var rb = launcher.await(second);
        launcher.setLastBackground(background);
        return new Outcome(List.of(ra, rb), tookTurns, background);
    }

    /** The points of {@code points} that have a lockstep partner among them. */
    static List<PointSpec> paired(List<PointSpec> points, List<String> impls) {
        return points.stream().filter(spec -> partnerOf(spec, impls, points, Set.of()) != null).toList();
    }

    /**
     * The point of the other implementation of {@code impls} (two names) with the same problem and
     * direction as {@code spec}, among {@code round} and not in {@code done}; null when none.
     */
    static PointSpec partnerOf(PointSpec spec, List<String> impls, List<PointSpec> round, Set<Integer> done) {
        if (impls.size() != 2 || !impls.contains(spec.impl())) {
            return null;
        }
        String other = impls.get(0).equals(spec.impl()) ? impls.get(1) : impls.get(0);
        for (PointSpec p : round) {
            if (p.impl().equals(other) && p.descriptor().equals(spec.descriptor())
                    && p.direction().equals(spec.direction()) && !done.contains(p.index())) {
                return p;
            }
        }
        return null;
    }

    /**
     * Whether the paired 95% interval of b / a ({@code Samples.pairedRatio}) is wider than
     * ±{@code limit}: such a point gets extra fork pairs in {@code ab}. A side with an unusable
     * result is not widened by more forks; samples of different shapes count as too wide.
     */
    static boolean tooWide(convbench.results.BenchResult a, convbench.results.BenchResult b, double limit) {
        if (a == null || b == null || !a.ok() || !b.ok() || a.stats() == null || b.stats() == null
                || a.stats().forkSamples() == null || b.stats().forkSamples() == null) {
            return false;
        }
        Samples.Ratio r = Samples.pairedRatio(a.stats().forkSamples(), b.stats().forkSamples());
        return r == null || (r.high() - r.low()) / 2 / r.ratio() > limit;
    }

    /** Starts side {@code i}'s worker JVM in lockstep mode. */
    interface Starter {
        WorkerLauncher.Worker start(int i) throws IOException;
    }

    /** The share of the machine that processes other than the two workers used, from snapshots of each. */
    static Double othersShare(MachineLoad.Snapshot[] before, MachineLoad.Snapshot[] after) {
        if (before[0] == null || before[1] == null || after[0] == null || after[1] == null) {
            return null;
        }
        // Both snapshots of a side share the machine counters of the moment they were taken; use the
        // earliest and latest machine counters and both workers' own time.
        MachineLoad.Snapshot b0 = before[0].total() <= before[1].total() ? before[0] : before[1];
        MachineLoad.Snapshot a1 = after[0].total() >= after[1].total() ? after[0] : after[1];
        long own = (after[0].own() - before[0].own()) + (after[1].own() - before[1].own());
        long total = a1.total() - b0.total();
        if (total <= 0) {
            return null;
        }
        double others = (a1.busy() - b0.busy()) - own;
        return Math.max(0, Math.min(1, others / total));
    }

    /** The worker's next marker: READY, FINISHED, or null when it exited without one. */
    private static String nextMarker(WorkerLauncher.Worker w) throws IOException {
        while (true) {
            try {
                String m = w.markers.poll(100, TimeUnit.MILLISECONDS);
                if (m != null) {
                    return m;
                }
                if (!w.process.isAlive()) {
                    w.reader.join(2000);  // its last lines may still be in the pipe
                    return w.markers.poll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
    }

    private static void go(WorkerLauncher.Worker w) {
        try {
            OutputStream in = w.process.getOutputStream();
            in.write('g');
            in.flush();
        } catch (IOException e) {
            // it has exited: nextMarker() sees that
        }
    }

    /** Lets a worker finish its trial alone: end of input means "go on without turns". */
    private static void release(WorkerLauncher.Worker w) {
        try {
            w.process.getOutputStream().close();
        } catch (IOException e) {
            // gone already
        }
    }
}
