package convbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every bad input gets one clear line and the README's exit code (issue 14, cases 4, 5, 7, 8, 9 and the nits). */
class BadInputRefusalsTest {
    @TempDir
    Path dir;

    static void refused(CliTest.Run r, String... messages) {
        assertEquals(2, r.code(), r.out() + r.err());
        for (String m : messages) {
            assertTrue(r.err().contains(m), "expected '" + m + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void aSixtyFourBitOverflowIsRefusedEvenByDryRun() throws Exception {
        Path s = dir.resolve("s.txt");
        Files.writeString(s, "mb4ic4ih1073741824iw1073741824oc1oh1ow1kh1sh1073741824\n");
        refused(CliTest.run("bench", "--dry-run", "--suite", s.toString()),
                s + ":1: the input tensor (mb4 x ic4 x ih1073741824 x iw1073741824) has 18446744073709551616 elements");
        Files.writeString(s, "mb100000ic100000ih100000oc1kh1\n");
        refused(CliTest.run("bench", "--dry-run", "--suite", s.toString()), "has 100000000000000000000 elements");
    }

    @Test
    void tooManyGeneratedCasesAreRefusedBeforeWorking() {
        long start = System.nanoTime();
        refused(CliTest.run("verify", "--generated", "1000000000"), "--generated 1000000000: the cases need about",
                "MiB of memory, more than the");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "refused up front, not after generating");
    }

    /** A command that runs out of memory, to see what the user gets. */
    @CommandLine.Command(name = "oom")
    static final class OutOfMemory implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void runningOutOfMemoryIsOneLineAndExitThree() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.addSubcommand("oom", new OutOfMemory());
        cl.setErr(new PrintWriter(err, true));
        assertEquals(3, cl.execute("oom"));
        String text = err.toString().strip();
        assertTrue(text.startsWith("convbench: out of memory (the Java heap is at most "), text);
        assertEquals(1, text.lines().count(), text);
    }

    @Test
    void aFixtureFileTooLargeForTheHeapIsRefusedInAJvmWithASmallHeap() throws Exception {
        Path big = dir.resolve("big.json");
        StringBuilder sb = new StringBuilder(9_000_000);
        sb.append("{\"formatVersion\":1,\"fixtures\":[{\"id\":\"big\",\"title\":\"t\",\"source\":{\"document\":\"d\","
                + "\"section\":\"s\",\"kind\":\"text\"},\"op\":\"relu\",\"inputs\":{\"x\":{\"shape\":[4000000],\"data\":[");
        for (int i = 0; i < 4_000_000; i++) {
            sb.append(i == 0 ? "" : ",").append(i % 10);
        }
        sb.append("]}},\"expected\":{\"y\":[1]}}]}");
        Files.writeString(big, sb);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "verify", "--impl", "naive", "--fixtures", big.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains(big + ": 7.6 MiB of JSON needs about 76 MiB of memory to load, more than the"), out);
        assertFalse(out.contains("OutOfMemoryError"), out);
    }

    @Test
    void pathsThatAreNotRegularFilesSayWhatTheyAre() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/null")));
        refused(CliTest.run("verify", "--fixtures", "/dev/null"), "/dev/null: is a character device, not a regular file");
        refused(CliTest.run("bench", "--dry-run", "--suite", dir.toString()), "--suite " + dir + ": is a folder, not a file");
        Files.createSymbolicLink(dir.resolve("x.json"), dir.resolve("gone.json"));
        refused(CliTest.run("verify", "--fixtures", dir.toString()), dir.resolve("x.json") + ": is a link to a missing file");
    }

    @Test
    void valuesBeyondFloatRangeAreTheFixturesFaultNotTheImplementations() throws Exception {
        Path f = CliTest.write(dir, "f.json", CliTest.GOOD.replace("[[0,1,2],[3,4,5],[6,7,8]]", "[[0,1,2],[3,1e39,5],[6,7,8]]"));
        refused(CliTest.run("verify", "--fixtures", f.toString()),
                f + ": fixture 'user-corr2d': inputs.x[1][1]: 1.0E39 is beyond the range of float32");
        Files.writeString(f, Files.readString(f).replace("1e39", "1e309"));
        refused(CliTest.run("verify", "--fixtures", f.toString()), "inputs.x[1][1]: a number beyond even the range of float64");
    }

    @Test
    void anUnwritableOutputIsRefusedBeforeAnythingRuns() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        long start = System.nanoTime();
        refused(CliTest.run("bench", "--suite", "smoke", "--impl", "naive", "--out", "/proc/r.json"),
                "--out /proc/r.json: cannot create files in /proc");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "refused up front");
        refused(CliTest.run("verify", "--generated", "1", "--json", "/proc/v.json"), "--json /proc/v.json: cannot create files in /proc");
        refused(CliTest.run("verify", "--generated", "1", "--json", "/dev/null"),
                "--json /dev/null: is a character device, not a regular file");
        assertFalse(Files.isRegularFile(Path.of("/dev/null")), "/dev/null is still a device");
        refused(CliTest.run("run", "--no-bench", "--out", "/proc/run"), "--out /proc/run: cannot create files in /proc");
    }

    @Test
    void implAcceptsACommaListLikeBench() {
        CliTest.Run r = CliTest.run("verify", "--impl", "naive,im2col", "--generated", "2", "--fixtures",
                "src/test/resources/empty-fixtures.json");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("on 2 implementations (naive, im2col)"), r.out());
    }

    @Test
    void noCommandPrintsUsageAndExitsTwo() {
        CliTest.Run r = CliTest.run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("a command is missing") && r.err().contains("Usage: convbench"), r.err());
    }

    @Test
    void aMultiLineTitleIsRefused() throws Exception {
        Path f = CliTest.write(dir, "f.json", CliTest.GOOD.replace("\"d2l 1.1.1\"", "\"d2l\\n1.1.1\""));
        refused(CliTest.run("verify", "--fixtures", f.toString()), "fixture 'user-corr2d': title: must be one line");
    }

    @Test
    void aFileWithZeroFixturesSaysSo() {
        CliTest.Run r = CliTest.run("verify", "--fixtures", "src/test/resources/empty-fixtures.json");
        refused(r, "nothing to verify: the --fixtures files hold no fixtures and no generated cases");
        assertTrue(r.out().contains("note: src/test/resources/empty-fixtures.json holds no fixtures"), r.out());
    }
}
