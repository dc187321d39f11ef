package convbench.cli;

import picocli.CommandLine;

/** A stand-in entry point for trying {@code bench} on this branch; the real CLI is {@code convbench.cli.Main}. */
public final class BenchMainForTesting {
    private BenchMainForTesting() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
