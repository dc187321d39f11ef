package convbench.opencl;

import convbench.api.ConvShape;
import convbench.api.PoolShape;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The kernel tuner behind {@code convbench tune}, after CLBlast's: for every tunable kernel an
 * implementation runs and every problem class of the given problems ({@link TuningGroup}), it
 * tries parameter sets (all of them when the space is small, else a random sample with a fixed
 * seed, the defaults always among them: {@link TuningCandidates}), skips the sets the device
 * refuses with the reason, checks every candidate's output against the float64 reference (with
 * canaries after every device buffer) before timing it with OpenCL profiling events
 * ({@link CandidateRunner}, {@link PreparedProblem}), and keeps the fastest. The best few and
 * the defaults are then measured again, interleaved, so that the winner and the reported
 * speed-up do not rest on one lucky sample on a shared machine ({@link GroupSearch}).
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

    private final DeviceInfo device;
    private final Settings settings;
    private final TuningProgress progress;
    private final CandidateRunner runner;

    public Tuner(DeviceInfo device, Settings settings, PrintWriter out) {
        this.device = device;
        this.settings = settings;
        this.progress = new TuningProgress(out);
        this.runner = new CandidateRunner(settings.seed(), progress);
    }

    /** What would be tuned, one line per group (for --dry-run and the start of a run). */
    public List<String> plan(List<OpenClImplementation> impls, List<Problem> problems) {
        List<String> lines = new ArrayList<>();
        for (TuningGroup g : TuningGroup.of(impls, problems)) {
            TuningCandidates c = candidates(g.space(), new Random(settings.seed()));
            lines.add(String.format(Locale.ROOT, "%-28s %-22s %s; %s on %s", g.label(), g.impl().name(), c.search(),
                    c.refused().isEmpty() ? "none refused" : c.refusedCount() + " refused by the device",
                    String.join(", ", g.problems().stream().map(Problem::label).toList())));
        }
        return lines;
    }

    /** Tunes every group within the budget; the budget left is shared equally by the groups still to run. */
    public List<Outcome> tune(List<OpenClImplementation> impls, List<Problem> problems) {
        List<TuningGroup> groups = TuningGroup.of(impls, problems);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            double left = settings.budgetSeconds() - progress.elapsed();
            double share = left / (groups.size() - i);
            TuningGroup g = groups.get(i);
            if (left <= 1) {
                outcomes.add(new Outcome(g.space().kernel(), g.problemClass(), g.impl().name(), null, 0, 0,
                        "not tuned: the budget was spent"));
                progress.say("[%d/%d] %s: not tuned, the budget is spent", i + 1, groups.size(), g.label());
                continue;
            }
            progress.say("[%d/%d] %s for %s on %s: %.0f s of the %.0f s left", i + 1, groups.size(), g.label(),
                    g.impl().name(), String.join(", ", g.problems().stream().map(Problem::label).toList()), share, left);
            try {
                outcomes.add(tuneGroup(g, progress.elapsed() + share));
            } finally {
                g.impl().clearForcedParameters();
            }
        }
        return outcomes;
    }

    /** The parameter sets to try for {@code space} on this device, defaults first, sampled with {@code rnd}. */
    TuningCandidates candidates(TuningSpace space, Random rnd) {
        return TuningCandidates.of(space, device, settings.maxCandidates(), settings.seed(), rnd);
    }

    private Outcome tuneGroup(TuningGroup g, double deadline) {
        runner.prepare(g);
        TuningCandidates cands = candidates(g.space(), new Random(settings.seed() ^ g.label().hashCode()));
        return new GroupSearch(g, cands, deadline, settings, device, runner, progress).run();
    }
}
