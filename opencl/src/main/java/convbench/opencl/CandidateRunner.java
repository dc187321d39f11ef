package convbench.opencl;

import convbench.reference.Reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Runs one parameter set of a group on the group's problems: first once with canaries, checked
 * against the float64 reference, then a warm run (pruned when far slower than the best so far),
 * then timed with OpenCL profiling events. Holds what every group of a run shares: the
 * prepared inputs and references, the best device time per group and problem, and how long
 * timing a candidate has taken.
 */
final class CandidateRunner {

    /** A candidate whose checked run takes this many times the best device time so far is not timed. */
    static final double PRUNE_FACTOR = 4;

    /** A candidate's speed, or why it cannot win (a failure), or why it was not timed (pruned). */
    record Scored(Map<String, Integer> params, double gflops, String failure, String pruned) {
    }

    private final long seed;
    private final TuningProgress progress;
    /** Inputs and reference outputs per problem and direction, made once. */
    private final Map<String, PreparedProblem> prepared = new LinkedHashMap<>();
    /** The best median device time per group and problem so far (for pruning). */
    private final Map<String, Double> fastestNanos = new LinkedHashMap<>();
    /** The reference gradients per problem name: both backward directions need them. */
    private final Map<String, Reference.Grads> gradients = new LinkedHashMap<>();
    /** Wall seconds spent timing candidates (not building or checking them), and how many timings. */
    private double timingSeconds;
    private int timings;

    CandidateRunner(long seed, TuningProgress progress) {
        this.seed = seed;
        this.progress = progress;
    }

    /** Makes the inputs and the reference of the group's problems not prepared yet. */
    void prepare(TuningGroup g) {
        for (Tuner.Problem p : g.problems()) {
            if (!prepared.containsKey(p.label())) {
                long t0 = System.nanoTime();
                // seeded by the problem, not the direction: both gradients share inputs and one reference
                prepared.put(p.label(), PreparedProblem.prepare(p, new Random(seed ^ p.name().hashCode()), gradients));
                progress.say("    reference for %s: %.1f s", p.label(), (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** Wall seconds spent timing candidates so far (not building or checking them). */
    double timingSeconds() {
        return timingSeconds;
    }

    /** How many candidates were timed on a whole group so far. */
    int timings() {
        return timings;
    }

    /**
     * Runs the group's problems with these parameters: when {@code check}, first once with
     * canaries, compared with the reference; then timed. Speed: geometric mean of GFLOP/s.
     */
    Scored evaluate(TuningGroup g, Map<String, Integer> params, boolean check) {
        OpenClImplementation impl = g.impl();
        impl.forceParameters(g.space(), params);
        double logSum = 0;
        try {
            for (Tuner.Problem p : g.problems()) {
                PreparedProblem pr = prepared.get(p.label());
                if (check) {
                    impl.enableCanaries(16);
                    try {
                        pr.run(impl);
                    } finally {
                        impl.enableCanaries(0);
                    }
                    String wrong = pr.mismatch();
                    if (wrong != null) {
                        return new Scored(params, 0, "wrong result on " + p.label() + ": " + wrong, null);
                    }
                }
                // A warm run (PoCL compiles for the work-group size at the first launch, inside the
                // checked run). A candidate far slower than the best on this problem cannot win: it
                // is not timed further, so that one very slow set cannot eat the group's time.
                pr.run(impl);
                String key = g.label() + "|" + p.label();
                Double fastest = fastestNanos.get(key);
                long once = impl.lastDeviceNanos();
                if (check && fastest != null && once > PRUNE_FACTOR * fastest) {
                    return new Scored(params, 0, null, String.format(Locale.ROOT,
                            "pruned: %.1f times the best device time on %s", once / fastest, p.label()));
                }
                long t0 = System.nanoTime();
                double nanos = medianDeviceNanos(impl, pr);
                fastestNanos.merge(key, nanos, Math::min);
                logSum += Math.log(p.flops() / nanos);
                timingSeconds += (System.nanoTime() - t0) / 1e9;
                if (p == g.problems().get(g.problems().size() - 1)) {
                    timings++;
                }
            }
        } catch (RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            return new Scored(params, 0, "failed: " + firstLine(m), null);
        }
        return new Scored(params, Math.exp(logSum / g.problems().size()), null, null);
    }

    /** Median device time of enough runs (after a warm run): at least 3, until 0.15 s of device time or 25 runs. */
    private static double medianDeviceNanos(OpenClImplementation impl, PreparedProblem pr) {
        List<Double> times = new ArrayList<>();
        double total = 0;
        while (times.size() < 3 || (total < 0.15e9 && times.size() < 25)) {
            pr.run(impl);
            double t = impl.lastDeviceNanos();
            times.add(t);
            total += t;
        }
        return median(times);
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }
}
