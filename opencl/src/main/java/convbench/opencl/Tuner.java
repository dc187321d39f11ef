package convbench.opencl;

import convbench.api.ConvShape;
import convbench.api.PoolShape;
import convbench.api.Reduction;
import convbench.api.Shapes;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.reference.Reference;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The kernel tuner behind {@code convbench tune}, after CLBlast's: for every tunable kernel an
 * implementation runs and every problem class of the given problems, it tries parameter sets
 * (all of them when the space is small, else a random sample with a fixed seed, the defaults
 * always among them), skips the sets the device refuses with the reason, checks every
 * candidate's output against the float64 reference (with canaries after every device buffer)
 * before timing it with OpenCL profiling events, and keeps the fastest. The best few and the
 * defaults are then measured again, interleaved, so that the winner and the reported speed-up
 * do not rest on one lucky sample on a shared machine.
 *
 * <p>Speed is GFLOP/s of device time (2 FLOPs per multiply-add, padding taps counted; pooling:
 * one operation per window cell), the geometric mean over the class's problems.
 */
public final class Tuner {

    /** One problem and direction to tune on; exactly one of conv and pool is set. */
    public record Problem(String name, ConvShape conv, PoolShape pool, boolean maxPool, String direction) {
        public String label() {
            return name + " " + direction;
        }

        double flops() {
            return conv != null ? conv.flops() : pool.ops();
        }
    }

    /**
     * @param budgetSeconds  wall time for the whole run, references and builds included
     * @param maxCandidates  per kernel and class: the space is searched exhaustively when it has at
     *                       most this many valid sets, else this many are sampled
     * @param seed           of the sampling and of the input data
     * @param finalists      candidates measured again, interleaved with the defaults, at the end
     */
    public record Settings(double budgetSeconds, int maxCandidates, long seed, int finalists, boolean quiet) {
    }

    /** What one kernel and class came to. {@code entry} is null when no candidate passed. */
    public record Outcome(String kernel, String problemClass, String implementation, TuningDatabase.Entry entry,
                          int tried, int passed, String note) {
    }

    /** A group of problems tuned together: one kernel, one class, the implementation that runs it. */
    record Group(OpenClImplementation impl, TuningSpace space, String problemClass, List<Problem> problems) {
        String label() {
            return space.kernel() + " " + problemClass;
        }
    }

    private final DeviceInfo device;
    private final Settings settings;
    private final PrintWriter out;
    private final long start = System.nanoTime();
    /** Inputs and reference outputs per problem and direction, made once. */
    private final Map<String, Prepared> prepared = new LinkedHashMap<>();
    /** The best median device time per group and problem so far (for pruning). */
    private final Map<String, Double> fastestNanos = new LinkedHashMap<>();
    /** The reference gradients per problem name: both backward directions need them. */
    private final Map<String, Reference.Grads> gradients = new LinkedHashMap<>();
    /** Wall seconds spent timing candidates (not building or checking them), and how many timings. */
    private double timingSeconds;
    private int timings;

    public Tuner(DeviceInfo device, Settings settings, PrintWriter out) {
        this.device = device;
        this.settings = settings;
        this.out = out;
    }

