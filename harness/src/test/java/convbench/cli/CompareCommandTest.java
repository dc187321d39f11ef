package convbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.results.ResultIO;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convbench compare}: exit 0 / 1 / 2 and the Markdown switch. */
class CompareCommandTest {
    @Test
    void exitCodes(@TempDir Path dir) throws Exception {
        Path fast = dir.resolve("fast.json"), slow = dir.resolve("slow.json");
        ResultIO.write(fast, ReportCommandTest.results("vm", 1.0));
        ResultIO.write(slow, ReportCommandTest.results("vm", 2.0));
        ReportCommandTest.Run same = ReportCommandTest.run(new CompareCommand(), fast.toString(), fast.toString());
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().contains("regression:0 "), same.out());
        ReportCommandTest.Run reg = ReportCommandTest.run(new CompareCommand(), fast.toString(), slow.toString(), "--markdown");
        assertEquals(1, reg.code(), reg.out());
        assertTrue(reg.out().contains("### Regressions (1)") && reg.out().contains("+100.0%"), reg.out());
        ReportCommandTest.Run better = ReportCommandTest.run(new CompareCommand(), slow.toString(), fast.toString());
        assertEquals(0, better.code());
        assertTrue(better.out().contains("Improvements (1)"), better.out());
        // a 100% slowdown is within a 150% threshold
        assertEquals(0, ReportCommandTest.run(new CompareCommand(), fast.toString(), slow.toString(), "--threshold", "150").code());
        Path json = dir.resolve("verdicts.json");
        assertEquals(1, ReportCommandTest.run(new CompareCommand(), fast.toString(), slow.toString(), "--json",
                json.toString()).code());
        assertTrue(Files.readString(json).contains("\"verdict\" : \"regression\""), Files.readString(json));
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "[1,2,3]");
        ReportCommandTest.Run bad = ReportCommandTest.run(new CompareCommand(), fast.toString(), junk.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("junk.json"), bad.err());
    }
}
