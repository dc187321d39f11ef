package convbench.bench;

import convbench.harness.EnvironmentProbe;
import convbench.results.BenchResult;
import convbench.results.Environment;
import convbench.results.FileTrees;
import convbench.results.ResultFile;
import convbench.results.JmhFiles;
import convbench.results.ResultIO;
import convbench.stats.Samples;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Random;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs a {@link BenchPlan}: measures the machine's ceilings, then measures every point in
 * {@link BenchSettings#forks()} independent worker JVMs ({@link BenchWorker}, one point per JVM),
 * round after round: round 1 of every point in a shuffled order, then round 2, ... so that drift
 * of the machine over the run reaches all points alike. With two sides (the builds A and B of
 * {@code convbench ab}) every point is measured by both in the same round, in the order A B in
 * one round and B A in the next (A B B A ...), so that drift hits both equally.
 *
 * <p>After every fork the point's statistics are recomputed from all its forks' samples
 * ({@link Samples}) and each side's result file (JSON), its CSV twin and its JMH-format twin are
 * rewritten atomically, so an interrupted run or a crashed worker leaves every finished result on
 * disk. A worker that dies is reported: the point gets status {@code error} with the exit code and
 * the worker's last output. A point skipped (unsupported, over the budget) or failed in one fork
 * is not measured again.
 */
public final class BenchRun {
    /**
     * Class path entries appended to the benchmark JVMs' (tests use it to add implementations
     * that only they may see).
     */
    public static final String EXTRA_CLASSPATH_PROPERTY = "convbench.bench.extraClasspath";

    /**
     * One build whose points are measured: its label, the class path its worker JVMs run with
     * ({@code null}: this JVM's), and its result file.
     */
    public record Side(String label, String classpath, Path out) {
    }

    /** What one side accumulates. */
    private static final class SideState {
        final Side side;
        final Path out;
        final Path csv;
        final Path jmhJson;
        final Path jmhLog;
        final Map<Integer, BenchResult> results = new TreeMap<>();
        final Map<Integer, List<BenchResult>> forks = new HashMap<>();
        final Map<String, Object> settingsBlock = new LinkedHashMap<>();
        Path cdsArchive;

        SideState(Side side) {
            this.side = side;
            this.out = side.out().toAbsolutePath();
            String base = out.getFileName().toString().replaceFirst("\\.json$", "");
            this.csv = out.resolveSibling(base + ".csv");
            this.jmhJson = out.resolveSibling(base + ".jmh.json");
            this.jmhLog = out.resolveSibling(base + ".jmh.log");
        }
    }

    private final BenchPlan plan;
    private final BenchSettings settings;
    private final List<SideState> sides = new ArrayList<>();
    private final PrintWriter progress;
    private final boolean ceilings;
    private List<ResultFile.Measurement> measured = List.of();
    private Environment environment;
    private long startNanos;
    private int forksDone;
    private int forksPlanned;
    private final WorkerLauncher launcher;
    private final Map<String, List<Double>> background = new HashMap<>();
    private int remeasured;
    /** Forks a still-unstable point may get in all (no extra forks when at most settings.forks()). */
    private int maxForks;
    /** One side: the points of these two implementations that share problem and direction are measured in lockstep. */
    private List<String> lockstepImpls = List.of();
    private int lockstepMinPairs;
    /** Two sides measure each fork at once, taking turns per iteration ({@link LockstepPair}). */
    private boolean lockstep;
    private boolean lockstepAsked;
    /** Fork pairs that really took turns. */
    private int lockstepPairs;
    /** The identity both sides' files share when their samples are paired. */
    private String lockstepRun;
    /** The extra rounds may last this share of the time the regular rounds took. */
    private double extraTimeShare;
    private double timeLimitSeconds = Double.POSITIVE_INFINITY;

    public BenchRun(BenchPlan plan, BenchSettings settings, Path out, PrintWriter progress, boolean ceilings) {
        this(plan, settings, List.of(new Side(null, null, out)), progress, ceilings);
    }

    public BenchRun(BenchPlan plan, BenchSettings settings, List<Side> sides, PrintWriter progress, boolean ceilings) {
        this.plan = plan;
        this.settings = settings;
        for (Side s : sides) {
            this.sides.add(new SideState(s));
        }
        this.progress = progress;
        this.ceilings = ceilings;
        this.launcher = new WorkerLauncher(plan, settings, progress);
    }

    /**
     * Extra forks for unstable points: up to {@code maxForks} forks in all, within {@code timeShare}
     * times the duration of the regular rounds (pyperf and benchdnn spend more runs on noisy cases)
     * and, when {@code timeLimitSeconds} is finite, not after the bench has run that long.
     */
    public BenchRun withExtraForks(int maxForks, double timeShare, double timeLimitSeconds) {
        this.maxForks = maxForks;
        this.extraTimeShare = timeShare;
        this.timeLimitSeconds = timeLimitSeconds;
        return this;
    }

    /**
     * With two sides: every fork of a point is measured by both at once, one iteration each in turn
     * (A B B A ...), instead of one side's fork after the other's. Recorded in each side's settings
     * ({@code lockstep}, {@code lockstepRun}) so that {@code compare} pairs the samples.
     */
    public BenchRun withLockstep(boolean on) {
        this.lockstepAsked = on && sides.size() == 2;
        this.lockstep = lockstepAsked;
        return this;
    }

    /**
     * With one side: each fork of a point of implementation A runs at once with the fork of the same
     * problem and direction by implementation B, taking turns per iteration, so that the ratio of
     * the two (the documents' comparisons) sees the same machine. Recorded as {@code lockstepImpls}.
     * Such pairs get rounds of their own up to {@code minForkPairs}: a fork pair is one draw of the
     * JVM lottery (JIT modes 1.3-1.6x apart on naive's loops) for both sides at once.
     */
    public BenchRun withLockstepImpls(List<String> impls, int minForkPairs) {
        this.lockstepImpls = sides.size() == 1 && impls.size() == 2 ? List.copyOf(impls) : List.of();
        this.lockstepMinPairs = minForkPairs;
        return this;
    }

    public Path csvFile() {
        return sides.get(0).csv;
    }

    /** The JMH-format twin of the (first) result file. */
    public Path jmhJsonFile() {
        return sides.get(0).jmhJson;
    }

    /** The number of points whose status is {@code error}, over all sides. */
    public int execute() throws IOException {
        startNanos = System.nanoTime();
        lockstepRun = java.util.UUID.randomUUID().toString();
        environment = EnvironmentProbe.probe();
        List<Long> otherBenches = convbench.harness.RunningBenches.others(); // their workers ignore JMH's lock
        boolean otherJmh = WorkerLauncher.anotherJmhRunning() || !otherBenches.isEmpty();
        for (SideState st : sides) {
            Map<String, Object> b = st.settingsBlock;
            b.putAll(settings.describe());
            b.put("heapMb", settings.heapMb());
            b.put("suites", plan.suites().stream().map(s -> s.name() + " (" + s.source() + ")").toList());
            b.put("impls", plan.impls());
            b.put("directions", plan.directions().isEmpty() ? "per suite"
                    : plan.directions().stream().map(d -> d.id()).toList());
            b.put("points", plan.points().size());
            b.put("jmhLog", st.jmhLog.getFileName().toString());
            if (st.side.label() != null) {
                b.put("side", st.side.label());
                b.put("interleavedWith", sides.stream().map(x -> x.side.label()).toList());
                b.put("interleaving", lockstepAsked ? "lockstep: each fork of a point runs in both builds at once, "
                        + "one iteration each in turn (A B B A ...), so measured sample j of both lie side by side in time"
                        : "forks: A's fork then B's, B's then A's in the next round");
            }
            b.put("complete", false);
            b.put("anotherJmhRunAtStart", otherJmh);
            Files.deleteIfExists(st.jmhLog);
        }
        if (otherJmh) {
            progress.println("bench: warning: another JMH run " + (otherBenches.isEmpty() ? "holds " + WorkerLauncher.JMH_LOCK
                    : "is going on (convbench bench, PID " + otherBenches.toString().replaceAll("[\\[\\]]", "") + ")")
                    + "; both runs share the CPU and their timings disturb each other");
        }
        saveAll();
        Thread hook = new Thread(launcher::killCurrent);
        Runtime.getRuntime().addShutdownHook(hook);
        Path work = Files.createTempDirectory("convbench-bench-");
        try {
            if (ceilings) {
                measureCeilings(work);
            }
            runRounds(work);
            if (ceilings) {
                measureCeilings(work);                              // again: the roof is the higher of the two
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            FileTrees.deleteQuietly(work);
        }
        int errors = 0;
        for (SideState st : sides) {
            st.settingsBlock.put("complete", true);
            st.settingsBlock.put("elapsedSeconds", Math.round(elapsedSeconds()));
            st.settingsBlock.put("forksMeasuredAgainForBackgroundLoad", remeasured);
            if (!lockstepImpls.isEmpty() || lockstepAsked) {
                st.settingsBlock.put(lockstepAsked ? "lockstep" : "lockstepImpls", lockstepAsked ? lockstep : lockstepImpls);
                if (!lockstepImpls.isEmpty()) {
                    st.settingsBlock.put("lockstepMinForkPairs", Math.max(settings.forks(), lockstepMinPairs));
                }
                st.settingsBlock.put("lockstepForkPairs", lockstepPairs);
            }
            if (lockstepAsked && lockstep) {
                st.settingsBlock.put("lockstepRun", lockstepRun); // paired samples: every fork pair took turns
            }
            save(st);
            long ok = count(st, BenchResult.OK);
            long unstable = st.results.values().stream().filter(BenchResult::unstable).count();
            long skipped = count(st, BenchResult.SKIPPED);
            long err = count(st, BenchResult.ERROR);
            errors += (int) err;
            progress.printf(Locale.ROOT, "bench: %spoints:%d ok:%d (unstable:%d) skipped:%d error:%d elapsed:%s%n",
                    st.side.label() == null ? "" : st.side.label() + ": ", st.results.size(), ok, unstable, skipped,
                    err, ForkResults.clock(elapsedSeconds()));
            progress.printf("bench: wrote %s, %s and %s%n", st.out, st.csv, st.jmhJson);
        }
        progress.flush();
        return errors;
    }

    private long count(SideState st, String status) {
        return st.results.values().stream().filter(r -> status.equals(r.status())).count();
    }

    /** Round after round over the points still measurable, each by every side; lockstep pairs up to their minimum. */
    private void runRounds(Path work) throws IOException {
        for (SideState st : sides) {
            st.cdsArchive = launcher.prepareCds(st.side.label(), st.side.classpath(), work);
            st.settingsBlock.put("classDataSharing", st.cdsArchive == null ? "off" : st.cdsArchive.toString());
        }
        int rounds = Math.max(1, settings.forks());
        List<PointSpec> pending = new ArrayList<>(plan.points());
        int last = LockstepPair.paired(pending, lockstepImpls).isEmpty() ? rounds : Math.max(rounds, lockstepMinPairs);
        double baseStart = elapsedSeconds();
        for (int round = 1; round <= last; round++) {
            List<PointSpec> paired = LockstepPair.paired(pending, lockstepImpls);
            List<PointSpec> points = round <= rounds ? pending : paired;
            forksPlanned = forksDone + (pending.size() * Math.max(0, rounds - round + 1)
                    + paired.size() * (last - Math.max(round - 1, rounds))) * sides.size();
            if (points.isEmpty()) {
                break; // nothing measurable is left
            }
            runRound(points, round, last, work, Double.POSITIVE_INFINITY);
            // A point skipped or failed in any fork or side is not measured again.
            pending.removeIf(spec -> sides.stream().anyMatch(st -> !st.results.get(spec.index()).ok()));
        }
        runExtraRounds(pending, rounds, work,
                Math.min(timeLimitSeconds, elapsedSeconds() + (elapsedSeconds() - baseStart) * extraTimeShare));
    }

    /**
     * Forks beyond {@code --forks} for the points whose interval is still too wide (unstable on any
     * side), one round at a time over those points only, until each is stable, has
     * {@link #maxForks} forks, or the extra time (a share of what the regular rounds took) is used.
     */
    private void runExtraRounds(List<PointSpec> pending, int rounds, Path work, double deadline) throws IOException {
        int extraForks = 0;
        String stopped = "no point was unstable after the regular rounds";
        for (int round = rounds + 1; round <= maxForks; round++) {
            // Every side measures every round: the first side's forks are the point's.
            List<PointSpec> unstable = unstableOnAnySide(pending).stream().filter(spec -> Optional.ofNullable(
                    sides.get(0).results.get(spec.index()).stats()).map(st -> st.forks()).orElse(0) < maxForks).toList();
            if (unstable.isEmpty()) {
                stopped = round == rounds + 1 ? stopped : "every point measured again became stable";
                break;
            }
            if (elapsedSeconds() >= deadline) {
                stopped = "the extra time was used (" + unstable.size() + " point(s) still unstable)";
                break;
            }
            forksPlanned = forksDone + unstable.size() * sides.size();
            progress.printf(Locale.ROOT, "bench: extra round %d: %d unstable point(s) get one more fork each "
                    + "(at most %d forks, extra time left %s)%n", round, unstable.size(), maxForks,
                    ForkResults.clock(deadline - elapsedSeconds()));
            int before = forksDone;
            runRound(unstable, round, maxForks, work, deadline);
            extraForks += forksDone - before;
            if (round == maxForks) {
                int still = unstableOnAnySide(pending).size();
                stopped = still == 0 ? "every point measured again became stable"
                        : still + " point(s) still unstable at --max-forks " + maxForks;
            }
        }
        if (maxForks <= rounds) {
            stopped = "off (--max-forks " + maxForks + ")";
        }
        for (SideState st : sides) {
            st.settingsBlock.put("maxForks", Math.max(maxForks, rounds));
            st.settingsBlock.put("extraForksTimeShare", extraTimeShare);
            if (Double.isFinite(timeLimitSeconds)) {
                st.settingsBlock.put("extraForksTimeLimitSeconds", timeLimitSeconds);
            }
            st.settingsBlock.put("extraForks", extraForks);
            st.settingsBlock.put("extraForksStopped", stopped);
        }
        if (maxForks > rounds) {
            progress.printf(Locale.ROOT, "bench: %d extra fork(s) for unstable points; stopped: %s%n", extraForks, stopped);
        }
    }

    /** The points still unstable on any side, with their lockstep partners (a pair stays a pair). */
    private List<PointSpec> unstableOnAnySide(List<PointSpec> points) {
        return points.stream().filter(spec -> isUnstable(spec) || Optional.ofNullable(LockstepPair.partnerOf(spec,
                lockstepImpls, points, java.util.Set.of())).map(this::isUnstable).orElse(false)).toList();
    }

    /** Unstable on a side; in lockstep ab: the paired interval of B / A is too wide (what its verdict needs). */
    private boolean isUnstable(PointSpec spec) {
        return lockstep ? LockstepPair.tooWide(sides.get(0).results.get(spec.index()),
                sides.get(1).results.get(spec.index()), settings.unstableLimit())
                : sides.stream().anyMatch(st -> st.results.get(spec.index()).unstable());
    }

    /** One round over {@code points} in a shuffled order, each point by every side; stops at the deadline. */
    private void runRound(List<PointSpec> points, int round, int rounds, Path work, double deadline)
            throws IOException {
        List<PointSpec> order = new ArrayList<>(points);
        Collections.shuffle(order, new Random(1000L + round));
        int position = 0;
        java.util.Set<Integer> done = new java.util.HashSet<>();
        for (PointSpec spec : order) {
            if (elapsedSeconds() >= deadline) {
                return;
            }
            if (!done.add(spec.index())) {
                continue; // measured with its lockstep partner
            }
            boolean reversed = (round + position) % 2 == 0;
            List<SideState> sideOrder = new ArrayList<>(sides);
            if (reversed) {
                Collections.reverse(sideOrder);
            }
            position++;
            if (lockstep) {
                announce(sideOrder.get(0), spec, round, rounds, position, order.size());
                measureTogether(sideOrder, List.of(spec, spec), work);
                continue;
            }
            PointSpec partner = sides.size() == 1 ? LockstepPair.partnerOf(spec, lockstepImpls, order, done) : null;
            if (partner != null) {
                done.add(partner.index());
                List<PointSpec> pair = reversed ? List.of(partner, spec) : List.of(spec, partner);
                announce(sides.get(0), spec, round, rounds, position, order.size());
                progress.printf("    in lockstep with %s (iterations taking turns)%n", partner.impl());
                measureTogether(List.of(sides.get(0), sides.get(0)), pair, work);
                continue;
            }
            for (SideState st : sideOrder) {
                announce(st, spec, round, rounds, position, order.size());
                measureFork(st, spec, work);
            }
        }
    }

    /**
     * One fork of two (side, point) pairs at once, their iterations taking turns ({@link LockstepPair}):
     * the same point by both sides ({@code ab}), or two implementations on the same point and
     * direction by one side ({@link #withLockstepImpls}). Measured again once when other processes
     * disturbed it. In {@code ab}, a side whose build predates lockstep measures alone: lockstep is
     * then off for the rest of the run (said so).
     */
    private void measureTogether(List<SideState> states, List<PointSpec> specs, Path work) throws IOException {
        LockstepPair.Starter starter = i -> startWorker(states.get(i), specs.get(i), work, true);
        LockstepPair.Outcome o = LockstepPair.run(launcher, starter);
        if (o.tookTurns() && o.background() != null && o.background() > MachineLoad.DISTURBED
                && o.results().stream().allMatch(BenchResult::ok)) {
            progress.printf(Locale.ROOT, "    other processes used %.0f%% of the machine during this "
                    + "fork pair: measuring it again%n", o.background() * 100);
            remeasured++;
            o = LockstepPair.run(launcher, starter);
        }
        boolean measuredBoth = o.results().stream().allMatch(BenchResult::ok);
        if (o.tookTurns()) {
            lockstepPairs++;
        } else if (measuredBoth && lockstep) {
            lockstep = false;
            progress.println("bench: warning: a side's build does not take turns (it predates lockstep "
                    + "measurement); its forks alternate with the other side's from now on");
        }
        for (int i = 0; i < states.size(); i++) {
            SideState st = states.get(i);
            record(st, specs.get(i), o.results().get(i), o.background(),
                    st.side.label() != null ? st.side.label() : specs.get(i).impl());
        }
    }

    /** Adds one fork's result (and the background load it saw) to its point, reports it, saves the side's files. */
    private void record(SideState st, PointSpec spec, BenchResult r, Double backgroundShare, String who)
            throws IOException {
        List<Double> shares = background.computeIfAbsent(st.hashCode() + ":" + spec.index(), k -> new ArrayList<>());
        shares.add(backgroundShare);
        forksDone++;
        st.forks.computeIfAbsent(spec.index(), k -> new ArrayList<>()).add(r);
        BenchResult merged = ForkResults.withBackground(
                ForkResults.merge(st.forks.get(spec.index()), settings.unstableLimit()), shares);
        st.results.put(spec.index(), merged);
        progress.println(ForkResults.progressLine(r, merged, who));
        progress.flush();
        save(st);
    }

    /**
     * Starts one fork of a point by a side's build. The time budget is judged once, by a point's
     * first fork: a noisy probe in a later fork must not turn a measured point into a skipped one.
     * Later forks are calibrated from the first measured fork's time, not from a probe of their own:
     * every fork of a point then runs alike, and none pays the probe again.
     */
    private WorkerLauncher.Worker startWorker(SideState st, PointSpec spec, Path work, boolean inLockstep)
            throws IOException {
        BenchResult first = st.forks.getOrDefault(spec.index(), List.of()).stream().filter(BenchResult::ok)
                .findFirst().orElse(null);
        return launcher.start(st.side.label(), st.side.classpath(), st.cdsArchive, st.jmhLog, st.out, spec,
                first != null, first == null ? null : first.score(), work, inLockstep);
    }

    private void measureFork(SideState st, PointSpec spec, Path work) throws IOException {
        BenchResult r = runWorker(st, spec, work);
        Double lastBackground = launcher.lastBackground();
        if (r.ok() && lastBackground != null && lastBackground > MachineLoad.DISTURBED) {
            // Another process took a good part of the machine while this fork measured: once more.
            progress.printf(Locale.ROOT, "    other processes used %.0f%% of the machine during this "
                    + "fork: measuring it again%n", lastBackground * 100);
            remeasured++;
            r = runWorker(st, spec, work);
            lastBackground = launcher.lastBackground();
        }
        record(st, spec, r, lastBackground, null);
    }

    /** One fork of a point by a side's build, alone. */
    private BenchResult runWorker(SideState st, PointSpec spec, Path work) throws IOException {
        return launcher.await(startWorker(st, spec, work, false));
    }

    private void announce(SideState st, PointSpec spec, int round, int rounds, int position, int inRound) {
        double elapsed = elapsedSeconds();
        String eta = forksDone == 0 ? "?" : ForkResults.clock(elapsed / forksDone * Math.max(0, forksPlanned - forksDone));
        progress.printf(Locale.ROOT, "[round %d/%d, %d/%d]%s %s %s %s (%s)  elapsed %s, ETA %s%n", round, rounds,
                position, inRound, st.side.label() == null ? "" : " " + st.side.label() + ":", spec.impl(),
                spec.direction(), spec.problemName(), spec.descriptor(), ForkResults.clock(elapsed), eta);
        progress.flush();
    }

    private void saveAll() throws IOException {
        for (SideState st : sides) {
            save(st);
        }
    }

    private void save(SideState st) throws IOException {
        List<BenchResult> list = new ArrayList<>(st.results.values());
        ResultFile file = new ResultFile(ResultFile.FORMAT_VERSION, ResultFile.KIND, environment,
                new LinkedHashMap<>(st.settingsBlock), measured, list);
        ResultIO.write(st.out, file);
        ResultCsv.write(st.csv, list);
        ResultIO.writeAtomically(st.jmhJson, ResultIO.mapper().writeValueAsString(JmhFiles.toJmh(file)) + "\n");
    }

    private void measureCeilings(Path work) throws IOException {
        CeilingsRun.Result c = CeilingsRun.measure(launcher, settings, work, progress);
        if (c == null) {
            return;
        }
        measured = measured == null ? c.ceilings() : CeilingsRun.merge(measured, c.ceilings());
        environment = c.describeVectorApi(environment);
        saveAll();
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
