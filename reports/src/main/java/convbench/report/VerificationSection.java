package convbench.report;

import convbench.results.VerificationWords;
import convbench.report.Doc.Cell;
import convbench.report.Doc.Text;
import convbench.results.VerificationFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The verification matrix (fixtures x implementations) and the errata the documents contain. */
final class VerificationSection {
    private static final List<String> SEVERITY = VerificationWords.BY_SEVERITY;

    private VerificationSection() {
    }

    static String document(VerificationFile.FixtureVerdict f) {
        Object d = f.source() == null ? null : f.source().get("document");
        return d == null ? "(no source)" : d.toString();
    }

    static String section(VerificationFile.FixtureVerdict f) {
        Object d = f.source() == null ? null : f.source().get("section");
        return d == null ? "" : d.toString();
    }

    private static Cell status(String status, String title) {
        return new Cell(Text.of(status), "st-" + status, title);
    }

    static void render(Report rep, Doc d) {
        d.heading(2, "verification", "Verification matrix", true);
        VerificationFile v = rep.verification;
        if (v == null) {
            d.para(Text.of("No verification file was given (").code("convbench verify --json FILE")
                    .plain(" writes one)."), true);
            return;
        }
        VerificationFile.Summary s = v.summary();
        if (s != null) {
            String line = "fixtures:" + s.fixtures() + " passed:" + s.passed() + " failed:" + s.failed() + " skipped:"
                    + s.skipped() + " errors:" + s.errors() + " mistrusted:" + s.mistrusted() + " errata:" + s.errata()
                    + " unexpected errata:" + s.unexpectedErrata() + " stale errata:" + s.staleErrata();
            d.para(Text.of("Summary: ").code(line), true);
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
            if (VerificationWords.GENERATED.equals(f.documentStatus()) || "generated".equals(doc)) {
                generated.computeIfAbsent(f.op() == null ? "?" : f.op(), k -> new ArrayList<>()).add(f);
            } else {
                byDoc.computeIfAbsent(doc, k -> new ArrayList<>()).add(f);
            }
        }
        d.note("Cells: PASS green, FAIL red, ERROR dark red, SKIPPED grey (hover for the reason), MISTRUSTED orange. "
                + "Generated cases are summarised per operation.");
        List<Cell> header = new ArrayList<>(List.of(Cell.of("fixture"), Cell.of("section"), Cell.of("op"),
                Cell.of("document status")));
        impls.forEach(i -> header.add(Cell.of(i)));
        List<List<Cell>> rows = new ArrayList<>();
        for (Map.Entry<String, List<VerificationFile.FixtureVerdict>> e : byDoc.entrySet()) {
            rows.add(List.of(new Cell(Text.of("document " + e.getKey() + " (" + e.getValue().size() + " fixtures)"), "group", null)));
            for (VerificationFile.FixtureVerdict f : e.getValue()) {
                List<Cell> row = new ArrayList<>(List.of(new Cell(Text.of(f.id()), null, f.title()), Cell.of(section(f)),
                        Cell.of(f.op()), status(f.documentStatus(), null)));
                Map<String, VerificationFile.ImplResult> cells = byFixture.getOrDefault(f.id(), Map.of());
                for (String impl : impls) {
                    VerificationFile.ImplResult r = cells.get(impl);
                    row.add(r == null ? Cell.of("–") : status(r.status(), r.message()));
                }
                rows.add(row);
            }
        }
        if (!generated.isEmpty()) {
            int n = generated.values().stream().mapToInt(List::size).sum();
            rows.add(List.of(new Cell(Text.of("generated cases (" + n + "), judged by the reference only; one row per operation"),
                    "group", null)));
            for (Map.Entry<String, List<VerificationFile.FixtureVerdict>> e : generated.entrySet()) {
                List<Cell> row = new ArrayList<>(List.of(Cell.of(e.getValue().size() + " generated cases"), Cell.of(""),
                        Cell.of(e.getKey()), status(VerificationWords.GENERATED, null)));
                for (String impl : impls) {
                    row.add(generatedCell(e.getValue(), byFixture, impl));
                }
                rows.add(row);
            }
        }
        d.table("matrix", header, rows, false);
        errata(d, fixtures);
    }

    private static Cell generatedCell(List<VerificationFile.FixtureVerdict> cases,
                                      Map<String, Map<String, VerificationFile.ImplResult>> byFixture, String impl) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        String worst = null;
        String reason = null;
        for (VerificationFile.FixtureVerdict f : cases) {
            VerificationFile.ImplResult r = byFixture.getOrDefault(f.id(), Map.of()).get(impl);
            if (r == null) {
                continue;
            }
            counts.merge(r.status(), 1, Integer::sum);
            if (worst == null || SEVERITY.indexOf(r.status()) > SEVERITY.indexOf(worst)) {
                worst = r.status();
            }
            if (!VerificationWords.PASS.equals(r.status()) && r.message() != null && reason == null) {
                reason = f.id() + ": " + r.message();
            }
        }
        if (worst == null) {
            return Cell.of("–");
        }
        StringBuilder t = new StringBuilder();
        counts.forEach((k, c) -> t.append(t.length() == 0 ? "" : ", ").append(c).append(' ').append(k));
        return new Cell(Text.of(t), "st-" + worst, reason);
    }

    private static void errata(Doc d, List<VerificationFile.FixtureVerdict> fixtures) {
        List<VerificationFile.FixtureVerdict> errata = fixtures.stream()
                .filter(f -> f.erratumReason() != null || (f.documentStatus() != null && f.documentStatus().contains(VerificationWords.ERRATUM)))
                .toList();
        d.heading(3, "errata", "Errata (" + errata.size() + "): what the documents state and what is right", true);
        if (errata.isEmpty()) {
            d.para(Text.of("No errata."), true);
            return;
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (VerificationFile.FixtureVerdict f : errata) {
            rows.add(List.of(Cell.of(document(f)), Cell.of(section(f)), Cell.of(f.id()), status(f.documentStatus(), null),
                    Cell.of(f.stated()), Cell.of(f.reference()), Cell.of(f.erratumReason())));
        }
        d.table("errata", List.of(Cell.of("document"), Cell.of("section"), Cell.of("fixture"), Cell.of("status"),
                Cell.of("the document states"), Cell.of("the reference computes"), Cell.of("why")), rows, false);
        // summary.md: the short form (no reasons, which are paragraphs)
        List<List<Cell>> shortRows = new ArrayList<>();
        for (VerificationFile.FixtureVerdict f : errata) {
            shortRows.add(List.of(Cell.of(document(f)), Cell.of(section(f)), Cell.of(f.stated()), Cell.of(f.reference())));
        }
        d.summaryOnly(new Doc.Table(null, List.of(Cell.of("document"), Cell.of("section"), Cell.of("states"),
                Cell.of("reference")), shortRows, true));
    }
}
