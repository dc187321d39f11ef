package convbench.cli;

import picocli.CommandLine.Option;

/**
 * {@code --threshold PCT} of compare and ab, declared once. compare refuses a negative one
 * ({@code CompareReport.run}).
 */
public final class ThresholdOption {
    @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "10",
            description = "Smallest change in percent that can count (default: ${DEFAULT-VALUE}).")
    double percent;
}
