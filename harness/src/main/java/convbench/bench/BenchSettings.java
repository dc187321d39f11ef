package convbench.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How every point is measured. Always explicit: JMH's own defaults run for minutes per point.
 *
 * @param forks            JMH forks per point; 0 runs JMH inside the per-implementation worker JVM
 * @param budgetMsPerOp    a point whose single operation is estimated to take longer is skipped
 * @param heapMb           -Xmx of the worker and fork JVMs
 */
public record BenchSettings(boolean quick, int forks, int warmupIterations, int warmupMs,
                            int measurementIterations, int measurementMs, double budgetMsPerOp,
                            int heapMb) {

    /**
     * {@code --quick}: for CI and a first look. One worker JVM per implementation runs all of that
     * implementation's points with JMH forks(0) (a JVM start per point would cost more than the
     * measurement: 1.8 s against 0.6 s per point measured on 2 cores), 2 warm-up iterations of
     * 50 ms (the worker's JIT has already compiled the implementation on earlier points),
     * 3 measured iterations of 100 ms, and a 1 s budget per operation.
     */
    public static BenchSettings quick(int heapMb) {
        return new BenchSettings(true, 0, 2, 50, 3, 100, 1000, heapMb);
    }

    /**
     * The default: numbers to keep. Every point in 2 fresh JMH forks (so JIT decisions and memory
     * layout of one run do not decide the result), 3 warm-up iterations of 1 s and 5 measured
     * iterations of 1 s each, and a 10 s budget per operation.
     */
    public static BenchSettings stable(int heapMb) {
        return new BenchSettings(false, 2, 3, 1000, 5, 1000, 10_000, heapMb);
    }

    /** The default heap of worker and fork JVMs: half the machine's memory, between 1 and 16 GiB. */
    public static int defaultHeapMb() {
        Long total = convbench.harness.EnvironmentProbe.probe().memoryBytes();
        long mb = total == null ? 4096 : total / (1024 * 1024) / 2;
        return (int) Math.max(1024, Math.min(16 * 1024, mb));
    }

    /** JVM arguments of worker and fork JVMs: JMH forks do not inherit the host's. */
    public List<String> jvmArgs() {
        List<String> args = new ArrayList<>();
        args.add("--add-modules");
        args.add("jdk.incubator.vector");
        args.add("-Djava.awt.headless=true");
        args.add("-Xss4m");
        args.add("-Xmx" + heapMb + "m");
        return args;
    }

    public String execution() {
        return forks == 0
                ? "one worker JVM per implementation runs its points one after another with JMH forks(0)"
                : "one worker JVM per implementation launches " + forks + " JMH fork(s) per point";
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
        m.put("execution", execution());
        m.put("jvmArgs", jvmArgs());
        return m;
    }
}
