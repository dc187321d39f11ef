package convbench.cli;

import convbench.opencl.DeviceInfo;
import convbench.opencl.Devices;
import convbench.opencl.OpenClException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code convbench devices}: every OpenCL platform and device with what matters for kernels,
 * and which one the OpenCL implementations will use. Exit 3 when there is no OpenCL platform.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List the OpenCL platforms and devices: type, compute units, clock, memory, "
                + "work-group size, vector widths, OpenCL C and driver versions, fp64.",
                "The device used is the first GPU, else the first device; choose another with "
                        + "--device INDEX|NAME or the environment variable " + Devices.ENV + "."},
        resourceBundle = "convbench.cli.DevicesCommand$Texts")
public final class DevicesCommand implements Callable<Integer> {
    /** devices' wording of --device. */
    public static final class Texts extends OptionTexts {
        public Texts() {
            super("""
                    device = Device to mark as selected: an index from this list or part of a device name.
                    """);
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOption device;

    @Option(names = "--brief", description = "One line per device.")
    boolean brief;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Devices.Discovery found = Devices.discover();
        List<DeviceInfo> all = found.devices();
        if (all.isEmpty()) {
            err.println("convbench: " + found.problem()
                    + (found.detail() == null ? "" : " [" + found.detail() + "]"));
            err.flush();
            return ExitCodes.ENVIRONMENT;
        }
        DeviceInfo selected;
        try {
            selected = Devices.select(device.spec != null ? device.spec : Devices.selectionSpec());
        } catch (OpenClException e) {
            err.println("convbench: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        out.println(all.size() + " OpenCL device" + (all.size() == 1 ? "" : "s") + ":");
        for (DeviceInfo d : all) {
            String mark = d.index() == selected.index() ? "  (selected)" : "";
            out.println(brief ? d.summary() + mark : d.describe().replaceFirst("\n", mark + "\n"));
            if (!brief) {
                out.println("    tuning              " + tuningOf(d));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Which tuning database file serves this device, and at which level of the fall-back chain. */
    private static String tuningOf(DeviceInfo d) {
        try {
            return convbench.opencl.TuningDatabase.get().describeMatch(d);
        } catch (OpenClException e) {
            return e.getMessage();
        }
    }
}
