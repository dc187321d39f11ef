package convbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import convbench.results.ResultFile;
import convbench.results.ResultIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convbench ab} and the CI gate script around it, on this repository. */
class AbCommandTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void unknownRevisionIsBadUsage() {
        System.setProperty("convbench.root", ROOT.toString());
        try {
            ReportCommandTest.Run r = ReportCommandTest.run(new AbCommand(), "no-such-revision-xyz", "--suite", "smoke");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("unknown revision 'no-such-revision-xyz'"), r.err());
        } finally {
            System.clearProperty("convbench.root");
        }
    }

    @Test
    void gateScriptBuildsHeadAndMeasuresItInLockstepWithThisBuild(@TempDir Path dir) throws Exception {
        Path suite = dir.resolve("tiny.txt");
        Files.writeString(suite, "--dir=forward\nmb1ic2ih8oc2oh8kh3ph1n\"ab:tiny\"\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String convbench = java + " --add-modules jdk.incubator.vector -Djava.awt.headless=true -Dconvbench.root=" + ROOT
                + " -cp " + System.getProperty("java.class.path") + " convbench.cli.Main";
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("harness/scripts/ab-gate.sh").toString(), "HEAD",
                "--suite", suite.toString(), "--impl", "naive", "--forks", "2", "--max-forks", "2", "--warmup-iterations", "1", "--warmup-time", "15", "--iterations", "3", "--time", "20")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
        pb.environment().put("CONVBENCH", convbench);
        pb.environment().put("AB_SUMMARY", dir.resolve("summary.md").toString());
        pb.environment().put("AB_OUT", dir.resolve("out").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "ab-gate.sh did not finish");
        String log = Files.readString(dir.resolve("log.txt"));
        int code = p.exitValue();
        assertTrue(code == 0 || code == 1, "exit " + code + "\n" + log);
        assertTrue(log.contains("ab: A = HEAD "), log);
        assertTrue(log.contains(" A:") && log.contains(" B:"), log);

        String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.startsWith("## compare: baseline A HEAD"), summary);
        assertTrue(summary.contains("**regression:"), summary);
        JsonNode verdicts = ResultIO.mapper().readTree(dir.resolve("out/verdicts.json").toFile());
        assertEquals(1, verdicts.path("rows").size(), verdicts.toString());
        String verdict = verdicts.path("rows").get(0).path("verdict").asText();
        assertTrue(Set.of("unchanged", "inconclusive", "regression", "improvement").contains(verdict), verdict);
        assertEquals(code, verdicts.path("exitCode").asInt());
        assertEquals(code == 1, verdict.equals("regression"), verdicts.toString());
        List<Object> runs = new java.util.ArrayList<>();
        List<List<List<Double>>> samples = new java.util.ArrayList<>();
        for (String side : List.of("a", "b")) {
            ResultFile rf = ResultIO.readResults(dir.resolve("out/" + side + ".json"));
            assertEquals(Boolean.TRUE, rf.settings().get("complete"));
            assertEquals(side.toUpperCase(), rf.settings().get("side"));
            assertEquals(1, rf.settings().get("warmupIterations"), rf.settings().toString());
            assertEquals(15, rf.settings().get("warmupMs"), rf.settings().toString());
            assertEquals(2, rf.results().get(0).stats().forks(), side);
            // Both builds have lockstep: every fork pair took turns, and the files say they belong together.
            assertEquals(Boolean.TRUE, rf.settings().get("lockstep"), rf.settings().toString());
            assertEquals(2, rf.settings().get("lockstepForkPairs"), rf.settings().toString());
            runs.add(rf.settings().get("lockstepRun"));
            samples.add(rf.results().get(0).stats().forkSamples());
        }
        assertEquals(runs.get(0), runs.get(1));
        assertEquals(samples.get(0).stream().map(List::size).toList(), samples.get(1).stream().map(List::size).toList());
        assertTrue(verdicts.path("rows").get(0).path("note").asText().startsWith("paired (lockstep)")
                || verdicts.path("rows").get(0).path("note").asText().startsWith("fewer"), verdicts.toString());
    }
}