    /** The groups these implementations and problems make, in order; a kernel shared by several implementations is tuned once. */
    static List<Group> groups(List<OpenClImplementation> impls, List<Problem> problems) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (OpenClImplementation impl : impls) {
            for (Problem p : problems) {
                for (TuningSpace space : impl.tunedKernels(p.direction())) {
                    String cls = classOf(p);
                    Group g = groups.computeIfAbsent(space.kernel() + "|" + cls,
                            k -> new Group(impl, space, cls, new ArrayList<>()));
                    if (g.impl() == impl && !g.problems().contains(p)) {
                        g.problems().add(p);
                    }
                }
            }
        }
        // small spaces first: an exhaustive search that ends early leaves its time to the big ones
        List<Group> out = new ArrayList<>(groups.values());
        out.sort(java.util.Comparator.comparingLong(g -> g.space().size()));
        return out;
    }

    static String classOf(Problem p) {
        if (p.conv() != null) {
            ConvShape c = p.conv();
            return TuningSpace.problemClass(p.direction(), c.c(), c.oc(), c.window().kh(), c.window().kw());
        }
        return p.direction();
    }

    /** What would be tuned, one line per group (for --dry-run and the start of a run). */
    public List<String> plan(List<OpenClImplementation> impls, List<Problem> problems) {
        List<String> lines = new ArrayList<>();
        for (Group g : groups(impls, problems)) {
            Candidates c = candidates(g.space(), new Random(settings.seed()));
            lines.add(String.format(Locale.ROOT, "%-28s %-22s %s; %s on %s", g.label(), g.impl().name(), c.search,
                    c.refused.isEmpty() ? "none refused" : c.refusedCount() + " refused by the device",
                    String.join(", ", g.problems().stream().map(Problem::label).toList())));
        }
        return lines;
    }

    /** Tunes every group within the budget; the budget left is shared equally by the groups still to run. */
    public List<Outcome> tune(List<OpenClImplementation> impls, List<Problem> problems) {
        List<Group> groups = groups(impls, problems);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            double left = settings.budgetSeconds() - elapsed();
            double share = left / (groups.size() - i);
            Group g = groups.get(i);
            if (left <= 1) {
                outcomes.add(new Outcome(g.space().kernel(), g.problemClass(), g.impl().name(), null, 0, 0,
                        "not tuned: the budget was spent"));
                say("[%d/%d] %s: not tuned, the budget is spent", i + 1, groups.size(), g.label());
                continue;
            }
            say("[%d/%d] %s for %s on %s: %.0f s of the %.0f s left", i + 1, groups.size(), g.label(), g.impl().name(),
                    String.join(", ", g.problems().stream().map(Problem::label).toList()), share, left);
            try {
                outcomes.add(tuneGroup(g, elapsed() + share, i + 1, groups.size()));
            } finally {
                g.impl().clearForcedParameters();
            }
        }
        return outcomes;
    }

    // ---------------------------------------------------------------- candidates

    /** The parameter sets to try, defaults first, and the refused ones with their reasons. */
    record Candidates(List<Map<String, Integer>> list, Map<String, Integer> refused, String search) {
        int refusedCount() {
            return refused.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    Candidates candidates(TuningSpace space, Random rnd) {
        Map<String, Integer> defaults = space.defaults(device);
        List<Map<String, Integer>> valid = new ArrayList<>();
        Map<String, Integer> refused = new TreeMap<>();
        for (Map<String, Integer> p : space.allCombinations()) {
            String why = space.refuses(p, device);
            if (why != null) {
                refused.merge(why.replaceAll("\\d+", "N"), 1, Integer::sum);
            } else if (!p.equals(defaults)) {
                valid.add(p);
            }
        }
        int total = valid.size() + 1;
        Collections.shuffle(valid, rnd);   // a budget cut still leaves an even sample
        String search;
        if (total <= settings.maxCandidates()) {
            search = "exhaustive, " + total + " sets";
        } else {
            valid = valid.subList(0, settings.maxCandidates() - 1);
            search = "random " + settings.maxCandidates() + " of " + total + " sets, seed " + settings.seed();
        }
        List<Map<String, Integer>> list = new ArrayList<>();
        list.add(defaults);
        list.addAll(valid);
        return new Candidates(list, refused, search);
    }

    // ---------------------------------------------------------------- one group

    private Outcome tuneGroup(Group g, double deadline, int index, int groupCount) {
        for (Problem p : g.problems()) {
            if (!prepared.containsKey(p.label())) {
                long t0 = System.nanoTime();
                // seeded by the problem, not the direction: both gradients share inputs and one reference
                prepared.put(p.label(), prepare(p, new Random(settings.seed() ^ p.name().hashCode()), gradients));
                say("    reference for %s: %.1f s", p.label(), (System.nanoTime() - t0) / 1e9);
            }
        }
        Candidates cands = candidates(g.space(), new Random(settings.seed() ^ g.label().hashCode()));
        Map<String, Integer> defaults = cands.list().get(0);
        Search search = new Search(g, cands.list().size(), deadline);
        // Phase 1: the sample (or the whole space), in its shuffled order. When the space is
        // sampled, 60% of the time goes here and the rest to phase 2.
        boolean exhaustive = cands.search().startsWith("exhaustive");
        double phase1End = exhaustive ? deadline : elapsed() + 0.6 * (deadline - elapsed());
        for (Map<String, Integer> params : cands.list()) {
            if ((elapsed() > phase1End || elapsed() > deadline - search.finalsReserve()) && search.tried > 0) {
                break;
            }
            search.evaluate(params);
        }
        // Phase 2: local search around the best so far, one parameter one step at a time, until
        // no neighbour is faster or the time is up.
        int sampled = search.tried;
        boolean improved = true;
        while (!exhaustive && improved && search.best != null && elapsed() < deadline - search.finalsReserve()) {
            improved = false;
            Scored before = search.best;
            for (Map<String, Integer> nb : neighbours(g.space(), before.params)) {
                if (elapsed() > deadline - search.finalsReserve()) {
                    break;
                }
                if (search.seen.contains(nb) || g.space().refuses(nb, device) != null) {
                    continue;
                }
                search.evaluate(nb);
            }
            improved = search.best != before;
        }
        List<Scored> passed = search.passed;
        int pruned = search.prunedCount;
        List<String> rejected = search.rejected;
        int tried = search.tried;
        if (passed.isEmpty()) {
            return new Outcome(g.space().kernel(), g.problemClass(), g.impl().name(), null, tried, 0,
                    "no candidate passed the check against the reference");
        }
        // The finalists and the defaults again, interleaved, several rounds: the median decides.
        passed.sort((a, b) -> Double.compare(b.gflops, a.gflops));
        List<Map<String, Integer>> finalists = new ArrayList<>();
        for (Scored s : passed.subList(0, Math.min(settings.finalists(), passed.size()))) {
            finalists.add(s.params);
        }
        boolean defaultsPassed = passed.stream().anyMatch(s -> s.params.equals(defaults));
        if (defaultsPassed && !finalists.contains(defaults)) {
            finalists.add(defaults);
        }
        Map<Map<String, Integer>, List<Double>> rounds = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (Map<String, Integer> p : finalists) {
                Scored s = evaluate(g, p, 0);
                if (s.failure == null) {
                    rounds.computeIfAbsent(p, k -> new ArrayList<>()).add(s.gflops);
                }
            }
        }
        Map<String, Integer> winner = null;
        double winnerGflops = 0;
        for (Map.Entry<Map<String, Integer>, List<Double>> e : rounds.entrySet()) {
            double m = median(e.getValue());
            if (winner == null || m > winnerGflops) {
                winner = e.getKey();
                winnerGflops = m;
            }
        }
        if (winner == null) {
            return new Outcome(g.space().kernel(), g.problemClass(), g.impl().name(), null, tried, passed.size(),
                    "the finalists failed when measured again");
        }
        Double defaultGflops = rounds.containsKey(defaults) ? median(rounds.get(defaults)) : null;
        String searchNote = cands.search() + (sampled < cands.list().size() ? "; time for " + sampled + " of them" : "")
                + (exhaustive ? "" : "; then " + (tried - sampled) + " neighbours of the best (local search)")
                + "; " + (passed.size() + pruned) + " of " + tried + " passed the reference check"
                + (pruned == 0 ? "" : ", " + pruned + " of them not timed (over " + (int) PRUNE_FACTOR + " times the best device time)");
        TuningDatabase.Entry entry = new TuningDatabase.Entry(g.space().kernel(), g.problemClass(), winner,
                defaults, round1(winnerGflops), defaultGflops == null ? null : round1(defaultGflops),
                g.problems().stream().map(Problem::label).toList(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), searchNote,
                cands.refused().isEmpty() ? null : cands.refused(), rejected.isEmpty() ? null : rejected);
        say("    => %s: %s  %.3g GFLOP/s (defaults %s)", g.label(), TuningSpace.format(winner), winnerGflops,
                defaultGflops == null ? "failed" : String.format(Locale.ROOT, "%.3g", defaultGflops));
        return new Outcome(g.space().kernel(), g.problemClass(), g.impl().name(), entry, tried, passed.size() + pruned, null);
    }

    /** The state of one group's search: what was tried, what passed, the best so far. */
    private final class Search {
        final Group g;
        final int planned;
        final double deadline;
        final long started = System.nanoTime();
        final double startedAt = elapsed();
        final java.util.Set<Map<String, Integer>> seen = new java.util.HashSet<>();
        final List<Scored> passed = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();
        Scored best;
        int tried;
        int prunedCount;

        Search(Group g, int planned, double deadline) {
            this.g = g;
            this.planned = planned;
            this.deadline = deadline;
        }

        /**
         * Time kept for the final interleaved rounds, so that they end within the budget: three
         * rounds of the finalists and the defaults at the mean time of timing one candidate so far
         * (build and check excluded), at most 30% of the group's time.
         */
        double finalsReserve() {
            if (timings == 0) {
                return 0;
            }
            double rounds = 3.0 * (settings.finalists() + 1) * timingSeconds / timings;
            return Math.min(rounds, 0.3 * (deadline - startedAt));
        }

        void evaluate(Map<String, Integer> params) {
            seen.add(params);
            tried++;
            Scored s = Tuner.this.evaluate(g, params, 1);
            if (s.failure != null) {
                rejected.add(TuningSpace.format(params) + ": " + s.failure);
                say("    %s  rejected: %s", TuningSpace.format(params), s.failure);
                return;
            }
            if (s.pruned != null) {
                prunedCount++;
                if (!settings.quiet()) {
                    say("    %3d/%d  %-44s %s", tried, planned, TuningSpace.format(params), s.pruned);
                }
                return;
            }
            passed.add(s);
            if (best == null || s.gflops > best.gflops) {
                best = s;
            }
            if (!settings.quiet()) {
                double perCandidate = (System.nanoTime() - started) / 1e9 / tried;
                double eta = Math.min(deadline - elapsed(), perCandidate * Math.max(0, planned - tried));
                say("    %3d/%d  %-44s %8.3g GFLOP/s  best %.3g  ETA %s (all: %s)", tried, planned,
                        TuningSpace.format(params), s.gflops, best.gflops, duration(Math.max(0, eta)),
                        duration(Math.max(0, settings.budgetSeconds() - elapsed())));
            }
        }
    }

    /** The parameter sets one step away from {@code p}: one parameter moved to an adjacent value. */
    static List<Map<String, Integer>> neighbours(TuningSpace space, Map<String, Integer> p) {
        List<Map<String, Integer>> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : space.values().entrySet()) {
            List<Integer> vals = e.getValue();
            int i = vals.indexOf(p.get(e.getKey()));
            for (int j : new int[] {i - 1, i + 1}) {
                if (i >= 0 && j >= 0 && j < vals.size()) {
                    Map<String, Integer> m = new LinkedHashMap<>(p);
                    m.put(e.getKey(), vals.get(j));
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** A candidate's speed, or why it cannot win (a failure), or why it was not timed (pruned). */
    record Scored(Map<String, Integer> params, double gflops, String failure, String pruned) {
    }

    /** A candidate whose checked run takes this many times the best device time so far is not timed. */
    static final double PRUNE_FACTOR = 4;

    /**
     * Runs the group's problems with these parameters: when {@code check} is 1, first once with
     * canaries, compared with the reference; then timed. Speed: geometric mean of GFLOP/s.
     */
    private Scored evaluate(Group g, Map<String, Integer> params, int check) {
        OpenClImplementation impl = g.impl();
        impl.forceParameters(g.space(), params);
        double logSum = 0;
        try {
            for (Problem p : g.problems()) {
                Prepared pr = prepared.get(p.label());
                if (check == 1) {
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
                if (check == 1 && fastest != null && once > PRUNE_FACTOR * fastest) {
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
    private static double medianDeviceNanos(OpenClImplementation impl, Prepared pr) {
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

    // ---------------------------------------------------------------- inputs and references

    /** Inputs (small integers, so float32 sums are exact), output tensors and the reference. */
    private static final class Prepared {
        final Problem p;
        Tensor x;
        Tensor w;
        Tensor b;
        Tensor dy;
        Tensor out;
        Tensor db;
        Tensor64 expected;
        Tensor64 expectedDb;
        /** Relative tolerance: 0 where the float32 result is exact. */
        double rtol;
        double atol;

        Prepared(Problem p) {
            this.p = p;
        }

        void run(OpenClImplementation impl) {
            Arrays.fill(out.data(), Float.NaN);
            if (p.conv() != null) {
                switch (p.direction()) {
                    case "forward" -> impl.conv2d(x, w, b, p.conv().window(), out);
                    case "backward-data" -> impl.conv2dBackward(x, w, dy, p.conv().window(), Reduction.SUM, out, null, null);
                    case "backward-weights" -> {
                        Arrays.fill(db.data(), Float.NaN);
                        impl.conv2dBackward(x, w, dy, p.conv().window(), Reduction.SUM, null, out, db);
                    }
                    default -> throw new IllegalArgumentException(p.direction());
                }
            } else {
                PoolShape s = p.pool();
                boolean forward = p.direction().equals("pool-forward");
                if (p.maxPool()) {
                    if (forward) {
                        impl.maxPool2d(x, s.window(), out);
                    } else {
                        impl.maxPool2dBackward(x, dy, s.window(), out);
                    }
                } else if (forward) {
                    impl.avgPool2d(x, s.window(), s.countIncludePad(), out);
                } else {
                    impl.avgPool2dBackward(dy, s.window(), s.countIncludePad(), out);
                }
            }
        }

        String mismatch() {
            String m = compare(expected, out, rtol, atol);
            if (m == null && expectedDb != null) {
                m = compare(expectedDb, db, 0, 0);
                m = m == null ? null : "db " + m;
            }
            return m;
        }
    }

    private static Prepared prepare(Problem p, Random rnd, Map<String, Reference.Grads> gradients) {
        Prepared pr = new Prepared(p);
        if (p.conv() != null) {
            ConvShape c = p.conv();
            pr.x = ints(rnd, c.inputShape());
            pr.w = ints(rnd, c.weightShape());
            pr.b = ints(rnd, c.oc());
            pr.dy = ints(rnd, c.outputShape());
            Tensor64 x64 = Tensor64.of(pr.x), w64 = Tensor64.of(pr.w);
            switch (p.direction()) {
                case "forward" -> {
                    pr.out = Tensor.zeros(c.outputShape());
                    pr.expected = Reference.conv2d(x64, w64, Tensor64.of(pr.b), c.window());
                }
                case "backward-data", "backward-weights" -> {
                    Reference.Grads grads = gradients.computeIfAbsent(p.name(),
                            k -> Reference.conv2dBackward(x64, w64, Tensor64.of(pr.dy), c.window(), Reduction.SUM));
                    if (p.direction().equals("backward-data")) {
                        pr.out = Tensor.zeros(c.inputShape());
                        pr.expected = grads.dx();
                    } else {
                        pr.out = Tensor.zeros(c.weightShape());
                        pr.db = Tensor.zeros(c.oc());
                        pr.expected = grads.dw();
                        pr.expectedDb = grads.db();
                    }
                }
                default -> throw new IllegalArgumentException("no direction " + p.direction() + " for a convolution");
            }
        } else {
            PoolShape s = p.pool();
            pr.x = ints(rnd, s.inputShape());
            pr.dy = ints(rnd, s.outputShape());
            Tensor64 x64 = Tensor64.of(pr.x);
            boolean forward = p.direction().equals("pool-forward");
            pr.out = Tensor.zeros(forward ? s.outputShape() : s.inputShape());
            if (p.maxPool()) {
                pr.expected = forward ? Reference.maxPool2d(x64, s.window())
                        : Reference.maxPool2dBackward(x64, Tensor64.of(pr.dy), s.window());
            } else {
                pr.expected = forward ? Reference.avgPool2d(x64, s.window(), s.countIncludePad())
                        : Reference.avgPool2dBackward(Tensor64.of(pr.dy), s.inputShape(), s.window(), s.countIncludePad());
                // divisions make averages inexact; sums of shares may cancel to near zero, so the
                // absolute part of the tolerance scales with the input's magnitude (3)
                pr.rtol = 1e-5;
                pr.atol = 3e-5;
            }
        }
        return pr;
    }

    private static Tensor ints(Random rnd, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextInt(7) - 3;
        }
        return t;
    }

    /** Null when every element is within atol + rtol*|expected|, else the count and the first one. */
    static String compare(Tensor64 expected, Tensor got, double rtol, double atol) {
        int bad = 0;
        String first = null;
        for (int i = 0; i < got.size(); i++) {
            double e = expected.data()[i];
            double g = got.data()[i];
            if (!(Math.abs(g - e) <= atol + rtol * Math.abs(e))) {   // NaN (never written) fails too
                if (first == null) {
                    first = "at " + Shapes.coordinates(got.shape(), i) + " got " + g + ", expected " + e;
                }
                bad++;
            }
        }
        return bad == 0 ? null : bad + " of " + got.size() + " elements differ, first " + first;
    }

    // ---------------------------------------------------------------- helpers

    private double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    private void say(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /** Three significant digits: pooling runs at fractions of a GFLOP/s. */
    static double round1(double v) {
        return v <= 0 || !Double.isFinite(v) ? v
                : new java.math.BigDecimal(v).round(new java.math.MathContext(3)).doubleValue();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }
}
