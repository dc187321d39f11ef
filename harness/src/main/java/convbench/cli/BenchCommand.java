package convbench.cli;

import convbench.bench.BadInputException;
import convbench.bench.BenchPlan;
import convbench.bench.BenchRun;
import convbench.bench.BenchSettings;
import convbench.bench.PointSpec;
import convbench.harness.OutputLock;
import convbench.harness.RunningBenches;
import convbench.suites.Suites;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convbench bench}: times every implementation on the problems of shape suites with JMH
 * and writes a result file (JSON) and a CSV twin. Exit codes ({@link ExitCodes}): 0 every point ok
 * or skipped, 1 some point failed, 2 bad input (nothing was run).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Times every implementation on the problems of shape suites with JMH and writes a result "
                    + "file (JSON) plus a CSV with the same name next to it.",
            "Suites: " + "smoke, main, documents, lenet5, alexnet, vgg16, resnet50, mobilenet, pooling, or a suite file "
                    + "(fixtures/SUITES.md).",
            "Directions: forward, backward-data, backward-weights, backward (all three gradients), "
                    + "pool-forward, pool-backward; by default each suite line's own."},
        footer = {"", "Exit codes: 0 all points ok or skipped, 1 some point failed (see the result file), "
                + "2 bad input (unknown suite, implementation or direction, unparsable suite, problem too "
                + "large for memory).",
            "Example: convbench bench --quick --suite smoke --suite documents"})
public class BenchCommand implements Callable<Integer> {

    @Mixin
    PointSelectionOptions points;

    @Mixin
    MeasurementOptions measurement;

    @Mixin
    DeviceOption device;

    @Option(names = "--quick", description = "Short runs for CI: 3 independent JVMs per point, each 4 warm-up "
            + "iterations of >= 150 ms and 5 measured iterations of >= 100 ms and >= 3 calls, 250 ms budget per "
            + "operation. Default: 5 JVMs per point, 3 x >= 500 ms warm-up, 5 x >= 500 ms and >= 5 calls measured, "
            + "10 s budget.")
    boolean quick;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Result file (default: out/bench/results-<UTC time>.json); the CSV goes next to it.")
    Path out;

    @Option(names = "--budget", paramLabel = "MS",
            description = "Skip a point whose single operation is estimated to take longer than this.")
    Double budgetMs;

