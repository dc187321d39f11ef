package convbench.report;

import static convbench.report.Fmt.html;

import convbench.results.FileTrees;
import convbench.results.ResultFile;
import convbench.results.VerificationFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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
            .bar-kernels{color:#2a8a2a}.bar-rest{color:#bbb}.bar-p0{color:#1f77b4}.bar-p1{color:#ff7f0e}
            .bar-p2{color:#2ca02c}.bar-p3{color:#d62728}.bar-p4{color:#9467bd}.bar-p5{color:#8c564b}
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
            Files.writeString(tmp.resolve("report.html"), w.html, StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve("summary.md"), w.markdown, StandardCharsets.UTF_8);
            writeMarker(tmp);
            install(tmp, out);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteQuietly(tmp);
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
                FileTrees.deleteQuietly(p);
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
            FileTrees.deleteQuietly(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
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
            PeerSection.render(report, d);
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
