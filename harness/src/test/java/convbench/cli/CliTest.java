package convbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line, run in-process. */
class CliTest {
    record Run(int code, String out, String err) {
    }

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(System.out, true));
            cl.setErr(new java.io.PrintWriter(System.err, true));
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static final String GOOD = "{\"id\":\"user-corr2d\",\"title\":\"d2l 1.1.1\",\"source\":{\"document\":\"mine\","
            + "\"section\":\"1\",\"kind\":\"text\"},\"op\":\"conv2d\",\"inputs\":{\"x\":[[0,1,2],[3,4,5],[6,7,8]],"
            + "\"w\":[[0,1],[2,3]]},\"expected\":{\"y\":[[19,25],[37,43]]}}";
    static final String WRONG = GOOD.replace("user-corr2d", "user-wrong").replace("43]]", "44]]");

    static Path write(Path dir, String name, String... fixtures) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "{\"formatVersion\":1,\"fixtures\":[" + String.join(",", fixtures) + "]}");
        return p;
    }

    @Test
    void helpAndVersion() {
        Run h = run("--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("verify") && h.out().contains("Exit codes"), h.out());
        Run vh = run("verify", "--help");
        assertEquals(0, vh.code());
        assertTrue(vh.out().contains("--fixtures") && vh.out().contains("--generated"), vh.out());
        Run v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().contains("commit"), v.out());
    }

    @Test
    void aUserFileThatHoldsPassesAndWritesJson(@TempDir Path dir) throws Exception {
        Path f = write(dir, "mine.json", GOOD);
        Path json = dir.resolve("out/result.json");
        Run r = run("verify", "--fixtures", f.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("fixtures:1 passed:"), r.out());
        JsonNode node = new ObjectMapper().readTree(json.toFile());
        assertEquals(1, node.get("formatVersion").asInt());
        assertEquals("HOLDS", node.get("fixtures").get(0).get("documentStatus").asText());
        assertEquals("PASS", node.get("results").get(0).get("status").asText());
        assertTrue(node.get("environment").has("gitCommit"));
        try (var files = Files.list(json.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aWrongStatementIsAnUnexpectedErratumAndExitsOne(@TempDir Path dir) throws Exception {
        Path f = write(dir, "mine.json", GOOD, WRONG);
        Run r = run("verify", "--fixtures", f.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("UNEXPECTED_ERRATUM"), r.out());
        assertTrue(r.out().contains("y 0:0:1:1 reference 43 document 44"), r.out());
        assertTrue(r.out().contains("unexpected-errata:1"), r.out());
    }

    @Test
    void aMalformedFileExitsTwoNamingFileAndField(@TempDir Path dir) throws Exception {
        Path f = write(dir, "bad.json", GOOD.replace("[[0,1,2],[3,4,5],[6,7,8]]", "[[0,1,2],[3,4]]"));
        Path json = dir.resolve("out.json");
        Run r = run("verify", "--fixtures", f.toString(), "--json", json.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.json: fixture 'user-corr2d': inputs.x: rows have different lengths (3 and 2)"),
                r.err());
        assertFalse(Files.exists(json), "nothing is written for bad input");
        Files.writeString(f, "{ not json");
        Run m = run("verify", "--fixtures", f.toString());
        assertEquals(2, m.code());
        assertTrue(m.err().contains("malformed JSON"), m.err());
        Run missing = run("verify", "--fixtures", dir.resolve("nope.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.json: no such file"), missing.err());
    }

    @Test
    void badUsageExitsTwo() {
        Run r = run("verify", "--impl", "nosuch", "--generated", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown implementation 'nosuch'") && r.err().contains("naive"), r.err());
        assertEquals(2, run("verify", "--generated", "many").code());
        assertEquals(2, run("verify", "--no-such-option").code());
        assertEquals(2, run("list", "things").code());
        Run only = run("verify", "--generated", "3", "--only", "gen-999-nothing");
        assertEquals(2, only.code());
        assertTrue(only.err().contains("--only"), only.err());
    }

    @Test
    void generatedCasesAndRepro() {
        Run r = run("verify", "--impl", "naive", "--generated", "5", "--seed", "3", "--fixtures",
                "src/test/resources/empty-fixtures.json");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("fixtures:5 passed:5 failed:0"), r.out());
    }

    @Test
    void listCommands() {
        Run impls = run("list", "impls");
        assertEquals(0, impls.code());
        assertTrue(impls.out().contains("naive"));
        Run ops = run("list", "ops");
        assertEquals(0, ops.code());
        assertTrue(ops.out().contains("conv2d_backward"));
        Run fixtures = run("list", "fixtures");
        assertEquals(0, fixtures.code(), fixtures.err());
        assertTrue(fixtures.out().contains("001_ff6b80459da32d29.txt"), fixtures.out());
    }
}