    @Option(names = "--heap", paramLabel = "SIZE",
            description = "Heap of the benchmark JVMs, e.g. 8g or 4096m (default: half the memory, at most 16g).")
    String heap;

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "No extra forks for unstable points "
            + "start after the bench has run this long (the regular rounds always finish; 'run' uses 420).")
    Integer timeLimit;

    @Option(names = "--no-ceilings", description = "Do not measure the machine's compute and bandwidth ceilings.")
    boolean noCeilings;

    @Option(names = "--lockstep-impls", paramLabel = "A,B", split = ",", description = "Measure the points of these "
            + "two implementations that share problem and direction in lockstep: both JVMs at once, one iteration each "
            + "in turn, so that their ratio sees the same machine ('run' uses naive,im2col: the documents' comparisons); "
            + "such pairs get at least 5 fork pairs unless --forks is given.")
    List<String> lockstepImpls;

    @Option(names = "--dry-run", description = "List the points and exit.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            // Inputs and outputs first: a refusal costs nothing and nothing is lost.
            Path file = out != null ? out : defaultOut();
            try {
                OutputGuard.checkSuiteFiles(points.suites());
                if (!dryRun) {
                    checkWritable(file);
                    OutputGuard.checkBenchOutput("--out ", file, points.suites());
                }
            } catch (UsageException e) {
                throw new BadInputException(e.getMessage());
            }
            device.select();
            if (device.spec != null) {
                ImplSelection.checkRequested(List.of(), List.of(), device.spec);
            }
            if (lockstepImpls != null && (lockstepImpls.size() != 2 || lockstepImpls.get(0).equals(lockstepImpls.get(1)))) {
                throw new BadInputException("--lockstep-impls takes two different implementation names, e.g. "
                        + "naive,im2col (got " + String.join(",", lockstepImpls) + ")");
            }
            if (timeLimit != null && timeLimit < 1) {
                throw new BadInputException("--time-limit " + timeLimit + ": at least 1 second");
            }
            BenchSettings settings = settings();
            int max = measurement.forks.maxForks(settings);
            int extraPct = measurement.forks.extraTimePct(settings);
            BenchPlan plan = points.plan(settings);
            if (dryRun) {
                PrintWriter o = spec.commandLine().getOut();
                for (PointSpec p : plan.points()) {
                    o.printf("%d\t%s\t%s\t%s\t%s\t%s%n", p.index(), p.impl(), p.suite(), p.direction(),
                            p.problemName(), p.descriptor());
                }
                o.flush();
                return ExitCodes.OK;
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputLock lock = OutputLock.acquire(file); RunningBenches registered = RunningBenches.register()) {
                OutputGuard.removeStaleTemporaries(OutputGuard.benchOutputs(file), note -> err.println("bench: " + note));
                err.printf(Locale.ROOT, "bench: %d points (%d implementations: %s), %s, up to %d forks for unstable "
                        + "points within %d%% more time%n", plan.points().size(), plan.impls().size(),
                        String.join(", ", plan.impls()), describe(settings), max, extraPct);
                err.flush();
                int errors = new BenchRun(plan, settings, file, err, !noCeilings)
                        .withExtraForks(max, extraPct / 100.0,
                                timeLimit == null ? Double.POSITIVE_INFINITY : timeLimit)
                        .withLockstepImpls(lockstepImpls == null ? List.of() : lockstepImpls,
                                measurement.forks.forks != null ? settings.forks()
                                        : Math.max(settings.forks(), BenchSettings.LOCKSTEP_MIN_FORK_PAIRS)).execute();
                return errors == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
            } catch (OutputLock.HeldException e) {
                throw new BadInputException("--out " + e.getMessage());
            }
        } catch (BadInputException e) {
            err.println("bench: error: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("bench: failed: " + e);
            err.flush();
            return ExitCodes.FAILURE;
        }
    }

    private BenchSettings settings() throws BadInputException {
        // Two worker JVMs are alive at once for lockstep pairs: each gets half the default heap.
        int heapMb = heap != null ? parseHeap(heap) : lockstepImpls != null
                ? Math.max(1024, BenchSettings.defaultHeapMb() / 2) : BenchSettings.defaultHeapMb();
        BenchSettings base = measurement.applyTo(
                quick ? BenchSettings.quick(heapMb) : BenchSettings.stable(heapMb));
        BenchSettings s = new BenchSettings(base.quick(), base.forks(),
                base.warmupIterations(), base.warmupMs(), base.measurementIterations(), base.measurementMs(),
                budgetMs != null ? budgetMs : base.budgetMsPerOp(),
                heapMb);
        if (s.forks() < 1 || s.warmupIterations() < 0 || s.measurementIterations() < 1 || s.warmupMs() < 1
                || s.measurementMs() < 1 || !(s.budgetMsPerOp() > 0)) {
            throw new BadInputException("--warmup-iterations must be at least 0, --forks, --iterations, "
                    + "--warmup-time, --time and --budget at least 1");
        }
        return s;
    }

    static int parseHeap(String text) throws BadInputException {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            long mb;
            if (t.endsWith("g")) {
                mb = Long.parseLong(t.substring(0, t.length() - 1)) * 1024;
            } else if (t.endsWith("m")) {
                mb = Long.parseLong(t.substring(0, t.length() - 1));
            } else {
                mb = Long.parseLong(t);
            }
            if (mb < 256 || mb > 1 << 22) {
                throw new BadInputException("--heap " + text + ": between 256m and 4096g");
            }
            return (int) mb;
        } catch (NumberFormatException e) {
            throw new BadInputException("--heap " + text + ": expected a size such as 8g or 4096m");
        }
    }

    private static String describe(BenchSettings s) {
        return String.format(Locale.ROOT, "%s: forks %d, warm-up %dx%d ms, measurement %dx%d ms, budget %.0f ms/op, heap %d MiB",
                s.quick() ? "quick" : "default", s.forks(), s.warmupIterations(), s.warmupMs(),
                s.measurementIterations(), s.measurementMs(), s.budgetMsPerOp(), s.heapMb());
    }

    static Path defaultOut() {
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("out", "bench", "results-" + stamp + ".json");
    }

    private static void checkWritable(Path file) throws BadInputException {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new BadInputException("--out " + file + " is a directory; name a file such as results.json");
        }
    }

    /** Built-in suite names, for help texts elsewhere. */
    public static List<String> builtInSuites() {
        return Suites.BUILT_IN;
    }
}
