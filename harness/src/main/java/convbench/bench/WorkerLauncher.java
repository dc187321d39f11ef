package convbench.bench;

import convbench.results.BenchResult;
import convbench.results.ResultIO;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts the worker JVMs of a {@link BenchRun}: the training JVM of the class-data-sharing
 * archive, and one fresh JVM per fork of a point ({@link BenchWorker}), whose events it follows
 * and whose load on the machine it samples ({@link MachineLoad}). Keeps the JVM that is running,
 * so that an interrupted run can kill it.
 */
final class WorkerLauncher {
    private final BenchPlan plan;
    private final BenchSettings settings;
    private final PrintWriter progress;
    /** The worker JVMs running now (two in lockstep), so that an interrupted run can kill them. */
    private final java.util.Set<Process> current = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private int launches;
    /** The share of the machine other processes used during the last fork (null: unknown). */
    private Double lastBackground;

    WorkerLauncher(BenchPlan plan, BenchSettings settings, PrintWriter progress) {
        this.plan = plan;
        this.settings = settings;
        this.progress = progress;
    }

    /** The share of the machine other processes used during the last fork (null: unknown). */
    Double lastBackground() {
        return lastBackground;
    }

    /** Kills the JVM that is running, with its children (a shutdown hook calls this). */
    void killCurrent() {
        for (Process p : current) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** Records the process another part of the run started, so that {@link #killCurrent()} reaches it. */
    void track(Process p) {
        current.clear();
        if (p != null) {
            current.add(p);
        }
    }

    /**
     * The class-data-sharing archive of a side's worker JVMs: reused when one exists for this JDK
     * and class path, else written by one training worker that measures the plan's first point
     * briefly (its result is thrown away). Null when off or when the training fails.
     */
    Path prepareCds(String label, String classpath, Path work) {
        if (!WorkerCds.enabled()) {
            return null;
        }
        String cp = classpath != null ? classpath : System.getProperty("java.class.path");
        Path archive = WorkerCds.archiveFor(cp);
        if (Files.isRegularFile(archive)) {
            return archive;
        }
        try {
            Files.createDirectories(archive.getParent());
            Path dumped = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            PointSpec first = plan.points().get(0);
            Path events = work.resolve("cds-" + (++launches) + ".events.jsonl");
            Path request = work.resolve("cds-" + launches + ".request.json");
            Files.createFile(events);
            BenchSettings brief = new BenchSettings(true, 0, 1, 20, 1, 20, settings.budgetMsPerOp(), settings.heapMb(),
                    1, settings.unstableLimit());
            ResultIO.write(request, new WorkerRequest(first.impl(), brief, List.of(first), events.toString(), null,
                    work.resolve("tmp").toString()));
            List<String> cmd = javaCommand(classpath, BenchWorker.class.getName(), request.toString(),
                    settings.workerHeapMb(plan.estimatedBytes(first)));
            cmd.add(1, "-XX:ArchiveClassesAtExit=" + dumped);
            cmd.add(1, "-Djmh.ignoreLock=true");
            progress.println("bench: " + (label == null ? "" : label + ": ")
                    + "writing the class-data-sharing archive of the worker JVMs (once per build): " + archive);
            progress.flush();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(
                    ProcessBuilder.Redirect.DISCARD).start();
            current.add(p);
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            current.remove(p);
            if (!done) {
                p.destroyForcibly();
            }
            if (done && WorkerCds.install(dumped, archive)) {
                return archive;
            }
            Files.deleteIfExists(dumped);
            progress.println("bench: warning: no class-data-sharing archive (the training JVM failed); workers start "
                    + "without one");
        } catch (IOException e) {
            progress.println("bench: warning: no class-data-sharing archive: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** A worker JVM that has been started: what {@link #await} and {@link LockstepPair} need of it. */
    static final class Worker {
        final Process process;
        final PointSpec spec;
        final Path events;
        final Path resultFile;
        final Deque<String> tail = new ArrayDeque<>();
        /** The lockstep marker lines it printed and the parent has not taken yet. */
        final BlockingQueue<String> markers = new LinkedBlockingQueue<>();
        Thread reader;

        Worker(Process process, PointSpec spec, Path events, Path resultFile) {
            this.process = process;
            this.spec = spec;
            this.events = events;
            this.resultFile = resultFile;
        }
    }

    /**
     * Starts one fresh worker JVM that measures one point by a build (class path null: this JVM's);
     * {@link #await} gives its result, a crash an error result. {@code measuredBefore}: an earlier
     * fork measured the point; {@code knownEstimateMs}: the time of one operation it measured (null:
     * the worker probes); {@code lockstep}: it waits for its turns ({@link Lockstep}).
     */
    Worker start(String label, String classpath, Path cdsArchive, Path jmhLog, Path resultFile, PointSpec spec,
                 boolean measuredBefore, Double knownEstimateMs, Path work, boolean lockstep) throws IOException {
        String impl = spec.impl();
        String tag = (label == null ? "" : label + "-") + impl.replaceAll("[^A-Za-z0-9_.-]", "_")
                + "-" + spec.index() + "-" + (++launches);
        Path events = work.resolve(tag + ".events.jsonl");
        Path request = work.resolve(tag + ".request.json");
        Files.createFile(events);
        // The time budget is judged once, by a point's first fork: a noisy probe in a later fork must
        // not turn a measured point into a skipped one.
        BenchSettings worker = measuredBefore ? settings.inWorker().withoutBudget() : settings.inWorker();
        ResultIO.write(request, new WorkerRequest(impl, worker, List.of(spec), events.toString(),
                jmhLog.toString(), work.resolve("tmp").toString(), knownEstimateMs));
        List<String> cmd = javaCommand(classpath, BenchWorker.class.getName(), request.toString(),
                settings.workerHeapMb(plan.estimatedBytes(spec)));
        if (cdsArchive != null) {
            cmd.add(1, "-XX:SharedArchiveFile=" + cdsArchive);
        }
        // A native crash report goes next to the result file, not into the working directory.
        cmd.add(1, "-XX:ErrorFile=" + crashReport(resultFile, "%p"));
        // A run measures one point at a time; JMH's machine-wide lock would turn another run on
        // the machine into an error on every point, so the worker (the JMH host) ignores it and
        // execute() warns about such a run instead.
        cmd.add(1, "-Djmh.ignoreLock=true");
        if (measuredBefore) {
            // the phase split is descriptive: the first fork's pass is enough, and the run stays short
            cmd.add(1, "-D" + OpBenchmark.PHASES_PROPERTY + "=off");
        }
        if (lockstep) {
            cmd.add(1, "-D" + Lockstep.PROPERTY + "=on");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        current.add(p);
        Worker w = new Worker(p, spec, events, resultFile);
        w.reader = new Thread(() -> WorkerStreams.pump(p, w.tail, w.markers, progress), "worker-output");
        w.reader.setDaemon(true);
        w.reader.start();
        return w;
    }

    /** Waits for a started worker to exit and returns its result (a crash: an error result). */
    BenchResult await(Worker w) throws IOException {
        Process p = w.process;
        PointSpec spec = w.spec;
        BenchResult result = null;
        long offset = 0;
        boolean alive = true;
        MachineLoad.Snapshot firstLoad = MachineLoad.take(p.pid());
        MachineLoad.Snapshot lastLoad = firstLoad;
        while (alive) {
            MachineLoad.Snapshot now = MachineLoad.take(p.pid());
            if (now != null) {
                lastLoad = now;
            }
            try {
                alive = !p.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted");
            }
            StringBuilder chunk = new StringBuilder();
            offset = WorkerStreams.readNew(w.events, offset, chunk);
            for (String line : chunk.toString().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                WorkerEvent ev = ResultIO.mapper().readValue(line, WorkerEvent.class);
                if (WorkerEvent.RESULT.equals(ev.event()) && ev.result() != null && ev.index() == spec.index()) {
                    result = ev.result();
                }
            }
        }
        try {
            w.reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        current.remove(p);
        if (result != null) {
            lastBackground = MachineLoad.othersShare(firstLoad, lastLoad);
            return result;
        }
        lastBackground = null;
        Path report = Path.of(crashReport(w.resultFile, Long.toString(p.pid())));
        String why = "worker JVM exited with code " + p.exitValue() + WorkerStreams.describeExit(p.exitValue())
                + WorkerStreams.lastLines(w.tail) + (Files.exists(report) ? "; JVM crash report: " + report : "");
        return PointRunner.result(spec, null, BenchResult.ERROR, "crashed while measuring: " + why, null, null, null);
    }

    /** Overrides the background share of the last fork (lockstep measures it over both workers). */
    void setLastBackground(Double share) {
        lastBackground = share;
    }

    private static String crashReport(Path resultFile, String pid) {
        String base = resultFile.getFileName().toString().replaceFirst("\\.json$", "");
        return resultFile.resolveSibling(base + ".hs_err_pid" + pid + ".log").toString();
    }

    static final Path JMH_LOCK = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");

    /** Whether some JMH run on this machine holds JMH's lock file right now. */
    static boolean anotherJmhRunning() {
        if (!Files.exists(JMH_LOCK)) {
            return false;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(JMH_LOCK,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock = ch.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** This JVM's java with the benchmark JVM flags and this JVM's class path. */
    List<String> javaCommand(String classpath, String mainClass, String arg, int heapMb) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(settings.jvmArgs(heapMb));
        cmd.add("-cp");
        String extra = System.getProperty(BenchRun.EXTRA_CLASSPATH_PROPERTY);
        cmd.add((classpath != null ? classpath : System.getProperty("java.class.path"))
                + (extra == null || extra.isBlank() ? "" : java.io.File.pathSeparator + extra));
        cmd.add(mainClass);
        cmd.add(arg);
        return cmd;
    }
}
