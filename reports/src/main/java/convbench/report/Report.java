package convbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import convbench.results.BenchResult;
import convbench.results.ResultFile;
import convbench.results.ResultIO;
import convbench.results.VerificationFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * What every section of one report reads: the result files with their names and unique labels,
 * the verification file, and where charts go. Also the look-ups several sections share.
 */
final class Report {
    final List<ResultFile> files;
    final List<String> names;
    final List<String> labels = new ArrayList<>();
    final VerificationFile verification;
    private final Path chartDir;
    final List<Charts.Rendered> rendered = new ArrayList<>();

    Report(List<ResultFile> files, List<String> names, VerificationFile verification, Path chartDir) {
        this.files = files;
        this.names = names;
        this.verification = verification;
        this.chartDir = chartDir;
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

    boolean several() {
        return files.size() > 1;
    }

    /** Chart file names of the i-th file carry "m1-", "m2-" when there are several files. */
    String prefix(int fileIndex) {
        return several() ? "m" + (fileIndex + 1) + "-" : "";
    }

    /** " (label)" after a title when there are several files. */
    String suffix(int fileIndex) {
        return several() ? " (" + labels.get(fileIndex) + ")" : "";
    }

    /** A subheading naming the file, when there are several. */
    void fileHeading(Doc d, int fileIndex, boolean inSummary) {
        if (several()) {
            d.heading(3, null, labels.get(fileIndex) + " (" + names.get(fileIndex) + ")", inSummary);
        }
    }

    /** What a section shows of one result file. */
    @FunctionalInterface
    interface PerFile {
        void render(int fileIndex) throws IOException;
    }

    /**
     * The shape of a section that shows every result file alike: its heading and note, then
     * {@code perFile} for each file, under the file's subheading when there are several.
     */
    void perFileSection(Doc d, String anchor, String title, boolean inSummary, String note, PerFile perFile)
            throws IOException {
        d.heading(2, anchor, title, inSummary);
        d.note(note);
        eachFile(d, inSummary, perFile);
    }

    /** {@code perFile} for each result file, under the file's subheading when there are several. */
    void eachFile(Doc d, boolean inSummary, PerFile perFile) throws IOException {
        for (int i = 0; i < files.size(); i++) {
            fileHeading(d, i, inSummary);
            perFile.render(i);
        }
    }

    Charts.Rendered save(Chart<?, ?> chart, String name, String title) throws IOException {
        Charts.Rendered r = Charts.save(chart, name, title, chartDir);
        rendered.add(r);
        return r;
    }

    /** The peer baseline's names: oneDNN through ND4J, or oneDNN itself. */
    static boolean isPeer(String impl) {
        return "nd4j-onednn".equals(impl) || "onednn".equals(impl);
    }

    static boolean isOpenCl(BenchResult r) {
        return r.impl() != null && r.impl().startsWith("opencl");
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

    /** Geometric mean of positive finite values; null when there are none. */
    static Double geomean(List<Double> vs) {
        double s = 0;
        int n = 0;
        for (Double v : vs) {
            if (v != null && v > 0 && Double.isFinite(v)) {
                s += Math.log(v);
                n++;
            }
        }
        return n == 0 ? null : Math.exp(s / n);
    }

    static Double median(List<Double> vs) {
        List<Double> s = vs.stream().filter(v -> v != null && Double.isFinite(v)).sorted().toList();
        if (s.isEmpty()) {
            return null;
        }
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static JsonNode resource(String name) {
        try (InputStream in = Report.class.getResourceAsStream("/convbench/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource /convbench/report/" + name + " is missing from the jar");
            }
            return ResultIO.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
