package convbench.cli;

import convbench.fixtures.FixtureException;
import convbench.harness.EnvironmentProbe;
import convbench.results.ResultFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The convbench command line. */
@Command(name = "convbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Verify, benchmark and report 2D convolution and pooling implementations.",
        footer = {"", "Exit codes: 0 all good, 1 a verification failure (compare: a regression),",
                "2 bad usage or bad input, 3 an environment problem (e.g. OpenCL requested, no device).",
                "Run 'convbench COMMAND --help' for the options of a command."},
        subcommands = {RunCommand.class, VerifyCommand.class, BenchCommand.class, ReportCommand.class, CompareCommand.class,
                AbCommand.class, ListCommand.class, DevicesCommand.class, TuneCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code convbench} alone: a command is missing, which is bad usage (exit 2). */
    @Override
    public Integer call() {
        java.io.PrintWriter err = spec.commandLine().getErr();
        err.println("convbench: a command is missing");
        spec.commandLine().usage(err);
        err.flush();
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        cl.setExecutionStrategy(parseResult -> {
            try {
                return runLast.execute(parseResult);
            } catch (OutOfMemoryError e) {
                return outOfMemory(parseResult.commandSpec().commandLine().getErr());
            }
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            Throwable e = ex;
            if (e instanceof UsageException || e instanceof FixtureException || e instanceof ResultFormatException) {
                cmd.getErr().println("convbench: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            if (e instanceof EnvironmentException) {
                cmd.getErr().println("convbench: " + e.getMessage());
                return ExitCodes.ENVIRONMENT;
            }
            cmd.getErr().println("convbench: internal error: " + e);
            e.printStackTrace(cmd.getErr());
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    /**
     * What is left when memory runs out despite the checks made before working (a fixture file, a
     * count of generated cases, a problem's tensors): one line and exit 3, since the fix is the
     * JVM's heap, not the command. (The error's own stack trace says nothing to a user.)
     */
    static int outOfMemory(java.io.PrintWriter err) {
        long maxMb = Runtime.getRuntime().maxMemory() >> 20;
        err.println("convbench: out of memory (the Java heap is at most " + maxMb + " MiB): give Java more memory, "
                + "e.g. JAVA_TOOL_OPTIONS=-Xmx" + Math.max(1, maxMb * 4 / 1024) + "g, or make the input smaller");
        err.flush();
        return ExitCodes.ENVIRONMENT;
    }

    /** {@code --version}: project version and git commit. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"convbench " + EnvironmentProbe.version() + " (commit " + EnvironmentProbe.gitCommit() + ")",
                    "Java " + System.getProperty("java.runtime.version") + ", Vector API " + EnvironmentProbe.vectorApi()};
        }
    }
}
