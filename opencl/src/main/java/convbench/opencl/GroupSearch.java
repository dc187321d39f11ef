package convbench.opencl;

import convbench.opencl.CandidateRunner.Scored;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The search of one group within its deadline. Phase 1: the candidates (the whole space, or a
 * sample given 60% of the time), in their shuffled order. Phase 2, for a sampled space: a local
 * search around the best so far, one parameter one step at a time, until no neighbour is faster
 * or the time is up. Last, the best few and the defaults measured again in three interleaved
 * rounds: the median decides, and makes the database entry.
 */
final class GroupSearch {
    private final TuningGroup g;
    private final TuningCandidates cands;
    private final Tuner.Settings settings;
    private final DeviceInfo device;
    private final CandidateRunner runner;
    private final TuningProgress progress;
    private final int planned;
    private final double deadline;
    private final long started = System.nanoTime();
    private final double startedAt;
    private final Set<Map<String, Integer>> seen = new HashSet<>();
    private final List<Scored> passed = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private Scored best;
    private int tried;
    private int prunedCount;

    /** {@code deadline}: in seconds of {@code progress}'s clock. */
    GroupSearch(TuningGroup g, TuningCandidates cands, double deadline, Tuner.Settings settings, DeviceInfo device,
                CandidateRunner runner, TuningProgress progress) {
        this.g = g;
        this.cands = cands;
        this.settings = settings;
        this.device = device;
        this.runner = runner;
        this.progress = progress;
        this.planned = cands.list().size();
        this.deadline = deadline;
        this.startedAt = progress.elapsed();
    }

    Tuner.Outcome run() {
        Map<String, Integer> defaults = cands.list().get(0);
        // Phase 1: the sample (or the whole space), in its shuffled order. When the space is
        // sampled, 60% of the time goes here and the rest to phase 2.
        boolean exhaustive = cands.exhaustive();
        double phase1End = exhaustive ? deadline : elapsed() + 0.6 * (deadline - elapsed());
        for (Map<String, Integer> params : cands.list()) {
            if ((elapsed() > phase1End || elapsed() > deadline - finalsReserve()) && tried > 0) {
                break;
            }
            evaluate(params);
        }
        int sampled = tried;
        if (!exhaustive) {
            localSearch();
        }
        if (passed.isEmpty()) {
            return outcome(null, 0, "no candidate passed the check against the reference");
        }
        Map<Map<String, Integer>, List<Double>> rounds = finalRounds(defaults);
        Map<String, Integer> winner = null;
        double winnerGflops = 0;
        for (Map.Entry<Map<String, Integer>, List<Double>> e : rounds.entrySet()) {
            double m = CandidateRunner.median(e.getValue());
            if (winner == null || m > winnerGflops) {
                winner = e.getKey();
                winnerGflops = m;
            }
        }
        if (winner == null) {
            return outcome(null, passed.size(), "the finalists failed when measured again");
        }
        Double defaultGflops = rounds.containsKey(defaults) ? CandidateRunner.median(rounds.get(defaults)) : null;
        int pruned = prunedCount;
        String searchNote = cands.search() + (sampled < cands.list().size() ? "; time for " + sampled + " of them" : "")
                + (exhaustive ? "" : "; then " + (tried - sampled) + " neighbours of the best (local search)")
                + "; " + (passed.size() + pruned) + " of " + tried + " passed the reference check"
                + (pruned == 0 ? "" : ", " + pruned + " of them not timed (over " + (int) CandidateRunner.PRUNE_FACTOR
                + " times the best device time)");
        TuningDatabase.Entry entry = new TuningDatabase.Entry(g.space().kernel(), g.problemClass(), winner,
                defaults, round1(winnerGflops), defaultGflops == null ? null : round1(defaultGflops),
                g.problems().stream().map(Tuner.Problem::label).toList(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), searchNote,
                cands.refused().isEmpty() ? null : cands.refused(), rejected.isEmpty() ? null : rejected);
        progress.say("    => %s: %s  %.3g GFLOP/s (defaults %s)", g.label(), TuningSpace.format(winner), winnerGflops,
                defaultGflops == null ? "failed" : String.format(Locale.ROOT, "%.3g", defaultGflops));
        return outcome(entry, passed.size() + pruned, null);
    }

