package convbench.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One device in use by one implementation: its context, a profiling-enabled queue, the programs
 * built so far (cached per kernel file and defines), and device buffers reused across calls by
 * role ("x", "w", "y", ...). Every OpenCL call goes through here, so a failure comes out as an
 * {@link OpenClException} naming the call. Not thread safe: one operation at a time.
 *
 * <p>An operation is bracketed by {@link #begin()} and {@link #end()}: kernels launched in between
 * are timed with their profiling events, and the wall time between the two (less build time) is
 * the end-to-end time.
 */
final class ClSession implements AutoCloseable {
    /** Written after every buffer in canary mode; a kernel that writes past its end changes it. */
    static final float CANARY = -1.2345678e33f;

    private final DeviceInfo device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final Map<String, Program> programs = new HashMap<>();
    private final Map<String, Buffer> buffers = new HashMap<>();
    /** Host staging of non-blocking uploads, per role; alive until the next operation. */
    private final Map<String, FloatBuffer> staging = new HashMap<>();
    private final List<cl_event> events = new ArrayList<>();
    private final List<String> eventNames = new ArrayList<>();
    private final List<Buffer> usedBuffers = new ArrayList<>();
    private long buildNanos;
    private long opStart;
    private long buildAtStart;
    private long lastDevice = -1;
    private long lastEndToEnd = -1;
    /** Running totals over every finished operation of this session (for averages over an iteration). */
    private long totalDevice;
    private long totalEndToEnd;
    private long operations;
    private Map<String, Long> lastKernels = Map.of();
    /** Test hook: floats of sentinel after every buffer, and NaN poisoning of every buffer. */
    private int canaryFloats;

    private record Program(cl_program program, Map<String, cl_kernel> kernels) {
    }

    /** A device buffer and how many floats it holds (logical size of the current operation). */
    static final class Buffer {
        final String role;
        final cl_mem mem;
        final long capacity;
        long used;

        Buffer(String role, cl_mem mem, long capacity) {
            this.role = role;
            this.mem = mem;
            this.capacity = capacity;
        }
    }

    /**
     * One context and one in-order profiling queue per device for the whole process. Creating and
     * releasing a PoCL context per implementation instance (every verify call, every benchmark
     * point) crashed the JVM now and then (SIGSEGV, or a build failing with an empty log) after
     * some dozens of cycles; sharing them removes the churn. Sessions still own their buffers,
     * programs and kernels and release them in {@link #close()}.
     */
    private record Shared(cl_context context, cl_command_queue queue, Map<String, cl_program> programs) {
    }

    private static final Map<String, Shared> SHARED = new HashMap<>();

    @SuppressWarnings("deprecation")
    private static synchronized Shared shared(DeviceInfo device) {
        String key = device.platformName() + "#" + device.index() + "#" + device.name();
        Shared sh = SHARED.get(key);
        if (sh != null) {
            return sh;
        }
        CL.setExceptionsEnabled(true);
        cl_context ctx = null;
        try {
            ctx = CL.clCreateContext(null, 1, new cl_device_id[] {device.device()}, null, null, null);
            // clCreateCommandQueue is deprecated in 2.0 but is the one call every 1.2+ driver has.
            cl_command_queue q = CL.clCreateCommandQueue(ctx, device.device(), CL.CL_QUEUE_PROFILING_ENABLE, null);
            sh = new Shared(ctx, q, new HashMap<>());
            SHARED.put(key, sh);
            return sh;
        } catch (CLException e) {
            if (ctx != null) {
                CL.clReleaseContext(ctx);
            }
            throw new OpenClException("clCreateContext/clCreateCommandQueue on " + device.name() + ": " + e.getMessage(), e);
        }
    }

    ClSession(DeviceInfo device) {
        this.device = device;
        Shared sh = shared(device);
        this.context = sh.context();
        this.queue = sh.queue();
    }

    DeviceInfo device() {
        return device;
    }

    void setCanaryFloats(int n) {
        this.canaryFloats = n;
    }

    // ---------------------------------------------------------------- programs and kernels

    /**
     * The kernel {@code name} of {@code file} built with {@code defines} (each becomes -DKEY=VALUE);
     * built once and cached.
     */
    cl_kernel kernel(String file, String name, Map<String, ?> defines) {
        String options = KernelSources.options(defines);
        String key = file + "|" + options;
        Program p = programs.get(key);
        if (p == null) {
            p = new Program(sharedProgram(file, options, key), new HashMap<>());
            programs.put(key, p);
        }
        cl_kernel k = p.kernels().get(name);
        if (k == null) {
            try {
                k = CL.clCreateKernel(p.program(), name, null);
            } catch (CLException e) {
                throw new OpenClException("clCreateKernel(" + name + " in " + file + "): " + e.getMessage(), e);
            }
            p.kernels().put(name, k);
        }
        return k;
    }

    /**
     * Programs are built once per device, file and defines for the whole process and never
     * released: PoCL was seen to crash after many build/release cycles of the same program.
     */
    private cl_program sharedProgram(String file, String options, String key) {
        Shared sh = shared(device);
        synchronized (sh) {
            cl_program prog = sh.programs().get(key);
            if (prog == null) {
                prog = build(file, options).program();
                sh.programs().put(key, prog);
            }
            return prog;
        }
    }

    private Program build(String file, String options) {
        String source = KernelSources.programSource(file);
        long t0 = System.nanoTime();
        cl_program program;
        try {
            program = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        } catch (CLException e) {
            throw new OpenClException("clCreateProgramWithSource(" + file + "): " + e.getMessage(), e);
        }
        try {
            try {
                CL.clBuildProgram(program, 1, new cl_device_id[] {device.device()}, options, null, null);
            } catch (CLException first) {
                // PoCL has been seen (twice in ~600 builds of a long benchmark run) to fail a build of an
                // unchanged kernel with an empty log; a real compile error always has a log. Retry once.
                if (!buildLog(program).isEmpty()) {
                    throw first;
                }
                CL.clBuildProgram(program, 1, new cl_device_id[] {device.device()}, options, null, null);
            }
        } catch (CLException e) {
            String log = buildLog(program);
            CL.clReleaseProgram(program);
            throw new ProgramBuildException(file, options, device.name(), log, e);
        } finally {
            buildNanos += System.nanoTime() - t0;
        }
        return new Program(program, new HashMap<>());
    }

    private String buildLog(cl_program program) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(program, device.device(), CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(program, device.device(), CL.CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            return new String(buf, StandardCharsets.UTF_8).replace("\0", "").trim();
        } catch (CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    long buildNanos() {
        return buildNanos;
    }

    // ---------------------------------------------------------------- buffers

    /**
     * A device buffer of at least {@code floats} floats for {@code role}, reused across calls and
     * grown when too small. In canary mode it is poisoned with NaN and followed by sentinels.
     */
    cl_mem buffer(String role, long floats) {
        if (floats > Integer.MAX_VALUE - canaryFloats) {
            throw new OpenClException("device buffer '" + role + "' would hold " + floats
                    + " floats, more than the 2^31-1 that the kernels' int indexing allows");
        }
        long need = Math.max(1, floats) + canaryFloats;
        Buffer b = buffers.get(role);
        if (b == null || b.capacity < need) {
            if (b != null) {
                buffers.remove(role);
                CL.clReleaseMemObject(b.mem);
            }
            cl_mem mem;
            try {
                mem = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, need * Sizeof.cl_float, null, null);
            } catch (CLException e) {
                throw new OpenClException("clCreateBuffer(" + role + ", " + need * Sizeof.cl_float + " bytes): "
                        + e.getMessage(), e);
            }
            b = new Buffer(role, mem, need);
            buffers.put(role, b);
        }
        b.used = Math.max(1, floats);
        if (canaryFloats > 0) {
            fill(b, 0, b.used, Float.NaN);
            fill(b, b.used, canaryFloats, CANARY);
            usedBuffers.add(b);
        }
        return b.mem;
    }

    private void fill(Buffer b, long offset, long count, float value) {
        try {
            CL.clEnqueueFillBuffer(queue, b.mem, Pointer.to(new float[] {value}), Sizeof.cl_float,
                    offset * Sizeof.cl_float, count * Sizeof.cl_float, 0, null, null);
        } catch (CLException e) {
            throw new OpenClException("clEnqueueFillBuffer(" + b.role + "): " + e.getMessage(), e);
        }
    }

    /**
     * A buffer holding a copy of {@code data}. The write is not blocking: the data is staged in a
     * direct (off-heap) buffer kept per role, so the host does not wait for the device between
     * uploads and kernels; the operation's final blocking read or {@link #end()} orders it all.
     */
    cl_mem upload(String role, float[] data) {
        cl_mem mem = buffer(role, data.length);
        FloatBuffer stage = staging.get(role);
        if (stage == null || stage.capacity() < data.length) {
            stage = ByteBuffer.allocateDirect(Math.max(1, data.length) * Sizeof.cl_float)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            staging.put(role, stage);
        }
        stage.clear();
        stage.put(data);
        stage.flip();
        try {
            CL.clEnqueueWriteBuffer(queue, mem, CL.CL_FALSE, 0, (long) data.length * Sizeof.cl_float,
                    Pointer.to(stage), 0, null, null);
        } catch (CLException e) {
            throw new OpenClException("clEnqueueWriteBuffer(" + role + ", " + data.length + " floats): " + e.getMessage(), e);
        }
        return mem;
    }

    /** Blocking read of the first {@code dst.length} floats of {@code mem}. */
    void download(cl_mem mem, float[] dst, String role) {
        try {
            CL.clEnqueueReadBuffer(queue, mem, CL.CL_TRUE, 0, (long) dst.length * Sizeof.cl_float,
                    Pointer.to(dst), 0, null, null);
        } catch (CLException e) {
            throw new OpenClException("clEnqueueReadBuffer(" + role + ", " + dst.length + " floats): " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- launching

    /**
     * Launches {@code kernel} over {@code global} work-items with work-groups of {@code local}.
     * Global sizes are rounded up to a multiple of the local size (kernels guard the tail).
     * Arguments: cl_mem, Integer or Float, in order.
     */
    void launch(cl_kernel kernel, String name, long[] global, long[] local, Object... args) {
        long[] g = new long[global.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = roundUp(Math.max(1, global[i]), local[i]);
        }
        try {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                if (a instanceof cl_mem m) {
                    CL.clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(m));
                } else if (a instanceof Integer v) {
                    CL.clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
                } else if (a instanceof Float v) {
                    CL.clSetKernelArg(kernel, i, Sizeof.cl_float, Pointer.to(new float[] {v}));
                } else {
                    throw new IllegalArgumentException("kernel argument " + i + " of " + name + ": " + a);
                }
            }
        } catch (CLException e) {
            throw new OpenClException("clSetKernelArg(" + name + "): " + e.getMessage(), e);
        }
        cl_event event = new cl_event();
        try {
            CL.clEnqueueNDRangeKernel(queue, kernel, g.length, null, g, local, 0, null, event);
        } catch (CLException e) {
            throw new OpenClException("clEnqueueNDRangeKernel(" + name + ", global " + java.util.Arrays.toString(g)
                    + ", local " + java.util.Arrays.toString(local) + "): " + e.getMessage(), e);
        }
        events.add(event);
        eventNames.add(name);
    }

    static long roundUp(long v, long m) {
        return (v + m - 1) / m * m;
    }

    // ---------------------------------------------------------------- operation bracket

    /** Starts timing an operation; waits for and discards anything a failed operation left. */
    void begin() {
        releaseEvents();
        usedBuffers.clear();
        opStart = System.nanoTime();
        buildAtStart = buildNanos;
    }

    /**
     * Waits for the queue, records device and end-to-end time, checks canaries. Call after the
     * last download.
     */
    void end() {
        try {
            CL.clFinish(queue);
        } catch (CLException e) {
            throw new OpenClException("clFinish: " + e.getMessage(), e);
        }
        long wall = System.nanoTime() - opStart - (buildNanos - buildAtStart);
        long total = 0;
        Map<String, Long> perKernel = new LinkedHashMap<>();
        try {
            long[] start = new long[1];
            long[] stop = new long[1];
            for (int i = 0; i < events.size(); i++) {
                CL.clGetEventProfilingInfo(events.get(i), CL.CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(start), null);
                CL.clGetEventProfilingInfo(events.get(i), CL.CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(stop), null);
                long d = stop[0] - start[0];
                total += d;
                perKernel.merge(eventNames.get(i), d, Long::sum);
            }
        } catch (CLException e) {
            throw new OpenClException("clGetEventProfilingInfo: " + e.getMessage(), e);
        } finally {
            releaseEvents();
        }
        lastDevice = total;
        lastEndToEnd = wall;
        totalDevice += total;
        totalEndToEnd += wall;
        operations++;
        lastKernels = perKernel;
        checkCanaries();
    }

    /** After a failure: wait for what was enqueued (ignoring further errors) and drop the events. */
    void abandon() {
        try {
            CL.clFinish(queue);
        } catch (CLException e) {
            // the queue may be broken (device lost); the events are released below regardless
        }
        releaseEvents();
        usedBuffers.clear();
    }

    private void releaseEvents() {
        for (cl_event e : events) {
            try {
                CL.clReleaseEvent(e);
            } catch (CLException ignored) {
                // nothing more can be done for a broken event
            }
        }
        events.clear();
        eventNames.clear();
    }

    private void checkCanaries() {
        if (canaryFloats == 0) {
            return;
        }
        List<Buffer> toCheck = new ArrayList<>(usedBuffers);
        usedBuffers.clear();
        for (Buffer b : toCheck) {
            float[] tail = new float[canaryFloats];
            try {
                CL.clEnqueueReadBuffer(queue, b.mem, CL.CL_TRUE, b.used * Sizeof.cl_float,
                        (long) canaryFloats * Sizeof.cl_float, Pointer.to(tail), 0, null, null);
            } catch (CLException e) {
                throw new OpenClException("clEnqueueReadBuffer(canary of " + b.role + "): " + e.getMessage(), e);
            }
            for (int i = 0; i < tail.length; i++) {
                if (Float.floatToRawIntBits(tail[i]) != Float.floatToRawIntBits(CANARY)) {
                    throw new OpenClException("canary overwritten: buffer '" + b.role + "' of " + b.used
                            + " floats was written at +" + i + " past its end (value " + tail[i] + ")");
                }
            }
        }
    }

    long lastDeviceNanos() {
        return lastDevice;
    }

    long lastEndToEndNanos() {
        return lastEndToEnd;
    }

    Map<String, Long> lastKernelNanos() {
        return lastKernels;
    }

    /** {device nanoseconds, end-to-end nanoseconds, operations} summed over this session so far. */
    long[] totals() {
        return new long[] {totalDevice, totalEndToEnd, operations};
    }

    @Override
    public void close() {
        try {
            CL.clFinish(queue); // nothing of this session may still run on the shared queue
        } catch (CLException e) {
            // releasing below is still right; the error surfaced (or will) on the operation itself
        }
        releaseEvents();
        for (Buffer b : buffers.values()) {
            CL.clReleaseMemObject(b.mem);
        }
        buffers.clear();
        staging.clear();
        for (Program p : programs.values()) {
            for (cl_kernel k : p.kernels().values()) {
                CL.clReleaseKernel(k);
            }
            // the program itself stays in the per-device cache (sharedProgram)
        }
        programs.clear();
        // The context and queue are shared by every session on this device (see shared()): kept.
    }
}
