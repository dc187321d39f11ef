package convbench.cli;

import convbench.bench.BadInputException;
import convbench.bench.BenchPlan;
import convbench.bench.BenchRun;
import convbench.bench.BenchSettings;
import convbench.compare.Compare;
import convbench.compare.CompareReport;
import convbench.results.ResultFile;
import convbench.results.ResultFormatException;
import convbench.results.ResultIO;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convbench ab BASELINE_REV [CURRENT_REV]}: builds both revisions in git worktrees under
 * {@code .cache/ab/}, measures the same points with the forks of A and B interleaved on this
 * machine (A B, then B A, ...: drift reaches both alike) and judges them as {@code compare} does.
 * This is what a CI job runs on a pull request.
 */
@Command(name = "ab", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A/B benchmark of two git revisions on this machine, interleaved: builds both in git worktrees "
                + "under .cache/ab/, measures every fork of a point in both builds at once, their JVMs taking turns "
                + "per iteration (A B B A ...; lockstep), so that the machine's slow and fast stretches fall on both, "
                + "then gives compare's verdicts (on the paired samples) and exit codes.",
                "CURRENT_REV defaults to HEAD, or to the working tree when it has uncommitted changes (said so)."},
        footer = {"", "Exit codes: 0 no regression; 1 a regression or a broken point (or a side with no result); "
                + "2 bad usage (unknown revision, suite, implementation); 3 a revision does not build or git is missing.",
                "Example (CI, pull request): convbench ab origin/main HEAD --suite smoke --markdown"},
        resourceBundle = "convbench.cli.AbCommand$Texts")
public final class AbCommand implements Callable<Integer> {
    /** ab's wording of the options it shares with bench: per side, and smoke by default. */
    public static final class Texts extends OptionTexts {
        public Texts() {
            super("""
                    suite = Suites (repeatable; default: smoke).
                    impl = Implementations (default: all of B's).
                    direction = Directions (default: per suite line).
                    forks = Independent JVMs per point and side (default: 5 in lockstep; quick 3 with --no-lockstep).
                    max-forks = A point still unstable after --forks (in lockstep: its paired interval of B / A \
                    wider than ±10%%; else: unstable on either side) gets more forks of both, up to N per side \
                    (default: twice --forks; N = --forks: off).
                    extra-time = The extra forks may take at most PCT%% of the time the regular rounds took \
                    (default 25, 50 with --full).
                    iterations = Measured iterations per fork.
                    time = Milliseconds per measured iteration (at least).
                    """);
        }
    }

