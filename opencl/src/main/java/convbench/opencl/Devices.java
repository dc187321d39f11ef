package convbench.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Discovers OpenCL platforms and devices and chooses the one the implementations run on.
 *
 * <p>Selection: the system property {@value #PROPERTY}, else the environment variable
 * {@value #ENV}, holding either a device index from {@link #list()} or a case-insensitive
 * substring of the device name (or vendor, or platform name). Without either, the first GPU,
 * else the first device. A command-line {@code --device} option sets the property before any
 * implementation runs.
 */
public final class Devices {
    public static final String PROPERTY = "convbench.opencl.device";
    public static final String ENV = "CONVBENCH_OPENCL_DEVICE";
    /** What a user must do on Debian/Ubuntu when no platform is found. */
    public static final String INSTALL_COMMAND = "apt-get install ocl-icd-libopencl1 pocl-opencl-icd";
    public static final String NO_PLATFORM = "no OpenCL platform found: install ocl-icd-libopencl1 and "
            + "pocl-opencl-icd (" + INSTALL_COMMAND + ")";

    private static final CachedValue<Discovery> DISCOVERY = new CachedValue<>(Devices::scan);

    private Devices() {
    }

    /**
     * The result of looking for devices: the list, or why there is none ({@code problem}, a
     * sentence for the user, e.g. {@link #NO_PLATFORM}) and the underlying error ({@code detail},
     * e.g. {@code CL_PLATFORM_NOT_FOUND_KHR}; may be null).
     */
    public record Discovery(List<DeviceInfo> devices, String problem, String detail) {
    }

    /** Every device of every platform; empty when there is no OpenCL runtime. Cached. */
    public static List<DeviceInfo> list() {
        return discover().devices();
    }

    /** Devices plus, when there are none, the reason (missing loader, no platform, ...). */
    public static Discovery discover() {
        return DISCOVERY.get();
    }

    /** The selection string from the property or the environment, null when neither is set. */
    public static String selectionSpec() {
        return PropertyOrEnv.value(PROPERTY, ENV);
    }

    /**
     * For a command's {@code --device} option: checks that {@code spec} names a device and makes
     * it the one every OpenCL implementation created afterwards uses (sets {@value #PROPERTY}).
     * Throws {@link OpenClException} with the list of devices when none matches.
     */
    public static DeviceInfo use(String spec) {
        DeviceInfo d = select(spec);
        System.setProperty(PROPERTY, Integer.toString(d.index()));
        return d;
    }

    /** The device chosen by {@link #selectionSpec()} (or the default); throws with the reason. */
    public static DeviceInfo selected() {
        return select(selectionSpec());
    }

    /**
     * The device named by {@code spec} (index or name substring), or the default when spec is
     * null. Throws {@link OpenClException} saying why none fits.
     */
    public static DeviceInfo select(String spec) {
        Discovery d = discover();
        if (d.devices().isEmpty()) {
            throw new OpenClException(d.problem());
        }
        List<DeviceInfo> all = d.devices();
        if (spec == null) {
            return all.stream().filter(DeviceInfo::isGpu).findFirst().orElse(all.get(0));
        }
        if (spec.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(spec);
            if (i < all.size()) {
                return all.get(i);
            }
            throw new OpenClException("OpenCL device index " + i + " does not exist; devices: " + names(all));
        }
        String needle = spec.toLowerCase(Locale.ROOT);
        for (DeviceInfo info : all) {
            if (info.name().toLowerCase(Locale.ROOT).contains(needle)) {
                return info;
            }
        }
        for (DeviceInfo info : all) {
            if (info.vendor().toLowerCase(Locale.ROOT).contains(needle)
                    || info.platformName().toLowerCase(Locale.ROOT).contains(needle)) {
                return info;
            }
        }
        throw new OpenClException("no OpenCL device matches '" + spec + "'; devices: " + names(all));
    }

    private static String names(List<DeviceInfo> all) {
        StringBuilder sb = new StringBuilder();
        for (DeviceInfo i : all) {
            sb.append(sb.length() == 0 ? "" : ", ").append(i.index()).append(": ").append(i.name());
        }
        return sb.toString();
    }

    private static Discovery scan() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            try {
                CL.clGetPlatformIDs(0, null, count);
            } catch (CLException e) {
                // CL_PLATFORM_NOT_FOUND_KHR: a loader without any driver (ICD).
                return new Discovery(List.of(), NO_PLATFORM, e.getMessage());
            }
            if (count[0] == 0) {
                return new Discovery(List.of(), NO_PLATFORM, "clGetPlatformIDs found 0 platforms");
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            List<DeviceInfo> out = new ArrayList<>();
            StringBuilder problems = new StringBuilder();
            for (cl_platform_id p : platforms) {
                int[] n = new int[1];
                try {
                    CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (CLException e) {
                    problems.append(' ').append(platformString(p, CL.CL_PLATFORM_NAME))
                            .append(": ").append(e.getMessage());
                    continue;
                }
                cl_device_id[] devs = new cl_device_id[n[0]];
                CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, devs.length, devs, null);
                for (cl_device_id dev : devs) {
                    out.add(describe(out.size(), p, dev));
                }
            }
            if (out.isEmpty()) {
                return new Discovery(List.of(), "OpenCL platforms found but no device", problems.toString().trim());
            }
            return new Discovery(List.copyOf(out), null, null);
        } catch (LinkageError | CLException e) {
            // JOCL's native library could not load libOpenCL.so.1 (no ICD loader installed).
            return new Discovery(List.of(), NO_PLATFORM, e.toString());
        }
    }

    private static DeviceInfo describe(int index, cl_platform_id p, cl_device_id d) {
        long type = deviceLong(d, CL.CL_DEVICE_TYPE);
        List<String> types = new ArrayList<>();
        if ((type & CL.CL_DEVICE_TYPE_GPU) != 0) {
            types.add("GPU");
        }
        if ((type & CL.CL_DEVICE_TYPE_CPU) != 0) {
            types.add("CPU");
        }
        if ((type & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            types.add("ACCELERATOR");
        }
        if (types.isEmpty()) {
            types.add("OTHER");
        }
        String ext = deviceString(d, CL.CL_DEVICE_EXTENSIONS);
        long fpConfig = 0;
        try {
            fpConfig = deviceLong(d, CL.CL_DEVICE_DOUBLE_FP_CONFIG);
        } catch (CLException e) {
            // OpenCL 1.1 devices without fp64 may reject the query.
        }
        return new DeviceInfo(index, platformString(p, CL.CL_PLATFORM_NAME),
                platformString(p, CL.CL_PLATFORM_VERSION),
                deviceString(d, CL.CL_DEVICE_NAME), deviceString(d, CL.CL_DEVICE_VENDOR),
                String.join("+", types),
                deviceInt(d, CL.CL_DEVICE_MAX_COMPUTE_UNITS), deviceInt(d, CL.CL_DEVICE_MAX_CLOCK_FREQUENCY),
                deviceLong(d, CL.CL_DEVICE_GLOBAL_MEM_SIZE), deviceLong(d, CL.CL_DEVICE_LOCAL_MEM_SIZE),
                deviceSize(d, CL.CL_DEVICE_MAX_WORK_GROUP_SIZE),
                deviceInt(d, CL.CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT),
                deviceInt(d, CL.CL_DEVICE_PREFERRED_VECTOR_WIDTH_DOUBLE),
                deviceInt(d, CL.CL_DEVICE_PREFERRED_VECTOR_WIDTH_INT),
                deviceString(d, CL.CL_DEVICE_OPENCL_C_VERSION), deviceString(d, CL.CL_DRIVER_VERSION),
                fpConfig != 0 || ext.contains("cl_khr_fp64"), p, d);
    }

    static String deviceString(cl_device_id d, int param) {
        return infoString((size, value, sizeRet) -> CL.clGetDeviceInfo(d, param, size, value, sizeRet));
    }

    static String platformString(cl_platform_id p, int param) {
        return infoString((size, value, sizeRet) -> CL.clGetPlatformInfo(p, param, size, value, sizeRet));
    }

    /** One clGet*Info call with a fixed object and parameter name. */
    @FunctionalInterface
    private interface InfoQuery {
        void get(long size, Pointer value, long[] sizeRet);
    }

    /** A string-valued info query: its size first, then the bytes, up to the first NUL. */
    private static String infoString(InfoQuery query) {
        long[] size = new long[1];
        query.get(0, null, size);
        byte[] buf = new byte[(int) size[0]];
        query.get(buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static String cString(byte[] buf) {
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        return new String(buf, 0, len, StandardCharsets.UTF_8).trim();
    }

    static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    static long deviceSize(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }
}
