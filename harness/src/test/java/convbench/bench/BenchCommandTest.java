package convbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.cli.BenchCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input is refused with exit code 2 and a clear message, before anything runs. */
class BenchCommandTest {
    @TempDir
    Path dir;

    private ClassLoader previousLoader;

    @org.junit.jupiter.api.BeforeEach
    void installTestImplementations() throws Exception {
        previousLoader = TestImpls.install();
    }

    @org.junit.jupiter.api.AfterEach
    void uninstallTestImplementations() {
        TestImpls.uninstall(previousLoader);
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private void refused(String expected, String... args) {
        Run r = run(args);
        assertEquals(2, r.code(), () -> "stderr: " + r.err());
        assertTrue(r.err().contains(expected), () -> "stderr: " + r.err());
        assertTrue(!Files.exists(dir.resolve("r.json")), "nothing may be written");
    }

    @Test
    void unknownSuite() {
        refused("bench: error: unknown suite 'nosuch': not a built-in suite (smoke, main, documents",
                "--suite", "nosuch", "--out", dir.resolve("r.json").toString());
    }

    @Test
    void unknownImplementation() {
        refused("bench: error: unknown implementation 'nosuch' (available: ",
                "--impl", "nosuch", "--out", dir.resolve("r.json").toString());
    }

    @Test
    void unknownDirection() {
        refused("bench: error: unknown direction 'sideways' (known: forward, backward-data",
                "--direction", "sideways", "--out", dir.resolve("r.json").toString());
    }

    @Test
    void unparsableDescriptorSaysFileAndLine() throws Exception {
        Path suite = dir.resolve("bad.txt");
        Files.writeString(suite, "# fine\nmb1ic1ih5oc1kh3zz4n\"x:y\"\n");
        refused("bench: error: " + suite + ":2: unknown field 'zz' at column 16",
                "--suite", suite.toString(), "--out", dir.resolve("r.json").toString());
    }

    @Test
    void tensorLargerThanTheElementLimit() throws Exception {
        Path suite = dir.resolve("huge.txt");
        Files.writeString(suite, "mb4096ic64ih224oc64kh3ph1n\"huge:conv\"\n");
        refused("has a tensor of 13153337344 elements, more than the limit",
                "--suite", suite.toString(), "--out", dir.resolve("r.json").toString());
    }

    @Test
    void problemTooLargeForTheHeap() throws Exception {
        Path suite = dir.resolve("big.txt");
        Files.writeString(suite, "mb8ic64ih224oc64kh3ph1n\"vgg16:conv1_2 x8\"\n");
        refused("problem \"vgg16:conv1_2 x8\" (mb8ic64ih224oc64oh224kh3ph1) needs about 1.1 GiB for forward",
                "--suite", suite.toString(), "--heap", "512m", "--out", dir.resolve("r.json").toString());
    }

    @Test
    void badOptions() {
        assertEquals(2, run("--no-such-option").code());
        refused("--heap lots: expected a size", "--heap", "lots");
        refused("must be at least", "--iterations", "0");
        refused("nothing to run: the directions [backward-data] do not apply", "--suite",
                writeSuite("pool:max mb1ic1ih4kh2sh2n\"p:p\"").toString(), "--direction", "backward-data");
    }

    private Path writeSuite(String text) {
        try {
            Path f = dir.resolve("s" + System.nanoTime() + ".txt");
            Files.writeString(f, text + "\n");
            return f;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void dryRunListsThePoints() {
        Run r = run("--suite", "smoke", "--impl", "test-loops", "--dry-run");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(4 * 3 + 2 * 2, lines.length);
        assertEquals("1\ttest-loops\tsmoke\tforward\tsmoke:conv3x3-pad1\tmb2ic3ih8oc4oh8kh3ph1", lines[0]);
        Run fwd = run("--suite", "smoke", "--impl", "test-loops", "--direction", "forward", "--dry-run");
        assertEquals(6, fwd.out().strip().split("\n").length, "forward also selects pool-forward");
    }

    @Test
    void everyBuiltInSuiteFitsA4GiBHeap() {
        Run r = run("--suite", "smoke", "--suite", "documents", "--suite", "lenet5", "--suite", "alexnet",
                "--suite", "vgg16", "--suite", "resnet50", "--suite", "pooling", "--impl", "test-loops",
                "--heap", "4g", "--dry-run");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void helpWorks() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--quick"));
        assertTrue(r.out().contains("Exit codes"));
    }
}
