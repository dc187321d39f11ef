package convbench.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Discovers implementations with ServiceLoader, in a stable order (naive first, then by name). */
public final class Implementations {
    private Implementations() {
    }

    /** Every implementation on the class path; ones that fail to load are reported, not hidden. */
    public static List<Implementation> discover() {
        List<Implementation> out = new ArrayList<>();
        ServiceLoader<Implementation> loader = ServiceLoader.load(Implementation.class);
        var it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError e) {
                System.err.println("warning: an implementation failed to load: " + e.getMessage());
            }
        }
        out.sort(Comparator.comparing((Implementation i) -> !i.name().equals("naive"))
                .thenComparing(Implementation::name));
        return out;
    }

    public static List<String> names(List<Implementation> impls) {
        return impls.stream().map(Implementation::name).toList();
    }
}
