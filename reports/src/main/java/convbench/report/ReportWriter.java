package convbench.report;

import static convbench.report.Fmt.html;

import convbench.results.ResultFile;
import convbench.results.VerificationFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the report of one or more bench result files (and optionally a verification file):
 * {@code report.html} (self-contained: charts embedded as PNG data URIs, inline CSS, no scripts),
 * {@code summary.md} (for a CI job summary) and {@code charts/NAME.png|svg}. Each section is one
 * class that fills the same {@link Doc} model, rendered once as HTML and once as Markdown; the
 * answers come first. Everything is written into a temporary directory beside the output
 * directory and moved into place at the end, so a report is never half written.
 */
public final class ReportWriter {
    static final String CSS = """
            body{font-family:sans-serif;margin:1.5em auto;max-width:1300px;padding:0 12px;color:#222;line-height:1.4}
            h1,h2,h3{color:#123}h2{border-bottom:2px solid #ccd;padding-bottom:.2em;margin-top:2em}
            section#answers{background:#f6f8ff;border:1px solid #ccd;padding:0 1em .5em;border-radius:6px}
            section#answers h2{margin-top:.6em}section#answers li{margin:.25em 0}
            table.answers-table td{white-space:nowrap}table.answers-table td:last-child{white-space:normal}
            .scroll{max-width:100%;overflow-x:auto}
            table{border-collapse:collapse;margin:.6em 0;font-size:13px}
            th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left;overflow-wrap:anywhere}
            th{background:#eef}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .st-PASS{background:#c8f0c8}.st-FAIL{background:#f08080}.st-ERROR{background:#8b0000;color:#fff}
            .st-SKIPPED{background:#ddd;color:#555}.st-MISTRUSTED{background:#ffb347}
            .st-HOLDS{background:#c8f0c8}.st-ERRATUM{background:#ffe08a}.st-UNEXPECTED_ERRATUM{background:#f08080}
            .st-ERRATUM_NOT_REPRODUCED{background:#ffb347}.st-GENERATED{background:#e8e8ff}
            .st-ok{}.st-skipped{background:#eee;color:#666}.st-error{background:#f4c0c0}
            .unstable{background:#ffd27a;color:#5a3b00;padding:0 3px;border-radius:3px;font-size:12px}
            .good{background:#c8f0c8;padding:0 4px;border-radius:3px;font-weight:bold}
            .bad{background:#f08080;padding:0 4px;border-radius:3px;font-weight:bold}
            .bar-kernels{color:#2a8a2a}.bar-rest{color:#bbb}
            .figures{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
            figure{margin:.4em 0}img.chart{max-width:100%;height:auto;border:1px solid #ddd}
            .note{color:#555;font-size:13px}code{background:#f4f4f4;padding:0 2px;overflow-wrap:anywhere}
            nav a{margin-right:1em}
            """;

    /** Short names of the sections for the navigation line. */
    private static final java.util.Map<String, String> NAV = java.util.Map.of("answers", "Answers",
            "verification", "Verification", "throughput", "GFLOP/s", "speedups", "Speed-ups",
            "documents", "Documents' comparisons", "opencl", "OpenCL", "roofline", "Roofline",
            "machines", "Machines side by side", "learners", "For learners", "header", "Environment");

    private final Report report;
    private String html;
    private String markdown;

    private ReportWriter(List<ResultFile> files, List<String> names, VerificationFile verification, Path charts) {
        this.report = new Report(files, names, verification, charts);
    }

    /**
     * Writes the report into {@code outDir} (replacing a previous report there) and returns the
     * path of {@code report.html}.
     *
     * @param results         bench result files (may be empty when a verification file is given)
     * @param resultFileNames their names as shown in the report (same order; may be null)
     * @param verification    the verification output, or null
     */
    public static Path write(List<ResultFile> results, List<String> resultFileNames, VerificationFile verification,
                             Path outDir) throws IOException {
        if ((results == null || results.isEmpty()) && verification == null) {
            throw new IllegalArgumentException("at least one result file or a verification file is needed");
        }
        results = results == null ? List.of() : results;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            names.add(resultFileNames != null && i < resultFileNames.size() && resultFileNames.get(i) != null
                    ? resultFileNames.get(i) : "results " + (i + 1));
        }
        Path out = outDir.toAbsolutePath().normalize();
        Path parent = out.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + out.getFileName() + ".tmp-");
        try {
            ReportWriter w = new ReportWriter(results, names, verification, tmp.resolve("charts"));
            w.build();
            Files.writeString(tmp.resolve("report.html"), w.html, StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve("summary.md"), w.markdown, StandardCharsets.UTF_8);
            install(tmp, out);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        return out.resolve("report.html");
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
            old = out.resolveSibling("." + out.getFileName() + ".old-" + System.nanoTime());
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
        Doc d = new Doc();
        AnswersSection.render(report, d);
        VerificationSection.render(report, d);
        if (!report.files.isEmpty()) {
            ThroughputSection.render(report, d);
            SpeedupSection.render(report, d);
            DocumentsSection.render(report, d);
            OpenClSection.render(report, d);
            RooflineSection.render(report, d);
            MachinesSection.render(report, d);
        }
        LearnersSection.render(report, d);
        if (!report.files.isEmpty()) {
            MachinesSection.environment(report, d);
        }
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
                .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"UTF-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>convbench report</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>convbench report</h1>\n<nav>");
        for (Doc.Block b : d.blocks()) {
            if (b instanceof Doc.Heading x && x.level() == 2 && x.id() != null) {
                h.append("<a href=\"#").append(html(x.id())).append("\">")
                        .append(html(NAV.getOrDefault(x.id(), x.text().toString()))).append("</a> ");
            }
        }
        h.append("</nav>\n").append(d.toHtml());
        h.append("<p class=\"note\">Charts are also in <code>charts/</code> as PNG and SVG: ");
        for (Charts.Rendered r : report.rendered) {
            h.append("<a href=\"charts/").append(html(r.name())).append(".svg\">").append(html(r.name())).append("</a> ");
        }
        h.append("</p>\n</body>\n</html>\n");
        html = h.toString();
        markdown = "# convbench report\n\n" + d.toMarkdown();
    }
}
