package convbench.cli;

import convbench.bench.BadInputException;
import convbench.bench.BenchSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the points are measured, the options bench and ab share: {@link Forks} (how many JVMs measure
 * a point, and the extra ones for unstable points) and {@link Iterations} (what each of them
 * measures), each declared once here with bench's description and checked here; ab words them for
 * its two sides in {@link AbCommand.Texts}. bench mixes in this class, ab the two parts (its help
 * lists {@code --full} between them). Not given: the value of the base settings (--quick or not).
 */
public final class MeasurementOptions {
    @Mixin
    Forks forks;

    @Mixin
    Iterations iterations;

    /** {@code --forks}, {@code --max-forks}, {@code --extra-time}. */
    public static final class Forks {
        @Option(names = "--forks", paramLabel = "N", description = "Independent JVMs per point (each runs JMH on that "
                + "point only; the points are measured in rounds, in a shuffled order).")
        Integer forks;

        @Option(names = "--max-forks", paramLabel = "N", description = "A point still unstable (interval wider than "
                + "±10%%) after --forks JVMs gets more, one round at a time over such points, up to N JVMs in all "
                + "(default: twice --forks; N = --forks turns this off).")
        Integer maxForks;

        @Option(names = "--extra-time", paramLabel = "PCT", description = "The extra forks of unstable points may take "
                + "at most PCT%% of the time the regular rounds took (default 25 with --quick, 50 otherwise).")
        Integer extraTimePct;

        /** {@code --max-forks}: default twice the forks; never below them. */
        int maxForks(BenchSettings s) throws BadInputException {
            int max = maxForks != null ? maxForks : 2 * s.forks();
            if (max < s.forks()) {
                throw new BadInputException("--max-forks " + max + " is below --forks " + s.forks());
            }
            return max;
        }

        /** {@code --extra-time}: default 25% with --quick, 50% otherwise. */
        int extraTimePct(BenchSettings s) throws BadInputException {
            int pct = extraTimePct != null ? extraTimePct : s.quick() ? 25 : 50;
            if (pct < 0 || pct > 1000) {
                throw new BadInputException("--extra-time " + pct + ": a percentage between 0 and 1000");
            }
            return pct;
        }
    }

    /** {@code --warmup-iterations}, {@code --warmup-time}, {@code --iterations}, {@code --time}. */
    public static final class Iterations {
        @Option(names = "--warmup-iterations", paramLabel = "N", description = "Warm-up iterations.")
        Integer warmupIterations;

        @Option(names = "--warmup-time", paramLabel = "MS", description = "Milliseconds per warm-up iteration.")
        Integer warmupMs;

        @Option(names = "--iterations", paramLabel = "N", description = "Measured iterations.")
        Integer iterations;

        @Option(names = "--time", paramLabel = "MS", description = "Milliseconds per measured iteration.")
        Integer timeMs;
    }

    /** {@code base} with the forks, iterations and times given. */
    BenchSettings applyTo(BenchSettings base) {
        return applyTo(base, forks, iterations);
    }

    /** {@code base} with the forks, iterations and times given (for ab, which mixes in the parts). */
    static BenchSettings applyTo(BenchSettings base, Forks forks, Iterations iterations) {
        return new BenchSettings(base.quick(), forks.forks != null ? forks.forks : base.forks(),
                iterations.warmupIterations != null ? iterations.warmupIterations : base.warmupIterations(),
                iterations.warmupMs != null ? iterations.warmupMs : base.warmupMs(),
                iterations.iterations != null ? iterations.iterations : base.measurementIterations(),
                iterations.timeMs != null ? iterations.timeMs : base.measurementMs(), base.budgetMsPerOp(),
                base.heapMb(), base.minCallsPerSample(), base.unstableLimit());
    }
}
