package convbench.cli;

import convbench.api.Implementation;
import convbench.opencl.DeviceInfo;
import convbench.opencl.Devices;
import convbench.opencl.OpenClException;
import convbench.opencl.OpenClImplementation;
import convbench.opencl.Tuner;
import convbench.opencl.TuningDatabase;
import convbench.api.Direction;
import convbench.suites.Problem;
import convbench.suites.Suite;
import convbench.suites.SuiteFormatException;
import convbench.suites.Suites;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convbench tune}: searches the kernel parameters of the OpenCL implementations on the
 * selected device and writes the winners to the tuning database ({@link Tuner},
 * {@link TuningDatabase}). Exit codes: 0 every kernel and class tuned (or out of budget),
 * 1 some kernel had no candidate that passed the reference check, 2 bad usage, 3 no device.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {
            "Searches the -D parameters of the OpenCL kernels (tile sizes, vector widths, register blocks, "
                    + "work-groups) on one device, per kernel and problem class: every set when the space is small, "
                    + "else a random sample (fixed seed), the defaults always included; sets the device refuses are "
                    + "skipped with the reason. Every candidate is checked against the float64 reference (canaries "
                    + "after every device buffer) before it is timed with OpenCL profiling events (device time). "
                    + "The best few and the defaults are measured again, interleaved; the winners go to the "
                    + "tuning database, a JSON file per device.",
            "Default problems: the three reference layers of the README plus ResNet-50's max pooling, "
                    + "every direction. Later runs use the database: devices and list impls show the entry in use."},
        footer = {"", "Exit codes: 0 done, 1 a kernel with no candidate that passed the reference check, "
                + "2 bad usage (unknown implementation, suite or direction, a --db file of another device), "
                + "3 no OpenCL device.",
            "Example: convbench tune --impl opencl-blocked-direct --direction forward --budget 600"},
        resourceBundle = "convbench.cli.TuneCommand$Texts")
public final class TuneCommand implements Callable<Integer> {
    /** tune's wording of the options it shares with bench: OpenCL implementations, its default problems. */
    public static final class Texts extends OptionTexts {
        public Texts() {
            super("""
                    impl = OpenCL implementation to tune, repeatable (default: every OpenCL one).
                    suite = Problems to tune on, repeatable: a built-in suite or a suite file (default: the four above).
                    direction = Directions to tune (forward, backward-data, backward-weights, pool-forward, \
                    pool-backward; backward = the three gradients' kernels); default: each problem's.
                    device = OpenCL device: an index from 'convbench devices' or part of a device name.
                    """);
        }
    }

    /** The README's three reference layers and a pooling layer (ResNet-50 pool1 at batch 4). */
    static final String DEFAULT_PROBLEMS = """
            mb1ic64ih56oc64oh56kh3ph1n"resnet-style 3x3 (README reference 1)"
            mb64ic1ih28oc8oh24kh5n"lenet-style 5x5 (README reference 2)"
            mb10ic3ih224oc64oh224kh3ph1n"vgg-style first layer (README reference 3)"
            pool:max mb4ic64ih112oh56kh3sh2ph1n"resnet50:pool1 (3x3/2 pad 1)"
            """;

    @Mixin
    PointSelectionOptions points;

    @Mixin
    DeviceOption device;

    @Option(names = "--budget", paramLabel = "SECONDS", defaultValue = "600",
            description = "Wall time for the whole search, references and kernel builds included (default: ${DEFAULT-VALUE}).")
    double budget;

    @Option(names = "--db", paramLabel = "FILE",
            description = "Tuning database file to update (default: the shipped file of this device in the source tree "
                    + "when run from the repository, else ./tuning-<device>.json).")
    Path db;

    @Option(names = "--max-candidates", paramLabel = "N", defaultValue = "200",
            description = "Per kernel and class: search exhaustively up to N valid sets, else sample N (default: ${DEFAULT-VALUE}).")
    int maxCandidates;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the sampling and the input data.")
    long seed;

