package convbench.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How every point is measured. Always explicit: JMH's own defaults run for minutes per point.
 *
 * <p>Every point is measured in {@code forks} independent JVMs: each is a fresh worker JVM that
 * runs JMH (forks(0) inside it) on that one point only, so no point inherits another's JIT
 * decisions and profiles, and the variation between JVMs is sampled rather than hidden. The
 * parent runs the forks in rounds (round 1 of every point in a shuffled order, then round 2, ...),
 * so that slow drift of the machine spreads over all points instead of biasing the last ones.
 * Each iteration is calibrated from the point's estimated cost: a warm-up iteration lasts at
 * least {@code warmupMs} and 2 calls, a measured iteration at least {@code measurementMs} and
 * {@code minCallsPerSample} calls.
 *
 * @param forks             independent JVMs per point (at least 1)
 * @param budgetMsPerOp     a point whose single operation is estimated to take longer is skipped
 * @param heapMb            -Xmx (and -Xms) of the worker JVMs
 * @param minCallsPerSample calls of the operation one measured iteration holds at least
 * @param unstableLimit     relative half-width of the 95% interval of a point's estimate (10th percentile) above which a point is unstable
 */
public record BenchSettings(boolean quick, int forks, int warmupIterations, int warmupMs,
                            int measurementIterations, int measurementMs, double budgetMsPerOp,
                            int heapMb, int minCallsPerSample, double unstableLimit) {
    /**
     * Fork pairs a point measured in lockstep gets unless --forks says otherwise (ab, bench
     * --lockstep-impls). Pairing removes the machine's drift, not the JVM-to-JVM spread (JIT modes,
     * ±5-10% on pooling): the paired t over fork pairs needs 5 of them (BENCH.md, lockstep A/A pairs).
     */
    public static final int LOCKSTEP_MIN_FORK_PAIRS = 5;


    public BenchSettings(boolean quick, int forks, int warmupIterations, int warmupMs, int measurementIterations,
                         int measurementMs, double budgetMsPerOp, int heapMb) {
        this(quick, forks, warmupIterations, warmupMs, measurementIterations, measurementMs, budgetMsPerOp, heapMb,
                quick ? 3 : 5, convbench.stats.Samples.DEFAULT_UNSTABLE_LIMIT);
    }

    /**
     * {@code --quick}: for CI and the main job. 3 JVMs per point, each 4 warm-up iterations of at
     * least 150 ms (with 2 x 100 ms, plain loops were seen switching to faster compiled code in the
     * middle of the measurement) and 5 measured iterations of at least 100 ms and 3 calls, and a
     * 250 ms budget per operation (so that no point costs more than about 15 s).
     */
    public static BenchSettings quick(int heapMb) {
        return new BenchSettings(true, 3, 4, 150, 5, 100, 250, heapMb);
    }

    /**
     * The default: numbers to keep. 5 JVMs per point, each 3 warm-up iterations of at least 500 ms
     * and 5 measured iterations of at least 500 ms and 5 calls (benchdnn runs a problem at least
     * 5 times and 3 s), and a 10 s budget per operation.
     */
    public static BenchSettings stable(int heapMb) {
        return new BenchSettings(false, 5, 3, 500, 5, 500, 10_000, heapMb);
    }

    /** What a worker JVM is handed: the same settings, measured in that JVM (JMH forks(0)). */
    public BenchSettings inWorker() {
        return new BenchSettings(quick, 0, warmupIterations, warmupMs, measurementIterations, measurementMs,
                budgetMsPerOp, heapMb, minCallsPerSample, unstableLimit);
    }

    /** Warm-up iteration time for an operation estimated at {@code estimateMs}. */
    public int warmupMsFor(double estimateMs) {
        return (int) Math.min(Integer.MAX_VALUE / 2, Math.max(warmupMs, Math.ceil(2 * estimateMs)));
    }

    /** Measured iteration time for an operation estimated at {@code estimateMs}. */
    public int measurementMsFor(double estimateMs) {
        return (int) Math.min(Integer.MAX_VALUE / 2, Math.max(measurementMs, Math.ceil(minCallsPerSample * estimateMs)));
    }

    /** The default heap of worker and fork JVMs: half the machine's memory, between 1 and 16 GiB. */
    public static int defaultHeapMb() {
        Long total = convbench.harness.EnvironmentProbe.probe().memoryBytes();
        long mb = total == null ? 4096 : total / (1024 * 1024) / 2;
        return (int) Math.max(1024, Math.min(16 * 1024, mb));
    }

    /** JVM arguments of worker and fork JVMs with the largest heap ({@code heapMb}). */
    public List<String> jvmArgs() {
        return jvmArgs(heapMb);
    }

    /** The young generation of the worker JVMs (-Xmn), in MiB. */
    public static final int YOUNG_MB = 128;

    /**
     * The heap of the JVM that measures a point of {@code estimatedBytes} (its tensors and an
     * im2col workspace): 3 times that plus 512 MiB, in steps of 256 MiB, at least 1 GiB, at most
     * {@code heapMb}; its young generation is {@value #YOUNG_MB} MiB whatever the heap, so that
     * allocation reuses pages the warm-up touched: with a 12 GiB heap (a 4 GiB young generation
     * touched lazily) im2col forward on a 56x56x64 layer (7 MB of columns per call) ran at 55-83 ms,
     * depending on the run, as every call faulted in fresh pages (about 7 us each in this VM),
     * against 11-16 ms with a small young generation or a pre-touched heap.
     */
    public int workerHeapMb(long estimatedBytes) {
        long mb = 3 * estimatedBytes / (1024 * 1024) + 512;
        mb = (mb + 255) / 256 * 256;
        return (int) Math.min(heapMb, Math.max(1024, mb));
    }

    /** The same settings, with no time budget (later forks of a point the first fork measured). */
    public BenchSettings withoutBudget() {
        return new BenchSettings(quick, forks, warmupIterations, warmupMs, measurementIterations, measurementMs,
                Double.MAX_VALUE, heapMb, minCallsPerSample, unstableLimit);
    }

    /** JVM arguments of worker and fork JVMs (JMH forks do not inherit the host's), with this heap. */
    public List<String> jvmArgs(int heapMb) {
        List<String> args = new ArrayList<>();
        args.add("--add-modules");
        args.add("jdk.incubator.vector");
        args.add("-Djava.awt.headless=true");
        args.add("-Xss4m");
        args.add("-Xmx" + heapMb + "m");
        // A fixed heap: no resizing inside a measurement; the parallel collector, as the wrapper uses.
        args.add("-Xms" + heapMb + "m");
        args.add("-XX:+UseParallelGC");
        // A small young generation, reused after every collection: its pages are touched once during
        // the warm-up, so an operation that allocates does not pay the operating system's first touch
        // of fresh pages inside the measurement (see workerHeapMb).
        args.add("-Xmn" + YOUNG_MB + "m");
        // The OpenCL device choice, CPU thread count and tuning knobs reach the workers too.
        for (String key : System.getProperties().stringPropertyNames().stream().sorted().toList()) {
            if (key.startsWith("convbench.") && !key.equals("convbench.root")) {
                args.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        return args;
    }

    public String execution() {
        return forks == 0 ? "JMH forks(0) inside this worker JVM"
                : forks + " independent worker JVM(s) per point, each running JMH forks(0) on that point only, in "
                        + "rounds over all points in a shuffled order";
    }

    /** For the result file's settings block. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quick", quick);
        m.put("mode", "avgt");
        m.put("unit", "ms/op");
        m.put("forks", forks);
        m.put("warmupIterations", warmupIterations);
        m.put("warmupMs", warmupMs);
        m.put("measurementIterations", measurementIterations);
        m.put("measurementMs", measurementMs);
        m.put("budgetMsPerOp", budgetMsPerOp);
        m.put("minCallsPerSample", minCallsPerSample);
        m.put("unstableLimit", unstableLimit);
        m.put("calibration", "warm-up iteration >= max(warmupMs, 2 calls), measured iteration >= max(measurementMs, "
                + "minCallsPerSample calls), from the probe's estimate of one call");
        m.put("statistics", convbench.stats.Samples.METHOD);
        m.put("execution", execution());
        m.put("jvmArgs", jvmArgs());
        m.put("workerHeap", "per point: 3 x its estimated bytes + 512 MiB, between 1024 MiB and " + heapMb
                + " MiB (the -Xmx/-Xms above), young generation " + YOUNG_MB + " MiB (-Xmn), reused after each "
                + "collection so that allocation does not fault in fresh pages; the later forks of a point skip the "
                + "time-budget check its first fork made");
        return m;
    }
}
