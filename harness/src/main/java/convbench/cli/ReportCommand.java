package convbench.cli;

import convbench.harness.OutputLock;
import convbench.report.ReportFolderException;
import convbench.report.ReportWriter;
import convbench.results.ResultFile;
import convbench.results.ResultFormatException;
import convbench.results.ResultIO;
import convbench.results.VerificationFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convbench report FILE... [--out DIR]}: the HTML report, the Markdown summary and the
 * charts of one or more bench result files and at most one verification file, in any order.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a self-contained HTML report (charts embedded), a Markdown summary for CI "
                + "(summary.md) and the charts as PNG and SVG (charts/) from bench result files "
                + "(convbench bench --out) and at most one verification file (convbench verify --json), "
                + "given in any order. Several result files (machines, JVMs, devices) are shown side by side.",
                "Prints the path of report.html. Exit 2 on an unreadable, truncated or newer-format file; "
                        + "a report is never half written."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Bench result files and at most one verification file.")
    List<Path> files;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/report",
            description = "Output folder (default: ${DEFAULT-VALUE}), replaced as a whole: it must be new, empty, or "
                    + "hold an earlier report and nothing else (its .convbench-report file lists what it wrote).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<ResultFile> results = new ArrayList<>();
        List<String> names = new ArrayList<>();
        VerificationFile verification = null;
        Path verificationPath = null;
        try {
            ReportWriter.checkReplaceable(out); // before reading anything: a refused folder costs nothing
            for (Path f : files) {
                OutputGuard.requireInputFile("", f);
                if (OutputGuard.inside(f, out) || OutputGuard.same(f, out)) {
                    return fail(err, "--out " + out + ": the input " + f + " lies inside it, and a report replaces "
                            + "its folder as a whole; name another folder");
                }
                if (ResultIO.isVerificationFile(f)) {
                    if (verification != null) {
                        return fail(err, "at most one verification file: both " + verificationPath + " and " + f
                                + " are verification files");
                    }
                    verification = ResultIO.readVerification(f);
                    verificationPath = f;
                } else {
                    results.add(ResultIO.readResults(f));
                    names.add(f.getFileName().toString());
                }
            }
        } catch (ResultFormatException | UsageException e) {
            return fail(err, e.getMessage());
        } catch (ReportFolderException e) {
            return fail(err, "--out " + e.getMessage());
        } catch (IOException e) {
            return fail(err, "--out " + out + ": cannot check the folder: " + e.getMessage());
        }
        if (results.isEmpty()) {
            return fail(err, "no bench result file given (convbench bench --out FILE writes one); "
                    + "a verification file alone makes no report");
        }
        Path html;
        Path folder = out.toAbsolutePath().normalize();
        try {
            Files.createDirectories(folder.getParent());
            try (OutputLock lock = OutputLock.acquire(folder)) {
                html = ReportWriter.write(results, names, verification, out, note -> {
                    err.println("convbench: report: " + note);
                    err.flush();
                });
            }
        } catch (OutputLock.HeldException e) {
            return fail(err, "--out " + e.getMessage());
        } catch (ReportFolderException e) {
            return fail(err, "--out " + e.getMessage());
        } catch (IOException e) {
            return fail(err, "cannot write the report into " + out + ": " + e.getMessage());
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println(html);
        o.flush();
        return ExitCodes.OK;
    }

    private static int fail(PrintWriter err, String message) {
        err.println("convbench: " + message);
        err.flush();
        return ExitCodes.USAGE;
    }
}
