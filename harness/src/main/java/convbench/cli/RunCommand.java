package convbench.cli;

import convbench.harness.OutputLock;
import convbench.report.ReportFolderException;
import convbench.report.ReportWriter;
import convbench.results.ResultFile;
import convbench.results.ResultIO;
import convbench.results.VerificationFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code convbench run}: the main job. Verifies every fixture and generated case on every
 * available implementation, runs the quick benchmark of the {@code main} suite (a representative
 * set: the documents' comparisons, every direction, small and large problems; 3 independent JVMs
 * per point), writes the report, and prints where it is and the verification summary line.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The main job: verify (all shipped fixtures and generated cases, every implementation), "
                + "benchmark (quick JMH run of the representative 'main' suite: 3 independent JVMs per point, up to 6 for unstable points within 40%% more time), and write "
                + "the HTML/Markdown report.",
                "Everything goes into one folder: verification.json, bench.json (+ .csv), report/report.html, "
                        + "report/summary.md, report/charts/."},
        footer = {"", "Exit codes: 0 all good, 1 a verification failure or a benchmark point that crashed (the report "
                + "is written anyway), 2 bad usage or input, 3 an environment problem."},
        resourceBundle = "convbench.cli.RunCommand$Texts")
public final class RunCommand implements Callable<Integer> {
    /** run's wording of the options it passes on to verify and bench. */
    public static final class Texts extends OptionTexts {
        public Texts() {
            super("""
                    suite = Benchmark suites (repeatable; default: main, the representative set; \
                    see fixtures/SUITES.md).
                    impl = Only these implementations (repeatable, or a comma list; default: all).
                    device = OpenCL device (see 'convbench devices').
                    """);
        }
    }

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for everything this run writes (default: out/run-<UTC time>).")
    Path out;

    @Mixin
    PointSelectionOptions.Suites suites;

    @Mixin
    PointSelectionOptions.Impls impls;

    @Option(names = "--full", description = "Benchmark with the default (stable, slow) JMH settings instead of --quick.")
    boolean full;

    @Option(names = "--no-bench", description = "Verify and report only.")
    boolean noBench;

    @Option(names = "--generated", paramLabel = "N", description = "Generated cases for verify (default: one per template).")
    Integer generated;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path dir = (out != null ? out : Path.of("out", "run-" + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath().normalize();
        Path verification = dir.resolve("verification.json");
        Path bench = dir.resolve("bench.json");
        Path reportDir = dir.resolve("report");
        // Every output rule is checked before the first step, so a refusal costs nothing and loses nothing.
        OutputGuard.checkSuiteFiles(suites.names);
        OutputGuard.checkRunFolder("--out ", dir);
        OutputGuard.checkVerificationOutput("--out " + dir + ": ", verification, List.of());
        if (!noBench) {
            OutputGuard.checkBenchOutput("--out " + dir + ": ", bench, suites.names);
        }
        try {
            ReportWriter.checkReplaceable(reportDir);
        } catch (ReportFolderException e) {
            throw new UsageException("--out " + e.getMessage());
        }
        Files.createDirectories(dir);
        try (OutputLock lock = OutputLock.acquire(dir)) {
            OutputGuard.markRunFolder(dir);
            return steps(dir, verification, bench, reportDir);
        } catch (OutputLock.HeldException e) {
            throw new UsageException("--out " + e.getMessage());
        }
    }

    private int steps(Path dir, Path verification, Path bench, Path reportDir) throws Exception {
        PrintWriter err = spec.commandLine().getErr();

        step(err, "1/3 verify -> " + verification);
        List<String> v = new ArrayList<>(List.of("--json", verification.toString()));
        addRepeated(v, "--impl", impls.names);
        if (generated != null) {
            v.addAll(List.of("--generated", generated.toString()));
        }
        if (device.spec != null) {
            v.addAll(List.of("--device", device.spec));
        }
        int verifyCode = sub(new VerifyCommand()).execute(v.toArray(String[]::new));
        if (verifyCode == ExitCodes.USAGE || verifyCode == ExitCodes.ENVIRONMENT) {
            return verifyCode;
        }

        int benchCode = 0;
        if (!noBench) {
            step(err, "2/3 bench" + (full ? "" : " --quick") + " -> " + bench);
            List<String> b = new ArrayList<>(List.of("--out", bench.toString()));
            if (!full) {
                b.add("--quick");
                // Extra forks for unstable points within 40% more time and not after 7 minutes of bench: the
                // main job stays under 10 minutes (its regular rounds took 4:30-6:30 on a 2-core machine; one
                // run on a busy host went to 10:08 before the limit).
                b.addAll(List.of("--extra-time", "40", "--time-limit", "420"));
            }
            // The documents' comparisons (plain loops vs im2col) measured side by side in time: their
            // ratios then see the same machine (harness/BENCH.md, "Lockstep pairs in one run").
            b.addAll(List.of("--lockstep-impls", "naive,im2col"));
            addRepeated(b, "--suite", suites.names.isEmpty() ? List.of("main") : suites.names);
            addRepeated(b, "--impl", impls.names);
            if (device.spec != null) {
                b.addAll(List.of("--device", device.spec));
            }
            benchCode = sub(new BenchCommand()).execute(b.toArray(String[]::new));
            if (benchCode == ExitCodes.USAGE || benchCode == ExitCodes.ENVIRONMENT) {
                return benchCode;
            }
        } else {
            step(err, "2/3 bench skipped (--no-bench)");
        }

        step(err, "3/3 report -> " + reportDir);
        VerificationFile vf = ResultIO.readVerification(verification);
        List<ResultFile> results = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (Files.exists(bench)) {
            results.add(ResultIO.readResults(bench));
            names.add(bench.getFileName().toString());
        }
        Path html;
        try {
            html = ReportWriter.write(results, names, vf, reportDir, note -> step(err, "report: " + note));
        } catch (ReportFolderException e) {
            throw new UsageException("--out " + e.getMessage());
        }

        PrintWriter o = spec.commandLine().getOut();
        o.println("report: " + html);
        o.println("summary: " + reportDir.resolve("summary.md"));
        o.println(convbench.verify.VerifyEngine.summaryLine(vf.summary()));
        o.flush();
        if (verifyCode != 0) {
            return verifyCode;
        }
        return benchCode == ExitCodes.OK ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static CommandLine sub(Object command) {
        CommandLine root = Main.commandLine();
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler(root.getExecutionExceptionHandler());
        return cl;
    }

    private static void addRepeated(List<String> args, String option, List<String> values) {
        for (String value : values) {
            args.add(option);
            args.add(value);
        }
    }

    private static void step(PrintWriter err, String what) {
        err.println("run: " + what);
        err.flush();
    }
}
