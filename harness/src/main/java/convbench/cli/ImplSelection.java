package convbench.cli;

import convbench.api.Implementation;
import convbench.api.Implementations;
import java.util.ArrayList;
import java.util.List;

/** Resolves {@code --impl NAME} options against the discovered implementations. */
public final class ImplSelection {
    private ImplSelection() {
    }

    /** Every implementation when names is empty; an unknown name is a usage error naming the known ones. */
    public static List<Implementation> select(List<String> names) {
        List<Implementation> all = Implementations.discover();
        if (names == null || names.isEmpty()) {
            return all;
        }
        List<Implementation> chosen = new ArrayList<>();
        for (String n : names) {
            Implementation found = all.stream().filter(i -> i.name().equals(n)).findFirst().orElse(null);
            if (found == null) {
                throw new UsageException("--impl: unknown implementation '" + n + "'; known: "
                        + String.join(", ", Implementations.names(all)));
            }
            if (!chosen.contains(found)) {
                chosen.add(found);
            }
        }
        return chosen;
    }
}
