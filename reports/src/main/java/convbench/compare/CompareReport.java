package convbench.compare;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import convbench.compare.Compare.Outcome;
import convbench.compare.Compare.Row;
import convbench.compare.Compare.Verdict;
import convbench.results.BenchResult;
import convbench.results.PointStats;
import convbench.results.ResultFile;
import convbench.results.ResultFormatException;
import convbench.results.ResultIO;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code compare} (and {@code ab}) print and write: a plain-text or Markdown table grouped by
 * verdict, ending with the summary line, and the verdicts as JSON ({@code --json FILE}). Text from
 * result files is made harmless on the way out: control characters (ESC, CR, NUL, ...) never reach
 * the terminal, and Markdown escapes HTML and table syntax.
 */
public final class CompareReport {
    public static final String JSON_KIND = "convbench-compare";

    private CompareReport() {
    }

    /** Plain text: control characters become '?'. */
    static String plain(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return b.toString();
    }

    /** A Markdown table cell: HTML and table syntax escaped, control characters dropped. */
    static String md(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : plain(s).toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '|' -> b.append("\\|");
                case '`', '*', '_', '[', ']', '\\' -> b.append('\\').append(ch);
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 1 ? "%.2f" : "%.3g", v);
    }

    static String cell(BenchResult r) {
        if (r == null) {
            return "-";
        }
        if (!r.ok() || r.score() == null) {
            return r.status();
        }
        PointStats s = Compare.stats(r);
        return fmt(s.location()) + " " + (r.unit() == null ? "ms/op" : r.unit()) + " [" + fmt(s.low()) + ", "
                + fmt(s.high()) + "]" + (s.isUnstable() ? " unstable" : "");
    }

    public static String table(Outcome o, String baselineName, String currentName, boolean markdown) {
        StringBuilder s = new StringBuilder();
        String head = "compare: baseline " + baselineName + ", current " + currentName + ", threshold "
                + Compare.pct(o.thresholdPct()) + "%";
        if (markdown) {
            s.append("## ").append(md(head)).append("\n\n").append(md("Rule: " + Compare.RULE)).append("\n\n");
        } else {
            s.append(plain(head)).append("\nrule: ").append(Compare.RULE).append("\n\n");
        }
        for (String p : o.fileProblems()) {
            s.append(markdown ? "**Fails the gate:** " + md(p) + "\n\n" : "FAILS THE GATE: " + plain(p) + "\n");
        }
        for (String w : o.warnings()) {
            s.append(markdown ? "Warning: " + md(w) + "\n\n" : "warning: " + plain(w) + "\n");
        }
        for (Verdict v : Verdict.values()) {
            List<Row> rows = o.of(v);
            if (rows.isEmpty()) {
                continue;
            }
            if (markdown) {
                s.append("### ").append(v.heading).append(" (").append(rows.size()).append(")\n\n")
                        .append("| implementation | problem | direction | device | baseline p10 [95%] | current "
                                + "p10 [95%] | change | note |\n")
                        .append("|---|---|---|---|---:|---:|---:|---|\n");
            } else {
                s.append(v.heading).append(" (").append(rows.size()).append("):\n");
            }
            for (Row r : rows) {
                String change = r.changePct() == null ? "" : (r.changePct() >= 0 ? "+" : "") + Compare.pct(r.changePct())
                        + "%";
                String[] cols = {r.impl(), r.problem(), r.direction(), r.device(), cell(r.baseline()),
                        cell(r.current()), change, r.note() == null ? "" : r.note()};
                if (markdown) {
                    s.append('|');
                    for (String c : cols) {
                        s.append(' ').append(md(c)).append(" |");
                    }
                    s.append('\n');
                } else {
                    Object[] safe = new Object[cols.length];
                    for (int i = 0; i < cols.length; i++) {
                        safe[i] = plain(cols[i]);
                    }
                    s.append(String.format(Locale.ROOT, "  %-22s %-34s %-16s %-10s %-34s %-34s %9s  %s%n", safe));
                }
            }
            s.append('\n');
        }
        s.append(markdown ? "**" + o.summaryLine() + "**" : o.summaryLine()).append('\n');
        return s.toString();
    }

    /** The verdicts as JSON: an object with {@code rows}, one per matched or unmatched point. */
    public static ObjectNode json(Outcome o, String baselineName, String currentName) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("formatVersion", 1);
        root.put("kind", JSON_KIND);
        root.put("baseline", baselineName);
        root.put("current", currentName);
        root.put("thresholdPct", o.thresholdPct());
        root.put("rule", Compare.RULE);
        root.put("exitCode", o.exitCode());
        ArrayNode problems = root.putArray("fileProblems");
        o.fileProblems().forEach(problems::add);
        ArrayNode warnings = root.putArray("warnings");
        o.warnings().forEach(warnings::add);
        ObjectNode summary = root.putObject("summary");
        for (Verdict v : Verdict.values()) {
            summary.put(v.word, o.of(v).size());
        }
        ArrayNode rows = root.putArray("rows");
        for (Row r : o.rows()) {
            ObjectNode n = rows.addObject();
            n.put("impl", r.impl());
            n.put("problem", r.problem());
            n.put("direction", r.direction());
            n.put("device", r.device());
            n.put("verdict", r.verdict().word);
            n.put("changePct", r.changePct());
            n.put("ratio", r.ratio());
            n.put("ratioLow", r.ratioLow());
            n.put("ratioHigh", r.ratioHigh());
            n.put("pValue", r.pValue());
            n.put("baselineMedian", median(r.baseline()));
            n.put("currentMedian", median(r.current()));
            n.put("baselineEstimate", estimate(r.baseline()));
            n.put("currentEstimate", estimate(r.current()));
            BenchResult any = r.baseline() != null ? r.baseline() : r.current();
            n.put("unit", any.unit() == null ? "ms/op" : any.unit());
            n.put("note", r.note());
        }
        return root;
    }

    private static Double estimate(BenchResult r) {
        return r == null || !r.ok() || r.score() == null ? null : Compare.stats(r).location();
    }

    private static Double median(BenchResult r) {
        return r == null || !r.ok() || r.score() == null ? null : Compare.stats(r).median();
    }

    /**
     * Reads both files, prints the table to {@code out} (errors to {@code err}), writes the JSON
     * when asked, and returns the exit code.
     */
    public static int run(Path baseline, Path current, double thresholdPct, boolean markdown, Path json,
                          PrintWriter out, PrintWriter err) {
        if (!(thresholdPct >= 0) || Double.isInfinite(thresholdPct)) {
            return bad(err, "--threshold must be a percentage >= 0, got " + thresholdPct);
        }
        try {
            if (json != null && (same(json, baseline) || same(json, current))) {
                return bad(err, "--json " + json + " is one of the input files; name another file");
            }
            ResultFile b = ResultIO.readResults(baseline);
            ResultFile c = ResultIO.readResults(current);
            Compare.validate(b, baseline.toString());
            Compare.validate(c, current.toString());
            Outcome o = Compare.compare(b, c, thresholdPct);
            out.print(table(o, baseline.toString(), current.toString(), markdown));
            out.flush();
            if (json != null) {
                ResultIO.write(json, json(o, baseline.toString(), current.toString()));
            }
            return o.exitCode();
        } catch (ResultFormatException e) {
            return bad(err, e.getMessage());
        } catch (IOException e) {
            return bad(err, "--json " + json + ": cannot write: " + e.getMessage());
        }
    }

    static boolean same(Path a, Path b) throws IOException {
        if (Files.exists(a) && Files.exists(b)) {
            return Files.isSameFile(a, b);
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static int bad(PrintWriter err, String message) {
        err.println("convbench: compare: " + plain(message));
        err.flush();
        return Compare.EXIT_BAD_INPUT;
    }
}
