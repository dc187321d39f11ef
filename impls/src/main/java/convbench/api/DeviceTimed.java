package convbench.api;

/**
 * Optional interface for implementations that run on a device (OpenCL): after each operation
 * they say how long the device itself worked, so the benchmarks can record device time next to
 * JMH's wall time. The hand-written CPU implementations do not implement it. The CPU peer
 * {@code onednn} does, with the same split: device time is oneDNN's primitive alone (in the
 * layouts it chose), end-to-end adds the reorders from and to NCHW/OIHW, build is the creation of
 * its primitives; its device name is null (its results are filed under device {@code cpu}).
 *
 * <p>The benchmark harness reads these values between JMH iterations (never inside the timed
 * operation), so they describe the most recent operation; implementations should make them
 * cheap to read and must not block. Every method returns null when the value is not known (for
 * example when profiling events are not available). All times are milliseconds.
 */
public interface DeviceTimed {

    /**
     * Device time of the last operation: the sum over its kernels of the OpenCL profiling events'
     * {@code CL_PROFILING_COMMAND_END - CL_PROFILING_COMMAND_START}, transfers excluded.
     */
    Double lastDeviceMs();

    /**
     * Host wall time of the last operation including host-to-device and device-to-host transfers
     * and the final wait, as a user of the implementation experiences it.
     */
    Double lastEndToEndMs();

    /** One-time cost of building the device programs (0 when they came from a cache). */
    Double buildMs();

    /**
     * Sum of {@link #lastDeviceMs()} over every operation so far, or null when not kept. With
     * {@link #operationCount()} a harness can average over a whole measurement iteration (read
     * before and after it) instead of sampling the iteration's last operation, which is noisy on a
     * shared machine.
     */
    default Double totalDeviceMs() {
        return null;
    }

    /** Sum of {@link #lastEndToEndMs()} over every operation so far, or null when not kept. */
    default Double totalEndToEndMs() {
        return null;
    }

    /** How many operations the totals cover; -1 when they are not kept. */
    default long operationCount() {
        return -1;
    }

    /** The device the last operation ran on, e.g. {@code pthread-Intel(R) Xeon(R) ...}; null if unknown. */
    default String deviceName() {
        return null;
    }
}