    /** Phase 2: the neighbours of the best so far, while one of them is faster and time is left. */
    private void localSearch() {
        boolean improved = true;
        while (improved && best != null && elapsed() < deadline - finalsReserve()) {
            improved = false;
            Scored before = best;
            for (Map<String, Integer> nb : TuningCandidates.neighbours(g.space(), before.params())) {
                if (elapsed() > deadline - finalsReserve()) {
                    break;
                }
                if (seen.contains(nb) || g.space().refuses(nb, device) != null) {
                    continue;
                }
                evaluate(nb);
            }
            improved = best != before;
        }
    }

    /** The finalists and the defaults again, interleaved, three rounds: GFLOP/s per parameter set that did not fail. */
    private Map<Map<String, Integer>, List<Double>> finalRounds(Map<String, Integer> defaults) {
        passed.sort((a, b) -> Double.compare(b.gflops(), a.gflops()));
        List<Map<String, Integer>> finalists = new ArrayList<>();
        for (Scored s : passed.subList(0, Math.min(settings.finalists(), passed.size()))) {
            finalists.add(s.params());
        }
        boolean defaultsPassed = passed.stream().anyMatch(s -> s.params().equals(defaults));
        if (defaultsPassed && !finalists.contains(defaults)) {
            finalists.add(defaults);
        }
        Map<Map<String, Integer>, List<Double>> rounds = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (Map<String, Integer> p : finalists) {
                Scored s = runner.evaluate(g, p, false);
                if (s.failure() == null) {
                    rounds.computeIfAbsent(p, k -> new ArrayList<>()).add(s.gflops());
                }
            }
        }
        return rounds;
    }

    /**
     * Time kept for the final interleaved rounds, so that they end within the budget: three
     * rounds of the finalists and the defaults at the mean time of timing one candidate so far
     * (build and check excluded), at most 30% of the group's time.
     */
    private double finalsReserve() {
        if (runner.timings() == 0) {
            return 0;
        }
        double rounds = 3.0 * (settings.finalists() + 1) * runner.timingSeconds() / runner.timings();
        return Math.min(rounds, 0.3 * (deadline - startedAt));
    }

    /** Checks and times one candidate, and says how it went. */
    private void evaluate(Map<String, Integer> params) {
        seen.add(params);
        tried++;
        Scored s = runner.evaluate(g, params, true);
        if (s.failure() != null) {
            rejected.add(TuningSpace.format(params) + ": " + s.failure());
            progress.say("    %s  rejected: %s", TuningSpace.format(params), s.failure());
            return;
        }
        if (s.pruned() != null) {
            prunedCount++;
            if (!settings.quiet()) {
                progress.say("    %3d/%d  %-44s %s", tried, planned, TuningSpace.format(params), s.pruned());
            }
            return;
        }
        passed.add(s);
        if (best == null || s.gflops() > best.gflops()) {
            best = s;
        }
        if (!settings.quiet()) {
            double perCandidate = (System.nanoTime() - started) / 1e9 / tried;
            double eta = Math.min(deadline - elapsed(), perCandidate * Math.max(0, planned - tried));
            progress.say("    %3d/%d  %-44s %8.3g GFLOP/s  best %.3g  ETA %s (all: %s)", tried, planned,
                    TuningSpace.format(params), s.gflops(), best.gflops(), duration(Math.max(0, eta)),
                    duration(Math.max(0, settings.budgetSeconds() - elapsed())));
        }
    }

    private Tuner.Outcome outcome(TuningDatabase.Entry entry, int passedCount, String note) {
        return new Tuner.Outcome(g.space().kernel(), g.problemClass(), g.impl().name(), entry, tried, passedCount, note);
    }

    private double elapsed() {
        return progress.elapsed();
    }

    /** Three significant digits: pooling runs at fractions of a GFLOP/s. */
    static double round1(double v) {
        return v <= 0 || !Double.isFinite(v) ? v : new BigDecimal(v).round(new MathContext(3)).doubleValue();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
