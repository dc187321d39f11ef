package convbench.report;

import static convbench.report.Fmt.html;
import static convbench.report.Fmt.md;
import static convbench.report.Fmt.num;

import com.fasterxml.jackson.databind.JsonNode;
import convbench.results.BenchResult;
import convbench.results.Environment;
import convbench.results.ResultFile;
import convbench.results.ResultIO;
import convbench.results.VerificationFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

/**
 * Writes the report of one or more bench result files (and optionally a verification file):
 * {@code report.html} (self-contained: charts embedded as PNG data URIs, inline CSS, no scripts),
 * {@code summary.md} (for a CI job summary) and {@code charts/NAME.png|svg}. Everything is
 * written into a temporary directory beside the output directory and moved into place at the
 * end, so a report is never half written.
 */
public final class ReportWriter {
    static final String CSS = """
            body{font-family:sans-serif;margin:1.5em auto;max-width:1300px;color:#222;line-height:1.4}
            h1,h2,h3{color:#123}h2{border-bottom:2px solid #ccd;padding-bottom:.2em;margin-top:2em}
            table{border-collapse:collapse;margin:.6em 0;font-size:13px}
            th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
            th{background:#eef}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .st-PASS{background:#c8f0c8}.st-FAIL{background:#f08080}.st-ERROR{background:#8b0000;color:#fff}
            .st-SKIPPED{background:#ddd;color:#555}.st-MISTRUSTED{background:#ffb347}
            .st-HOLDS{background:#c8f0c8}.st-ERRATUM{background:#ffe08a}.st-UNEXPECTED_ERRATUM{background:#f08080}
            .st-ERRATUM_NOT_REPRODUCED{background:#ffb347}.st-GENERATED{background:#e8e8ff}
            .st-ok{}.st-skipped{background:#eee;color:#666}.st-error{background:#f4c0c0}
            img.chart{max-width:100%;border:1px solid #ddd;margin:.5em 0}
            .note{color:#555;font-size:13px}code{background:#f4f4f4;padding:0 2px}
            nav a{margin-right:1em}
            """;

    private final List<ResultFile> files;
    private final List<String> names;
    private final List<String> labels = new ArrayList<>();
    private final VerificationFile verification;
    private final Path charts;
    private final StringBuilder h = new StringBuilder(1 << 16);
    private final StringBuilder m = new StringBuilder(1 << 12);
    private final List<Charts.Rendered> rendered = new ArrayList<>();

    private ReportWriter(List<ResultFile> files, List<String> names, VerificationFile verification, Path charts) {
        this.files = files;
        this.names = names;
        this.verification = verification;
        this.charts = charts;
        Set<String> used = new LinkedHashSet<>();
        for (int i = 0; i < files.size(); i++) {
            String l = Results.label(files.get(i), names.get(i));
            String u = l;
            for (int k = 2; !used.add(u); k++) {
                u = l + " (" + k + ")";
            }
            labels.add(u);
        }
    }

    /** Marker file of a report folder: its first line, then every file the report wrote, one per line. */
    public static final String MARKER = ".convbench-report";
    private static final String MARKER_HEADER = "convbench report: the files below were written by convbench; "
            + "the folder is replaced as a whole by the next report written here";

    /**
     * Writes the report into {@code outDir} (replacing a previous report there) and returns the
     * path of {@code report.html}. See {@link #checkReplaceable} for the folders it refuses.
     *
     * @param results         bench result files (may be empty when a verification file is given)
     * @param resultFileNames their names as shown in the report (same order; may be null)
     * @param verification    the verification output, or null
     */
    public static Path write(List<ResultFile> results, List<String> resultFileNames, VerificationFile verification,
                             Path outDir) throws IOException {
        return write(results, resultFileNames, verification, outDir, note -> { });
    }

    /**
     * As {@link #write(List, List, VerificationFile, Path)}; {@code notes} receives one line for
     * each leftover of an interrupted earlier report that was removed or left in place.
     */
    public static Path write(List<ResultFile> results, List<String> resultFileNames, VerificationFile verification,
                             Path outDir, Consumer<String> notes) throws IOException {
        if ((results == null || results.isEmpty()) && verification == null) {
            throw new IllegalArgumentException("at least one result file or a verification file is needed");
        }
        results = results == null ? List.of() : results;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            names.add(resultFileNames != null && i < resultFileNames.size() && resultFileNames.get(i) != null
                    ? resultFileNames.get(i) : "results " + (i + 1));
        }
        Path out = checkReplaceable(outDir);
        Path parent = out.getParent();
        Files.createDirectories(parent);
        removeStaleLeftovers(out, notes);
        // The process id in the name tells a later run whether the writer is still alive (see removeStaleLeftovers).
        Path tmp = Files.createTempDirectory(parent, leftoverPrefix(out, "tmp") + ProcessHandle.current().pid() + "-");
        try {
            ReportWriter w = new ReportWriter(results, names, verification, tmp.resolve("charts"));
            w.build();
            Files.writeString(tmp.resolve("report.html"), w.h.toString(), StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve("summary.md"), w.m.toString(), StandardCharsets.UTF_8);
            writeMarker(tmp);
            install(tmp, out);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        return out.resolve("report.html");
    }

