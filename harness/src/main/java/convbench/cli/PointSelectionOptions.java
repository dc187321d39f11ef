package convbench.cli;

import convbench.bench.BadInputException;
import convbench.bench.BenchPlan;
import convbench.bench.BenchSettings;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which points a command measures or tunes: {@code --suite}, {@code --impl} and {@code --direction},
 * each declared once here with bench's description. bench, ab and tune mix in this class; run mixes
 * in {@link Suites} and {@link Impls}, verify {@link Impls}. A command that words an option its own
 * way (its default suite, say) does so in its {@link OptionTexts}. Unknown names are refused where
 * they are resolved: {@link BenchPlan#of} for bench and ab, {@link ImplSelection}, tune's problems.
 */
public final class PointSelectionOptions {
    @Mixin
    Suites suites;

    @Mixin
    Impls impls;

    @Mixin
    Directions directions;

    /** {@code --suite NAME|FILE}, repeatable. */
    public static final class Suites {
        @Option(names = "--suite", paramLabel = "NAME|FILE",
                description = "Suite to run, repeatable (default: smoke).")
        List<String> names = new ArrayList<>();
    }

    /** {@code --impl NAME}, repeatable or a comma list. */
    public static final class Impls {
        @Option(names = "--impl", paramLabel = "NAME", split = ",",
                description = "Implementation to time, repeatable (default: every one found).")
        List<String> names = new ArrayList<>();
    }

    /** {@code --direction D}, repeatable or a comma list. */
    public static final class Directions {
        @Option(names = "--direction", paramLabel = "D", split = ",",
                description = "Direction to time, repeatable (default: each suite line's directions).")
        List<String> names = new ArrayList<>();
    }

    /** The suites given (empty: none). */
    List<String> suites() {
        return suites.names;
    }

    /** The implementations given (empty: none). */
    List<String> impls() {
        return impls.names;
    }

    /** The directions given (empty: none). */
    List<String> directions() {
        return directions.names;
    }

    /** bench's and ab's points: the suites given (default: smoke), the implementations and directions given. */
    BenchPlan plan(BenchSettings settings) throws BadInputException {
        return BenchPlan.of(suites.names.isEmpty() ? List.of("smoke") : suites.names, impls.names, directions.names,
                settings);
    }
}
