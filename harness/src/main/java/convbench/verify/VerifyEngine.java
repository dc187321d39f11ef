package convbench.verify;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Support;
import convbench.api.Tensor64;
import convbench.fixtures.Fixture;
import convbench.results.Environment;
import convbench.results.VerificationFile;
import convbench.results.VerificationFile.FixtureVerdict;
import convbench.results.VerificationFile.ImplResult;
import convbench.results.VerificationWords;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the verdict table of the fixture format: the document's stated value S against the
 * float64 reference R gives the document status; each implementation is then compared with the
 * right value (S, the erratum's correction, or R).
 */
public final class VerifyEngine {
    // the words of the verification file, defined in the result model (VerificationWords)
    public static final double MISTRUST_ZERO_FRACTION = 0.70;

    public static final String HOLDS = VerificationWords.HOLDS;
    public static final String ERRATUM = VerificationWords.ERRATUM;
    public static final String UNEXPECTED_ERRATUM = VerificationWords.UNEXPECTED_ERRATUM;
    public static final String ERRATUM_NOT_REPRODUCED = VerificationWords.ERRATUM_NOT_REPRODUCED;
    public static final String GENERATED = VerificationWords.GENERATED;

    public static final String PASS = VerificationWords.PASS;
    public static final String FAIL = VerificationWords.FAIL;
    public static final String SKIPPED = VerificationWords.SKIPPED;
    public static final String ERROR = VerificationWords.ERROR;
    public static final String MISTRUSTED = VerificationWords.MISTRUSTED;

    /** Builds the one-line command that reruns a single fixture on a single implementation. */
    public interface Repro {
        String command(Fixture f, String impl);
    }

    private final List<Implementation> impls;
    private final PrintStream out;
    private final Repro repro;
    private final boolean ciStrict;

    /**
     * @param ciStrict when true (CI=true), an implementation that is not available here (e.g. no
     *                 OpenCL device) is an ERROR, never a skip
     */
    public VerifyEngine(List<Implementation> impls, PrintStream out, Repro repro, boolean ciStrict) {
        this.impls = impls;
        this.out = out;
        this.repro = repro;
        this.ciStrict = ciStrict;
    }

    /** The verdict of one fixture, and each implementation's result on it. */
    public record Outcome(FixtureVerdict verdict, List<ImplResult> results) {
    }

    public VerificationFile run(List<Fixture> fixtures, Environment env) {
        List<FixtureVerdict> verdicts = new ArrayList<>();
        List<ImplResult> results = new ArrayList<>();
        Map<String, Support> availability = new LinkedHashMap<>();
        for (Implementation impl : impls) {
            availability.put(impl.name(), safeAvailable(impl));
        }
        int width = String.valueOf(fixtures.size()).length();
        int i = 0;
        for (Fixture f : fixtures) {
            i++;
            Outcome o = verify(f, availability);
            verdicts.add(o.verdict());
            results.addAll(o.results());
            printProgress(i, fixtures.size(), width, f, o);
        }
        return new VerificationFile(VerificationFile.FORMAT_VERSION, env, verdicts, results, summarize(verdicts, results));
    }

    private static Support safeAvailable(Implementation impl) {
        try {
            return impl.available();
        } catch (RuntimeException | LinkageError e) {
            return Support.no("availability check failed: " + e);
        }
    }

    public Outcome verify(Fixture f, Map<String, Support> availability) {
        Map<String, Tensor64> reference;
        try {
            reference = ReferenceResults.compute(f);
        } catch (RuntimeException e) {
            FixtureVerdict v = verdict(f, UNEXPECTED_ERRATUM, null, null, "the reference failed: " + e);
            return new Outcome(v, List.of());
        }
        boolean generated = GeneratedCases.isGenerated(f);
        String status;
        Map<String, Tensor64> right;
        String stated = null, computed = null, message = null;
        boolean mistrusted = false;
        if (generated) {
            status = GENERATED;
            right = reference;
            for (var e : GeneratedCases.zeroFractions(f, reference).entrySet()) {
                double zeros = e.getValue();
                if (zeros > MISTRUST_ZERO_FRACTION) {
                    mistrusted = true;
                    message = String.format("reference %s is %.0f%% zeros (over %.0f%%): a kernel that writes nothing"
                            + " could pass", e.getKey(), 100 * zeros, 100 * MISTRUST_ZERO_FRACTION);
                }
            }
        } else {
            Map<String, Tensor64> relevant = new LinkedHashMap<>();
            f.expected().keySet().forEach(k -> relevant.put(k, reference.get(k)));
            Comparison sVsR = Comparison.of(relevant, f.expected(), f.tolerance(), "reference", "document");
            if (sVsR.agree()) {
                if (f.erratum() == null) {
                    status = HOLDS;
                    right = f.expected();
                } else {
                    status = ERRATUM_NOT_REPRODUCED;
                    right = f.expected();
                    message = "the document's value agrees with the reference, so the erratum annotation is stale";
                }
            } else {
                stated = describeAll(f.expected(), relevant, f);
                computed = describeAll(relevant, f.expected(), f);
                if (f.erratum() == null) {
                    status = UNEXPECTED_ERRATUM;
                    right = relevant;
                    message = "the document's value disagrees with the reference and the fixture has no documentErratum: "
                            + String.join("; ", sVsR.mismatches().subList(0, Math.min(3, sVsR.mismatches().size())));
                } else {
                    Map<String, Tensor64> corrected = new LinkedHashMap<>(relevant);
                    corrected.putAll(f.erratum().corrected());
                    Map<String, Tensor64> relevantCorrected = new LinkedHashMap<>();
                    f.erratum().corrected().keySet().forEach(k -> relevantCorrected.put(k, reference.get(k)));
                    Comparison cVsR = Comparison.of(relevantCorrected, f.erratum().corrected(), f.tolerance(),
                            "reference", "corrected");
                    if (cVsR.agree()) {
                        status = ERRATUM;
                        right = corrected;
                    } else {
                        status = UNEXPECTED_ERRATUM;
                        right = relevant;
                        message = "documentErratum.corrected disagrees with the reference too: "
                                + String.join("; ", cVsR.mismatches().subList(0, Math.min(3, cVsR.mismatches().size())));
                    }
                }
            }
        }
        FixtureVerdict verdict = verdict(f, status, stated, computed, message);

        List<ImplResult> results = new ArrayList<>();
        Op kernelOp = ImplRunner.kernelOp(f);
        for (Implementation impl : impls) {
            results.add(runOne(f, impl, availability.get(impl.name()), kernelOp, right, mistrusted));
        }
        return new Outcome(verdict, results);
    }

    private ImplResult runOne(Fixture f, Implementation impl, Support available, Op kernelOp,
                              Map<String, Tensor64> right, boolean mistrusted) {
        String name = impl.name();
        if (available != null && !available.supported()) {
            if (ciStrict) {
                return new ImplResult(f.id(), name, ERROR, null, null,
                        "not available, and CI=true makes that an error: " + available.reason());
            }
            return new ImplResult(f.id(), name, SKIPPED, null, null, available.reason());
        }
        Support s;
        try {
            s = impl.supports(kernelOp, f.window());
        } catch (RuntimeException e) {
            return new ImplResult(f.id(), name, ERROR, null, null, "supports() threw " + e);
        }
        if (!s.supported()) {
            return new ImplResult(f.id(), name, SKIPPED, null, null, s.reason());
        }
        Map<String, Tensor64> got;
        String[] skip = new String[1];
        try {
            got = ImplRunner.run(impl, f, skip);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
            return new ImplResult(f.id(), name, ERROR, null, null, msg + "\n  repro: " + repro.command(f, name));
        }
        if (got == null) {
            return new ImplResult(f.id(), name, SKIPPED, null, null, skip[0]);
        }
        Map<String, Tensor64> want = new LinkedHashMap<>();
        for (String k : right.keySet()) {
            if (got.containsKey(k) || f.op() != Op.OUTPUT_SHAPE) {
                want.put(k, right.get(k));
            }
        }
        Comparison c = Comparison.of(want, got, f.tolerance());
        Double maxAbs = finiteOrNull(c.maxAbsError()), maxRel = finiteOrNull(c.maxRelError());
        if (!c.agree()) {
            String msg = String.join("\n", c.mismatches()) + "\n  repro: " + repro.command(f, name);
            return new ImplResult(f.id(), name, FAIL, maxAbs, maxRel, msg);
        }
        if (mistrusted) {
            return new ImplResult(f.id(), name, MISTRUSTED, maxAbs, maxRel,
                    "agrees, but the case is too sparse to prove anything");
        }
        return new ImplResult(f.id(), name, PASS, maxAbs, maxRel, null);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The values of {@code side} for every name where the two sides disagree, e.g. {@code y = [19, 25; 37, 44]}. */
    private static String describeAll(Map<String, Tensor64> side, Map<String, Tensor64> other, Fixture f) {
        List<String> parts = new ArrayList<>();
        for (String k : side.keySet()) {
            Comparison c = Comparison.of(Map.of(k, other.get(k)), Map.of(k, side.get(k)), f.tolerance());
            if (!c.agree()) {
                parts.add(k + " = " + Comparison.values(side.get(k)));
            }
        }
        return String.join(", ", parts);
    }

    private static FixtureVerdict verdict(Fixture f, String status, String stated, String reference, String message) {
        Map<String, Object> source = new LinkedHashMap<>();
        if (f.source() != null) {
            source.put("document", f.source().document());
            source.put("section", f.source().section());
            source.put("kind", f.source().kind());
        }
        String reason = f.erratum() == null ? null : f.erratum().reason();
        return new FixtureVerdict(f.id(), f.title(), f.op().id(), status, source, f.file(), reason, stated, reference,
                message);
    }

    public static VerificationFile.Summary summarize(List<FixtureVerdict> verdicts, List<ImplResult> results) {
        int passed = 0, failed = 0, skipped = 0, errors = 0, mistrusted = 0;
        for (ImplResult r : results) {
            switch (r.status()) {
                case PASS -> passed++;
                case FAIL -> failed++;
                case SKIPPED -> skipped++;
                case ERROR -> errors++;
                case MISTRUSTED -> mistrusted++;
                default -> {
                }
            }
        }
        int errata = 0, unexpected = 0, stale = 0;
        for (FixtureVerdict v : verdicts) {
            switch (v.documentStatus()) {
                case ERRATUM -> errata++;
                case UNEXPECTED_ERRATUM -> unexpected++;
                case ERRATUM_NOT_REPRODUCED -> stale++;
                default -> {
                }
            }
        }
        return new VerificationFile.Summary(verdicts.size(), passed, failed, skipped, errors, errata, unexpected,
                mistrusted, stale);
    }

    /** True when the run must exit 1: a failure, an error, or a document status that counts as one. */
    public static boolean failed(VerificationFile.Summary s) {
        return s.failed() > 0 || s.errors() > 0 || s.unexpectedErrata() > 0 || s.staleErrata() > 0;
    }

    public static String summaryLine(VerificationFile.Summary s) {
        return String.format("fixtures:%d passed:%d failed:%d skipped:%d mistrusted:%d errata:%d unexpected-errata:%d"
                        + " errors:%d stale-errata:%d", s.fixtures(), s.passed(), s.failed(), s.skipped(), s.mistrusted(),
                s.errata(), s.unexpectedErrata(), s.errors(), s.staleErrata());
    }

    private void printProgress(int i, int total, int width, Fixture f, Outcome o) {
        if (out == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("[%" + width + "d/%d] %-22s %s", i, total, o.verdict().documentStatus(), f.id()));
        StringBuilder details = new StringBuilder();
        List<String> counts = new ArrayList<>();
        for (ImplResult r : o.results()) {
            counts.add(r.impl() + ":" + r.status());
            if (r.status().equals(FAIL) || r.status().equals(ERROR)) {
                details.append("    ").append(r.impl()).append(" ").append(r.status()).append(" on ").append(f.id())
                        .append(" (").append(f.title()).append(")\n");
                for (String line : r.message().split("\n")) {
                    details.append("      ").append(line).append('\n');
                }
            }
        }
        sb.append("  ").append(String.join(" ", counts));
        out.println(sb);
        FixtureVerdict v = o.verdict();
        if (v.documentStatus().equals(UNEXPECTED_ERRATUM) || v.documentStatus().equals(ERRATUM_NOT_REPRODUCED)) {
            out.println("    document: " + v.message());
        } else if (v.documentStatus().equals(ERRATUM)) {
            out.println("    erratum: " + v.erratumReason());
        } else if (v.message() != null) {
            out.println("    " + v.message());
        }
        if (details.length() > 0) {
            out.print(details);
        }
    }
}