    @Parameters(index = "0", paramLabel = "BASELINE_REV", description = "Revision A (branch, tag, commit).")
    String baselineRev;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CURRENT_REV",
            description = "Revision B (default: HEAD, or the working tree when it has changes).")
    String currentRev;

    @Mixin
    PointSelectionOptions points;

    @Mixin
    ThresholdOption threshold;

    @Mixin
    MeasurementOptions.Forks forks;

    @Option(names = "--full", description = "Stable settings (5 forks, longer iterations) instead of the quick ones.")
    boolean full;

    @Mixin
    MeasurementOptions.Iterations iterations;

    @Option(names = "--no-lockstep", description = "Alternate whole forks (A's JVM, then B's) instead of running "
            + "both builds' JVMs at once taking turns per iteration (the default, lockstep).")
    boolean noLockstep;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for a.json, b.json, verdicts (default: "
            + "out/ab-<UTC time>).")
    Path out;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the verdicts as JSON (as compare --json).")
    Path json;

    @Option(names = "--markdown", description = "Print Markdown (for a CI job summary).")
    boolean markdown;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        try {
            Path root = repositoryRoot();
            String shaA = resolve(root, baselineRev);
            String labelB;
            String classpathB;
            String shaB;
            boolean dirty = !git(root, "status", "--porcelain", "--untracked-files=no").isBlank();
            String head = resolve(root, "HEAD");
            if (currentRev == null || (!dirty && resolve(root, currentRev).equals(head))) {
                shaB = head;
                labelB = dirty ? "working tree (HEAD " + shortSha(head) + " + uncommitted changes)" : "HEAD " + shortSha(head);
                classpathB = null; // this build: the wrapper rebuilt it from the working tree
                if (dirty) {
                    err.println("ab: current = the working tree, which has uncommitted changes (HEAD is " + shortSha(head)
                            + ")");
                }
            } else {
                shaB = resolve(root, currentRev);
                labelB = currentRev + " " + shortSha(shaB);
                classpathB = build(root, shaB, err);
            }
            String classpathA = build(root, shaA, err);
            String labelA = baselineRev + " " + shortSha(shaA);

            // In lockstep both builds' worker JVMs are alive at once: each gets half the usual heap.
            int heapMb = noLockstep ? BenchSettings.defaultHeapMb() : Math.max(1024, BenchSettings.defaultHeapMb() / 2);
            BenchSettings base = full ? BenchSettings.stable(heapMb) : BenchSettings.quick(heapMb);
            if (!noLockstep && base.forks() < BenchSettings.LOCKSTEP_MIN_FORK_PAIRS) {
                base = new BenchSettings(base.quick(), BenchSettings.LOCKSTEP_MIN_FORK_PAIRS, base.warmupIterations(), base.warmupMs(),
                        base.measurementIterations(), base.measurementMs(), base.budgetMsPerOp(), base.heapMb(),
                        base.minCallsPerSample(), base.unstableLimit());
            }
            BenchSettings settings = MeasurementOptions.applyTo(base, forks, iterations);
            if (settings.forks() < 1 || settings.measurementIterations() < 1 || settings.measurementMs() < 1
                    || settings.warmupIterations() < 0 || settings.warmupMs() < 1) {
                throw new BadInputException("--warmup-iterations must be at least 0, --forks, --iterations, "
                        + "--warmup-time and --time at least 1");
            }
            int max = forks.maxForks(settings);
            int extraPct = forks.extraTimePct(settings);
            BenchPlan plan = points.plan(settings);
            Path dir = (out != null ? out : Path.of("out", "ab-" + ZonedDateTime.now(ZoneOffset.UTC)
                    .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath().normalize();
            Files.createDirectories(dir);
            Path a = dir.resolve("a.json");
            Path b = dir.resolve("b.json");
            err.printf(Locale.ROOT, "ab: A = %s, B = %s; %d points x %d forks each (up to %d for unstable points), "
                    + "%s%n", labelA, labelB, plan.points().size(), settings.forks(), max, noLockstep
                    ? "forks interleaved A B / B A" : "in lockstep (both JVMs at once, iterations A B B A ...)");
            err.flush();
            new BenchRun(plan, settings, List.of(new BenchRun.Side("A", classpathA, a),
                    new BenchRun.Side("B", classpathB, b)), err, false).withExtraForks(max, extraPct / 100.0,
                    Double.POSITIVE_INFINITY)
                    .withLockstep(!noLockstep).execute();
            ResultFile ra = ResultIO.readResults(a);
            ResultFile rb = ResultIO.readResults(b);
            Compare.validate(ra, a.toString());
            Compare.validate(rb, b.toString());
            Compare.Outcome outcome = Compare.compare(ra, rb, threshold.percent);
            o.print(CompareReport.table(outcome, "A " + labelA + " (" + a + ")", "B " + labelB + " (" + b + ")",
                    markdown));
            o.flush();
            Path verdicts = json != null ? json : dir.resolve("verdicts.json");
            ResultIO.write(verdicts, CompareReport.json(outcome, a.toString(), b.toString()));
            err.println("ab: wrote " + a + ", " + b + " and " + verdicts);
            err.flush();
            return outcome.exitCode();
        } catch (BadInputException | ResultFormatException e) {
            err.println("ab: error: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        } catch (EnvironmentException e) {
            err.println("ab: " + e.getMessage());
            err.flush();
            return ExitCodes.ENVIRONMENT;
        } catch (IOException e) {
            err.println("ab: failed: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
    }

    private static String shortSha(String sha) {
        return sha.substring(0, Math.min(12, sha.length()));
    }

    private static Path repositoryRoot() throws EnvironmentException, IOException {
        String prop = System.getProperty("convbench.root");
        Path start = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        String top = git(start, "rev-parse", "--show-toplevel").strip();
        return Path.of(top);
    }

    private static String resolve(Path root, String rev) throws BadInputException, EnvironmentException, IOException {
        try {
            return git(root, "rev-parse", "--verify", "--quiet", rev + "^{commit}").strip();
        } catch (EnvironmentException e) {
            throw new BadInputException("unknown revision '" + rev + "' (git rev-parse found no commit of that name"
                    + (e.getMessage().contains(": ") ? ": " + e.getMessage().substring(e.getMessage().indexOf(": ") + 2)
                    : "") + ")");
        }
    }

    /** Builds a revision in its own worktree under .cache/ab (once) and returns its jar. */
    private static String build(Path root, String sha, PrintWriter err) throws EnvironmentException, IOException {
        Path dir = root.resolve(".cache").resolve("ab").resolve(sha);
        Path jar = dir.resolve("harness").resolve("target").resolve("convbench.jar");
        if (Files.isRegularFile(jar)) {
            err.println("ab: using the build of " + shortSha(sha) + " in " + dir);
            return jar.toString();
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            git(root, "worktree", "add", "--detach", "--force", dir.toString(), sha);
        }
        err.println("ab: building " + shortSha(sha) + " in " + dir + " (mvn package -DskipTests) ...");
        err.flush();
        List<String> cmd = List.of("mvn", "-q", "-B", "-ntp", "-f", dir.resolve("pom.xml").toString(), "package",
                "-DskipTests");
        Path log = dir.resolve("build.log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(jar)) {
                p.destroyForcibly();
                throw new EnvironmentException("revision " + shortSha(sha) + " does not build (log: " + log + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return jar.toString();
    }

    private static String git(Path dir, String... args) throws EnvironmentException, IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.add("-C");
        cmd.add(dir.toString());
        cmd.addAll(List.of(args));
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE);
            // The wrapper preloads the JVM's libjsig for PoCL; git must not get it (it prints warnings).
            pb.environment().remove("LD_PRELOAD");
            p = pb.start();
        } catch (IOException e) {
            throw new EnvironmentException("git not found: ab needs git (" + e.getMessage() + ")");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new EnvironmentException("git " + String.join(" ", args) + " failed: " + errors.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return output;
    }
}
