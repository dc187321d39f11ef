package convbench.opencl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The tunable kernels: for each, the -D parameters it takes, the values the tuner tries, the
 * built-in defaults per device type, and the combinations a device refuses (with the reason).
 * Kernel names are the keys of the tuning database ({@link TuningDatabase}), as CLBlast keys its
 * database by kernel ("Xgemm") rather than by routine.
 *
 * <p>A kernel's best parameters depend on the problem's shape, so the database holds one entry
 * per kernel and <em>problem class</em>; {@link #problemClass} says which class a problem falls
 * in. Classes are deliberately few and coarse, so that every problem of a network finds a tuned
 * entry: the reduction length (input channels times taps) separates first layers (few input
 * channels: little reuse per output) from the rest.
 */
public record TuningSpace(String kernel, String description, Map<String, List<Integer>> values,
                          Map<String, Integer> cpuDefaults, Map<String, Integer> gpuDefaults,
                          BiFunction<Map<String, Integer>, DeviceInfo, String> refusal) {

    /** The widths of OpenCL C's vector types (floatN). */
    static final List<Integer> VECTOR_WIDTHS = List.of(2, 4, 8, 16);

    /** Reduction lengths up to this are the class {@code small-k}, above it {@code large-k}. */
    public static final int SMALL_K = 64;

    /** conv_blocked of blocked.cl: forward convolution, and the data gradient (same kernel). */
    public static final TuningSpace BLOCKED = new TuningSpace("blocked",
            "conv_blocked (blocked.cl): VW output columns x RB rows x OCB output channels per work-item, kernel size "
                    + "compiled in (KFIX=1) or not, work-groups LX x LY x LZ",
            ordered("VW", List.of(4, 8, 16), "OCB", List.of(2, 4, 6, 8, 12, 16, 20, 24, 32), "RB", List.of(1, 2, 3, 4),
                    "KFIX", List.of(0, 1), "LX", List.of(1, 2, 4, 8), "LY", List.of(1, 2, 4), "LZ", List.of(1, 2, 4)),
            // measured best on PoCL (AVX-512, 2 cores) before the tuner existed
            ordered("VW", 16, "OCB", 16, "RB", 1, "KFIX", 0, "LX", 1, "LY", 1, "LZ", 1),
            // GPUs want many work-items per group and short vectors (a starting point, not measured here)
            ordered("VW", 4, "OCB", 8, "RB", 1, "KFIX", 0, "LX", 16, "LY", 4, "LZ", 1),
            (p, d) -> {
                if (!VECTOR_WIDTHS.contains(p.get("VW"))) {
                    return "VW must be an OpenCL vector width " + VECTOR_WIDTHS;
                }
                if (p.get("KFIX") > 1) {
                    return "KFIX is 0 or 1";
                }
                int accumulators = p.get("VW") * p.get("OCB") * p.get("RB");
                if (accumulators > 512) {
                    return "VW*OCB*RB = " + accumulators + " accumulators per work-item (more than 512 floats)";
                }
                return workGroupRefusal((long) p.get("LX") * p.get("LY") * p.get("LZ"), d);
            });

    /** conv_weight_grad of blocked.cl: the weight gradient. */
    public static final TuningSpace BLOCKED_DW = new TuningSpace("blocked-dw",
            "conv_weight_grad (blocked.cl): OCB output channels x TB taps per work-item, VW-wide sums, the N*OH rows in SPLIT parts",
            ordered("VW", List.of(4, 8, 16), "OCB", List.of(1, 2, 4, 8, 16), "TB", List.of(1, 2, 3, 4),
                    "SPLIT", List.of(1, 2, 4, 8, 16, 32), "LX", List.of(1, 2, 4, 8)),
            ordered("VW", 16, "OCB", 4, "TB", 3, "SPLIT", 4, "LX", 1),
            ordered("VW", 4, "OCB", 4, "TB", 1, "SPLIT", 32, "LX", 64),
            (p, d) -> {
                if (!VECTOR_WIDTHS.contains(p.get("VW"))) {
                    return "VW must be an OpenCL vector width " + VECTOR_WIDTHS;
                }
                if (p.get("OCB") * p.get("TB") * p.get("VW") > 512) {
                    return "OCB*TB*VW = " + p.get("OCB") * p.get("TB") * p.get("VW") + " accumulators (more than 512 floats)";
                }
                return workGroupRefusal(p.get("LX"), d);
            });

    /** gemm of gemm.cl (opencl-im2col-gemm). */
    public static final TuningSpace GEMM = new TuningSpace("gemm",
            "gemm (gemm.cl): TSM x TSN tile per work-group, TSK-deep local-memory slices, WPTM x WPTN results per work-item",
            ordered("TSM", List.of(16, 32, 64, 128), "TSN", List.of(16, 32, 64, 128), "TSK", List.of(8, 16, 32),
                    "WPTM", List.of(1, 2, 4, 8), "WPTN", List.of(1, 2, 4, 8)),
            // measured best on PoCL: big tiles, because PoCL pays per work-group and per barrier
            ordered("TSM", 64, "TSN", 128, "TSK", 16, "WPTM", 8, "WPTN", 8),
            // 256 work-items of 4x4 results, CLBlast's usual starting point (not measured here)
            ordered("TSM", 64, "TSN", 64, "TSK", 16, "WPTM", 4, "WPTN", 4),
            (p, d) -> {
                if (p.get("TSM") % p.get("WPTM") != 0 || p.get("TSN") % p.get("WPTN") != 0) {
                    return "TSM must be a multiple of WPTM and TSN of WPTN";
                }
                long localBytes = 4L * p.get("TSK") * (p.get("TSM") + p.get("TSN"));
                if (d != null && d.localMemBytes() > 0 && localBytes > d.localMemBytes()) {
                    return "local memory " + localBytes + " bytes > the device's " + d.localMemBytes();
                }
                return workGroupRefusal((long) (p.get("TSM") / p.get("WPTM")) * (p.get("TSN") / p.get("WPTN")), d);
            });

    /** The element-wise pooling kernels of pool.cl (every OpenCL implementation). */
    public static final TuningSpace POOL = new TuningSpace("pool",
            "max_pool, avg_pool and their backward kernels (pool.cl): one work-item per element, work-groups of L",
            ordered("L", List.of(1, 4, 16, 32, 64, 128, 256, 512)),
            ordered("L", 64), ordered("L", 64),
            (p, d) -> workGroupRefusal(p.get("L"), d));

    public static final List<TuningSpace> ALL = List.of(BLOCKED, BLOCKED_DW, GEMM, POOL);

    /** The built-in defaults for this kind of device. */
    public Map<String, Integer> defaults(DeviceInfo device) {
        return device != null && device.isGpu() ? gpuDefaults : cpuDefaults;
    }

    /** Why the device refuses these parameters, or null when it takes them. */
    public String refuses(Map<String, Integer> parameters, DeviceInfo device) {
        return refusal.apply(parameters, device);
    }

    /** How many combinations the candidate values make (refused ones included). */
    public long size() {
        long n = 1;
        for (List<Integer> v : values.values()) {
            n *= v.size();
        }
        return n;
    }

    /** Every combination of the candidate values, in a fixed order. */
    public List<Map<String, Integer>> allCombinations() {
        List<Map<String, Integer>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Integer>> e : values.entrySet()) {
            List<Map<String, Integer>> next = new ArrayList<>();
            for (Map<String, Integer> partial : out) {
                for (Integer v : e.getValue()) {
                    Map<String, Integer> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    public static TuningSpace byKernel(String kernel) {
        for (TuningSpace s : ALL) {
            if (s.kernel.equals(kernel)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The problem class of a convolution for a direction ({@code forward}, {@code backward-data},
     * {@code backward-weights}): the direction, plus for the two passes that are convolutions
     * themselves whether the reduction per output (C*KH*KW forward, OC*KH*KW for the data
     * gradient) is at most {@link #SMALL_K}.
     */
    public static String problemClass(String direction, int c, int oc, int kh, int kw) {
        return switch (direction) {
            case "forward" -> "forward." + (c * kh * kw <= SMALL_K ? "small-k" : "large-k");
            case "backward-data" -> "backward-data." + (oc * kh * kw <= SMALL_K ? "small-k" : "large-k");
            case "backward-weights", "pool-forward", "pool-backward" -> direction;
            default -> throw new IllegalArgumentException("no problem class for direction " + direction);
        };
    }

    static String workGroupRefusal(long items, DeviceInfo d) {
        if (d != null && d.maxWorkGroupSize() > 0 && items > d.maxWorkGroupSize()) {
            return "work-group of " + items + " work-items > the device's maximum " + d.maxWorkGroupSize();
        }
        return null;
    }

    /** A map that keeps the order the parameters are written in. */
    @SuppressWarnings("unchecked")
    static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** "VW=16 OCB=16 LX=1": how parameters are printed everywhere (result files, terminal, database). */
    public static String format(Map<String, Integer> parameters) {
        StringBuilder sb = new StringBuilder();
        parameters.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }
}
