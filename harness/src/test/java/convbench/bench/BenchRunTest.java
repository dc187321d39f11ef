package convbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.results.BenchResult;
import convbench.results.ResultFile;
import convbench.results.ResultIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JMH runs on tiny problems with very short iterations. */
class BenchRunTest {
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

    private static final String[] ADAPTIVE = {"--quick", "--forks", "2", "--warmup-iterations", "1",
        "--warmup-time", "20", "--iterations", "3", "--time", "30"};
    /** Exactly two forks per point: no extra forks for tiny, noisy points. */
    private static final String[] SHORT = args(ADAPTIVE, "--max-forks", "2");

    private static String[] args(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void tinyQuickRunWritesAReadableResultFileAndCsv() throws Exception {
        Path suite = dir.resolve("tiny.txt");
        Files.writeString(suite, "mb1ic2ih6oc2oh6kh3ph1n\"tiny:conv\"\npool:max mb1ic2ih6oh3kh2sh2n\"tiny:pool\"\n");
        Path out = dir.resolve("sub/r.json");
        var r = BenchCommandTest.run(args(SHORT, "--suite", suite.toString(), "--impl", "test-loops",
                "--out", out.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("[round 1/2, ") && r.err().contains("test-loops forward tiny:conv"), r.err());
        assertTrue(r.err().contains("[round 2/2, "), r.err());
        assertTrue(r.err().contains("ETA"), r.err());

        ResultFile rf = ResultIO.readResults(out);
        assertEquals(ResultFile.FORMAT_VERSION, rf.formatVersion());
        assertEquals(Boolean.TRUE, rf.settings().get("complete"));
        assertEquals(2, rf.settings().get("forks"));
        assertNotNull(rf.environment().cpuModel());
        assertTrue(rf.environment().vectorApi().startsWith("benchmark JVMs: active"), rf.environment().vectorApi());
        // the paper peak only where /proc/cpuinfo names a known CPU
        assertEquals(List.of("compute", "memory-bandwidth"), rf.ceilings().stream().map(ResultFile.Measurement::name)
                .filter(n -> !n.equals("compute-theoretical")).toList());
        assertTrue(rf.ceilings().stream().allMatch(m -> m.value() > 0 && m.how() != null && !m.how().isBlank()));

        List<BenchResult> results = rf.results();
        assertEquals(List.of("forward", "backward-data", "backward-weights", "pool-forward", "pool-backward"),
                results.stream().map(BenchResult::direction).toList());
        BenchResult fwd = results.get(0);
        assertEquals(BenchResult.OK, fwd.status());
        assertEquals("mb1ic2ih6oc2oh6kh3ph1", fwd.problem());
        assertEquals("tiny:conv", fwd.problemName());
        assertEquals("tiny", fwd.suite());
        assertEquals("cpu", fwd.device());
        assertEquals("avgt", fwd.mode());
        assertEquals("ms/op", fwd.unit());
        // two independent JVMs of three samples each; the score is the 10th percentile of the six, the ci its bootstrap interval
        assertEquals(6, fwd.samples().size());
        assertEquals(2, fwd.stats().forks());
        assertEquals(2, fwd.stats().forkSamples().size());
        assertEquals(3, fwd.stats().forkSamples().get(1).size());
        assertEquals(2, fwd.ci().size());
        assertTrue(fwd.score() > 0 && fwd.msPerOp().equals(fwd.score()));
        assertEquals(fwd.stats().estimate(), fwd.score());
        double[] sorted = fwd.samples().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        // 10th percentile of 6 samples: position 0.1 x 5 = 0.5, halfway between the two smallest
        assertEquals((sorted[0] + sorted[1]) / 2, fwd.score(), 1e-12);
        assertTrue(fwd.ci().get(0) <= fwd.score() && fwd.score() <= fwd.ci().get(1) && fwd.ci().get(0) > 0, fwd.ci()
                .toString());
        assertTrue(fwd.stats().opsPerSample() != null && fwd.stats().opsPerSample() >= 1);
        assertNotNull(fwd.scoreError());
        assertEquals(2.0 * 1 * 2 * 6 * 6 * 2 * 9, fwd.flops());
        assertEquals(fwd.flops() / fwd.score() / 1e6, fwd.gflops(), 1e-9);
        assertTrue(fwd.gflopsNoPadding() < fwd.gflops());
        assertNotNull(fwd.gbPerSec());
        assertNotNull(fwd.estimatedMsPerOp());
        assertNull(fwd.openclDeviceMs());
        BenchResult pool = results.get(3);
        assertEquals(BenchResult.OK, pool.status());
        assertEquals("pool:max mb1ic2ih6oh3kh2sh2", pool.problem());
        assertNull(pool.gflopsNoPadding());
        assertTrue(pool.gbPerSec() > 0);
        BenchResult unsupported = results.get(4);
        assertEquals(BenchResult.SKIPPED, unsupported.status());
        assertTrue(unsupported.message().startsWith("not supported: "), unsupported.message());

        List<String> csv = Files.readAllLines(dir.resolve("sub/r.csv"));
        assertEquals(String.join(",", ResultCsv.HEADER), csv.get(0));
        assertEquals(6, csv.size());
        assertTrue(csv.get(1).startsWith("test-loops,cpu,tiny,tiny:conv,mb1ic2ih6oc2oh6kh3ph1,forward,ok,"));
        assertTrue(Files.exists(dir.resolve("sub/r.jmh.log")));
        // the JMH-format twin is read back as the same points
        ResultFile jmh = ResultIO.readResults(dir.resolve("sub/r.jmh.json"));
        assertEquals(results.stream().filter(BenchResult::ok).count(), jmh.results().size());
        assertEquals(fwd.key(), jmh.results().get(0).key());
        assertEquals(fwd.stats().forkSamples(), jmh.results().get(0).stats().forkSamples());
    }

    @Test
    void implementationsWithPhasesGetAMeasuredSplitAndOthersNone() throws Exception {
        Path suite = dir.resolve("split.txt");
        Files.writeString(suite, "mb2ic5ih17iw13oc7oh17ow13kh3ph1n\"split:conv\"\n");
        Path out = dir.resolve("split.json");
        var r = BenchCommandTest.run(args(SHORT, "--suite", suite.toString(), "--impl", "im2col,blocked,naive",
                "--direction", "forward,backward-data", "--no-ceilings", "--out", out.toString()));
        assertEquals(0, r.code(), r.err());
        List<BenchResult> results = ResultIO.readResults(out).results();
        assertEquals(6, results.size());
        for (BenchResult b : results) {
            assertEquals(BenchResult.OK, b.status(), b.message());
            if (b.impl().equals("naive")) {
                assertNull(b.phases(), "naive has no phases");
                continue;
            }
            var split = b.phases();
            assertNotNull(split, b.key());
            assertTrue(split.usable(), split.toString());
            assertTrue(split.calls() >= PhasePass.MIN_CALLS, split.toString());
            String first = b.impl().equals("im2col") ? (b.direction().equals("forward") ? "im2col" : "reshape and transpose")
                    : "packing";
            assertEquals(first, split.phaseMs().keySet().iterator().next(), split.toString());
            assertTrue(split.phaseMs().containsKey(b.impl().equals("im2col") ? "GEMM" : "micro-kernel"), split.toString());
            if (b.direction().equals("backward-data")) {
                // im2col adds dcol back with col2im; blocked computes a stride-1 dx as a transposed forward
                assertEquals(b.impl().equals("im2col"), split.phaseMs().containsKey("col2im"), split.toString());
            }
            double shares = split.phaseMs().keySet().stream().mapToDouble(split::share).sum();
            assertTrue(shares > 0 && shares <= 1 + 1e-9, split.toString());
            assertEquals(1 - shares, split.restShare(), 1e-9);
        }
    }

    @Test
    void overBudgetPointsAreSkippedWithTheReason() throws Exception {
        Path out = dir.resolve("r.json");
        var r = BenchCommandTest.run(args(SHORT, "--suite", "smoke", "--impl", "test-loops", "--direction",
                "forward", "--budget", "0.000001", "--no-ceilings", "--out", out.toString()));
        assertEquals(0, r.code(), r.err());
        ResultFile rf = ResultIO.readResults(out);
        assertEquals(6, rf.results().size());
        for (BenchResult b : rf.results()) {
            assertEquals(BenchResult.SKIPPED, b.status());
            if (!b.problem().startsWith("pool:avg")) {
                assertTrue(b.message().startsWith("over time budget: one operation is estimated at"), b.message());
                assertNotNull(b.estimatedMsPerOp());
            }
        }
        assertTrue(rf.ceilings().isEmpty());
    }

    @Test
    void aCrashedJvmAndFailingOperationsAreReportedAndTheOtherResultsKept() throws Exception {
        Path suite = dir.resolve("crash.txt");
        Files.writeString(suite, String.join("\n",
                "mb1ic1ih5oc1kh3n\"c:first\"",
                "mb1ic1ih23oc1kh3n\"c:halts\"",
                "mb1ic1ih11oc1kh3n\"c:fails-in-jmh\"",
                "mb2ic1ih8oc1kh3n\"c:fails-at-once\"",
                "mb1ic1ih6oc1kh3n\"c:last\"",
                "mb1ic1ih29oc1kh3n\"c:segfault\"", ""));
        Path out = dir.resolve("r.json");
        var r = BenchCommandTest.run(args(SHORT, "--suite", suite.toString(), "--impl", "test-crashing",
                "--direction", "forward", "--no-ceilings", "--out", out.toString()));
        assertEquals(1, r.code(), r.err());
        List<BenchResult> results = ResultIO.readResults(out).results();
        assertEquals(List.of("ok", "error", "error", "error", "ok", "error"), results.stream().map(BenchResult::status).toList(),
                () -> results.stream().map(BenchResult::message).toList().toString());
        assertTrue(results.get(1).message().startsWith("crashed while measuring: worker JVM exited with code 77"),
                results.get(1).message());
        assertTrue(results.get(2).message().startsWith("JMH failed: "), results.get(2).message());
        assertTrue(results.get(2).message().contains("deliberate failure inside JMH"), results.get(2).message());
        assertTrue(results.get(3).message().contains("deliberate failure on a batch of 2"), results.get(3).message());
        String segv = results.get(5).message();
        assertTrue(segv.startsWith("crashed while measuring: worker JVM exited with code 134"), segv);
        assertTrue(segv.contains("; JVM crash report: " + dir.resolve("r.hs_err_pid")), segv);
        assertTrue(r.err().contains("bench: points:6 ok:2 (unstable:") && r.err().contains("skipped:0 error:4"), r.err());
    }

    @Test
    void lockstepImplsMeasureTwoImplementationsOfAPointTogether() throws Exception {
        Path suite = dir.resolve("two.txt");
        Files.writeString(suite, "mb1ic2ih6oc2oh6kh3ph1n\"tiny:conv\"\n");
        Path out = dir.resolve("r.json");
        var r = BenchCommandTest.run(args(SHORT, "--suite", suite.toString(), "--impl", "test-loops,naive",
                "--direction", "forward", "--lockstep-impls", "naive,test-loops", "--no-ceilings", "--out", out.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("in lockstep with "), r.err());
        ResultFile rf = ResultIO.readResults(out);
        assertEquals(List.of("naive", "test-loops"), rf.settings().get("lockstepImpls"));
        // 2 rounds, one fork pair each: both workers took their turns every time
        assertEquals(2, rf.settings().get("lockstepForkPairs"), rf.settings().toString());
        for (BenchResult b : rf.results()) {
            assertEquals(BenchResult.OK, b.status(), b.message());
            assertEquals(2, b.stats().forks(), b.impl());
            assertEquals(3, b.stats().forkSamples().get(0).size(), b.impl());
        }
        // Not two names: refused before anything runs, naming the option.
        var bad = BenchCommandTest.run(args(SHORT, "--suite", suite.toString(), "--lockstep-impls", "naive",
                "--out", dir.resolve("bad.json").toString()));
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--lockstep-impls takes two different implementation names"), bad.err());
        assertTrue(!Files.exists(dir.resolve("bad.json")));
    }

    @Test
    void lockstepPairsGetFiveForkPairsUnlessForksIsGiven() throws Exception {
        Path suite = dir.resolve("pairs.txt");
        Files.writeString(suite, "mb1ic2ih6oc2oh6kh3ph1n\"tiny:conv\"\n");
        Path out = dir.resolve("p.json");
        // --quick: 3 forks; no --forks given, so the naive/test-loops pair gets 5 fork pairs, im2col (no
        // partner) its 3; --max-forks 3 keeps extra forks for unstable points out of the count.
        var r = BenchCommandTest.run("--quick", "--warmup-iterations", "0", "--iterations", "2", "--time", "10",
                "--max-forks", "3", "--suite", suite.toString(), "--impl", "test-loops,naive,im2col", "--direction",
                "forward", "--lockstep-impls", "naive,test-loops", "--no-ceilings", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("[round 5/5"), r.err());
        ResultFile rf = ResultIO.readResults(out);
        assertEquals(BenchSettings.LOCKSTEP_MIN_FORK_PAIRS, rf.settings().get("lockstepMinForkPairs"));
        assertEquals(5, rf.settings().get("lockstepForkPairs"), rf.settings().toString());
        Map<String, Integer> forks = new java.util.TreeMap<>();
        for (BenchResult b : rf.results()) {
            assertEquals(BenchResult.OK, b.status(), b.message());
            forks.put(b.impl(), b.stats().forks());
        }
        assertEquals(Map.of("im2col", 3, "naive", 5, "test-loops", 5), forks);
    }

    @Test
    void defaultModeRunsOneIndependentJvmPerPointAndFork() throws Exception {
        Path suite = dir.resolve("one.txt");
        Files.writeString(suite, "mb1ic2ih6oc2oh6kh3ph1n\"tiny:conv\"\n");
        Path out = dir.resolve("r.json");
        var r = BenchCommandTest.run("--forks", "1", "--max-forks", "1", "--warmup-iterations", "1", "--warmup-time", "20",
                "--iterations", "2", "--time", "30", "--suite", suite.toString(), "--impl", "test-loops",
                "--direction", "forward", "--no-ceilings", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        ResultFile rf = ResultIO.readResults(out);
        assertEquals(1, rf.settings().get("forks"));
        assertEquals(Boolean.FALSE, rf.settings().get("quick"));
        BenchResult b = rf.results().get(0);
        assertEquals(BenchResult.OK, b.status(), b.message());
        assertEquals(2, b.samples().size());
        assertEquals(1, b.stats().forks());
    }

    @Test
    void anUnstablePointGetsExtraForksUpToMaxForksAndAStableOneNone() throws Exception {
        Path suite = dir.resolve("one.txt");
        Files.writeString(suite, "mb1ic2ih6oc2oh6kh3ph1n\"tiny:conv\"\n");
        Path out = dir.resolve("r.json");
        System.setProperty("convbench.test.jitterFile", dir.resolve("jvms.txt").toString());
        try {
            var r = BenchCommandTest.run(args(ADAPTIVE, "--max-forks", "4", "--extra-time", "1000", "--suite",
                    suite.toString(), "--impl", "test-jittery", "--direction", "forward", "--no-ceilings",
                    "--out", out.toString()));
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("bench: extra round 3: 1 unstable point(s)"), r.err());
            assertTrue(r.err().contains("[round 4/4, 1/1] test-jittery forward tiny:conv"), r.err());
            ResultFile rf = ResultIO.readResults(out);
            BenchResult b = rf.results().get(0);
            assertEquals(4, b.stats().forks(), b.message());
            assertTrue(b.unstable(), b.message());
            assertEquals(2, rf.settings().get("extraForks"));
            assertEquals(4, rf.settings().get("maxForks"));
            assertEquals("1 point(s) still unstable at --max-forks 4", rf.settings().get("extraForksStopped"));
        } finally {
            System.clearProperty("convbench.test.jitterFile");
        }
        // --time-limit already passed when the regular rounds end: no extra round, said so and recorded.
        Path out3 = dir.resolve("r3.json");
        System.setProperty("convbench.test.jitterFile", dir.resolve("jvms3.txt").toString());
        try {
            var r3 = BenchCommandTest.run(args(ADAPTIVE, "--max-forks", "4", "--extra-time", "1000", "--time-limit", "1",
                    "--suite", suite.toString(), "--impl", "test-jittery", "--direction", "forward", "--no-ceilings",
                    "--out", out3.toString()));
            assertEquals(0, r3.code(), r3.err());
            assertTrue(!r3.err().contains("bench: extra round"), r3.err());
            ResultFile rf3 = ResultIO.readResults(out3);
            assertEquals(2, rf3.results().get(0).stats().forks());
            assertEquals(1.0, ((Number) rf3.settings().get("extraForksTimeLimitSeconds")).doubleValue());
            assertEquals("the extra time was used (1 point(s) still unstable)", rf3.settings().get("extraForksStopped"));
        } finally {
            System.clearProperty("convbench.test.jitterFile");
        }
        var bad = BenchCommandTest.run(args(SHORT, "--time-limit", "0", "--suite", "smoke", "--impl", "test-loops",
                "--out", dir.resolve("bad.json").toString()));
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--time-limit 0: at least 1 second"), bad.err());
        assertTrue(!Files.exists(dir.resolve("bad.json")));
        // --max-forks equal to --forks: no extra round, said so.
        Path out2 = dir.resolve("r2.json");
        var r2 = BenchCommandTest.run(args(SHORT, "--suite", suite.toString(), "--impl",
                "test-jittery", "--direction", "forward", "--no-ceilings", "--out", out2.toString()));
        assertEquals(0, r2.code(), r2.err());
        assertTrue(!r2.err().contains("extra round"), r2.err());
        assertEquals("off (--max-forks 2)", ResultIO.readResults(out2).settings().get("extraForksStopped"));
    }

    @Test
    void maxForksBelowForksIsBadInput() throws Exception {
        var r = BenchCommandTest.run(args(ADAPTIVE, "--max-forks", "1", "--suite", "smoke", "--impl", "test-loops",
                "--out", dir.resolve("r.json").toString()));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--max-forks 1 is below --forks 2"), r.err());
        assertTrue(!Files.exists(dir.resolve("r.json")));
        var r2 = BenchCommandTest.run(args(SHORT, "--extra-time", "-5", "--suite", "smoke", "--impl", "test-loops",
                "--out", dir.resolve("r.json").toString()));
        assertEquals(2, r2.code(), r2.err());
        assertTrue(r2.err().contains("--extra-time -5: a percentage between 0 and 1000"), r2.err());
    }
}
