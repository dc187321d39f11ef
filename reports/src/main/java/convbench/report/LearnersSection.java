package convbench.report;

import static convbench.report.Fmt.num;

import com.fasterxml.jackson.databind.JsonNode;
import convbench.report.Doc.Cell;
import convbench.report.Doc.Text;
import convbench.results.BenchResult;
import convbench.results.ResultFile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * For learners: what each implementation does, and where its time goes, measured: OpenCL's
 * kernels vs the rest of a call and the one-time build; oneDNN's primitive vs its reorders; the
 * CPU implementations' phases (im2col vs GEMM vs col2im, packing vs micro-kernel) from the bench's
 * phase pass ({@link PhaseSplitTable}). Where a result file has none of these, the section says so
 * instead of guessing.
 */
final class LearnersSection {
    private LearnersSection() {
    }

    static void render(Report rep, Doc d) {
        JsonNode info = Report.resource("implementations.json");
        d.heading(2, "learners", "For learners: what each implementation does and where its time goes", false);
        Set<String> impls = new LinkedHashSet<>();
        for (ResultFile rf : rep.files) {
            impls.addAll(Results.impls(rf.results()));
        }
        if (rep.verification != null && rep.verification.results() != null) {
            rep.verification.results().forEach(r -> impls.add(r.impl()));
        }
        for (String impl : impls) {
            JsonNode n = info.path(impl);
            d.heading(3, "learn-" + impl, impl, false);
            if (n.isMissingNode()) {
                d.para(Text.of("No description shipped for this implementation: read its source file (one class per "
                        + "implementation) and compare its figures with the others above."), false);
            } else {
                d.para(Text.of("").bold("What it does: ").plain(n.path("what").asText()).br().bold("Follows: ")
                        .plain(n.path("follows").asText()).br().bold("Where its time should go: ")
                        .plain(n.path("time").asText()), false);
            }
            String variant = rep.files.stream().flatMap(f -> f.results().stream())
                    .filter(r -> impl.equals(r.impl()) && r.variant() != null).map(BenchResult::variant)
                    .findFirst().orElse(null);
            if (variant != null) {
                d.note("Measured variant: " + variant);
            }
            measuredSplit(rep, d, impl);
        }
    }

    /** The measured split: device timings (OpenCL, oneDNN), else the phase pass, else a plain statement. */
    private static void measuredSplit(Report rep, Doc d, String impl) {
        if ("naive".equals(impl)) {
            d.para(Text.of("").bold("Measured split: ").plain("none needed: naive is one loop nest, all of its time "
                    + "is in it."), false);
            return;
        }
        boolean device = impl.startsWith("opencl") || "onednn".equals(impl);
        if (!device && PhaseSplitTable.render(rep, d, impl)) {
            return;
        }
        if (!device) {
            String phases = phases(impl);
            d.para(Text.of("").bold("Measured split: ").plain("not in these result files. The benchmark times each "
                    + "call as a whole; " + (phases == null ? "this implementation reports no phases"
                    : "its phases (" + phases + ") are in result files written since convbench's bench records "
                    + "\"phases\", not in these") + ", so this report does not guess their shares."), false);
            return;
        }
        boolean onednn = "onednn".equals(impl);
        List<List<Cell>> rows = new ArrayList<>();
        for (ResultFile rf : rep.files) {
            for (BenchResult r : rf.results()) {
                Point p = Point.of(r);
                if (p == null || !impl.equals(r.impl()) || r.openclDeviceMs() == null || r.openclEndToEndMs() == null
                        || r.openclEndToEndMs() <= 0) {
                    continue;
                }
                double kernels = Math.min(1, r.openclDeviceMs() / r.openclEndToEndMs());
                rows.add(List.of(Cell.of(Results.shortName(r)), Cell.of(r.direction()),
                        Cell.num(num(r.openclDeviceMs())), Cell.num(num(r.openclEndToEndMs() - Math.min(r.openclDeviceMs(),
                                r.openclEndToEndMs()))), new Cell(bar(kernels), null, Fmt.pct(kernels) + (onednn ? " in the primitive" : " in kernels")),
                        Cell.num(OpenClSection.build(r.openclBuildMs()))));
            }
        }
        if (rows.isEmpty()) {
            d.para(Text.of("").bold("Measured split: ").plain("no benchmark point with device timings in the result "
                    + "files."), false);
            return;
        }
        d.para(Text.of("").bold("Measured split").plain(onednn ? " of a call, averaged over each measured iteration: "
                + "oneDNN's primitive in the layouts it chose, and the reorders from and to NCHW/OIHW that a caller "
                + "holding plain arrays pays:" : " of a call, averaged over each measured iteration (see the OpenCL "
                + "section for how it relates to the benchmark's median):"), false);
        d.table("split", List.of(Cell.of("problem"), Cell.of("direction"), Cell.of(onednn ? "primitive ms" : "kernels ms"),
                Cell.of(onednn ? "reorders ms" : "transfers + launch ms"),
                Cell.of(onednn ? "share in the primitive" : "share in kernels"),
                Cell.of(onednn ? "primitive creation ms (once)" : "program build ms (once)")), rows, false);
    }

    /** A text bar: the share in kernels as filled blocks, readable in HTML and in a copy. */
    private static Text bar(double share) {
        int filled = (int) Math.round(share * 20);
        return Text.of("").mark("bar-kernels", "█".repeat(filled)).mark("bar-rest", "░".repeat(20 - filled))
                .plain(" " + Fmt.pct(share));
    }

    /** The phases an implementation of this project times (null: it reports none). */
    private static String phases(String impl) {
        return switch (impl) {
            case "im2col" -> "im2col, GEMM, col2im";
            case "blocked" -> "packing, micro-kernel";
            default -> null;
        };
    }
}
