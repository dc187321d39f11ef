package convbench.verify;

import convbench.api.Shapes;
import convbench.api.Tensor64;
import convbench.fixtures.Fixture.Tolerance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The allclose rule applied to named tensors, keeping the first mismatches for the report. */
public record Comparison(boolean agree, double maxAbsError, double maxRelError, List<String> mismatches,
                         String firstDifference) {
    public static final int MAX_LISTED = 10;

    /**
     * Compares {@code got} with {@code want} for each name of {@code want}; a missing name or a
     * shape difference is a disagreement. Mismatches are listed as
     * {@code name n:c:h:w expected got diff}.
     */
    public static Comparison of(Map<String, Tensor64> want, Map<String, Tensor64> got, Tolerance tol) {
        return of(want, got, tol, "expected", "got");
    }

    /** As {@link #of(Map, Map, Tolerance)}, naming the two sides in the listed mismatches. */
    public static Comparison of(Map<String, Tensor64> want, Map<String, Tensor64> got, Tolerance tol,
                                String wantLabel, String gotLabel) {
        boolean agree = true;
        double maxAbs = 0, maxRel = 0;
        List<String> lines = new ArrayList<>();
        String first = null;
        int total = 0;
        for (var e : want.entrySet()) {
            String name = e.getKey();
            Tensor64 w = e.getValue();
            Tensor64 g = got.get(name);
            if (g == null) {
                agree = false;
                String m = name + ": not computed";
                lines.add(m);
                first = first == null ? m : first;
                continue;
            }
            if (!Arrays.equals(w.shape(), g.shape())) {
                agree = false;
                String m = name + ": shape " + Shapes.format(g.shape()) + " where " + Shapes.format(w.shape()) + " is expected";
                lines.add(m);
                first = first == null ? name + " shape: " + Shapes.format(w.shape()) + " vs " + Shapes.format(g.shape()) : first;
                maxAbs = Double.POSITIVE_INFINITY;
                continue;
            }
            for (int i = 0; i < w.size(); i++) {
                double exp = w.data()[i], act = g.data()[i];
                double diff = Math.abs(act - exp);
                if (Double.isNaN(diff)) {
                    diff = Double.POSITIVE_INFINITY;
                }
                maxAbs = Math.max(maxAbs, diff);
                if (exp != 0) {
                    maxRel = Math.max(maxRel, diff / Math.abs(exp));
                } else if (diff > 0) {
                    maxRel = Double.POSITIVE_INFINITY;
                }
                if (!tol.close(act, exp)) {
                    agree = false;
                    total++;
                    String where = Shapes.coordinates(w.shape(), i);
                    if (lines.size() < MAX_LISTED) {
                        lines.add(String.format("%s %s %s %s %s %s diff %s", name, where, wantLabel, num(exp), gotLabel,
                                num(act), num(act - exp)));
                    }
                    if (first == null) {
                        first = name + "[" + where + "]: " + num(exp) + " vs " + num(act);
                    }
                }
            }
        }
        if (total > lines.size()) {
            lines.add("... " + (total - MAX_LISTED) + " more mismatching elements");
        }
        return new Comparison(agree, maxAbs, maxRel, lines, first);
    }

    /** A tensor's values, whole when small, for errata tables: {@code [[19, 25], [37, 43]]}. */
    public static String values(Tensor64 t) {
        if (t == null) {
            return "(none)";
        }
        if (t.size() > 36) {
            return "tensor " + Shapes.format(t.shape());
        }
        int last = t.shape()[t.shape().length - 1];
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < t.size(); i++) {
            if (i > 0) {
                sb.append(i % last == 0 ? "; " : ", ");
            }
            sb.append(num(t.data()[i]));
        }
        return sb.append("]").toString();
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format("%.7g", v);
    }
}
