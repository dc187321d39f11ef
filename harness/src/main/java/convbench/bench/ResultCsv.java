package convbench.bench;

import convbench.results.BenchResult;
import convbench.results.ResultIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The CSV twin of a result file: one header row, one row per result, the same fields as
 * {@link BenchResult} (the confidence interval split into two columns, raw samples joined with
 * {@code ;}). Empty cells where a field does not apply. Numbers use a dot and no grouping.
 */
public final class ResultCsv {
    public static final List<String> HEADER = List.of("impl", "device", "suite", "problem_name", "problem",
            "direction", "status", "message", "mode", "unit", "score", "score_error", "ci_low", "ci_high", "samples",
            "ms_per_op", "flops", "gflops_with_padding_taps", "gflops_without_padding_taps", "bytes", "gb_per_s",
            "opencl_device_ms", "opencl_end_to_end_ms", "opencl_build_ms", "estimated_ms_per_op", "variant");

    private ResultCsv() {
    }

    public static String format(List<BenchResult> results) {
        StringBuilder sb = new StringBuilder(String.join(",", HEADER)).append('\n');
        for (BenchResult r : results) {
            List<Object> cells = List.of(
                    s(r.impl()), s(r.device()), s(r.suite()), s(r.problemName()), s(r.problem()), s(r.direction()),
                    s(r.status()), s(r.message()), s(r.mode()), s(r.unit()), n(r.score()), n(r.scoreError()),
                    n(r.ci() == null ? null : r.ci().get(0)), n(r.ci() == null ? null : r.ci().get(1)),
                    r.samples() == null ? "" : r.samples().stream().map(ResultCsv::n).collect(Collectors.joining(";")),
                    n(r.msPerOp()), n(r.flops()), n(r.gflops()), n(r.gflopsNoPadding()), n(r.bytes()), n(r.gbPerSec()),
                    n(r.openclDeviceMs()), n(r.openclEndToEndMs()), n(r.openclBuildMs()), n(r.estimatedMsPerOp()),
                    s(r.variant()));
            sb.append(cells.stream().map(c -> quote(c.toString())).collect(Collectors.joining(","))).append('\n');
        }
        return sb.toString();
    }

    public static void write(Path file, List<BenchResult> results) throws IOException {
        ResultIO.writeAtomically(file, format(results));
    }

    private static String s(String v) {
        return v == null ? "" : v;
    }

    private static String n(Double v) {
        if (v == null) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
