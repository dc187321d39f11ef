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
                ListCommand.class, DevicesCommand.class, TuneCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
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

    /** {@code --version}: project version and git commit. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"convbench " + EnvironmentProbe.version() + " (commit " + EnvironmentProbe.gitCommit() + ")",
                    "Java " + System.getProperty("java.runtime.version") + ", Vector API " + EnvironmentProbe.vectorApi()};
        }
    }
}
