package convbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.harness.HoldLocks;
import convbench.report.ReportWriter;
import convbench.results.ResultIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a user wrote is deleted or overwritten (issue 14, cases 1, 2, 3 and 11), with the
 * commands as a user types them. Each refusal is exit 2, names the path and leaves every file.
 */
class UserFilesKeptTest {
    /** A fixture file with no fixtures: with --generated, a verify that takes a second, not the shipped fixtures' time. */
    static final String EMPTY = "src/test/resources/empty-fixtures.json";

    @TempDir
    Path dir;

    Path results() throws Exception {
        Path base = dir.resolve("base.json");
        ResultIO.write(base, ReportCommandTest.results("vm", 1.0));
        return base;
    }

    static void refused(CliTest.Run r, String... messages) {
        assertEquals(2, r.code(), r.out() + r.err());
        for (String m : messages) {
            assertTrue(r.err().contains(m), "expected '" + m + "' in: " + r.err());
        }
    }

    @Test
    void reportIntoAFolderOfOtherFilesEvenTheInputIsRefused() throws Exception {
        Path d = Files.createDirectories(dir.resolve("d"));
        Path base = d.resolve("base.json");
        ResultIO.write(base, ReportCommandTest.results("vm", 1.0));
        Files.writeString(d.resolve("notes.txt"), "mine");
        String before = Files.readString(base);
        refused(CliTest.run("report", base.toString(), "--out", d.toString()), "--out " + d,
                "is not a convbench report", "base.json");
        assertEquals(before, Files.readString(base));
        assertEquals("mine", Files.readString(d.resolve("notes.txt")));
    }

    @Test
    void reportIntoTheCurrentFolderOrOntoAFileIsRefused() throws Exception {
        Path base = results();
        refused(CliTest.run("report", base.toString(), "--out", dir.resolve(".").toString()), "is not a convbench report");
        assertTrue(Files.isRegularFile(base));
        Path f = dir.resolve("f.txt");
        Files.writeString(f, "hand-written");
        refused(CliTest.run("report", base.toString(), "--out", f.toString()), "is a file, not a folder");
        assertEquals("hand-written", Files.readString(f));
    }