    @Option(names = "--dry-run", description = "Print what would be tuned (kernels, classes, search spaces) and exit.")
    boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "One line per kernel and class, not per candidate.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!(budget > 0) || maxCandidates < 1) {
            throw new UsageException("--budget must be more than 0 seconds and --max-candidates at least 1");
        }
        device.select();
        List<Tuner.Problem> problems = problems();
        List<String> impls = points.impls();
        List<Implementation> chosen = ImplSelection.select(impls.isEmpty() ? openClNames() : impls);
        try {
            List<String> requested = impls.isEmpty() ? chosen.stream().map(Implementation::name).toList() : impls;
            ImplSelection.checkRequested(chosen, requested, device.spec);
            List<OpenClImplementation> opencl = new ArrayList<>();
            for (Implementation i : chosen) {
                if (!(i instanceof OpenClImplementation o)) {
                    throw new UsageException("--impl " + i.name() + ": not an OpenCL implementation; tune searches "
                            + "OpenCL kernel parameters (OpenCL ones: " + String.join(", ", openClNames()) + ")");
                }
                opencl.add(o);
            }
            DeviceInfo dev = Devices.selected();
            Tuner tuner = new Tuner(dev, new Tuner.Settings(budget, maxCandidates, seed, 3, quiet), out);
            out.println("tune: " + dev.summary() + ", driver " + dev.driverVersion());
            out.println("tune: architecture '" + TuningDatabase.architecture(dev) + "', database in use: "
                    + TuningDatabase.get().describeMatch(dev));
            List<String> plan = tuner.plan(opencl, problems);
            for (String line : plan) {
                out.println("  " + line);
            }
            if (plan.isEmpty()) {
                out.println("tune: nothing to tune: these implementations have no tunable kernels for these directions");
                out.flush();
                return ExitCodes.OK;
            }
            Path file = db != null ? db : defaultDb(dev);
            if (dryRun) {
                out.println("tune: would write " + file);
                out.flush();
                return ExitCodes.OK;
            }
            out.printf(Locale.ROOT, "tune: budget %.0f s, at most %d candidates per kernel and class, seed %d; writing %s%n",
                    budget, maxCandidates, seed, file);
            out.flush();
            List<Tuner.Outcome> outcomes = tuner.tune(opencl, problems);
            List<TuningDatabase.Entry> entries = outcomes.stream().map(Tuner.Outcome::entry)
                    .filter(e -> e != null).toList();
            if (!entries.isEmpty()) {
                try {
                    TuningDatabase.merge(file, dev, entries, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                } catch (OpenClException e) {
                    throw new UsageException(e.getMessage());
                }
                registerIfShipped(file, out);
            }
            summary(out, outcomes, file);
            boolean failed = outcomes.stream().anyMatch(o -> o.entry() == null && o.tried() > 0);
            return failed ? ExitCodes.FAILURE : ExitCodes.OK;
        } catch (OpenClException e) {
            throw new EnvironmentException("tune: " + e.getMessage());
        } finally {
            chosen.forEach(Implementation::close);
        }
    }

    private static List<String> openClNames() {
        List<Implementation> all = ImplSelection.select(List.of());
        try {
            return all.stream().filter(i -> i instanceof OpenClImplementation).map(Implementation::name).toList();
        } finally {
            all.forEach(Implementation::close);
        }
    }

    /** The problems of the suites (or the defaults), one per direction, "backward" split into its gradients. */
    private List<Tuner.Problem> problems() {
        List<Problem> lines = new ArrayList<>();
        try {
            if (points.suites().isEmpty()) {
                lines.addAll(Suites.parse("tune-default", "tune defaults", DEFAULT_PROBLEMS).problems());
            }
            for (String s : points.suites()) {
                Suite suite = Suites.load(s);
                lines.addAll(suite.problems());
            }
        } catch (SuiteFormatException e) {
            throw new UsageException("--suite: " + e.getMessage());
        }
        List<Direction> wanted = new ArrayList<>();
        for (String d : points.directions()) {
            Direction parsed = Direction.parse(d);
            if (parsed == null) {
                throw new UsageException("--direction: unknown direction '" + d + "'; known: " + String.join(", ", Direction.ids()));
            }
            wanted.add(parsed);
        }
        List<Tuner.Problem> out = new ArrayList<>();
        for (Problem p : lines) {
            List<Direction> dirs = new ArrayList<>();
            if (wanted.isEmpty()) {
                dirs.addAll(p.directions());
            } else {
                for (Direction d : wanted) {
                    Direction k = d.forKind(p.pooling());
                    if (k != null) {
                        dirs.add(k);
                    }
                }
            }
            for (Direction d : dirs) {
                List<Direction> split = d == Direction.BACKWARD
                        ? List.of(Direction.BACKWARD_DATA, Direction.BACKWARD_WEIGHTS) : List.of(d);
                for (Direction one : split) {
                    Tuner.Problem tp = new Tuner.Problem(p.descriptor(), p.conv(), p.pool(), p.kind() == Problem.Kind.MAX_POOL, one.id());
                    if (out.stream().noneMatch(q -> q.label().equals(tp.label()))) {
                        out.add(tp);
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new UsageException("--direction " + String.join(",", points.directions())
                    + ": no problem of the suites runs it");
        }
        return out;
    }

    /** In the repository: the device's shipped file; elsewhere a file in the working directory. */
    static Path defaultDb(DeviceInfo dev) {
        String root = System.getProperty("convbench.root");
        Path dir = Path.of(root == null ? "." : root, "opencl/src/main/resources" + TuningDatabase.RESOURCE_DIR);
        if (Files.isDirectory(dir)) {
            return dir.resolve(TuningDatabase.fileNameFor(dev));
        }
        return Path.of("tuning-" + TuningDatabase.fileNameFor(dev));
    }

    /** A file written into the shipped folder is added to its index.txt, so the next build ships it. */
    private static void registerIfShipped(Path file, PrintWriter out) {
        Path index = file.toAbsolutePath().getParent().resolve("index.txt");
        if (!file.toAbsolutePath().getParent().endsWith(Path.of("src/main/resources/convbench/opencl/tuning"))) {
            out.println("tune: to use " + file + " in later runs: export " + TuningDatabase.ENV + "=" + file.toAbsolutePath());
            return;
        }
        try {
            List<String> names = Files.exists(index) ? Files.readAllLines(index, StandardCharsets.UTF_8) : new ArrayList<>();
            String name = file.getFileName().toString();
            if (names.stream().noneMatch(l -> l.strip().equals(name))) {
                List<String> updated = new ArrayList<>(names);
                updated.add(name);
                Files.write(index, updated, StandardCharsets.UTF_8);
            }
            out.println("tune: shipped database updated; ./convbench rebuilds with it on its next run");
        } catch (IOException e) {
            out.println("tune: could not add " + file.getFileName() + " to " + index + ": " + e.getMessage());
        }
    }

    private static void summary(PrintWriter out, List<Tuner.Outcome> outcomes, Path file) {
        out.println();
        out.printf(Locale.ROOT, "%-12s %-24s %-22s %10s %10s %7s  %s%n", "kernel", "class", "implementation",
                "default", "tuned", "x", "parameters (GFLOP/s of device time)");
        for (Tuner.Outcome o : outcomes) {
            TuningDatabase.Entry e = o.entry();
            if (e == null) {
                out.printf(Locale.ROOT, "%-12s %-24s %-22s %s%n", o.kernel(), o.problemClass(), o.implementation(), o.note());
                continue;
            }
            String ratio = e.defaultGflops() == null || e.defaultGflops() <= 0 ? "-"
                    : String.format(Locale.ROOT, "%.2f", e.tunedGflops() / e.defaultGflops());
            out.printf(Locale.ROOT, "%-12s %-24s %-22s %10s %10.3g %7s  %s%n", e.kernel(), e.problemClass(),
                    o.implementation(), e.defaultGflops() == null ? "failed" : String.format(Locale.ROOT, "%.3g", e.defaultGflops()),
                    e.tunedGflops(), ratio, convbench.opencl.TuningSpace.format(e.parameters()));
        }
        out.println("tune: wrote " + file);
        out.flush();
    }
}
