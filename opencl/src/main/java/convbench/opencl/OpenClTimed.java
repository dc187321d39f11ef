package convbench.opencl;

import java.util.Map;

/**
 * The time split of the OpenCL implementations, for the benchmark suite and the report. After
 * any operation (conv2d, pooling, ...) returns, on the same thread:
 *
 * <ul>
 *   <li>{@link #lastDeviceNanos()}: the sum of {@code END - START} of the profiling events of the
 *       kernels that operation enqueued ({@code CL_PROFILING_COMMAND_START/END}): time the
 *       device spent computing, no transfers, no launch overhead.</li>
 *   <li>{@link #lastEndToEndNanos()}: wall time of the whole call as a user sees it: device
 *       buffers, host-to-device copies, every kernel, device-to-host copies and waiting, minus
 *       any program build that happened during the call.</li>
 *   <li>{@link #buildNanos()}: the one-time cost of building programs ({@code clBuildProgram}),
 *       summed over every program this instance has built so far. Programs are cached per
 *       device, kernel file and defines, so it stops growing after the first calls. (PoCL also
 *       compiles each kernel for its work-group size at the first launch; that part shows in the
 *       first call's end-to-end time, which is why benchmarks warm up.)</li>
 * </ul>
 * Values are -1 before the first operation. {@link #lastKernelNanos()} breaks the device time down
 * per kernel name (e.g. {@code im2col}, {@code gemm}) for the last operation.
 *
 * <pre>{@code
 * impl.conv2d(x, w, b, window, y);
 * if (impl instanceof OpenClTimed t) {
 *     long device = t.lastDeviceNanos(), total = t.lastEndToEndNanos(), build = t.buildNanos();
 * }
 * }</pre>
 */
public interface OpenClTimed {

    /** Device time of the last operation: sum of kernel event END - START, in nanoseconds. */
    long lastDeviceNanos();

    /** Wall time of the last operation including host-device transfers, build time excluded. */
    long lastEndToEndNanos();

    /** Total program build time spent by this instance so far, in nanoseconds. */
    long buildNanos();

    /** Device nanoseconds of the last operation per kernel name, in launch order. */
    Map<String, Long> lastKernelNanos();
}
