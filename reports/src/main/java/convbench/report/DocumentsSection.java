package convbench.report;

import static convbench.report.Fmt.num;

import com.fasterxml.jackson.databind.JsonNode;
import convbench.report.Doc.Cell;
import convbench.report.Doc.Text;
import convbench.results.BenchResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The documents' own method comparisons (their timings in seconds), measured here as ratios. */
final class DocumentsSection {
    private DocumentsSection() {
    }

    /**
     * A measure's median time and the sum of its points' interval ends (null where a point has no
     * interval), so a ratio of two measures can carry an interval too.
     */
    record Measured(Double ms, Double lowMs, Double highMs, String how) {
        Measured(Double ms, String how) {
            this(ms, null, null, how);
        }

        static Measured of(String how, Point... points) {
            double ms = 0, lo = 0, hi = 0;
            boolean bounds = true;
            for (Point p : points) {
                ms += p.ms();
                bounds &= p.lowMs() != null && p.highMs() != null;
                lo += bounds ? p.lowMs() : 0;
                hi += bounds ? p.highMs() : 0;
            }
            return bounds ? new Measured(ms, lo, hi, how) : new Measured(ms, null, null, how);
        }
    }

    /** The median time of one "measure" (forward, forward+backward, both pooling passes) of impl on problem. */
    static Measured measure(List<BenchResult> rs, String impl, String problem, String measure) {
        if (impl == null) {
            return new Measured(null, "no counterpart");
        }
        switch (measure) {
            case "forward" -> {
                Point f = Point.of(Report.find(rs, impl, problem, "forward"));
                return f == null ? new Measured(null, "forward not measured") : Measured.of("forward", f);
            }
            case "forward+backward" -> {
                Point f = Point.of(Report.find(rs, impl, problem, "forward"));
                Point b = Point.of(Report.find(rs, impl, problem, "backward"));
                if (f != null && b != null) {
                    return Measured.of("forward + backward", f, b);
                }
                Point bd = Point.of(Report.find(rs, impl, problem, "backward-data"));
                Point bw = Point.of(Report.find(rs, impl, problem, "backward-weights"));
                if (f != null && bd != null && bw != null) {
                    return Measured.of("forward + backward-data + backward-weights", f, bd, bw);
                }
                return new Measured(null, "forward and backward not all measured");
            }
            case "pool-forward+pool-backward" -> {
                Point f = Point.of(Report.find(rs, impl, problem, "pool-forward"));
                Point b = Point.of(Report.find(rs, impl, problem, "pool-backward"));
                return f == null || b == null ? new Measured(null, "pool-forward/pool-backward not measured")
                        : Measured.of("pool-forward + pool-backward", f, b);
            }
            default -> {
                return new Measured(null, "unknown measure " + measure);
            }
        }
    }

    private static Cell measuredCell(String impl, Measured mm, String method) {
        if (impl == null) {
            return Cell.of("no counterpart (" + method + " runs interpreted; nothing here does)");
        }
        if (mm.ms() == null) {
            return Cell.of(impl + ": " + mm.how());
        }
        return new Cell(Text.of(impl + ": " + num(mm.ms()) + " ms").br().plain(mm.how()), "n", null);
    }

    static void render(Report rep, Doc d) throws IOException {
        JsonNode doc = Report.resource("document-comparisons.json");
        rep.perFileSection(d, "documents", "The documents' own method comparisons, measured here", true,
                doc.path("note").asText() + " Ratio = time of A / time of B (above 1: B is faster). Absolute seconds are "
                + "the documents' (Python, their machines, their repetition counts); only ratios compare. Times here are 10th percentiles of the samples; "
                + "the ratio's interval runs from A's low / B's high to A's high / B's low (95% intervals of the 10th percentiles), and "
                + "a comparison whose interval contains 1 is \"" + Findings.TOO_CLOSE + "\": run to run it could go either way.", i -> {
            List<BenchResult> rs = rep.files.get(i).results();
            List<List<Cell>> rows = new ArrayList<>();
            List<List<Cell>> shortRows = new ArrayList<>();
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
                Findings.DocumentComparison cmp = Findings.DocumentComparison.of(c, ma, mb);
                Double here = cmp.hereRatio();
                String verdict = cmp.verdict() == null ? "not judged" : cmp.verdict();
                Text blocked = Text.of(bl.ms() == null ? "blocked: " + bl.how() : "blocked: " + num(bl.ms()) + " ms");
                if (bl.ms() != null && mb.ms() != null && bl.ms() > 0) {
                    blocked.br().plain(implB + "/blocked = " + Fmt.ratio(mb.ms() / bl.ms()));
                }
                rows.add(List.of(Cell.of(c.path("document").asText() + " §" + c.path("section").asText()),
                        Cell.of(c.path("what").asText() + " (" + measureName + ")"), Cell.of(Text.of("").code(problem)),
                        Cell.num(a.path("method").asText() + ": " + a.path("seconds").asText() + " s"),
                        Cell.num(b.path("method").asText() + ": " + b.path("seconds").asText() + " s"),
                        Cell.num(Fmt.ratio(qa / qb)), measuredCell(implA, ma, a.path("method").asText()),
                        measuredCell(implB, mb, null), Cell.num(here == null ? "n/a" : Fmt.ratio(here) + cmp.intervalText()),
                        new Cell(Text.of(verdict), Findings.HOLDS.equals(verdict) ? "st-HOLDS"
                                : Findings.DOES_NOT_HOLD.equals(verdict) ? "st-FAIL" : null, null),
                        new Cell(blocked, "n", null)));
                shortRows.add(List.of(Cell.of(c.path("section").asText()),
                        Cell.of(a.path("method").asText() + " vs " + b.path("method").asText() + ", " + measureName),
                        Cell.num(Fmt.ratio(qa / qb)),
                        Cell.num(here == null ? (implA == null ? "no counterpart" : "not measured")
                                : Fmt.ratio(here) + cmp.intervalText()),
                        Cell.of(verdict)));
            }
            d.table("docs", List.of(Cell.of("document, section"), Cell.of("compared"), Cell.of("problem"),
                    Cell.of("document: A"), Cell.of("document: B"), Cell.of("document ratio A/B"), Cell.of("here: A"),
                    Cell.of("here: B"), Cell.of("here ratio A/B"), Cell.of("verdict"), Cell.of("here: blocked (perspective)")),
                    rows, false);
            d.summaryOnly(new Doc.Table(null, List.of(Cell.of("section"), Cell.of("compared"), Cell.num("document A/B"),
                    Cell.num("here A/B"), Cell.of("verdict")), shortRows, true));
            Map<String, Object> settings = rep.files.get(i).settings() == null ? Map.of() : rep.files.get(i).settings();
            if (settings.get("lockstepImpls") instanceof List<?> pair && pair.size() == 2) {
                d.note("Measured in lockstep: " + pair.get(0) + " and " + pair.get(1) + " ran each fork of a point at "
                        + "once, taking turns one iteration each, so every ratio above saw the same machine ("
                        + settings.get("lockstepForkPairs") + " fork pairs).");
            }
        });
        d.note("numba compiles the document's loops to machine code, as the JIT compiles our naive loops; the documents' "
                + "plain-Python timing has no counterpart here, since nothing in convbench runs interpreted.");
    }
}
