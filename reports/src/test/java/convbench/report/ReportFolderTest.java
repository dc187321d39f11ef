package convbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.results.BenchResult;
import convbench.results.Environment;
import convbench.results.ResultFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a report may go: never over files convbench did not write (issue 14, cases 1, 10 and 11). */
class ReportFolderTest {
    /** A process id above Linux's largest pid_max (2^22): no live process has it. */
    static final long DEAD_PID = 999_999_999L;

    static ResultFile results(String direction) {
        BenchResult r = new BenchResult("naive", "mb1ic2ih8oc3oh8kh3ph1", "t:tiny", "t", direction, "cpu", "ok", null,
                "avgt", "ms/op", 1.0, 0.05, List.of(0.95, 1.05), null, 1.0, 6912.0, 6912.0 / 1e6, null, 1000.0,
                1000.0 / 1e6, null, null, null);
        Environment env = new Environment("vm", "test cpu", 2, null, null, null, null, null, null, null, null, "abc", null);
        return new ResultFile(1, ResultFile.KIND, env, Map.of("quick", true), List.of(), List.of(r));
    }

    static Path write(Path out) throws Exception {
        return ReportWriter.write(List.of(results("forward")), List.of("r.json"), null, out);
    }

    static List<String> tree(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aFolderOfOtherFilesIsRefusedAndKept(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("d");
        Files.createDirectories(out.resolve("sub"));
        Files.writeString(out.resolve("base.json"), "{\"mine\": true}");
        Files.writeString(out.resolve("sub/notes.txt"), "mine");
        ReportFolderException e = assertThrows(ReportFolderException.class, () -> write(out));
        assertTrue(e.getMessage().contains("is not a convbench report") && e.getMessage().contains("base.json"),
                e.getMessage());
        assertEquals("{\"mine\": true}", Files.readString(out.resolve("base.json")));
        assertEquals("mine", Files.readString(out.resolve("sub/notes.txt")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary folder left beside it");
        }
    }

    @Test
    void aRegularFileIsRefusedAndKept(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.txt");
        Files.writeString(f, "hand-written");
        ReportFolderException e = assertThrows(ReportFolderException.class, () -> write(f));
        assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
        assertEquals("hand-written", Files.readString(f));
    }

    @Test
    void anEarlierReportIsReplacedButNotAFileAddedToIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        write(out);
        List<String> marker = Files.readAllLines(out.resolve(ReportWriter.MARKER));
        assertTrue(marker.contains("report.html") && marker.contains("summary.md")
                && marker.stream().anyMatch(l -> l.startsWith("charts/") && l.endsWith(".png")), marker.toString());
        write(out); // the folder holds an earlier report and nothing else: replaced
        Files.writeString(out.resolve("charts/my-annotations.txt"), "mine");
        ReportFolderException e = assertThrows(ReportFolderException.class, () -> write(out));
        assertTrue(e.getMessage().contains("did not write: charts/my-annotations.txt"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("charts/my-annotations.txt")));
    }

    @Test
    void anEmptyFolderIsUsed(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("empty"));
        assertTrue(Files.isRegularFile(write(out)));
        assertTrue(Files.isRegularFile(out.resolve(ReportWriter.MARKER)));
    }

    @Test
    void theCurrentFolderIsRefused(@TempDir Path dir) throws Exception {
        Path here = dir.resolve("project");
        Files.createDirectories(here);
        Files.writeString(here.resolve("pom.xml"), "<project/>");
        assertThrows(ReportFolderException.class, () -> write(here.resolve(".")));
        assertTrue(Files.exists(here.resolve("pom.xml")));
    }

    @Test
    void leftoversOfKilledReportsAreRemovedOrNamed(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        Path dead = Files.createDirectories(dir.resolve(".report.tmp-" + DEAD_PID + "-123/charts"));
        Files.writeString(dead.resolve("m1-throughput-forward.png"), "half a chart");
        Path legacy = Files.createDirectories(dir.resolve(".report.tmp-5104591628343396837"));
        Files.writeString(legacy.resolve("report.html"), "<html/>");
        Path oldCopy = Files.createDirectories(dir.resolve(".report.old-" + DEAD_PID + "-77"));
        Files.writeString(oldCopy.resolve("summary.md"), "old");
        Path foreign = Files.createDirectories(dir.resolve(".report.tmp-" + DEAD_PID + "-9"));
        Files.writeString(foreign.resolve("thesis.tex"), "not a report file");
        Path live = Files.createDirectories(dir.resolve(".report.tmp-" + ProcessHandle.current().pid() + "-5"));
        Path unrelated = Files.createDirectories(dir.resolve(".other.tmp-" + DEAD_PID + "-1"));
        List<String> notes = new ArrayList<>();
        ReportWriter.write(List.of(results("forward")), List.of("r.json"), null, out, notes::add);
        assertFalse(Files.exists(dead.getParent()), "a dead writer's half report is removed");
        assertFalse(Files.exists(legacy), "a leftover from before the PID was in the name is removed");
        assertFalse(Files.exists(oldCopy), "the earlier report a killed run was replacing is removed");
        assertTrue(Files.exists(foreign.resolve("thesis.tex")), "a folder holding other files is left");
        assertTrue(Files.exists(live), "a live writer's folder is left");
        assertTrue(Files.exists(unrelated), "leftovers of another folder's report are not this one's business");
        assertEquals(4, notes.size(), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("left " + foreign) && n.contains("thesis.tex")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.equals("removed " + dead.getParent() + ", left by an interrupted report")),
                notes.toString());
    }

    @Test
    void namesFromResultFilesStayInsideTheChartsFolder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("a/b/report");
        ReportWriter.write(List.of(results("../../../x")), List.of("r.json"), null, out);
        List<String> outside = tree(dir).stream().filter(p -> !p.isEmpty() && !"a".equals(p) && !"a/b".equals(p)
                && !p.startsWith("a/b/report")).toList();
        assertEquals(List.of(), outside, "nothing written outside the report folder");
        List<String> charts = tree(out.resolve("charts"));
        assertTrue(charts.stream().anyMatch(c -> c.matches("(m1-)?throughput-\\.\\._\\.\\._\\.\\._x(-[a-z0-9-]+)?-[0-9a-f]{8}\\.png")),
                charts.toString());
        assertTrue(charts.stream().noneMatch(c -> c.contains("/")), charts.toString());
    }
}
