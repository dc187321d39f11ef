package convbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job without its (slow) benchmark step: verification and report end up in one folder. */
class RunCommandTest {

    @Test
    void verifiesAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliTest.Run r = CliTest.run("run", "--no-bench", "--impl", "naive", "--impl", "im2col", "--generated", "6",
                "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        Path html = out.resolve("report").resolve("report.html");
        assertTrue(Files.isRegularFile(out.resolve("verification.json")));
        assertTrue(Files.isRegularFile(html));
        assertTrue(Files.isRegularFile(out.resolve("report").resolve("summary.md")));
        assertTrue(r.out().contains("report: " + html), r.out());
        assertTrue(r.out().contains("fixtures:") && r.out().contains("errata:12"), r.out());
        String page = Files.readString(html);
        assertTrue(page.contains("aiedu-18-0-2-alexnet-conv1"), "the errata table names the fixtures");
    }

    @Test
    void badUsageStopsBeforeAnythingRuns(@TempDir Path dir) {
        CliTest.Run r = CliTest.run("run", "--no-bench", "--impl", "nosuch", "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown implementation 'nosuch'"), r.err());
    }
}
