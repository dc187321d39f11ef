package convbench.opencl;

import convbench.api.ConvShape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group of problems tuned together: one kernel, one problem class, the implementation that
 * runs it. The tuner's database writes one entry per group.
 */
record TuningGroup(OpenClImplementation impl, TuningSpace space, String problemClass, List<Tuner.Problem> problems) {

    String label() {
        return space.kernel() + " " + problemClass;
    }

    /** The groups these implementations and problems make, in order; a kernel shared by several implementations is tuned once. */
    static List<TuningGroup> of(List<OpenClImplementation> impls, List<Tuner.Problem> problems) {
        Map<String, TuningGroup> groups = new LinkedHashMap<>();
        for (OpenClImplementation impl : impls) {
            for (Tuner.Problem p : problems) {
                for (TuningSpace space : impl.tunedKernels(p.direction())) {
                    String cls = classOf(p);
                    TuningGroup g = groups.computeIfAbsent(space.kernel() + "|" + cls,
                            k -> new TuningGroup(impl, space, cls, new ArrayList<>()));
                    if (g.impl() == impl && !g.problems().contains(p)) {
                        g.problems().add(p);
                    }
                }
            }
        }
        // small spaces first: an exhaustive search that ends early leaves its time to the big ones
        List<TuningGroup> out = new ArrayList<>(groups.values());
        out.sort(Comparator.comparingLong(g -> g.space().size()));
        return out;
    }

    /** The problem class of a problem: its direction, for a convolution also small-k or large-k. */
    static String classOf(Tuner.Problem p) {
        if (p.conv() != null) {
            ConvShape c = p.conv();
            return TuningSpace.problemClass(p.direction(), c.c(), c.oc(), c.window().kh(), c.window().kw());
        }
        return p.direction();
    }
}
