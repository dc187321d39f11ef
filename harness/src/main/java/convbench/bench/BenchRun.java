package convbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import convbench.harness.EnvironmentProbe;
import convbench.results.BenchResult;
import convbench.results.Environment;
import convbench.results.ResultFile;
import convbench.results.ResultIO;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a {@link BenchPlan}: measures the machine's ceilings, then starts one worker JVM per
 * implementation ({@link BenchWorker}) and follows its events file. After every finished point
 * the result file (JSON) and its CSV twin are rewritten atomically, so an interrupted run or a
 * crashed worker leaves every finished result on disk. A worker that dies is reported: the point
 * it was measuring gets status {@code error} with the exit code and the worker's last output,
 * and a new worker takes the remaining points.
 */
public final class BenchRun {
    /**
     * Class path entries appended to the benchmark JVMs' (tests use it to add implementations
     * that only they may see).
     */
    public static final String EXTRA_CLASSPATH_PROPERTY = "convbench.bench.extraClasspath";
    private final BenchPlan plan;
    private final BenchSettings settings;
    private final Path out;
    private final Path csv;
    private final Path jmhLog;
    private final PrintWriter progress;
    private final boolean ceilings;
    private final Map<Integer, BenchResult> results = new TreeMap<>();
    private final Map<String, Object> settingsBlock = new LinkedHashMap<>();
    private List<ResultFile.Measurement> measured = List.of();
    private Environment environment;
    private long startNanos;
    private volatile Process current;

    public BenchRun(BenchPlan plan, BenchSettings settings, Path out, PrintWriter progress, boolean ceilings) {
        this.plan = plan;
        this.settings = settings;
        this.out = out.toAbsolutePath();
        String base = this.out.getFileName().toString().replaceFirst("\\.json$", "");
        this.csv = this.out.resolveSibling(base + ".csv");
        this.jmhLog = this.out.resolveSibling(base + ".jmh.log");
        this.progress = progress;
        this.ceilings = ceilings;
    }

    public Path csvFile() {
        return csv;
    }