    @Test
    void reportReplacesItsOwnEarlierReportAndCleansWhatAKilledOneLeft() throws Exception {
        Path base = results();
        Path out = dir.resolve("report");
        assertEquals(0, CliTest.run("report", base.toString(), "--out", out.toString()).code());
        Path leftover = Files.createDirectories(dir.resolve(".report.tmp-999999999-42/charts"));
        Files.writeString(leftover.resolve("x.png"), "half");
        CliTest.Run again = CliTest.run("report", base.toString(), "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("removed " + leftover.getParent() + ", left by an interrupted report"), again.err());
        assertFalse(Files.exists(leftover.getParent()));
        assertTrue(Files.isRegularFile(out.resolve(ReportWriter.MARKER)));
    }

    @Test
    void reportOnAFolderOrADeviceNamesWhatItIs() throws Exception {
        refused(CliTest.run("report", dir.toString(), "--out", dir.resolve("r").toString()), dir + ": is a folder, not a file");
        refused(CliTest.run("report", "/dev/null", "--out", dir.resolve("r").toString()),
                "/dev/null: is a character device, not a regular file");
        assertFalse(Files.exists(dir.resolve("r")));
    }

    @Test
    void runRefusesAFolderItDidNotWriteAndAHandWrittenFileInItsReport() throws Exception {
        Path d = Files.createDirectories(dir.resolve("d"));
        Files.writeString(d.resolve("thesis.tex"), "mine");
        refused(CliTest.run("run", "--no-bench", "--out", d.toString()), "--out " + d, "is not one that convbench run wrote",
                "thesis.tex");
        assertEquals(List.of("thesis.tex"), list(d));
        // a run folder whose report/ holds a file of the user's: refused before any step runs
        Path r = Files.createDirectories(dir.resolve("r/report"));
        Files.writeString(dir.resolve("r").resolve(OutputGuard.RUN_MARKER), "convbench run folder\n");
        Files.writeString(r.resolve("hand.txt"), "mine");
        CliTest.Run x = CliTest.run("run", "--no-bench", "--out", dir.resolve("r").toString());
        refused(x, "hand.txt");
        assertFalse(x.err().contains("1/3 verify"), "refused before verifying: " + x.err());
        assertEquals("mine", Files.readString(r.resolve("hand.txt")));
        Path f = dir.resolve("file");
        Files.writeString(f, "mine");
        refused(CliTest.run("run", "--no-bench", "--out", f.toString()), "is a file");
        assertEquals("mine", Files.readString(f));
    }

    @Test
    void runWritesAgainIntoItsOwnFolderAndKeepsOtherFilesThere() throws Exception {
        Path d = dir.resolve("run");
        String[] args = {"run", "--no-bench", "--impl", "naive", "--generated", "2", "--out", d.toString()};
        CliTest.Run first = CliTest.run(args);
        assertTrue(first.code() == 0 || first.code() == 1, first.err());
        assertTrue(Files.isRegularFile(d.resolve(OutputGuard.RUN_MARKER)));
        Files.writeString(d.resolve("my-notes.md"), "mine");
        CliTest.Run second = CliTest.run(args);
        assertEquals(first.code(), second.code(), second.err());
        assertEquals("mine", Files.readString(d.resolve("my-notes.md")));
        assertTrue(Files.isRegularFile(d.resolve("report/report.html")));
        assertFalse(Files.exists(dir.resolve(".run.lock")), "the lock is released");
    }

    @Test
    void anOutputThatIsAnInputIsRefused() throws Exception {
        Path f = CliTest.write(dir, "f.json", CliTest.GOOD);
        String fixtures = Files.readString(f);
        refused(CliTest.run("verify", "--fixtures", f.toString(), "--json", f.toString()),
                "--json " + f + ": is also a fixture input");
        assertEquals(fixtures, Files.readString(f));
        refused(CliTest.run("verify", "--fixtures", dir.toString(), "--json", dir.resolve("v.json").toString()),
                "lies inside the fixture folder");
        Path s = dir.resolve("s.txt");
        Files.writeString(s, "mb1ic1ih5oc1kh3n\"t:t\"\n");
        refused(CliTest.run("bench", "--suite", s.toString(), "--out", s.toString()), "also the suite file --suite " + s);
        Path csvSuite = dir.resolve("r.csv");
        Files.writeString(csvSuite, "mb1ic1ih5oc1kh3n\"t:t\"\n");
        refused(CliTest.run("bench", "--suite", csvSuite.toString(), "--out", dir.resolve("r.json").toString()),
                "writes " + csvSuite + ", which is also the suite file");
        assertEquals("mb1ic1ih5oc1kh3n\"t:t\"\n", Files.readString(s));
    }

    @Test
    void filesConvbenchDidNotWriteAreNotOverwritten() throws Exception {
        Path mine = dir.resolve("mine.json");
        Files.writeString(mine, "{\"my\": \"data\"}");
        refused(CliTest.run("verify", "--fixtures", EMPTY, "--generated", "1", "--impl", "naive", "--json", mine.toString()),
                "the file exists and is not a convbench verification file");
        refused(CliTest.run("bench", "--suite", "smoke", "--out", mine.toString()),
                "the file exists and is not a convbench result file");
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "a,b\n1,2\n");
        refused(CliTest.run("bench", "--suite", "smoke", "--out", dir.resolve("data.json").toString()),
                "also writes " + csv + ", which exists and was not written by convbench bench");
        assertEquals("{\"my\": \"data\"}", Files.readString(mine));
        assertEquals("a,b\n1,2\n", Files.readString(csv));
        // a verification file of its own is replaced
        Path v = dir.resolve("v.json");
        assertEquals(0, CliTest.run("verify", "--fixtures", EMPTY, "--generated", "1", "--impl", "naive", "--json", v.toString()).code());
        Path killedMidWrite = dir.resolve(".v.json.8812345678.tmp"); // what ResultIO leaves when killed before its rename
        Files.writeString(killedMidWrite, "{\"half\":");
        CliTest.Run again = CliTest.run("verify", "--fixtures", EMPTY, "--generated", "1", "--impl", "naive", "--json", v.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("note: removed " + killedMidWrite + ", a temporary file of an interrupted run"),
                again.out());
        assertFalse(Files.exists(killedMidWrite));
    }

    @Test
    void aSecondRunOnTheSameOutIsRefusedNamingTheFirstRunsPid() throws Exception {
        Path out = dir.resolve("r.json");
        Path suite = dir.resolve("s.txt");
        Files.writeString(suite, "mb1ic1ih5oc1kh3n\"t:t\"\n");
        Process first = HoldLocks.start("out", out.toString()); // what a running bench holds
        try {
            refused(CliTest.run("bench", "--suite", suite.toString(), "--impl", "naive", "--out", out.toString()),
                    "--out " + out.toAbsolutePath() + " is being written by another convbench run (PID " + first.pid() + ",");
            Path v = dir.resolve("v.json");
            Process verify = HoldLocks.start("out", v.toString());
            try {
                refused(CliTest.run("verify", "--fixtures", EMPTY, "--generated", "1", "--json", v.toString()), "(PID " + verify.pid() + ",");
            } finally {
                verify.destroyForcibly().waitFor();
            }
            Path folder = dir.resolve("report");
            Process report = HoldLocks.start("out", folder.toString());
            try {
                refused(CliTest.run("report", results().toString(), "--out", folder.toString()), "(PID " + report.pid() + ",");
            } finally {
                report.destroyForcibly().waitFor();
            }
        } finally {
            first.destroyForcibly().waitFor();
        }
        assertFalse(Files.exists(out));
    }

    private static List<String> list(Path d) throws Exception {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
