package convbench.bench;

import convbench.api.Implementation;
import convbench.api.Implementations;
import convbench.api.Shapes;
import convbench.api.Direction;
import convbench.suites.Problem;
import convbench.suites.Suite;
import convbench.suites.SuiteFormatException;
import convbench.suites.Suites;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The points of a run: every implementation x every problem of every suite x every direction,
 * grouped by implementation. Everything that could make the run pointless is checked here,
 * before any JVM starts or any tensor is allocated.
 */
public record BenchPlan(List<Suite> suites, List<String> impls, List<Direction> directions,
                        List<PointSpec> points, java.util.Map<Integer, Long> estimatedBytes) {

    /** The estimated bytes of a point ({@link convbench.ops.PointDriver#estimatedBytes}), 0 when unknown. */
    public long estimatedBytes(PointSpec spec) {
        return estimatedBytes.getOrDefault(spec.index(), 0L);
    }

    /**
     * @param suiteArgs  built-in suite names or suite files
     * @param implArgs   implementation names; empty: every discovered one
     * @param dirArgs    directions; empty: each problem's own (its suite's {@code --dir}, else the defaults)
     */
    public static BenchPlan of(List<String> suiteArgs, List<String> implArgs, List<String> dirArgs,
                               BenchSettings settings) throws BadInputException {
        List<Direction> directions = new ArrayList<>();
        for (String a : dirArgs) {
            Direction d = Direction.parse(a);
            if (d == null) {
                throw new BadInputException("unknown direction '" + a + "' (known: "
                        + String.join(", ", Direction.ids()) + ")");
            }
            if (!directions.contains(d)) {
                directions.add(d);
            }
        }
        List<Suite> suites = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String s : suiteArgs) {
            if (!seen.add(s)) {
                continue;
            }
            try {
                suites.add(Suites.load(s));
            } catch (SuiteFormatException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        if (suites.isEmpty()) {
            throw new BadInputException("no suite given (built-in: " + String.join(", ", Suites.BUILT_IN) + ")");
        }
        List<String> available = new ArrayList<>();
        for (Implementation i : Implementations.discover()) {
            available.add(i.name());
            try {
                i.close();
            } catch (RuntimeException e) {
                // only the name was needed
            }
        }
        if (available.isEmpty()) {
            throw new BadInputException("no implementations found on the class path "
                    + "(META-INF/services/convbench.api.Implementation)");
        }
        List<String> impls = new ArrayList<>();
        if (implArgs.isEmpty()) {
            impls.addAll(available);
        } else {
            for (String name : implArgs) {
                if (!available.contains(name)) {
                    throw new BadInputException("unknown implementation '" + name + "' (available: "
                            + String.join(", ", available) + ")");
                }
                if (!impls.contains(name)) {
                    impls.add(name);
                }
            }
        }
        long heapBytes = (long) settings.heapMb() * 1024 * 1024;
        List<PointSpec> points = new ArrayList<>();
        java.util.Map<Integer, Long> bytes = new java.util.HashMap<>();
        for (Suite suite : suites) {
            for (Problem p : suite.problems()) {
                for (Direction d : directionsOf(p, directions)) {
                    checkMemory(suite, p, d, heapBytes);
                }
            }
        }
        for (String impl : impls) {
            for (Suite suite : suites) {
                for (Problem p : suite.problems()) {
                    for (Direction d : directionsOf(p, directions)) {
                        points.add(new PointSpec(points.size() + 1, impl, suite.name(), p.name(), p.descriptor(), d.id()));
                        bytes.put(points.size(), p.driver(d).estimatedBytes());
                    }
                }
            }
        }
        if (points.isEmpty()) {
            throw new BadInputException("nothing to run: the directions " + directions
                    + " do not apply to any problem of the suites " + suiteArgs);
        }
        return new BenchPlan(suites, impls, directions, points, java.util.Map.copyOf(bytes));
    }

    static List<Direction> directionsOf(Problem p, List<Direction> requested) {
        if (requested.isEmpty()) {
            return p.directions();
        }
        List<Direction> out = new ArrayList<>();
        for (Direction d : requested) {
            Direction applied = d.forKind(p.pooling());
            if (applied != null && !out.contains(applied)) {
                out.add(applied);
            }
        }
        return out;
    }

    /** Refuses a problem whose tensors (and an im2col workspace) would not fit the benchmark JVM's heap. */
    static void checkMemory(Suite suite, Problem p, Direction d, long heapBytes) throws BadInputException {
        long largest = p.driver(d).largestTensor();
        if (largest > Shapes.MAX_ELEMENTS) {
            throw new BadInputException(p.location() + ": problem \"" + p.name() + "\" (" + p.descriptor()
                    + ") has a tensor of " + largest + " elements, more than the limit of " + Shapes.MAX_ELEMENTS
                    + " (1 GiB of float32); lower its mb");
        }
        long need = p.driver(d).estimatedBytes();
        if (need > heapBytes * 0.8) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s: problem \"%s\" (%s) needs about %.1f GiB for %s (its tensors and an im2col workspace), "
                            + "more than 80%% of the %.1f GiB heap of the benchmark JVMs; lower its mb or raise --heap",
                    p.location(), p.name(), p.descriptor(), need / 1073741824.0, d.id(), heapBytes / 1073741824.0));
        }
    }
}
