package convbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.results.BenchResult;
import convbench.results.Environment;
import convbench.results.ResultFile;
import convbench.results.ResultIO;
import convbench.results.VerificationFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code convbench report}: files in any order, at most one verification file, exit 2 on bad files. */
class ReportCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static ResultFile results(String label, double ms) {
        BenchResult r = new BenchResult("naive", "mb1ic2ih8oc3oh8kh3ph1", "t:tiny", "t", "forward", "cpu", "ok", null,
                "avgt", "ms/op", ms, ms / 20, List.of(ms * 0.95, ms * 1.05),
                List.of(ms * 0.99, ms, ms * 1.01, ms * 1.005, ms * 0.995), ms, 6912.0, 6912.0 / (ms * 1e6),
                null, 1000.0, 1000.0 / (ms * 1e6), null, null, null);
        BenchResult s = new BenchResult("im2col", "mb1ic2ih8oc3oh8kh3ph1", "t:tiny", "t", "forward", "cpu", "skipped",
                "not supported", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        Environment env = new Environment(label, "test cpu", 2, null, null, null, null, null, null, null, null, "abc123", null);
        return new ResultFile(1, ResultFile.KIND, env, Map.of("quick", true), List.of(), List.of(r, s));
    }

    static VerificationFile verification() {
        return new VerificationFile(1, null,
                List.of(new VerificationFile.FixtureVerdict("f1", "a fixture", "conv2d", "HOLDS",
                        Map.of("document", "001.txt", "section", "17.2"), "x.json", null, null, null, null)),
                List.of(new VerificationFile.ImplResult("f1", "naive", "PASS", 0.0, 0.0, null)),
                new VerificationFile.Summary(1, 1, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void writesReportFromFilesInAnyOrder(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json"), b = dir.resolve("b.json"), v = dir.resolve("verify.json");
        ResultIO.write(a, results("vm", 1.0));
        ResultIO.write(b, results("laptop", 2.0));
        ResultIO.write(v, verification());
        Path out = dir.resolve("out");
        Run run = run(new ReportCommand(), v.toString(), a.toString(), b.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        Path html = out.toAbsolutePath().resolve("report.html");
        assertEquals(html.toString(), run.out().trim());
        String s = Files.readString(html);
        assertTrue(s.contains("Machines side by side") && s.contains("laptop / vm"), "two machines");
        assertTrue(s.contains("fixtures:1 passed:1"), "verification summary");
        assertTrue(Files.isRegularFile(out.resolve("summary.md")));
        // one panel per direction and layer family (this tiny problem has 2 input channels: small-channel)
        assertTrue(Files.size(out.resolve("charts/m1-throughput-forward-small-channel.png")) > 0);
    }

    @Test
    void badFilesExitTwo(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json"), v = dir.resolve("v.json"), v2 = dir.resolve("v2.json");
        ResultIO.write(a, results("vm", 1.0));
        ResultIO.write(v, verification());
        ResultIO.write(v2, verification());
        Path truncated = dir.resolve("t.json");
        String text = Files.readString(a);
        Files.writeString(truncated, text.substring(0, text.length() / 3));
        Path out = dir.resolve("out");
        Run t = run(new ReportCommand(), a.toString(), truncated.toString(), "--out", out.toString());
        assertEquals(2, t.code());
        assertTrue(t.err().contains("truncated"), t.err());
        assertFalse(Files.exists(out), "no report written on bad input");
        Run twoV = run(new ReportCommand(), a.toString(), v.toString(), v2.toString(), "--out", out.toString());
        assertEquals(2, twoV.code());
        assertTrue(twoV.err().contains("at most one verification file"), twoV.err());
        Run onlyV = run(new ReportCommand(), v.toString(), "--out", out.toString());
        assertEquals(2, onlyV.code());
        assertTrue(onlyV.err().contains("no bench result file"), onlyV.err());
        Path newer = dir.resolve("n.json");
        Files.writeString(newer, text.replace("\"formatVersion\" : 1", "\"formatVersion\" : 7"));
        Run n = run(new ReportCommand(), newer.toString(), "--out", out.toString());
        assertEquals(2, n.code());
        assertTrue(n.err().contains("newer"), n.err());
        Run help = run(new ReportCommand(), "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--out"), help.out());
    }
}
