package convbench.bench;

import convbench.api.Implementation;
import convbench.api.Implementations;
import java.util.List;

/** Finds implementations by name. */
public final class Impls {
    private Impls() {
    }

    /** A fresh instance of the named implementation; the others found on the way are closed. */
    public static Implementation open(String name) {
        Implementation found = null;
        List<Implementation> all = Implementations.discover();
        for (Implementation i : all) {
            if (found == null && i.name().equals(name)) {
                found = i;
            } else {
                try {
                    i.close();
                } catch (RuntimeException e) {
                    // not ours to report
                }
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no implementation named '" + name + "' (found: "
                    + Implementations.names(all) + ")");
        }
        return found;
    }
}
