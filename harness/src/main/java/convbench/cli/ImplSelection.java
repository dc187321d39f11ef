package convbench.cli;

import convbench.api.Implementation;
import convbench.api.Implementations;
import convbench.api.Support;
import convbench.opencl.Devices;
import convbench.opencl.OpenClException;
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
                closeAll(all);
                throw new UsageException("--impl: unknown implementation '" + n + "'; known: "
                        + String.join(", ", Implementations.names(all)));
            }
            if (!chosen.contains(found)) {
                chosen.add(found);
            }
        }
        all.stream().filter(i -> !chosen.contains(i)).forEach(Implementation::close);
        return chosen;
    }

    /**
     * A device named with {@code --device} must exist (else exit 2), and an implementation named
     * with {@code --impl} must be able to run here (else exit 3: the environment needs fixing).
     */
    public static void checkRequested(List<Implementation> chosen, List<String> requested, String device) {
        if (device != null && !device.isBlank()) {
            try {
                Devices.select(device);
            } catch (OpenClException e) {
                closeAll(chosen);
                throw new UsageException("--device: " + e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                closeAll(chosen);
                throw new EnvironmentException("--device " + device + ": OpenCL is not usable here: " + e.getMessage());
            }
        }
        if (requested == null || requested.isEmpty()) {
            return;
        }
        for (Implementation i : chosen) {
            Support a = i.available();
            if (!a.supported()) {
                closeAll(chosen);
                throw new EnvironmentException("--impl " + i.name() + ": not available here: " + a.reason());
            }
        }
    }

    private static void closeAll(List<Implementation> impls) {
        impls.forEach(Implementation::close);
    }
}
