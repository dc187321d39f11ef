package convbench.harness;

import convbench.results.Environment;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Describes the machine, JVM, OpenCL devices and project revision a run happens on. */
public final class EnvironmentProbe {
    private static volatile List<Environment.OpenClDevice> openClDevices = List.of();

    private EnvironmentProbe() {
    }

    /** The OpenCL layer registers what it found, so this module needs no OpenCL code. */
    public static void setOpenClDevices(List<Environment.OpenClDevice> devices) {
        openClDevices = List.copyOf(devices);
    }

    public static Environment probe() {
        return new Environment(hostName(), cpuModel(), Runtime.getRuntime().availableProcessors(),
                memoryBytes(), System.getProperty("os.name") + " " + System.getProperty("os.version")
                        + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor"), System.getProperty("java.runtime.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), vectorApi(),
                openClDevices, version(), gitCommit(), Instant.now().toString());
    }

    public static String version() {
        String v = EnvironmentProbe.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    /** The commit the wrapper script passed in, else asks git, else "unknown". */
    public static String gitCommit() {
        String env = System.getenv("CONVBENCH_GIT_COMMIT");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty", "--abbrev=12")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                return out;
            }
        } catch (IOException | RuntimeException e) {
            // no git: fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    /** Whether jdk.incubator.vector is in the boot layer, and its preferred float width. */
    public static String vectorApi() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "not available (run with --add-modules jdk.incubator.vector)";
        }
        try {
            Class<?> species = Class.forName("jdk.incubator.vector.FloatVector");
            Object preferred = species.getField("SPECIES_PREFERRED").get(null);
            // Through the exported interface: the implementing class is not accessible.
            Class<?> speciesInterface = Class.forName("jdk.incubator.vector.VectorSpecies");
            int lanes = (int) speciesInterface.getMethod("length").invoke(preferred);
            return "active: " + lanes + " float lanes";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "module present, not usable: " + e;
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static Long memoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return null;
    }

    static String hostName() {
        String env = System.getenv("CONVBENCH_MACHINE");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** For tests and callers that want a copy of the list. */
    public static List<Environment.OpenClDevice> openClDevices() {
        return new ArrayList<>(openClDevices);
    }
}
