package convbench.cli;

import convbench.harness.OpenClProbe;
import picocli.CommandLine.Option;

/**
 * {@code --device INDEX|NAME}: the OpenCL device, declared once here with bench's and verify's
 * description; run, tune and devices word it their own way ({@link OptionTexts}). A device that
 * does not exist is refused by {@link ImplSelection#checkRequested}, and by devices when it marks
 * the selected one.
 */
public final class DeviceOption {
    @Option(names = "--device", paramLabel = "INDEX|NAME",
            description = "OpenCL device for the OpenCL implementations: an index from 'convbench devices' or part of "
                    + "a device name. Default: $CONVBENCH_OPENCL_DEVICE, else the first GPU, else the first device.")
    String spec;

    /** Selects the device given (if any) for every OpenCL implementation and records the devices found. */
    void select() {
        OpenClProbe.init(spec);
    }
}
