package convbench.cli;

import convbench.compare.Compare;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convbench compare BASELINE CURRENT [--threshold PCT] [--markdown]}: the regression gate. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two bench result files, matched on implementation, problem, direction and device. "
                + "The unit says which way is better (ms/op: lower; ops/s, GFLOP/s: higher). A change is a "
                + "regression only when it is beyond the threshold AND the two confidence intervals do not overlap.",
                "Lists regressions, improvements, unchanged, not comparable, missing (baseline only) and new "
                        + "(current only). Exit 1 on any regression, 0 otherwise, 2 on an unreadable, truncated "
                        + "or newer-format file."})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "The reference result file.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "The result file to check.")
    Path current;

    @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "10",
            description = "Smallest change in percent that can count (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--markdown", description = "Print Markdown tables (for a CI job summary).")
    boolean markdown;

    @Override
    public Integer call() {
        return Compare.run(baseline, current, threshold, markdown, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
