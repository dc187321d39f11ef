package convbench.report;

import convbench.results.BenchResult;
import convbench.results.ResultFile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Derived figures of bench results: times in ms, throughput, intervals, labels. */
final class Results {
    static final List<String> DIRECTIONS = List.of("forward", "backward-data", "backward-weights", "backward",
            "pool-forward", "pool-backward");

    private Results() {
    }

    static boolean isPool(BenchResult r) {
        return (r.direction() != null && r.direction().startsWith("pool"))
                || (r.problem() != null && r.problem().startsWith("pool"));
    }

    /** Factor from the result's unit to milliseconds; null when the unit is not a time per op. */
    static Double toMs(String unit) {
        if (unit == null) {
            return 1.0; // the format's default unit is ms/op
        }
        return switch (unit.trim().toLowerCase(Locale.ROOT)) {
            case "ms/op" -> 1.0;
            case "us/op", "µs/op" -> 1e-3;
            case "ns/op" -> 1e-6;
            case "s/op" -> 1e3;
            default -> null;
        };
    }

    /** Milliseconds per operation, or null. */
    static Double ms(BenchResult r) {
        if (r.msPerOp() != null) {
            return r.msPerOp();
        }
        Double f = toMs(r.unit());
        return f == null || r.score() == null ? null : r.score() * f;
    }

    /** [low, high] of the time in ms: the CI, else score +- error; null when unknown. */
    static double[] ciMs(BenchResult r) {
        Double f = toMs(r.unit());
        if (f == null) {
            return null;
        }
        if (r.ci() != null && r.ci().size() == 2 && r.ci().get(0) != null && r.ci().get(1) != null) {
            return new double[] {r.ci().get(0) * f, r.ci().get(1) * f};
        }
        if (r.score() != null && r.scoreError() != null && Double.isFinite(r.scoreError())) {
            return new double[] {(r.score() - r.scoreError()) * f, (r.score() + r.scoreError()) * f};
        }
        return null;
    }

    /** The figure to read: GFLOP/s for convolution, GB/s for pooling. */
    static Double throughput(BenchResult r) {
        if (isPool(r)) {
            if (r.gbPerSec() != null) {
                return r.gbPerSec();
            }
            Double ms = ms(r);
            return r.bytes() == null || ms == null || ms <= 0 ? null : r.bytes() / (ms * 1e6);
        }
        if (r.gflops() != null) {
            return r.gflops();
        }
        Double ms = ms(r);
        return r.flops() == null || ms == null || ms <= 0 ? null : r.flops() / (ms * 1e6);
    }

    static String throughputUnit(String direction) {
        return direction != null && direction.startsWith("pool") ? "GB/s" : "GFLOP/s";
    }

    /** A short label for a problem: its name without the parenthesised section, else the descriptor. */
    static String shortName(BenchResult r) {
        String n = r.problemName();
        if (n == null || n.isBlank()) {
            return r.problem() == null ? "?" : r.problem();
        }
        n = n.replaceAll("\\s*\\(.*\\)\\s*$", "");
        return n.length() > 28 ? n.substring(0, 27) + "…" : n;
    }

    static String label(ResultFile rf, String fileName) {
        if (rf.environment() != null && rf.environment().label() != null && !rf.environment().label().isBlank()) {
            return rf.environment().label();
        }
        return fileName;
    }

    /** Canonical form of a descriptor: drops the defaults (padding 0, stride 1, dilation 0). */
    static String normalizeProblem(String p) {
        if (p == null) {
            return null;
        }
        return p.trim().replaceAll("p[hw]0(?!\\d)", "").replaceAll("s[hw]1(?!\\d)", "").replaceAll("d[hw]0(?!\\d)", "");
    }

    static List<String> impls(List<BenchResult> rs) {
        Set<String> s = new LinkedHashSet<>();
        for (BenchResult r : rs) {
            s.add(r.impl());
        }
        return new ArrayList<>(s);
    }

    static List<String> directions(List<BenchResult> rs) {
        Set<String> present = new LinkedHashSet<>();
        for (BenchResult r : rs) {
            present.add(r.direction());
        }
        List<String> out = new ArrayList<>();
        for (String d : DIRECTIONS) {
            if (present.remove(d)) {
                out.add(d);
            }
        }
        out.addAll(present); // unknown directions last, still shown
        return out;
    }
}