    /** The number of points whose status is {@code error}. */
    public int execute() throws IOException {
        startNanos = System.nanoTime();
        environment = EnvironmentProbe.probe();
        settingsBlock.putAll(settings.describe());
        settingsBlock.put("heapMb", settings.heapMb());
        settingsBlock.put("suites", plan.suites().stream().map(s -> s.name() + " (" + s.source() + ")").toList());
        settingsBlock.put("impls", plan.impls());
        settingsBlock.put("directions", plan.directions().isEmpty() ? "per suite"
                : plan.directions().stream().map(d -> d.id()).toList());
        settingsBlock.put("points", plan.points().size());
        settingsBlock.put("jmhLog", jmhLog.getFileName().toString());
        settingsBlock.put("complete", false);
        Files.deleteIfExists(jmhLog);
        List<Long> otherBenches = convbench.harness.RunningBenches.others(); // their workers ignore JMH's lock
        boolean otherJmh = anotherJmhRunning() || !otherBenches.isEmpty();
        settingsBlock.put("anotherJmhRunAtStart", otherJmh);
        if (otherJmh) {
            progress.println("bench: warning: another JMH run " + (otherBenches.isEmpty() ? "holds " + JMH_LOCK
                    : "is going on (convbench bench, PID " + otherBenches.toString().replaceAll("[\\[\\]]", "") + ")")
                    + "; both runs share the CPU and their timings disturb each other");
        }
        save();
        Thread hook = new Thread(() -> {
            Process p = current;
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Path work = Files.createTempDirectory("convbench-bench-");
        try {
            if (ceilings) {
                measureCeilings(work);
            }
            Map<String, List<PointSpec>> byImpl = new LinkedHashMap<>();
            for (PointSpec p : plan.points()) {
                byImpl.computeIfAbsent(p.impl(), k -> new ArrayList<>()).add(p);
            }
            for (var e : byImpl.entrySet()) {
                runImpl(e.getKey(), e.getValue(), work);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            deleteTree(work);
        }
        settingsBlock.put("complete", true);
        settingsBlock.put("elapsedSeconds", Math.round(elapsedSeconds()));
        save();
        long ok = count(BenchResult.OK);
        long skipped = count(BenchResult.SKIPPED);
        long errors = count(BenchResult.ERROR);
        progress.printf(Locale.ROOT, "bench: points:%d ok:%d skipped:%d error:%d elapsed:%s%n", results.size(), ok,
                skipped, errors, clock(elapsedSeconds()));
        progress.printf("bench: wrote %s and %s%n", out, csv);
        progress.flush();
        return (int) errors;
    }

    private long count(String status) {
        return results.values().stream().filter(r -> status.equals(r.status())).count();
    }

    private void runImpl(String impl, List<PointSpec> points, Path work) throws IOException {
        Deque<PointSpec> remaining = new ArrayDeque<>(points);
        int attempt = 0;
        while (!remaining.isEmpty()) {
            attempt++;
            Path events = work.resolve(impl.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + attempt + ".events.jsonl");
            Path request = work.resolve(impl.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + attempt + ".request.json");
            Files.createFile(events);
            ResultIO.write(request, new WorkerRequest(impl, settings, List.copyOf(remaining), events.toString(),
                    jmhLog.toString(), work.resolve("tmp").toString()));
            List<String> cmd = javaCommand(BenchWorker.class.getName(), request.toString());
            // A native crash report goes next to the result file, not into the working directory.
            cmd.add(1, "-XX:ErrorFile=" + crashReport("%p"));
            // A run measures one point at a time; JMH's machine-wide lock would turn another run on
            // the machine into an error on every point, so the worker (the JMH host) ignores it and
            // execute() warns about such a run instead.
            cmd.add(1, "-Djmh.ignoreLock=true");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            current = p;
            Deque<String> tail = new ArrayDeque<>();
            Thread reader = new Thread(() -> pump(p, tail), "worker-output");
            reader.setDaemon(true);
            reader.start();
            Integer inFlight = null;
            long offset = 0;
            int progressBefore = remaining.size();
            boolean alive = true;
            while (alive) {
                try {
                    alive = !p.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                    throw new IOException("interrupted");
                }
                StringBuilder chunk = new StringBuilder();
                offset = readNew(events, offset, chunk);
                for (String line : chunk.toString().split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    WorkerEvent ev = ResultIO.mapper().readValue(line, WorkerEvent.class);
                    if (WorkerEvent.START.equals(ev.event())) {
                        inFlight = ev.index();
                        PointSpec spec = find(remaining, ev.index());
                        if (spec != null) {
                            announce(spec);
                        }
                    } else if (WorkerEvent.RESULT.equals(ev.event()) && ev.result() != null) {
                        inFlight = null;
                        remaining.removeIf(s -> s.index() == ev.index());
                        record(ev.index(), ev.result());
                    }
                }
            }
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            current = null;
            if (remaining.isEmpty()) {
                break;
            }
            Path report = Path.of(crashReport(Long.toString(p.pid())));
            String why = "worker JVM exited with code " + p.exitValue() + describeExit(p.exitValue())
                    + lastLines(tail) + (Files.exists(report) ? "; JVM crash report: " + report : "");
            PointSpec crashed = inFlight == null ? null : find(remaining, inFlight);
            if (crashed != null) {
                PointSpec spec = crashed;
                remaining.removeIf(s -> s.index() == spec.index());
                record(spec.index(), PointRunner.result(spec, null, BenchResult.ERROR,
                        "crashed while measuring: " + why, null, null, null));
            } else if (remaining.size() == progressBefore) {
                // It died before starting anything: do not loop.
                for (PointSpec spec : remaining) {
                    record(spec.index(), PointRunner.result(spec, null, BenchResult.ERROR,
                            "the worker JVM could not run: " + why, null, null, null));
                }
                remaining.clear();
            }
            if (!remaining.isEmpty() && p.exitValue() == BenchWorker.RESTART_EXIT_CODE) {
                progress.println("bench: " + impl + ": new worker JVM after a failed point (JMH keeps a failed "
                        + "benchmark's state in its JVM)");
            } else if (!remaining.isEmpty()) {
                progress.println("bench: " + impl + ": " + why + "; starting a new worker for the "
                        + remaining.size() + " remaining point(s)");
                progress.flush();
            }
        }
    }

    private String crashReport(String pid) {
        String base = out.getFileName().toString().replaceFirst("\\.json$", "");
        return out.resolveSibling(base + ".hs_err_pid" + pid + ".log").toString();
    }

    private static String describeExit(int code) {
        if (code > 128) {
            return " (killed by signal " + (code - 128) + (code == 137 ? ", SIGKILL: out of memory?" : "") + ")";
        }
        return "";
    }

    private static String lastLines(Deque<String> tail) {
        synchronized (tail) {
            return tail.isEmpty() ? "" : "; its last output: " + String.join(" | ", tail);
        }
    }

    private void pump(Process p, Deque<String> tail) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (tail) {
                    tail.addLast(line.strip());
                    while (tail.size() > 8) {
                        tail.removeFirst();
                    }
                }
                progress.println("    | " + line);
                progress.flush();
            }
        } catch (IOException e) {
            // the worker is gone
        }
    }