    /**
     * Refuses (with a {@link ReportFolderException} that says why) an output folder whose
     * replacement would destroy something convbench did not write: a path that is a file, or a
     * folder that is neither empty nor a previous report (its {@link #MARKER} lists every file
     * it wrote, and nothing else may be there). Returns the absolute folder (links resolved).
     */
    public static Path checkReplaceable(Path outDir) throws IOException {
        Path out = outDir.toAbsolutePath().normalize();
        if (Files.exists(out)) {
            out = out.toRealPath(); // replace the folder a link points to, never the link
        }
        if (out.getParent() == null) {
            throw new ReportFolderException(outDir + ": a report cannot replace the root folder; name a new folder");
        }
        if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        if (!Files.isDirectory(out)) {
            throw new ReportFolderException(outDir + ": is a file, not a folder; a report is a folder (name a new one)");
        }
        Path marker = out.resolve(MARKER);
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            // Not a report: list a few entries, never walk it (it may be a home folder).
            List<String> entries;
            try (Stream<Path> s = Files.list(out)) {
                entries = s.map(p -> p.getFileName().toString()).sorted().limit(4).toList();
            }
            if (entries.isEmpty()) {
                return out;
            }
            throw new ReportFolderException(outDir + ": the folder exists and is not a convbench report (it has no "
                    + MARKER + " file) and holds " + String.join(", ", entries.subList(0, Math.min(3, entries.size())))
                    + (entries.size() > 3 ? ", ..." : "") + "; " + REPLACED_AS_A_WHOLE);
        }
        List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(MARKER_HEADER)) {
            throw new ReportFolderException(outDir + ": " + MARKER + " is not a convbench report marker; "
                    + "refusing to replace the folder");
        }
        Set<String> written = new HashSet<>(lines.subList(1, lines.size()));
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = out.relativize(p).toString();
                if (p.equals(out) || p.equals(marker) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && written.stream().anyMatch(w -> w.startsWith(rel + "/"))) {
                    continue;
                }
                if (!written.contains(rel) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    foreign.add(rel);
                }
            }
        }
        if (foreign.isEmpty()) {
            return out;
        }
        String examples = String.join(", ", foreign.subList(0, Math.min(3, foreign.size())))
                + (foreign.size() > 3 ? " and " + (foreign.size() - 3) + " more" : "");
        throw new ReportFolderException(outDir + ": holds files the earlier report there did not write: " + examples
                + "; " + REPLACED_AS_A_WHOLE);
    }

    private static final String REPLACED_AS_A_WHOLE = "a report replaces its folder as a whole, so it goes only into a "
            + "new or empty folder or one that holds an earlier report. Name another folder with --out, or move "
            + "these files away.";

    /** Lists every file of the finished report in its marker, so the next report knows what it may replace. */
    private static void writeMarker(Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().forEach(files::add);
        }
        StringBuilder sb = new StringBuilder(MARKER_HEADER).append('\n');
        files.forEach(f -> sb.append(f).append('\n'));
        Files.writeString(dir.resolve(MARKER), sb.toString(), StandardCharsets.UTF_8);
    }

    /** {@code .NAME.tmp-} or {@code .NAME.old-}: hidden folders beside {@code out} while it is being replaced. */
    private static String leftoverPrefix(Path out, String kind) {
        return "." + out.getFileName() + "." + kind + "-";
    }

    /**
     * A report killed half way (kill -9, power cut) leaves {@code .NAME.tmp-PID-*} (the new
     * report) or {@code .NAME.old-PID-*} (the one it was replacing) beside the folder. Those whose
     * process is gone are deleted when they hold nothing but report files; anything else there
     * is left in place and named. (Folders from before the PID was in the name read a random
     * number where the PID goes, which names no live process.)
     */
    static void removeStaleLeftovers(Path out, Consumer<String> notes) throws IOException {
        List<Path> candidates = new ArrayList<>();
        String tmpPrefix = leftoverPrefix(out, "tmp"), oldPrefix = leftoverPrefix(out, "old");
        try (Stream<Path> s = Files.list(out.getParent())) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(tmpPrefix) || n.startsWith(oldPrefix);
            }).sorted().forEach(candidates::add);
        }
        for (Path p : candidates) {
            String n = p.getFileName().toString();
            String rest = n.substring(n.startsWith(tmpPrefix) ? tmpPrefix.length() : oldPrefix.length());
            String pid = rest.contains("-") ? rest.substring(0, rest.indexOf('-')) : rest;
            if (pid.matches("[0-9]{1,18}") && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive)
                    .orElse(false)) {
                continue; // its writer is still running
            }
            String foreign = firstNonReportFile(p);
            if (foreign == null) {
                deleteTree(p);
                notes.accept("removed " + p + ", left by an interrupted report");
            } else {
                notes.accept("left " + p + " in place: it looks like the leftover of an interrupted report, "
                        + "but holds " + foreign + ", which a report does not write; delete it yourself if it is not needed");
            }
        }
    }

    /** The first entry under {@code dir} that a report never writes, or null. */
    private static String firstNonReportFile(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return dir.getFileName().toString();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = dir.relativize(p).toString();
                boolean ours = p.equals(dir)
                        || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && (rel.equals("report.html")
                                || rel.equals("summary.md") || rel.equals(MARKER)
                                || rel.matches("charts/[^/]+\\.(png|svg)"))
                        || rel.equals("charts") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                if (!ours) {
                    return rel;
                }
            }
        }
        return null;
    }

    private static void install(Path tmp, Path out) throws IOException {
        // createTempDirectory makes the folder private (rwx------); a report is for everyone who can read its parent.
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default
        }
        Path old = null;
        if (Files.exists(out)) {
            old = out.resolveSibling(leftoverPrefix(out, "old") + ProcessHandle.current().pid() + "-" + System.nanoTime());
            move(out, old);
        }
        try {
            move(tmp, out);
        } catch (IOException e) {
            if (old != null) {
                move(old, out);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path p) {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.deleteIfExists(x);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file does no harm
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    // ------------------------------------------------------------------------------------------

    private void build() throws IOException {
        h.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
                .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"UTF-8\"/>\n")
                .append("<title>convbench report</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>convbench report</h1>\n");
        h.append("<nav><a href=\"#header\">Machines</a><a href=\"#verification\">Verification</a>")
                .append("<a href=\"#throughput\">GFLOP/s</a><a href=\"#documents\">Documents' comparisons</a>")
                .append("<a href=\"#opencl\">OpenCL</a><a href=\"#roofline\">Roofline</a>")
                .append("<a href=\"#machines\">Machines side by side</a><a href=\"#learners\">For learners</a></nav>\n");
        m.append("# convbench report\n\n");
        header();
        verificationSection();
        if (files.isEmpty()) {
            h.append("<h2 id=\"throughput\">Benchmarks</h2>\n<p>No benchmark result file was given "
                    + "(for example <code>convbench run --no-bench</code>): only the verification is reported.</p>\n");
            m.append("No benchmark results in this report.\n\n");
        } else {
            throughputSection();
            documentsSection();
            openclSection();
            rooflineSection();
            machinesSection();
        }
        learnersSection();
        h.append("<p class=\"note\">Charts are also in <code>charts/</code> as PNG and SVG: ");
        for (Charts.Rendered r : rendered) {
            h.append("<a href=\"charts/").append(html(r.name())).append(".svg\">").append(html(r.name())).append("</a> ");
        }
        h.append("</p>\n</body>\n</html>\n");
    }

    private String prefix(int fileIndex) {
        return files.size() == 1 ? "" : "m" + (fileIndex + 1) + "-";
    }

    private void subHeading(int i) {
        if (files.size() > 1) {
            h.append("<h3>").append(html(labels.get(i))).append(" <span class=\"note\">(")
                    .append(html(names.get(i))).append(")</span></h3>\n");
        }
    }

    private void img(Charts.Rendered r) {
        rendered.add(r);
        h.append("<p><img class=\"chart\" alt=\"").append(html(r.title())).append("\" src=\"").append(r.dataUri())
                .append("\"/><br/><span class=\"note\">Files: <a href=\"charts/").append(html(r.name()))
                .append(".png\">PNG</a>, <a href=\"charts/").append(html(r.name())).append(".svg\">SVG</a></span></p>\n");
    }

    // ---- a. header ------------------------------------------------------------------------------

    private void header() {
        h.append("<h2 id=\"header\">Machines and how the results were produced</h2>\n");
        h.append("<p>Report written ").append(html(Instant.now().toString()))
                .append(" by <code>convbench report</code> from ").append(files.size()).append(" result file")
                .append(files.size() == 1 ? "" : "s").append(verification != null ? " and a verification file" : "")
                .append(".</p>\n");
        for (int i = 0; i < files.size(); i++) {
            ResultFile rf = files.get(i);
            h.append("<h3>").append(html(labels.get(i))).append(" <span class=\"note\">(").append(html(names.get(i)))
                    .append(")</span></h3>\n");
            environmentBlock(rf.environment());
            if (rf.settings() != null && !rf.settings().isEmpty()) {
                h.append("<p><b>How produced</b> (<code>convbench bench</code> settings):</p>\n<table>");
                for (Map.Entry<String, Object> e : rf.settings().entrySet()) {
                    h.append("<tr><th>").append(html(e.getKey())).append("</th><td>").append(html(e.getValue()))
                            .append("</td></tr>");
                }
                h.append("</table>\n");
            }
            List<BenchResult> rs = rf.results();
            long ok = rs.stream().filter(BenchResult::ok).count();
            long skipped = rs.stream().filter(r -> BenchResult.SKIPPED.equals(r.status())).count();
            long other = rs.size() - ok - skipped;
            h.append("<p>").append(rs.size()).append(" results: ").append(ok).append(" ok, ").append(skipped)
                    .append(" skipped, ").append(other).append(" error.</p>\n");
            Environment env = rf.environment();
            m.append("**").append(md(labels.get(i))).append("** (").append(md(names.get(i))).append("): ")
                    .append(rs.size()).append(" results, ").append(ok).append(" ok, ").append(skipped)
                    .append(" skipped, ").append(other).append(" error");
            if (env != null) {
                m.append("; ").append(md(env.cpuModel())).append(", ").append(env.cores() == null ? "?" : env.cores())
                        .append(" cores, Java ").append(md(env.jvmVersion())).append(", commit ")
                        .append(md(env.gitCommit())).append(", ").append(md(env.timestamp()));
            }
            m.append("\n\n");
            BenchResult best = rs.stream().filter(BenchResult::ok).filter(r -> !Results.isPool(r))
                    .filter(r -> Results.throughput(r) != null)
                    .max(Comparator.comparingDouble(Results::throughput)).orElse(null);
            if (best != null) {
                m.append("- Best: **").append(num(Results.throughput(best))).append(" GFLOP/s**, ")
                        .append(md(best.impl())).append(" on ").append(md(Results.shortName(best))).append(" (")
                        .append(md(best.direction())).append(")\n");
            }
            if (rf.ceilings() != null) {
                for (ResultFile.Measurement c : rf.ceilings()) {
                    m.append("- Measured ").append(md(c.name())).append(" ceiling: ").append(num(c.value())).append(' ')
                            .append(md(c.unit())).append('\n');
                }
            }
            m.append('\n');
        }
    }

    private void environmentBlock(Environment e) {
        if (e == null) {
            h.append("<p>No environment recorded in this file.</p>\n");
            return;
        }
        h.append("<table class=\"env\">");
        row("label", e.label());
        row("CPU", e.cpuModel());
        row("cores", e.cores());
        row("memory", e.memoryBytes() == null ? null : num(e.memoryBytes() / (double) (1L << 30)) + " GiB");
        row("OS", e.os());
        row("JVM", (e.jvmVendor() == null ? "" : e.jvmVendor() + " ") + (e.jvmVersion() == null ? "" : e.jvmVersion()));
        row("JVM flags", e.jvmFlags() == null ? null : String.join(" ", e.jvmFlags()));
        row("Vector API", e.vectorApi());
        if (e.openclDevices() == null || e.openclDevices().isEmpty()) {
            row("OpenCL devices", "none listed");
        } else {
            StringBuilder s = new StringBuilder();
            for (Environment.OpenClDevice d : e.openclDevices()) {
                s.append(s.length() == 0 ? "" : "; ").append(d.device()).append(" (").append(d.type()).append(", ")
                        .append(d.platform()).append(", ").append(d.openclVersion()).append(", driver ")
                        .append(d.driver()).append(')');
            }
            row("OpenCL devices", s);
        }
        row("convbench version", e.projectVersion());
        row("git commit", e.gitCommit());
        row("time", e.timestamp());
        h.append("</table>\n");
    }

    private void row(String k, Object v) {
        h.append("<tr><th>").append(html(k)).append("</th><td>").append(v == null ? "<i>unknown</i>" : html(v))
                .append("</td></tr>");
    }

    // ---- b. verification ------------------------------------------------------------------------

    private static final List<String> SEVERITY = List.of("PASS", "SKIPPED", "MISTRUSTED", "FAIL", "ERROR");

    private void verificationSection() {
        h.append("<h2 id=\"verification\">Verification matrix</h2>\n");
        m.append("## Verification\n\n");
        if (verification == null) {
            h.append("<p>No verification file was given (<code>convbench verify --json FILE</code> writes one).</p>\n");
            m.append("No verification file given.\n\n");
            return;
        }
        VerificationFile v = verification;
        VerificationFile.Summary s = v.summary();
        if (s != null) {
            String line = "fixtures:" + s.fixtures() + " passed:" + s.passed() + " failed:" + s.failed() + " skipped:"
                    + s.skipped() + " errors:" + s.errors() + " mistrusted:" + s.mistrusted() + " errata:" + s.errata()
                    + " unexpected errata:" + s.unexpectedErrata() + " stale errata:" + s.staleErrata();
            h.append("<p><b>Summary:</b> <code>").append(html(line)).append("</code></p>\n");
            m.append("`").append(line).append("`\n\n");
        }
        List<VerificationFile.FixtureVerdict> fixtures = v.fixtures() == null ? List.of() : v.fixtures();
        List<VerificationFile.ImplResult> results = v.results() == null ? List.of() : v.results();
        Set<String> implSet = new LinkedHashSet<>();
        Map<String, Map<String, VerificationFile.ImplResult>> byFixture = new LinkedHashMap<>();
        for (VerificationFile.ImplResult r : results) {
            implSet.add(r.impl());
            byFixture.computeIfAbsent(r.fixture(), k -> new LinkedHashMap<>()).put(r.impl(), r);
        }
        List<String> impls = new ArrayList<>(implSet);
        Map<String, List<VerificationFile.FixtureVerdict>> byDoc = new LinkedHashMap<>();
        Map<String, List<VerificationFile.FixtureVerdict>> generated = new LinkedHashMap<>();
        for (VerificationFile.FixtureVerdict f : fixtures) {
            String doc = document(f);
            if ("GENERATED".equals(f.documentStatus()) || "generated".equals(doc)) {
                generated.computeIfAbsent(f.op() == null ? "?" : f.op(), k -> new ArrayList<>()).add(f);
            } else {
                byDoc.computeIfAbsent(doc, k -> new ArrayList<>()).add(f);
            }
        }
        h.append("<p class=\"note\">Cells: PASS green, FAIL red, ERROR dark red, SKIPPED grey (hover for the reason), "
                + "MISTRUSTED orange. Generated cases are summarised per operation.</p>\n");
        h.append("<table class=\"matrix\"><tr><th>fixture</th><th>section</th><th>op</th><th>document status</th>");
        for (String impl : impls) {
            h.append("<th>").append(html(impl)).append("</th>");
        }
        h.append("</tr>\n");
        for (Map.Entry<String, List<VerificationFile.FixtureVerdict>> e : byDoc.entrySet()) {
            h.append("<tr><th colspan=\"").append(4 + impls.size()).append("\">document ").append(html(e.getKey()))
                    .append(" (").append(e.getValue().size()).append(" fixtures)</th></tr>\n");
            for (VerificationFile.FixtureVerdict f : e.getValue()) {
                h.append("<tr><td title=\"").append(html(f.title())).append("\">").append(html(f.id())).append("</td><td>")
                        .append(html(section(f))).append("</td><td>").append(html(f.op())).append("</td>")
                        .append("<td class=\"st-").append(html(f.documentStatus())).append("\">")
                        .append(html(f.documentStatus())).append("</td>");
                Map<String, VerificationFile.ImplResult> cells = byFixture.getOrDefault(f.id(), Map.of());
                for (String impl : impls) {
                    VerificationFile.ImplResult r = cells.get(impl);
                    if (r == null) {
                        h.append("<td>–</td>");
                    } else {
                        h.append("<td class=\"st-").append(html(r.status())).append("\"");
                        if (r.message() != null) {
                            h.append(" title=\"").append(html(r.message())).append("\"");
                        }
                        h.append(">").append(html(r.status())).append("</td>");
                    }
                }
                h.append("</tr>\n");
            }
        }
        if (!generated.isEmpty()) {
            int n = generated.values().stream().mapToInt(List::size).sum();
            h.append("<tr><th colspan=\"").append(4 + impls.size()).append("\">generated cases (").append(n)
                    .append("), judged by the reference only; one row per operation</th></tr>\n");
            for (Map.Entry<String, List<VerificationFile.FixtureVerdict>> e : generated.entrySet()) {
                h.append("<tr><td>").append(e.getValue().size()).append(" generated cases</td><td></td><td>")
                        .append(html(e.getKey())).append("</td><td class=\"st-GENERATED\">GENERATED</td>");
                for (String impl : impls) {
                    Map<String, Integer> counts = new LinkedHashMap<>();
                    String worst = null;
                    String reason = null;
                    for (VerificationFile.FixtureVerdict f : e.getValue()) {
                        VerificationFile.ImplResult r = byFixture.getOrDefault(f.id(), Map.of()).get(impl);
                        if (r == null) {
                            continue;
                        }
                        counts.merge(r.status(), 1, Integer::sum);
                        if (worst == null || SEVERITY.indexOf(r.status()) > SEVERITY.indexOf(worst)) {
                            worst = r.status();
                        }
                        if (!"PASS".equals(r.status()) && r.message() != null && reason == null) {
                            reason = f.id() + ": " + r.message();
                        }
                    }
                    if (worst == null) {
                        h.append("<td>–</td>");
                        continue;
                    }
                    StringBuilder t = new StringBuilder();
                    counts.forEach((k, c) -> t.append(t.length() == 0 ? "" : ", ").append(c).append(' ').append(k));
                    h.append("<td class=\"st-").append(html(worst)).append("\"");
                    if (reason != null) {
                        h.append(" title=\"").append(html(reason)).append("\"");
                    }
                    h.append(">").append(html(t)).append("</td>");
                }
                h.append("</tr>\n");
            }
        }
        h.append("</table>\n");
        // errata
        List<VerificationFile.FixtureVerdict> errata = fixtures.stream()
                .filter(f -> f.erratumReason() != null || (f.documentStatus() != null && f.documentStatus().contains("ERRATUM")))
                .toList();
        h.append("<h3>Errata: what the documents state and what is right</h3>\n");
        m.append("### Errata (").append(errata.size()).append(")\n\n");
        if (errata.isEmpty()) {
            h.append("<p>No errata.</p>\n");
            m.append("None.\n\n");
            return;
        }
        h.append("<table class=\"errata\"><tr><th>document</th><th>section</th><th>fixture</th><th>status</th>")
                .append("<th>the document states</th><th>the reference computes</th><th>why</th></tr>\n");
        m.append("| document | section | states | reference |\n|---|---|---|---|\n");
        for (VerificationFile.FixtureVerdict f : errata) {
            h.append("<tr><td>").append(html(document(f))).append("</td><td>").append(html(section(f))).append("</td><td>")
                    .append(html(f.id())).append("</td><td class=\"st-").append(html(f.documentStatus())).append("\">")
                    .append(html(f.documentStatus())).append("</td><td>").append(html(f.stated())).append("</td><td>")
                    .append(html(f.reference())).append("</td><td>").append(html(f.erratumReason())).append("</td></tr>\n");
            m.append("| ").append(md(document(f))).append(" | ").append(md(section(f))).append(" | ")
                    .append(md(f.stated())).append(" | ").append(md(f.reference())).append(" |\n");
        }
        h.append("</table>\n");
        m.append('\n');
    }

    private static String document(VerificationFile.FixtureVerdict f) {
        Object d = f.source() == null ? null : f.source().get("document");
        return d == null ? "(no source)" : d.toString();
    }

    private static String section(VerificationFile.FixtureVerdict f) {
        Object d = f.source() == null ? null : f.source().get("section");
        return d == null ? "" : d.toString();
    }

    // ---- c. throughput ----------------------------------------------------------------------------

    private void throughputSection() throws IOException {
        h.append("<h2 id=\"throughput\">GFLOP/s per problem and implementation</h2>\n");
        h.append("<p class=\"note\">Log scale. The 99.9% confidence interval of the time, converted to "
                + "GFLOP/s (pooling: GB/s of minimum bytes moved), is given under each number in the table (hover: "
                + "the time interval); the charts carry no error bars because XChart 3.8.8 draws them wrongly on "
                + "a log axis. Missing bars are points not measured, listed below the tables. "
                + "GFLOP/s count 2 FLOPs per multiply-add, padding taps included. Speed-up: naive's time "
                + "divided by the implementation's time on the same problem and direction.</p>\n");
        List<BenchResult> top = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            subHeading(i);
            List<BenchResult> rs = files.get(i).results();
            List<String> impls = Results.impls(rs);
            for (String dir : Results.directions(rs)) {
                List<BenchResult> inDir = rs.stream().filter(r -> dir.equals(r.direction())).toList();
                Map<String, Map<String, BenchResult>> byProblem = new LinkedHashMap<>();
                Map<String, String> names = new LinkedHashMap<>();
                for (BenchResult r : inDir) {
                    byProblem.computeIfAbsent(r.problem(), k -> new LinkedHashMap<>()).put(r.impl(), r);
                    names.putIfAbsent(r.problem(), Results.shortName(r));
                }
                String unit = Results.throughputUnit(dir);
                List<String> cats = new ArrayList<>();
                for (String p : byProblem.keySet()) {
                    cats.add(uniqueCategory(cats, names.get(p)));
                }
                List<Charts.BarSeries> series = new ArrayList<>();
                for (String impl : impls) {
                    List<Double> vs = new ArrayList<>();
                    for (String p : byProblem.keySet()) {
                        BenchResult r = byProblem.get(p).get(impl);
                        boolean ok = r != null && r.ok();
                        vs.add(ok ? Results.throughput(r) : null);
                    }
                    series.add(new Charts.BarSeries(impl, vs));
                }
                h.append("<h3>").append(html(dir)).append(" (").append(unit).append(")</h3>\n");
                String title = dir + ": " + unit + " per problem" + (files.size() > 1 ? " (" + labels.get(i) + ")" : "");
                CategoryChart chart = Charts.groupedBars(title, unit + " (log scale)", cats, series);
                if (chart != null) {
                    img(Charts.save(chart, prefix(i) + "throughput-" + dir, title, charts));
                } else {
                    h.append("<p>No successful result to draw in this direction.</p>\n");
                }
                h.append("<table class=\"numbers\"><tr><th>problem</th><th>descriptor</th>");
                for (String impl : impls) {
                    h.append("<th>").append(html(impl)).append("</th>");
                }
                h.append("</tr>\n");
                for (Map.Entry<String, Map<String, BenchResult>> e : byProblem.entrySet()) {
                    BenchResult naive = e.getValue().get("naive");
                    Double naiveMs = naive != null && naive.ok() ? Results.ms(naive) : null;
                    BenchResult any = e.getValue().values().iterator().next();
                    h.append("<tr><td title=\"").append(html(any.problemName())).append("\">")
                            .append(html(Results.shortName(any))).append("</td><td><code>").append(html(e.getKey()))
                            .append("</code></td>");
                    for (String impl : impls) {
                        BenchResult r = e.getValue().get(impl);
                        if (r == null) {
                            h.append("<td>–</td>");
                        } else if (!r.ok()) {
                            h.append("<td class=\"st-").append(html(r.status())).append("\" title=\"")
                                    .append(html(r.message())).append("\">").append(html(r.status())).append("</td>");
                        } else {
                            Double ms = Results.ms(r);
                            double[] ci = Results.ciMs(r);
                            h.append("<td class=\"n\"");
                            if (ci != null) {
                                h.append(" title=\"99.9% CI of the time: ").append(num(ci[0])).append("–")
                                        .append(num(ci[1])).append(" ms\"");
                            }
                            h.append(">").append(num(Results.throughput(r))).append(' ').append(unit)
                                    .append("<br/>").append(num(ms)).append(" ms");
                            if (naiveMs != null && ms != null && ms > 0) {
                                h.append("<br/>").append(Fmt.ratio(naiveMs / ms)).append(" vs naive");
                            }
                            Double err = Results.throughputError(r);
                            Double v = Results.throughput(r);
                            if (err != null && v != null) {
                                h.append("<br/><span class=\"note\">±").append(num(err)).append("</span>");
                            }
                            h.append("</td>");
                            if (!Results.isPool(r)) {
                                top.add(r);
                            }
                        }
                    }
                    h.append("</tr>\n");
                }
                h.append("</table>\n");
            }
            List<BenchResult> notOk = rs.stream().filter(r -> !r.ok()).toList();
            h.append("<h3>Points not measured").append(files.size() > 1 ? " (" + html(labels.get(i)) + ")" : "")
                    .append(": ").append(notOk.size()).append("</h3>\n");
            if (!notOk.isEmpty()) {
                h.append("<table class=\"notok\"><tr><th>implementation</th><th>problem</th><th>direction</th>")
                        .append("<th>status</th><th>reason</th></tr>\n");
                for (BenchResult r : notOk) {
                    h.append("<tr><td>").append(html(r.impl())).append("</td><td>").append(html(r.problemName()))
                            .append(" <code>").append(html(r.problem())).append("</code></td><td>").append(html(r.direction()))
                            .append("</td><td class=\"st-").append(html(r.status())).append("\">").append(html(r.status()))
                            .append("</td><td>").append(html(r.message() == null ? "(no reason given)" : r.message()))
                            .append("</td></tr>\n");
                }
                h.append("</table>\n");
            }
        }
        // Markdown: the top GFLOP/s of the first file
        m.append("## Top GFLOP/s\n\n");
        List<BenchResult> first = files.get(0).results().stream().filter(BenchResult::ok)
                .filter(r -> !Results.isPool(r) && Results.throughput(r) != null)
                .sorted(Comparator.comparingDouble((BenchResult r) -> Results.throughput(r)).reversed())
                .limit(10).toList();
        if (first.isEmpty()) {
            m.append("No successful convolution result.\n\n");
        } else {
            m.append("| implementation | problem | direction | GFLOP/s | ms/op | vs naive |\n|---|---|---|---:|---:|---:|\n");
            for (BenchResult r : first) {
                BenchResult naive = find(files.get(0).results(), "naive", r.problem(), r.direction());
                Double sp = naive == null || Results.ms(naive) == null || Results.ms(r) == null
                        ? null : Results.ms(naive) / Results.ms(r);
                m.append("| ").append(md(r.impl())).append(" | ").append(md(Results.shortName(r))).append(" | ")
                        .append(md(r.direction())).append(" | ").append(num(Results.throughput(r))).append(" | ")
                        .append(num(Results.ms(r))).append(" | ").append(Fmt.ratio(sp)).append(" |\n");
            }
            m.append('\n');
        }
        long notOk = files.stream().flatMap(f -> f.results().stream()).filter(r -> !r.ok()).count();
        if (notOk > 0) {
            m.append("Not measured: ").append(notOk).append(" points (listed with reasons in the HTML report).\n\n");
        }
    }

    private static String uniqueCategory(List<String> existing, String name) {
        String n = name;
        for (int k = 2; existing.contains(n); k++) {
            n = name + " #" + k;
        }
        return n;
    }

    /** The ok result of impl on problem (descriptors compared without default fields) in direction. */
    static BenchResult find(List<BenchResult> rs, String impl, String problem, String direction) {
        String p = Results.normalizeProblem(problem);
        for (BenchResult r : rs) {
            if (r.ok() && impl.equals(r.impl()) && direction.equals(r.direction())
                    && p.equals(Results.normalizeProblem(r.problem()))) {
                return r;
            }
        }
        return null;
    }

    // ---- d. the documents' comparisons -----------------------------------------------------------

    record Measured(Double ms, String how) {
    }

    /** The time of one "measure" (forward, forward+backward, pool-forward+pool-backward) of impl on problem. */
    static Measured measure(List<BenchResult> rs, String impl, String problem, String measure) {
        if (impl == null) {
            return new Measured(null, "no counterpart");
        }
        switch (measure) {
            case "forward" -> {
                BenchResult f = find(rs, impl, problem, "forward");
                return f == null ? new Measured(null, "forward not measured") : new Measured(Results.ms(f), "forward");
            }
            case "forward+backward" -> {
                BenchResult f = find(rs, impl, problem, "forward");
                BenchResult b = find(rs, impl, problem, "backward");
                if (f != null && b != null) {
                    return new Measured(sum(f, b), "forward + backward");
                }
                BenchResult bd = find(rs, impl, problem, "backward-data");
                BenchResult bw = find(rs, impl, problem, "backward-weights");
                if (f != null && bd != null && bw != null) {
                    return new Measured(sum(f, bd, bw),
                            "forward + backward-data + backward-weights");
                }
                return new Measured(null, "forward and backward not all measured");
            }
            case "pool-forward+pool-backward" -> {
                BenchResult f = find(rs, impl, problem, "pool-forward");
                BenchResult b = find(rs, impl, problem, "pool-backward");
                return f == null || b == null ? new Measured(null, "pool-forward/pool-backward not measured")
                        : new Measured(sum(f, b), "pool-forward + pool-backward");
            }
            default -> {
                return new Measured(null, "unknown measure " + measure);
            }
        }
    }

    private static Double sum(BenchResult... rs) {
        double t = 0;
        for (BenchResult r : rs) {
            Double ms = Results.ms(r);
            if (ms == null) {
                return null;
            }
            t += ms;
        }
        return t;
    }

    static JsonNode resource(String name) {
        try (InputStream in = ReportWriter.class.getResourceAsStream("/convbench/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource /convbench/report/" + name + " is missing from the jar");
            }
            return ResultIO.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void documentsSection() {
        JsonNode doc = resource("document-comparisons.json");
        h.append("<h2 id=\"documents\">The documents' own method comparisons, measured here</h2>\n");
        h.append("<p class=\"note\">").append(html(doc.path("note").asText())).append(" Ratio = time of A / time of B "
                + "(above 1: B is faster). Absolute seconds are the documents' (Python, their machines, their "
                + "repetition counts); only ratios compare.</p>\n");
        m.append("## The documents' comparisons (ratio A/B: document vs here)\n\n")
                .append("| section | compared | document A/B | here A/B |\n|---|---|---:|---:|\n");
        for (int i = 0; i < files.size(); i++) {
            subHeading(i);
            List<BenchResult> rs = files.get(i).results();
            h.append("<table class=\"docs\"><tr><th>document, section</th><th>compared</th><th>problem</th>")
                    .append("<th>document: A</th><th>document: B</th><th>document ratio A/B</th>")
                    .append("<th>here: A</th><th>here: B</th><th>here ratio A/B</th>")
                    .append("<th>here: blocked (perspective)</th></tr>\n");
            for (JsonNode c : doc.path("comparisons")) {
                String problem = c.path("problem").asText();
                String measureName = c.path("measure").asText();
                JsonNode a = c.path("a"), b = c.path("b");
                double qa = a.path("seconds").asDouble(), qb = b.path("seconds").asDouble();
                String implA = a.path("impl").isTextual() ? a.path("impl").asText() : null;
                String implB = b.path("impl").isTextual() ? b.path("impl").asText() : null;
                Measured ma = measure(rs, implA, problem, measureName);
                Measured mb = measure(rs, implB, problem, measureName);
                Measured bl = measure(rs, "blocked", problem, measureName);
                Double hereRatio = ma.ms() != null && mb.ms() != null && mb.ms() > 0 ? ma.ms() / mb.ms() : null;
                h.append("<tr><td>").append(html(c.path("document").asText())).append(" §")
                        .append(html(c.path("section").asText())).append("</td><td>").append(html(c.path("what").asText()))
                        .append(" (").append(html(measureName)).append(")</td><td><code>").append(html(problem))
                        .append("</code></td><td class=\"n\">").append(html(a.path("method").asText())).append(": ")
                        .append(html(a.path("seconds").asText())).append(" s</td><td class=\"n\">")
                        .append(html(b.path("method").asText())).append(": ").append(html(b.path("seconds").asText()))
                        .append(" s</td><td class=\"n\">").append(Fmt.ratio(qa / qb))
                        .append("</td>");
                h.append(measuredCell(implA, ma, a.path("method").asText())).append(measuredCell(implB, mb, null));
                h.append("<td class=\"n\">").append(hereRatio == null ? "n/a" : Fmt.ratio(hereRatio)).append("</td>");
                h.append(measuredCell("blocked", bl, null).replace("</td>", ""));
                if (bl.ms() != null && mb.ms() != null && bl.ms() > 0) {
                    h.append("<br/>").append(html(implB)).append("/blocked = ").append(Fmt.ratio(mb.ms() / bl.ms()));
                }
                h.append("</td></tr>\n");
                m.append("| ").append(md(c.path("section").asText())).append(" | ").append(md(a.path("method").asText()))
                        .append(" vs ").append(md(b.path("method").asText())).append(", ").append(md(measureName))
                        .append(files.size() > 1 ? " (" + md(labels.get(i)) + ")" : "").append(" | ")
                        .append(Fmt.ratio(qa / qb)).append(" | ")
                        .append(hereRatio == null ? (implA == null ? "no counterpart" : "not measured") : Fmt.ratio(hereRatio))
                        .append(" |\n");
            }
            h.append("</table>\n");
        }
        m.append('\n');
        h.append("<p class=\"note\">numba compiles the document's loops to machine code, as the JIT compiles our "
                + "<code>naive</code> loops; the documents' plain-Python timing has no counterpart here, since "
                + "nothing in convbench runs interpreted.</p>\n");
    }

    private static String measuredCell(String impl, Measured mm, String method) {
        if (impl == null) {
            return "<td>no counterpart (" + html(method) + " runs interpreted; nothing here does)</td>";
        }
        if (mm.ms() == null) {
            return "<td>" + html(impl) + ": " + html(mm.how()) + "</td>";
        }
        return "<td class=\"n\">" + html(impl) + ": " + num(mm.ms()) + " ms<br/><span class=\"note\">" + html(mm.how())
                + "</span></td>";
    }

    // ---- e. OpenCL ---------------------------------------------------------------------------------

    private void openclSection() throws IOException {
        h.append("<h2 id=\"opencl\">OpenCL: device time against end-to-end time</h2>\n");
        h.append("<p class=\"note\">Device time: the kernels' profiling events. End-to-end: host wall time including "
                + "host-device transfers and the launch. Their difference is what the kernels do not account for.</p>\n");
        for (int i = 0; i < files.size(); i++) {
            subHeading(i);
            List<BenchResult> cl = files.get(i).results().stream()
                    .filter(r -> r.ok() && (r.openclDeviceMs() != null || r.openclEndToEndMs() != null)).toList();
            if (cl.isEmpty()) {
                h.append("<p>No OpenCL results with device timings in this file.</p>\n");
                continue;
            }
            List<BenchResult> fwd = cl.stream().filter(r -> "forward".equals(r.direction())).toList();
            if (!fwd.isEmpty()) {
                List<String> cats = new ArrayList<>();
                List<Double> dev = new ArrayList<>(), e2e = new ArrayList<>();
                for (BenchResult r : fwd) {
                    cats.add(uniqueCategory(cats, r.impl().replace("opencl-", "cl-") + " " + Results.shortName(r)));
                    dev.add(r.openclDeviceMs());
                    e2e.add(r.openclEndToEndMs());
                }
                String title = "OpenCL forward: device vs end-to-end time" + (files.size() > 1 ? " (" + labels.get(i) + ")" : "");
                CategoryChart chart = Charts.groupedBars(title, "ms per operation (log scale)", cats,
                        List.of(new Charts.BarSeries("device (kernel events)", dev),
                                new Charts.BarSeries("end-to-end (with transfers)", e2e)));
                if (chart != null) {
                    chart.setXAxisTitle("implementation and problem");
                    img(Charts.save(chart, prefix(i) + "opencl-device-vs-end-to-end", title, charts));
                }
            }
            h.append("<table class=\"opencl\"><tr><th>implementation</th><th>problem</th><th>direction</th><th>device</th>")
                    .append("<th>device ms</th><th>end-to-end ms</th><th>transfers + launch share</th>")
                    .append("<th>JMH ms/op</th><th>program build ms</th></tr>\n");
            for (BenchResult r : cl) {
                Double d = r.openclDeviceMs(), e = r.openclEndToEndMs();
                Double share = d != null && e != null && e > 0 ? Math.max(0, 1 - d / e) : null;
                h.append("<tr><td>").append(html(r.impl())).append("</td><td>").append(html(Results.shortName(r)))
                        .append("</td><td>").append(html(r.direction())).append("</td><td>").append(html(r.device()))
                        .append("</td><td class=\"n\">").append(num(d)).append("</td><td class=\"n\">").append(num(e))
                        .append("</td><td class=\"n\">").append(Fmt.pct(share)).append("</td><td class=\"n\">")
                        .append(num(Results.ms(r))).append("</td><td class=\"n\">").append(num(r.openclBuildMs()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
            // build time per implementation (one-time cost, not in the per-op figures)
            Map<String, double[]> build = new LinkedHashMap<>();
            for (BenchResult r : cl) {
                if (r.openclBuildMs() != null) {
                    build.merge(r.impl(), new double[] {r.openclBuildMs(), r.openclBuildMs()},
                            (x, y) -> new double[] {Math.min(x[0], y[0]), Math.max(x[1], y[1])});
                }
            }
            if (!build.isEmpty()) {
                h.append("<p>Program build time (one-time, not in the per-operation times): ");
                build.forEach((k, v) -> h.append(html(k)).append(" ").append(num(v[0])).append("–").append(num(v[1]))
                        .append(" ms; "));
                h.append("</p>\n");
            }
        }
    }

    // ---- f. roofline ---------------------------------------------------------------------------------

    private void rooflineSection() throws IOException {
        h.append("<h2 id=\"roofline\">Roofline</h2>\n");
        h.append("<p class=\"note\">Each convolution result: arithmetic intensity (FLOPs / minimum bytes moved) against "
                + "GFLOP/s. The line is min(compute ceiling, bandwidth ceiling × intensity), both measured on the "
                + "machine by the harness. Pooling results are left out (their FLOPs are comparisons).</p>\n");
        for (int i = 0; i < files.size(); i++) {
            subHeading(i);
            ResultFile rf = files.get(i);
            ResultFile.Measurement compute = null, bw = null;
            if (rf.ceilings() != null) {
                for (ResultFile.Measurement c : rf.ceilings()) {
                    String u = c.unit() == null ? "" : c.unit();
                    if (compute == null && (u.equalsIgnoreCase("GFLOP/s") || "compute".equals(c.name()))) {
                        compute = c;
                    } else if (bw == null && (u.equalsIgnoreCase("GB/s") || "memory-bandwidth".equals(c.name()))) {
                        bw = c;
                    }
                }
            }
            Map<String, Charts.Points> series = new LinkedHashMap<>();
            for (BenchResult r : rf.results()) {
                if (!r.ok() || Results.isPool(r) || r.flops() == null || r.bytes() == null || r.bytes() <= 0) {
                    continue;
                }
                Charts.Points p = series.computeIfAbsent(r.impl(),
                        k -> new Charts.Points(k, new ArrayList<>(), new ArrayList<>()));
                p.x().add(r.flops() / r.bytes());
                p.y().add(Results.throughput(r));
            }
            String label = "measured: " + (compute == null ? "no compute ceiling" : "compute " + num(compute.value()) + " GFLOP/s")
                    + ", " + (bw == null ? "no bandwidth ceiling" : "memory " + num(bw.value()) + " GB/s");
            String title = "Roofline" + (files.size() > 1 ? " (" + labels.get(i) + ")" : "");
            XYChart chart = Charts.roofline(title, new ArrayList<>(series.values()),
                    compute == null ? null : compute.value(), bw == null ? null : bw.value());
            if (chart != null) {
                img(Charts.save(chart, prefix(i) + "roofline", title, charts));
            } else {
                h.append("<p>Nothing to draw: no convolution result with FLOPs and bytes, and no ceilings.</p>\n");
            }
            h.append("<p>Roof: <b>").append(html(label)).append("</b></p>\n");
            if (compute == null || bw == null) {
                h.append("<p><b>Ceilings absent:</b> this file does not carry both measured ceilings (compute and memory "
                        + "bandwidth), so the roof is not drawn");
                h.append(compute == null && bw == null ? "." : " (only one is present).").append("</p>\n");
            }
            if (rf.ceilings() != null && !rf.ceilings().isEmpty()) {
                h.append("<ul>");
                for (ResultFile.Measurement c : rf.ceilings()) {
                    h.append("<li>measured ").append(html(c.name())).append(": <b>").append(num(c.value())).append(' ')
                            .append(html(c.unit())).append("</b>: ").append(html(c.how())).append("</li>");
                }
                h.append("</ul>\n");
            }
        }
    }

    // ---- g. machines side by side ------------------------------------------------------------------

    private void machinesSection() throws IOException {
        h.append("<h2 id=\"machines\">Machines side by side</h2>\n");
        if (files.size() < 2) {
            h.append("<p>One result file was given; give several (machines, JVMs or devices) to compare them here.</p>\n");
            return;
        }
        m.append("## Machines side by side\n\n");
        Map<String, BenchResult[]> byKey = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            for (BenchResult r : files.get(i).results()) {
                if (r.ok()) {
                    byKey.computeIfAbsent(r.impl() + "|" + r.problem() + "|" + r.direction(),
                            k -> new BenchResult[files.size()])[i] = r;
                }
            }
        }
        h.append("<p class=\"note\">Results present in at least two files, matched on implementation, problem and "
                + "direction; ms per operation, and each machine's time relative to <b>")
                .append(html(labels.get(0))).append("</b> (below 1: faster).</p>\n");
        // chart: forward GFLOP/s of every implementation+problem measured on all machines
        List<String> cats = new ArrayList<>();
        List<List<Double>> perMachine = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            perMachine.add(new ArrayList<>());
        }
        for (BenchResult[] row : byKey.values()) {
            if (row[0] == null || !"forward".equals(row[0].direction()) || java.util.Arrays.asList(row).contains(null)) {
                continue;
            }
            cats.add(uniqueCategory(cats, row[0].impl() + " " + Results.shortName(row[0])));
            for (int i = 0; i < row.length; i++) {
                perMachine.get(i).add(Results.throughput(row[i]));
            }
        }
        if (!cats.isEmpty()) {
            List<Charts.BarSeries> series = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                series.add(new Charts.BarSeries(labels.get(i), perMachine.get(i)));
            }
            String title = "forward GFLOP/s per machine";
            CategoryChart chart = Charts.groupedBars(title, "GFLOP/s (log scale)", cats, series);
            if (chart != null) {
                chart.setXAxisTitle("implementation and problem");
                img(Charts.save(chart, "machines-forward", title, charts));
            }
        }
        h.append("<table class=\"machines\"><tr><th>implementation</th><th>problem</th><th>direction</th>");
        for (String l : labels) {
            h.append("<th>").append(html(l)).append(" ms/op</th>");
        }
        for (int i = 1; i < labels.size(); i++) {
            h.append("<th>").append(html(labels.get(i))).append(" / ").append(html(labels.get(0))).append("</th>");
        }
        h.append("</tr>\n");
        int shown = 0;
        for (BenchResult[] row : byKey.values()) {
            int present = 0;
            BenchResult any = null;
            for (BenchResult r : row) {
                if (r != null) {
                    present++;
                    any = r;
                }
            }
            if (present < 2) {
                continue;
            }
            shown++;
            h.append("<tr><td>").append(html(any.impl())).append("</td><td>").append(html(Results.shortName(any)))
                    .append("</td><td>").append(html(any.direction())).append("</td>");
            for (BenchResult r : row) {
                h.append("<td class=\"n\">").append(r == null ? "–" : num(Results.ms(r))).append("</td>");
            }
            Double base = row[0] == null ? null : Results.ms(row[0]);
            for (int i = 1; i < row.length; i++) {
                Double v = row[i] == null ? null : Results.ms(row[i]);
                h.append("<td class=\"n\">").append(base == null || v == null ? "–" : Fmt.ratio(v / base)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        h.append("<p>").append(shown).append(" results in common.</p>\n");
        m.append(shown).append(" results in common between ").append(md(String.join(", ", labels))).append(".\n\n");
        for (int i = 0; i < files.size(); i++) {
            h.append("<h3>Environment: ").append(html(labels.get(i))).append("</h3>\n");
            environmentBlock(files.get(i).environment());
        }
    }

    // ---- h. learners -----------------------------------------------------------------------------------

    private void learnersSection() {
        JsonNode info = resource("implementations.json");
        h.append("<h2 id=\"learners\">For learners: what each implementation does and where its time goes</h2>\n");
        Set<String> impls = new LinkedHashSet<>();
        for (ResultFile rf : files) {
            impls.addAll(Results.impls(rf.results()));
        }
        if (verification != null && verification.results() != null) {
            verification.results().forEach(r -> impls.add(r.impl()));
        }
        for (String impl : impls) {
            JsonNode n = info.path(impl);
            h.append("<h3>").append(html(impl)).append("</h3>\n");
            if (n.isMissingNode()) {
                h.append("<p>No description shipped for this implementation: read its source file (one class per "
                        + "implementation) and compare its figures with the others above.</p>\n");
                continue;
            }
            h.append("<p><b>What it does:</b> ").append(html(n.path("what").asText())).append("<br/><b>Follows:</b> ")
                    .append(html(n.path("follows").asText())).append("<br/><b>Where its time goes:</b> ")
                    .append(html(n.path("time").asText())).append("</p>\n");
            String variant = files.stream().flatMap(f -> f.results().stream())
                    .filter(r -> impl.equals(r.impl()) && r.variant() != null).map(BenchResult::variant)
                    .findFirst().orElse(null);
            if (variant != null) {
                h.append("<p class=\"note\">Measured variant: ").append(html(variant)).append("</p>\n");
            }
        }
    }
}
