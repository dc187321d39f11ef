package convbench.opencl;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.util.Locale;

/**
 * What matters about one OpenCL device for writing kernels, as {@code convbench devices} shows
 * it. {@code index} is the device's position in {@link Devices#list()} (platforms in order, then
 * their devices), the number accepted by {@code --device} and {@code CONVBENCH_OPENCL_DEVICE}.
 */
public record DeviceInfo(int index, String platformName, String platformVersion,
                         String name, String vendor, String type,
                         int computeUnits, int clockMHz, long globalMemBytes, long localMemBytes,
                         long maxWorkGroupSize, int preferredVectorWidthFloat,
                         int preferredVectorWidthDouble, int preferredVectorWidthInt,
                         String openclCVersion, String driverVersion, boolean fp64,
                         cl_platform_id platform, cl_device_id device) {

    public boolean isGpu() {
        return type.contains("GPU");
    }

    /** One line: index, name, type and the platform. */
    public String summary() {
        return "#" + index + " " + name + " [" + type + "] on " + platformName;
    }

    /** Several lines, the properties that decide tile sizes and work-group sizes. */
    public String describe() {
        return String.format(Locale.ROOT, """
                #%d %s
                    platform            %s (%s)
                    vendor              %s
                    type                %s
                    compute units       %d
                    clock               %d MHz
                    global memory       %s
                    local memory        %s
                    max work-group size %d
                    preferred vector    float %d, double %d, int %d
                    OpenCL C            %s
                    driver              %s
                    fp64                %s""",
                index, name, platformName, platformVersion, vendor, type, computeUnits, clockMHz,
                bytes(globalMemBytes), bytes(localMemBytes), maxWorkGroupSize,
                preferredVectorWidthFloat, preferredVectorWidthDouble, preferredVectorWidthInt,
                openclCVersion, driverVersion, fp64 ? "yes" : "no");
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%d KiB", b >> 10);
    }

    @Override
    public String toString() {
        return summary();
    }
}
