package convbench.report;

import static convbench.report.Fmt.num;

import convbench.report.Doc.Cell;
import convbench.report.Doc.Text;
import convbench.results.BenchResult;
import convbench.results.Environment;
import convbench.results.ResultFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/** Several result files (machines, JVMs, devices) side by side, and how each was produced. */
final class MachinesSection {
    private MachinesSection() {
    }

    static void render(Report rep, Doc d) throws IOException {
        d.heading(2, "machines", "Machines side by side", rep.several());
        if (!rep.several()) {
            d.para(Text.of("One result file was given; give several (machines, JVMs or devices) to compare them here."), false);
            return;
        }
        int n = rep.files.size();
        Map<String, Point[]> byKey = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            for (BenchResult r : rep.files.get(i).results()) {
                Point p = Point.of(r);
                if (p != null) {
                    byKey.computeIfAbsent(r.impl() + "|" + r.problem() + "|" + r.direction(), k -> new Point[n])[i] = p;
                }
            }
        }
        d.note("Results present in at least two files, matched on implementation, problem and direction; median ms per "
                + "operation, and each machine's time relative to " + rep.labels.get(0) + " (below 1: faster).");
        // chart: forward GFLOP/s of every implementation+problem measured on all machines
        List<String> rows = new ArrayList<>();
        List<Charts.Dot> dots = new ArrayList<>();
        for (Point[] row : byKey.values()) {
            if (row[0] == null || !"forward".equals(row[0].result().direction()) || Arrays.asList(row).contains(null)) {
                continue;
            }
            int index = rows.size();
            rows.add(row[0].result().impl() + " " + Results.shortName(row[0].result()));
            for (int i = 0; i < n; i++) {
                Point p = row[i];
                if (p.throughput() != null) {
                    dots.add(new Charts.Dot(rep.labels.get(i), index, p.throughput(), p.throughputLow(), p.throughputHigh(),
                            p.unstable()));
                }
            }
        }
        XYChart chart = Charts.dotPlot("forward GFLOP/s per machine", "GFLOP/s (log scale)", rows, rep.labels, dots, null, 1250);
        if (chart != null) {
            d.figures(List.of(rep.save(chart, "machines-forward", "forward GFLOP/s per machine")));
        }
        List<Cell> header = new ArrayList<>(List.of(Cell.of("implementation"), Cell.of("problem"), Cell.of("direction")));
        rep.labels.forEach(l -> header.add(Cell.of(l + " ms/op")));
        for (int i = 1; i < n; i++) {
            header.add(Cell.of(rep.labels.get(i) + " / " + rep.labels.get(0)));
        }
        List<List<Cell>> table = new ArrayList<>();
        for (Point[] row : byKey.values()) {
            Point any = Arrays.stream(row).filter(p -> p != null).findFirst().orElseThrow();
            if (Arrays.stream(row).filter(p -> p != null).count() < 2) {
                continue;
            }
            List<Cell> cells = new ArrayList<>(List.of(Cell.of(any.result().impl()), Cell.of(Results.shortName(any.result())),
                    Cell.of(any.result().direction())));
            for (Point p : row) {
                cells.add(p == null ? Cell.of("–") : Cell.num(num(p.ms()) + " " + p.intervalText()));
            }
            for (int i = 1; i < n; i++) {
                cells.add(Cell.num(row[0] == null || row[i] == null ? "–" : Fmt.ratio(row[i].ms() / row[0].ms())));
            }
            table.add(cells);
        }
        d.table("machines", header, table, false);
        d.para(Text.of(table.size() + " results in common between " + String.join(", ", rep.labels) + "."), true);
    }

    /** How each file was produced: the machine, the JVM, the settings, the counts. */
    static void environment(Report rep, Doc d) {
        d.heading(2, "header", "Machines and how the results were produced", false);
        d.para(Text.of("Report written " + java.time.Instant.now() + " by ").code("convbench report").plain(" from "
                + rep.files.size() + " result file" + (rep.files.size() == 1 ? "" : "s")
                + (rep.verification != null ? " and a verification file" : "") + "."), false);
        for (int i = 0; i < rep.files.size(); i++) {
            ResultFile rf = rep.files.get(i);
            d.heading(3, null, "Environment: " + rep.labels.get(i) + " (" + rep.names.get(i) + ")", false);
            environmentTable(d, rf.environment());
            if (rf.settings() != null && !rf.settings().isEmpty()) {
                List<List<Cell>> rows = new ArrayList<>();
                rf.settings().forEach((k, v) -> rows.add(List.of(Cell.of(k), Cell.of(v))));
                d.para(Text.of("").bold("How produced").plain(" (convbench bench settings):"), false);
                d.table("settings", List.of(Cell.of("setting"), Cell.of("value")), rows, false);
            }
            List<BenchResult> rs = rf.results();
            long ok = rs.stream().filter(BenchResult::ok).count();
            long skipped = rs.stream().filter(r -> BenchResult.SKIPPED.equals(r.status())).count();
            Environment env = rf.environment();
            String machine = env == null ? "" : "; " + env.cpuModel() + ", " + (env.cores() == null ? "?" : env.cores())
                    + " cores, Java " + env.jvmVersion() + ", commit " + env.gitCommit() + ", " + env.timestamp();
            d.para(Text.of(rep.labels.get(i) + " (" + rep.names.get(i) + "): " + rs.size() + " results, " + ok + " ok, "
                    + skipped + " skipped, " + (rs.size() - ok - skipped) + " error" + machine), true);
        }
    }

    private static void environmentTable(Doc d, Environment e) {
        if (e == null) {
            d.para(Text.of("No environment recorded in this file."), false);
            return;
        }
        List<List<Cell>> rows = new ArrayList<>();
        row(rows, "label", e.label());
        row(rows, "CPU", e.cpuModel());
        row(rows, "cores", e.cores());
        row(rows, "memory", e.memoryBytes() == null ? null : num(e.memoryBytes() / (double) (1L << 30)) + " GiB");
        row(rows, "OS", e.os());
        row(rows, "JVM", (e.jvmVendor() == null ? "" : e.jvmVendor() + " ") + (e.jvmVersion() == null ? "" : e.jvmVersion()));
        row(rows, "JVM flags", e.jvmFlags() == null ? null : String.join(" ", e.jvmFlags()));
        row(rows, "Vector API", e.vectorApi());
        if (e.openclDevices() == null || e.openclDevices().isEmpty()) {
            row(rows, "OpenCL devices", "none listed");
        } else {
            StringBuilder s = new StringBuilder();
            for (Environment.OpenClDevice dev : e.openclDevices()) {
                s.append(s.length() == 0 ? "" : "; ").append(dev.device()).append(" (").append(dev.type()).append(", ")
                        .append(dev.platform()).append(", ").append(dev.openclVersion()).append(", driver ")
                        .append(dev.driver()).append(')');
            }
            row(rows, "OpenCL devices", s);
        }
        row(rows, "convbench version", e.projectVersion());
        row(rows, "git commit", e.gitCommit());
        row(rows, "time", e.timestamp());
        d.table("env", List.of(Cell.of("what"), Cell.of("value")), rows, false);
    }

    private static void row(List<List<Cell>> rows, String k, Object v) {
        rows.add(List.of(Cell.of(k), v == null ? Cell.of("unknown") : Cell.of(v)));
    }
}
