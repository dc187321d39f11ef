package convbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.results.BenchResult;
import convbench.results.Environment;
import convbench.results.ResultFile;
import convbench.results.ResultIO;
import convbench.results.VerificationFile;
import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report writer on the recorded result files of this machine (trimmed) and a hand-made second machine. */
class ReportWriterTest {
    static ResultFile bench;
    static ResultFile laptop;
    static VerificationFile verification;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ReportWriterTest.class.getResource("/convbench/report/" + name).toURI());
    }

    @BeforeAll
    static void read() throws Exception {
        bench = ResultIO.readResults(resource("bench-results.json"));
        laptop = ResultIO.readResults(resource("bench-results-laptop.json"));
        verification = ResultIO.readVerification(resource("verification.json"));
    }

    static Document parse(Path html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setValidating(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(html)));
    }

    static String text(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void singleFileWithVerification(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        Path html = ReportWriter.write(List.of(bench), List.of("bench-results.json"), verification, out);
        assertEquals(out.toAbsolutePath().resolve("report.html"), html);
        Document doc = parse(html); // well-formed XHTML
        String s = text(html);
        for (String id : List.of("answers", "header", "verification", "throughput", "speedups", "documents", "opencl",
                "roofline", "machines", "learners")) {
            assertTrue(s.contains("<section id=\"" + id + "\">"), "section " + id);
        }
        assertTrue(s.indexOf("id=\"answers\"") < s.indexOf("id=\"verification\""), "answers first");
        // no network resources, every image embedded or an existing file
        assertFalse(s.contains("http://") && s.replace("http://www.w3.org/1999/xhtml", "").contains("http://"));
        assertFalse(s.contains("https://"));
        assertFalse(s.contains("<script"));
        NodeList imgs = doc.getElementsByTagName("img");
        assertTrue(imgs.getLength() >= 8, "charts embedded: " + imgs.getLength());
        for (int i = 0; i < imgs.getLength(); i++) {
            String src = ((Element) imgs.item(i)).getAttribute("src");
            assertTrue(src.startsWith("data:image/png;base64,") || Files.isRegularFile(out.resolve(src)), src);
        }
        // charts as files, one panel per direction and layer family, non-empty (never compare bytes)
        for (String name : List.of("throughput-forward-small-channel", "throughput-forward-other",
                "throughput-backward-data-small-channel", "throughput-pool-forward-pooling", "speedup-vs-naive",
                "roofline", "opencl-direct", "opencl-im2col-gemm")) {
            for (String ext : List.of(".png", ".svg")) {
                Path c = out.resolve("charts").resolve(name + ext);
                assertTrue(Files.size(c) > 1000, c.toString());
            }
        }
        // numbers in the tables match the input: this old file has no statistics, so the time is its score
        BenchResult naiveFwd = pick(bench, "naive", "mb64ic3ih28oc4oh28kh3ph1", "forward");
        BenchResult blockedBd = pick(bench, "blocked", "mb64ic3ih28oc4oh28kh3ph1", "backward-data");
        BenchResult pool = pick(bench, "im2col", "pool:max mb64ic3ih28oh14kh2sh2", "pool-forward");
        assertTrue(s.contains(Fmt.num(naiveFwd.flops() / (naiveFwd.score() * 1e6)) + " GFLOP/s<br/>"
                + Fmt.num(naiveFwd.score()) + " ms "), "naive forward");
        assertEquals(Fmt.num(naiveFwd.gflops()), Fmt.num(naiveFwd.flops() / (naiveFwd.score() * 1e6)), "file agrees");
        assertTrue(s.contains(Fmt.num(blockedBd.score()) + " ms "), "blocked backward-data");
        assertTrue(s.contains(Fmt.ratio(pick(bench, "naive", "mb64ic3ih28oc4oh28kh3ph1", "backward-data").score()
                / blockedBd.score()) + " vs naive"), "blocked backward-data speed-up");
        assertTrue(s.contains(Fmt.num(pool.bytes() / (pool.score() * 1e6)) + " GB/s"), "pooling in GB/s");
        BenchResult cl = pick(bench, "opencl-direct", "mb64ic3ih28oc4oh28kh3ph1", "forward");
        assertTrue(s.contains(Fmt.num(cl.openclDeviceMs())) && s.contains(Fmt.num(cl.openclEndToEndMs())), "opencl times");
        assertTrue(s.contains(Fmt.html(OpenClSection.WHY)), "why the OpenCL times differ, under the table");
        // an old interval that reaches below zero: printed as [0, high], the point marked unstable (old file)
        BenchResult wide = pick(bench, "naive", "mb2ic3ih8oc4oh8kh3ph1", "backward-data");
        assertTrue(wide.ci().get(0) < 0, "test file premise");
        assertTrue(s.contains(Fmt.num(wide.score()) + " ms [0, " + Fmt.num(wide.ci().get(1)) + "] ms"), "interval form");
        assertTrue(s.contains(">unstable (old file)</span>"));
        Matcher pm = Pattern.compile("±([0-9.]+)%").matcher(s);
        while (pm.find()) {
            assertTrue(Double.parseDouble(pm.group(1)) < 100, "a ± larger than the value: " + pm.group());
        }
        assertFalse(s.contains("±" + Fmt.num(wide.scoreError())), "no absolute ± larger than the value");
        // the documents' comparison: 11.66 / 14.93 and the measured ratio naive/im2col
        assertTrue(s.contains(Fmt.ratio(11.66 / 14.93)) && s.contains("numba: 11.66 s") && s.contains("numba: 0.0728 s"),
                "quoted seconds as written");
        BenchResult im2colFwd = pick(bench, "im2col", "mb64ic3ih28oc4oh28kh3ph1", "forward");
        assertTrue(s.contains(Fmt.ratio(naiveFwd.score() / im2colFwd.score())), "measured naive/im2col ratio");
        assertTrue(s.contains("no counterpart"), "plain Python has no counterpart");
        // the ph0 problem of 17.2 is found although the file writes it without ph0
        BenchResult pad0 = pick(bench, "naive", "mb64ic3ih28oc4oh26kh3", "forward");
        assertTrue(s.contains(Fmt.num(pad0.score()) + " ms"));
        // roofline ceilings labelled as measured, with their how
        assertTrue(s.contains("measured: compute " + Fmt.num(bench.ceilings().get(0).value()) + " GFLOP/s"));
        assertTrue(s.contains("triad a[i] = b[i] + s*c[i]"));
        // skipped and error points listed with their reasons
        assertTrue(s.contains("over time budget"));
        assertTrue(s.contains("killed by signal 11"));
        // verification matrix: statuses, tooltips, errata, generated summarised per op
        assertTrue(s.contains("class=\"st-PASS\">PASS"));
        assertTrue(s.contains("class=\"st-SKIPPED\" title=\"states only counts"));
        assertTrue(s.contains("shape = [1, 96, 54, 54]") && s.contains("shape = [1, 96, 55, 55]"), "erratum stated/reference");
        assertTrue(s.contains("generated cases</td><td></td><td>conv2d</td>"));
        assertTrue(s.contains("fixtures:59 passed:292"));
        assertTrue(s.contains("One result file was given"));
        // answers: an old file's stability is said to come from JMH's intervals
        assertTrue(s.contains("an older file without per-point statistics"));
        // learners
        assertTrue(s.contains("cache-blocked") && s.contains("method 1"));
        // the recorded file predates the phase pass: said so, never guessed
        assertTrue(s.contains("Measured split: </b>not in these result files") && s.contains("its phases (im2col, GEMM, col2im)"),
                "CPU split stated as not in the file");
        // Markdown summary: opens with the answers
        String md = text(out.resolve("summary.md"));
        assertTrue(md.startsWith("# convbench report\n\n## What this run found\n\n- Verification: **passed**"), md);
        assertTrue(md.contains("| layer family (forward) | fastest |"), md);
        assertTrue(md.contains("## Top GFLOP/s") && md.contains("### Errata (12)"), md);
        assertTrue(md.contains("fixtures:59 passed:292"), md);
        assertFalse(md.contains("<span") || md.contains("<b>"), "no HTML in the Markdown");
        // nothing left behind beside the report
        try (Stream<Path> st = Files.list(dir)) {
            assertEquals(List.of(out.toAbsolutePath()), st.map(Path::toAbsolutePath).toList());
        }
    }

    @Test
    void aRunWithLockstepPairsSaysSoUnderTheDocumentsComparisons(@TempDir Path dir) throws Exception {
        Map<String, Object> settings = new java.util.LinkedHashMap<>(bench.settings());
        settings.put("lockstepImpls", List.of("naive", "im2col"));
        settings.put("lockstepForkPairs", 27);
        ResultFile paired = new ResultFile(bench.formatVersion(), bench.kind(), bench.environment(), settings,
                bench.ceilings(), bench.results());
        String with = text(ReportWriter.write(List.of(paired), List.of("a.json"), null, dir.resolve("with")));
        assertTrue(with.contains("Measured in lockstep: naive and im2col ran each fork of a point at once"), with);
        assertTrue(with.contains("(27 fork pairs)"), with);
        String without = text(ReportWriter.write(List.of(bench), List.of("a.json"), null, dir.resolve("without")));
        assertFalse(without.contains("Measured in lockstep"));
    }

    @Test
    void twoMachinesWithoutVerification(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r2");
        ReportWriter.write(List.of(bench), List.of("a.json"), verification, out); // an earlier report there
        Path stale = out.resolve("charts/only-in-the-old-report.png");
        Files.writeString(stale, "old chart"); // as if the earlier report had drawn a chart this one does not
        Files.writeString(out.resolve(ReportWriter.MARKER), Files.readString(out.resolve(ReportWriter.MARKER))
                + "charts/only-in-the-old-report.png\n");
        Path html = ReportWriter.write(List.of(bench, laptop), List.of("a.json", "b.json"), null, out);
        parse(html);
        String s = text(html);
        assertFalse(Files.exists(stale), "the old report is replaced as a whole");
        assertTrue(s.contains("Machines side by side"));
        assertTrue(s.contains("vm / laptop-i7") || s.contains("laptop-i7 / vm"));
        assertTrue(s.contains("Environment: laptop-i7"));
        assertTrue(s.contains("No verification file was given"));
        assertTrue(s.contains("Ceilings absent"), "the laptop file has no ceilings");
        BenchResult a = pick(bench, "blocked", "mb2ic3ih8oc4oh8kh3ph1", "forward");
        BenchResult b = pick(laptop, "blocked", "mb2ic3ih8oc4oh8kh3ph1", "forward");
        assertTrue(s.contains(Fmt.ratio(b.score() / a.score())), "ratio between machines");
        assertTrue(Files.size(out.resolve("charts/m2-throughput-forward-small-channel.png")) > 1000);
        assertTrue(Files.size(out.resolve("charts/m1-roofline.svg")) > 1000);
        assertTrue(Files.size(out.resolve("charts/machines-forward.png")) > 1000, "machines chart");
        String md = text(out.resolve("summary.md"));
        assertTrue(md.contains("### vm (a.json)") && md.contains("### laptop-i7 (b.json)"), "answers per file");
    }

    @Test
    void survivesMissingZeroAndSingleResults(@TempDir Path dir) throws Exception {
        List<BenchResult> rs = new ArrayList<>();
        rs.add(new BenchResult("naive", "mb1ic1ih4oc1oh4kh1", "tiny <&> \"x\"", "t", "forward", "cpu", "ok", null, "avgt",
                "ms/op", 0.0, 0.0, null, null, 0.0, 32.0, 0.0, 0.0, 0.0, 0.0, null, null, null));
        rs.add(new BenchResult("mystery-impl", "mb1ic1ih4oc1oh4kh1", null, "t", "forward", "cpu", "error", "boom <b>", "avgt",
                "ms/op", null, null, null, null, null, null, null, null, null, null, null, null, null));
        rs.add(new BenchResult("fast", "mb1ic1ih4oc1oh4kh1", "tiny", "t", "forward", "cpu", "ok", null, "avgt",
                "ms/op", 0.001, 0.5, List.of(-0.4, 0.5), null, 0.001, 32.0, 0.032, null, 64.0, 0.064, null, null, null));
        ResultFile rf = new ResultFile(1, ResultFile.KIND, new Environment(null, null, null, null, null, null, null,
                null, null, null, null, null, null), Map.of(), List.of(), rs);
        Path html = ReportWriter.write(List.of(rf), null, null, dir.resolve("r"));
        parse(html);
        String s = text(html);
        assertTrue(s.contains("tiny &lt;&amp;&gt; &quot;x&quot;"), "escaped");
        assertTrue(s.contains("boom &lt;b&gt;"));
        assertTrue(s.contains("No description shipped"), "fallback for unknown implementations");
        assertTrue(s.contains("Ceilings absent"));
        // and a file with only non-ok results
        ResultFile none = new ResultFile(1, ResultFile.KIND, null, null, null, List.of(rs.get(1)));
        parse(ReportWriter.write(List.of(none), List.of("x"), null, dir.resolve("n")));
    }

    @Test
    void refusesNoResults(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> ReportWriter.write(List.of(), List.of(), null, dir));
    }

    static BenchResult pick(ResultFile rf, String impl, String problem, String direction) {
        BenchResult r = rf.results().stream().filter(x -> x.impl().equals(impl) && x.problem().equals(problem)
                && x.direction().equals(direction) && x.ok()).findFirst().orElse(null);
        assertNotNull(r, impl + " " + problem + " " + direction);
        return r;
    }
}
