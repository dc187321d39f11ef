package convbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.harness.HoldLocks;
import convbench.results.ResultFile;
import convbench.results.ResultIO;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two bench runs on one machine: the second is warned, and says so in its result file, although
 * the first one's workers ignore JMH's lock (issue 14, case 3).
 */
class ConcurrentBenchTest {
    @TempDir
    Path dir;

    private ClassLoader previousLoader;

    @BeforeEach
    void setUp() throws Exception {
        previousLoader = TestImpls.install();
        System.setProperty("convbench.runs.dir", dir.resolve("runs").toString());
    }

    @AfterEach
    void tearDown() {
        TestImpls.uninstall(previousLoader);
        System.clearProperty("convbench.runs.dir");
    }

    @Test
    void anotherRunningBenchIsWarnedAboutAndRecorded() throws Exception {
        Path suite = dir.resolve("tiny.txt");
        Files.writeString(suite, "mb1ic1ih4oc1oh4kh3ph1n\"tiny:conv\"\n");
        Path out = dir.resolve("r.json");
        Process other = HoldLocks.start("bench"); // registered as a running bench, as BenchCommand does
        try {
            var r = BenchCommandTest.run("--quick", "--max-forks", "3", "--warmup-iterations", "0", "--iterations", "1", "--time", "10",
                    "--no-ceilings", "--direction", "forward", "--suite", suite.toString(), "--impl", "test-loops",
                    "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("bench: warning: another JMH run is going on (convbench bench, PID "
                    + other.pid() + ")"), r.err());
            ResultFile rf = ResultIO.readResults(out);
            assertEquals(Boolean.TRUE, rf.settings().get("anotherJmhRunAtStart"));
        } finally {
            other.destroyForcibly().waitFor();
        }
        var alone = BenchCommandTest.run("--quick", "--max-forks", "3", "--warmup-iterations", "0", "--iterations", "1", "--time", "10",
                "--no-ceilings", "--direction", "forward", "--suite", suite.toString(), "--impl", "test-loops",
                "--out", out.toString());
        assertEquals(0, alone.code(), alone.err());
        assertTrue(!alone.err().contains("another JMH run is going on"), alone.err());
        try (var files = Files.list(dir.resolve("runs"))) {
            assertEquals(0, files.count(), "this run unregistered and the killed one was cleaned up");
        }
    }
}