    private static long readNew(Path file, long offset, StringBuilder into) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            if (len <= offset) {
                return offset;
            }
            byte[] buf = new byte[(int) (len - offset)];
            raf.seek(offset);
            raf.readFully(buf);
            int lastNewline = -1;
            for (int i = buf.length - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    lastNewline = i;
                    break;
                }
            }
            if (lastNewline < 0) {
                return offset;
            }
            into.append(new String(buf, 0, lastNewline + 1, StandardCharsets.UTF_8));
            return offset + lastNewline + 1;
        }
    }

    private static PointSpec find(Deque<PointSpec> specs, int index) {
        for (PointSpec s : specs) {
            if (s.index() == index) {
                return s;
            }
        }
        return null;
    }

    private void announce(PointSpec spec) {
        double elapsed = elapsedSeconds();
        int done = results.size();
        int total = plan.points().size();
        String eta = done == 0 ? "?" : clock(elapsed / done * (total - done));
        progress.printf(Locale.ROOT, "[%d/%d] %s %s %s (%s)  elapsed %s, ETA %s%n", spec.index(), total, spec.impl(),
                spec.direction(), spec.problemName(), spec.descriptor(), clock(elapsed), eta);
        progress.flush();
    }

    private void record(int index, BenchResult r) throws IOException {
        results.put(index, r);
        String line;
        if (r.ok()) {
            line = String.format(Locale.ROOT, "    ok %.4g ms/op ± %s, %s", r.score(),
                    r.scoreError() == null ? "?" : String.format(Locale.ROOT, "%.2g", r.scoreError()),
                    r.gbPerSec() != null && r.problem().startsWith("pool:")
                            ? String.format(Locale.ROOT, "%.2f GB/s", r.gbPerSec())
                            : String.format(Locale.ROOT, "%.2f GFLOP/s", r.gflops()));
            if (r.openclDeviceMs() != null) {
                line += String.format(Locale.ROOT, ", device %.4g ms", r.openclDeviceMs());
            }
        } else {
            line = "    " + r.status() + ": " + r.message();
        }
        progress.println(line);
        progress.flush();
        save();
    }

    private void save() throws IOException {
        List<BenchResult> list = new ArrayList<>(results.values());
        ResultFile file = new ResultFile(ResultFile.FORMAT_VERSION, ResultFile.KIND, environment,
                new LinkedHashMap<>(settingsBlock), measured, list);
        ResultIO.write(out, file);
        ResultCsv.write(csv, list);
    }

    private void measureCeilings(Path work) {
        Path json = work.resolve("ceilings.json");
        progress.println("bench: measuring the machine's compute and memory-bandwidth ceilings");
        progress.flush();
        try {
            Process p = new ProcessBuilder(javaCommand(Ceilings.class.getName(), json.toString()))
                    .redirectErrorStream(true).start();
            current = p;
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                progress.println("bench: warning: measuring the ceilings failed: " + output.strip());
                return;
            }
            JsonNode node = ResultIO.mapper().readTree(json.toFile());
            List<ResultFile.Measurement> list = new ArrayList<>();
            for (JsonNode m : node.path("ceilings")) {
                list.add(ResultIO.mapper().treeToValue(m, ResultFile.Measurement.class));
            }
            measured = list;
            String workerVector = node.path("vectorApi").asText(null);
            environment = new Environment(environment.label(), environment.cpuModel(), environment.cores(),
                    environment.memoryBytes(), environment.os(), environment.jvmVendor(), environment.jvmVersion(),
                    environment.jvmFlags(), "benchmark JVMs: " + workerVector + "; this JVM: " + environment.vectorApi(),
                    environment.openclDevices(), environment.projectVersion(), environment.gitCommit(),
                    environment.timestamp());
            for (ResultFile.Measurement m : list) {
                progress.printf(Locale.ROOT, "bench: %s ceiling %.1f %s%n", m.name(), m.value(), m.unit());
            }
            save();
        } catch (IOException | RuntimeException e) {
            progress.println("bench: warning: measuring the ceilings failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            current = null;
            progress.flush();
        }
    }

    private static final Path JMH_LOCK = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");

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
    private List<String> javaCommand(String mainClass, String arg) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(settings.jvmArgs());
        cmd.add("-cp");
        String extra = System.getProperty(EXTRA_CLASSPATH_PROPERTY);
        cmd.add(System.getProperty("java.class.path")
                + (extra == null || extra.isBlank() ? "" : java.io.File.pathSeparator + extra));
        cmd.add(mainClass);
        cmd.add(arg);
        return cmd;
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException e) {
                    // temporary files
                }
            });
        } catch (IOException e) {
            // temporary files
        }
    }
}
