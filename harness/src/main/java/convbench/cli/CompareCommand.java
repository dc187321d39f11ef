package convbench.cli;

import convbench.compare.Compare;
import convbench.compare.CompareReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convbench compare BASELINE CURRENT [--threshold PCT] [--markdown] [--json FILE]}: the regression gate. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two bench result files (convbench's, or JMH's own -rf json files of any JMH project), "
                + "matched on implementation, problem, direction and device (JMH files: benchmark and params).",
                "Rule: " + Compare.RULE + ".",
                "Verdicts: regression, broken (ok before, error now), improvement, inconclusive, unchanged, missing "
                        + "(baseline only), new (current only)."},
        footer = {"", "Exit codes: 0 no regression; 1 a regression or a broken point, or the current file is "
                + "incomplete, empty or shares no result with the baseline; 2 bad input (unreadable, truncated or "
                + "newer file, duplicate results, scores that are not positive and finite, inverted intervals).",
                "Details and the measured false-alarm rate: harness/BENCH.md."})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "The reference result file.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "The result file to check.")
    Path current;

    @Mixin
    ThresholdOption threshold;

    @Option(names = "--markdown", description = "Print Markdown tables (for a CI job summary).")
    boolean markdown;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the verdicts as JSON (rows with impl, "
            + "problem, direction, device, verdict, changePct, ratio and its interval, pValue).")
    Path json;

    @Override
    public Integer call() {
        return CompareReport.run(baseline, current, threshold.percent, markdown, json, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
