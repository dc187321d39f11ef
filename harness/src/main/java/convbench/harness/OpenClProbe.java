package convbench.harness;

import convbench.opencl.DeviceInfo;
import convbench.opencl.Devices;
import convbench.results.Environment;
import java.util.ArrayList;
import java.util.List;

/** Puts the OpenCL devices found here into the environment block of result files. */
public final class OpenClProbe {
    private OpenClProbe() {
    }

    /** Selects the device (when given) for every OpenCL implementation, then records the devices found. */
    public static void init(String deviceSpec) {
        if (deviceSpec != null && !deviceSpec.isBlank()) {
            System.setProperty(Devices.PROPERTY, deviceSpec);
        }
        List<Environment.OpenClDevice> list = new ArrayList<>();
        try {
            for (DeviceInfo d : Devices.discover().devices()) {
                list.add(new Environment.OpenClDevice(d.platformName(), d.name(), d.type(), d.driverVersion(),
                        d.openclCVersion()));
            }
        } catch (RuntimeException | LinkageError e) {
            // no OpenCL: the list stays empty; the implementations report why they are unavailable
        }
        EnvironmentProbe.setOpenClDevices(list);
    }
}
