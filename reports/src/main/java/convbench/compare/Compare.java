package convbench.compare;

import convbench.results.BenchResult;
import convbench.results.ResultFile;
import convbench.results.ResultFormatException;
import convbench.results.ResultIO;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code convbench compare BASELINE CURRENT [--threshold PCT] [--markdown]}: matches results on
 * {@link BenchResult#key()} (implementation, problem, direction, device), takes the direction of
 * "better" from the unit (times per op: lower is better; ops/s, GFLOP/s, GB/s: higher is better)
 * and calls a change a regression only when it is beyond the threshold <em>and</em> the two
 * confidence intervals do not overlap (a missing CI is taken as score ± scoreError).
 * Exit code: 1 on any regression, 0 otherwise, 2 when a file cannot be read.
 */
public final class Compare {
    public static final double DEFAULT_THRESHOLD_PCT = 10.0;
    public static final int EXIT_OK = 0;
    public static final int EXIT_REGRESSION = 1;
    public static final int EXIT_BAD_INPUT = 2;

    public enum Kind {
        REGRESSION("regressions"), IMPROVEMENT("improvements"), UNCHANGED("unchanged within noise or threshold"),
        NOT_COMPARABLE("not comparable"), MISSING("missing (in baseline only)"), NEW("new (in current only)");

        final String heading;

        Kind(String heading) {
            this.heading = heading;
        }
    }

    /** One matched (or unmatched) result. {@code changePct} is signed: current relative to baseline. */
    public record Row(String key, Kind kind, BenchResult baseline, BenchResult current, Double changePct, String note) {
    }

    public record Outcome(List<Row> rows, double thresholdPct) {
        public List<Row> of(Kind k) {
            return rows.stream().filter(r -> r.kind() == k).toList();
        }

        public boolean hasRegression() {
            return rows.stream().anyMatch(r -> r.kind() == Kind.REGRESSION);
        }

        public int exitCode() {
            return hasRegression() ? EXIT_REGRESSION : EXIT_OK;
        }
    }

    private Compare() {
    }

    /** Lower is better for times per operation, higher for rates; null when the unit is unknown. */
    static Boolean lowerIsBetter(String unit) {
        if (unit == null) {
            return true; // the result format's default unit is ms/op
        }
        String u = unit.trim().toLowerCase(Locale.ROOT);
        if (u.endsWith("/op")) {
            return true;
        }
        if (u.startsWith("ops/") || u.startsWith("op/") || u.endsWith("/s")) {
            return false;
        }
        return null;
    }

    /** Factor to a common scale within a family of units (times to ms, rates to per second). */
    static Double scale(String unit) {
        String u = unit == null ? "ms/op" : unit.trim().toLowerCase(Locale.ROOT);
        return switch (u) {
            case "ns/op" -> 1e-6;
            case "us/op", "µs/op" -> 1e-3;
            case "ms/op" -> 1.0;
            case "s/op" -> 1e3;
            case "ops/s" -> 1.0;
            case "ops/ms" -> 1e3;
            case "ops/us", "ops/µs" -> 1e6;
            case "ops/ns" -> 1e9;
            default -> u.endsWith("/s") ? 1.0 : null;
        };
    }

    static Double value(BenchResult r) {
        return r.score() != null ? r.score() : r.msPerOp();
    }

    /** [low, high] in the result's unit: the CI, else score ± scoreError, else the score itself. */
    static double[] interval(BenchResult r) {
        if (r.ci() != null && r.ci().size() == 2 && r.ci().get(0) != null && r.ci().get(1) != null
                && Double.isFinite(r.ci().get(0)) && Double.isFinite(r.ci().get(1))) {
            return new double[] {r.ci().get(0), r.ci().get(1)};
        }
        double v = value(r);
        double e = r.scoreError() != null && Double.isFinite(r.scoreError()) ? Math.abs(r.scoreError()) : 0;
        return new double[] {v - e, v + e};
    }

    public static Outcome compare(ResultFile baseline, ResultFile current, double thresholdPct) {
        Map<String, BenchResult> base = index(baseline), cur = index(current);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, BenchResult> e : base.entrySet()) {
            BenchResult b = e.getValue(), c = cur.get(e.getKey());
            if (c == null) {
                rows.add(new Row(e.getKey(), Kind.MISSING, b, null, null, status(b)));
            } else {
                rows.add(match(e.getKey(), b, c, thresholdPct));
            }
        }
        for (Map.Entry<String, BenchResult> e : cur.entrySet()) {
            if (!base.containsKey(e.getKey())) {
                rows.add(new Row(e.getKey(), Kind.NEW, null, e.getValue(), null, status(e.getValue())));
            }
        }
        return new Outcome(rows, thresholdPct);
    }

    private static String status(BenchResult r) {
        return r.ok() ? "" : r.status() + (r.message() == null ? "" : ": " + r.message());
    }

    private static Map<String, BenchResult> index(ResultFile f) {
        Map<String, BenchResult> m = new LinkedHashMap<>();
        for (BenchResult r : f.results()) {
            m.putIfAbsent(r.key(), r); // a file holds each key once; keep the first if not
        }
        return m;
    }

    private static Row match(String key, BenchResult b, BenchResult c, double threshold) {
        if (!b.ok() || !c.ok() || value(b) == null || value(c) == null) {
            return new Row(key, Kind.NOT_COMPARABLE, b, c, null,
                    "baseline " + (b.ok() ? "ok" : status(b)) + "; current " + (c.ok() ? "ok" : status(c)));
        }
        Boolean lower = lowerIsBetter(b.unit());
        Double sb = scale(b.unit()), sc = scale(c.unit());
        if (lower == null || sb == null || sc == null || !lower.equals(lowerIsBetter(c.unit()))) {
            return new Row(key, Kind.NOT_COMPARABLE, b, c, null, "units " + b.unit() + " and " + c.unit()
                    + " cannot be compared");
        }
        double vb = value(b) * sb, vc = value(c) * sc;
        double[] ib = interval(b), ic = interval(c);
        double bLo = ib[0] * sb, bHi = ib[1] * sb, cLo = ic[0] * sc, cHi = ic[1] * sc;
        if (vb == 0) {
            return new Row(key, Kind.NOT_COMPARABLE, b, c, null, "baseline score is 0");
        }
        double change = (vc - vb) / Math.abs(vb) * 100;
        boolean overlap = bLo <= cHi && cLo <= bHi;
        boolean worse = lower ? vc > vb : vc < vb;
        if (Math.abs(change) > threshold && !overlap) {
            return new Row(key, worse ? Kind.REGRESSION : Kind.IMPROVEMENT, b, c, change, "intervals do not overlap");
        }
        String why = Math.abs(change) <= threshold ? "within the " + pct(threshold) + "% threshold"
                : "beyond the threshold but the confidence intervals overlap (noise)";
        return new Row(key, Kind.UNCHANGED, b, c, change, why);
    }

    // ---- output --------------------------------------------------------------------------------

    static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 1 ? "%.2f" : "%.3g", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String cell(BenchResult r) {
        if (r == null) {
            return "-";
        }
        if (!r.ok() || value(r) == null) {
            return r.status();
        }
        double[] i = interval(r);
        return fmt(value(r)) + " " + (r.unit() == null ? "ms/op" : r.unit()) + " [" + fmt(i[0]) + ", " + fmt(i[1]) + "]";
    }

    /** The comparison as a text or Markdown report, grouped by kind. */
    public static String table(Outcome o, String baselineName, String currentName, boolean markdown) {
        StringBuilder s = new StringBuilder();
        int reg = o.of(Kind.REGRESSION).size();
        String head = "compare: baseline " + baselineName + ", current " + currentName + ", threshold "
                + pct(o.thresholdPct()) + "% (a regression needs a change beyond it and non-overlapping intervals)";
        String summary = "regressions:" + reg + " improvements:" + o.of(Kind.IMPROVEMENT).size() + " unchanged:"
                + o.of(Kind.UNCHANGED).size() + " not-comparable:" + o.of(Kind.NOT_COMPARABLE).size() + " missing:"
                + o.of(Kind.MISSING).size() + " new:" + o.of(Kind.NEW).size();
        s.append(markdown ? "## " : "").append(head).append("\n\n");
        for (Kind k : Kind.values()) {
            List<Row> rows = o.of(k);
            if (rows.isEmpty()) {
                continue;
            }
            if (markdown) {
                s.append("### ").append(capital(k.heading)).append(" (").append(rows.size()).append(")\n\n")
                        .append("| implementation | problem | direction | device | baseline | current | change | note |\n")
                        .append("|---|---|---|---|---:|---:|---:|---|\n");
            } else {
                s.append(capital(k.heading)).append(" (").append(rows.size()).append("):\n");
            }
            for (Row r : rows) {
                BenchResult any = r.baseline() != null ? r.baseline() : r.current();
                String change = r.changePct() == null ? "" : (r.changePct() >= 0 ? "+" : "") + pct(r.changePct()) + "%";
                String[] cols = {any.impl(), any.problem(), any.direction(), any.device() == null ? "cpu" : any.device(),
                        cell(r.baseline()), cell(r.current()), change, r.note() == null ? "" : r.note()};
                if (markdown) {
                    s.append('|');
                    for (String c : cols) {
                        s.append(' ').append(c == null ? "" : c.replace("|", "\\|").replace("\n", " ")).append(" |");
                    }
                    s.append('\n');
                } else {
                    s.append(String.format(Locale.ROOT, "  %-22s %-34s %-16s %-10s %-34s %-34s %9s  %s%n",
                            (Object[]) cols));
                }
            }
            s.append('\n');
        }
        s.append(markdown ? "**" + summary + "**" : summary).append('\n');
        return s.toString();
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Reads both files, prints the table to {@code out} (errors to {@code err}) and returns the exit code. */
    public static int run(Path baseline, Path current, double thresholdPct, boolean markdown, PrintWriter out,
                          PrintWriter err) {
        if (!(thresholdPct >= 0) || Double.isInfinite(thresholdPct)) {
            err.println("convbench: --threshold must be a percentage >= 0, got " + thresholdPct);
            err.flush();
            return EXIT_BAD_INPUT;
        }
        ResultFile b, c;
        try {
            b = ResultIO.readResults(baseline);
            c = ResultIO.readResults(current);
        } catch (ResultFormatException e) {
            err.println("convbench: " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        }
        Outcome o = compare(b, c, thresholdPct);
        out.print(table(o, baseline.toString(), current.toString(), markdown));
        out.flush();
        return o.exitCode();
    }
}
