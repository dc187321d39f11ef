package convbench.bench;

import convbench.api.Implementation;
import convbench.api.PhaseTimed;
import convbench.ops.OpTensors;
import convbench.ops.PointDriver;
import convbench.results.PhaseSplit;
import convbench.suites.Descriptors;
import convbench.api.Direction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;

/**
 * One benchmark point: implementation {@link #impl} on problem {@link #problem} (a canonical
 * suite descriptor), in the direction the benchmark method names. Inputs are filled once per
 * trial, outputs are preallocated, each invocation is exactly one operation, and its output is
 * handed to the Blackhole. The settings (forks, iterations, times) always come from
 * {@link PointRunner}; the annotations only fix the mode and unit.
 *
 * <p>Device times (OpenCL, the oneDNN peer) are read around each measurement iteration, outside
 * the timed code: the mean over every operation of the iteration where the implementation keeps
 * running totals ({@link DeviceTimes#totals()}), else the iteration's last operation. They are
 * written with the build time to the file named by the system property {@value #AUX_PROPERTY}
 * when the trial ends.
 *
 * <p>For implementations that time their phases ({@link PhaseTimed}), the trial ends with a
 * separate pass with phase timing on ({@link PhasePass}), after the last measured iteration, so
 * JMH's samples never include a clock read; its split goes into the same file. The parent asks
 * for it in a point's first measured fork only ({@value #PHASES_PROPERTY}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OpBenchmark {
    public static final String AUX_PROPERTY = "convbench.bench.aux";
    /** {@code off}: no phase pass in this JVM (the parent runs it in a point's first fork only). */
    public static final String PHASES_PROPERTY = "convbench.bench.phases";

    @Param({"naive"})
    public String impl;

    @Param({"mb1ic1ih4oc1oh4kh1"})
    public String problem;

    private Implementation implementation;
    private PointDriver point;
    private OpTensors tensors;
    private DeviceTimes deviceTimes;
    private final List<Double> deviceMs = new ArrayList<>();
    private final List<Double> endToEndMs = new ArrayList<>();

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) throws Exception {
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        Direction direction = directionOf(method);
        var parsed = Descriptors.parse(problem, "problem parameter");
        var p = new convbench.suites.Problem(problem, parsed.descriptor(), parsed.kind(), parsed.conv(),
                parsed.pool(), List.of(direction), "jmh");
        implementation = Impls.open(impl);
        point = p.driver(direction);
        tensors = point.allocate();
        deviceTimes = DeviceTimes.of(implementation);
        if (implementation instanceof PhaseTimed pt) {
            PhasePass.prime(pt, () -> point.call(implementation, tensors));
        }
    }

    // One method per direction, so that JMH's benchmark name says which; each invocation is one
    // call of the operation (the point's driver knows which API method and tensors that is).

    @Benchmark
    public void forward(Blackhole bh) {
        callOnce(bh);
    }

    @Benchmark
    public void backwardData(Blackhole bh) {
        callOnce(bh);
    }

    @Benchmark
    public void backwardWeights(Blackhole bh) {
        callOnce(bh);
    }

    @Benchmark
    public void backward(Blackhole bh) {
        callOnce(bh);
    }

    @Benchmark
    public void poolForward(Blackhole bh) {
        callOnce(bh);
    }

    @Benchmark
    public void poolBackward(Blackhole bh) {
        callOnce(bh);
    }

    private void callOnce(Blackhole bh) {
        point.call(implementation, tensors);
        bh.consume(tensors);
    }

    private double[] totalsBefore;

    /** Measured iterations done in this trial (lockstep: the last one says so to the parent). */
    private int measuredIterations;

    @Setup(Level.Iteration)
    public void beforeIteration() {
        Lockstep.await(Lockstep.READY);
        totalsBefore = deviceTimes == null ? null : deviceTimes.totals();
    }

    @TearDown(Level.Iteration)
    public void afterIteration(IterationParams iteration) {
        recordDeviceTimes(iteration);
        if (iteration.getType() == IterationType.MEASUREMENT && ++measuredIterations == iteration.getCount()) {
            Lockstep.await(Lockstep.FINISHED);
        }
    }

    private void recordDeviceTimes(IterationParams iteration) {
        if (deviceTimes != null && iteration.getType() == IterationType.MEASUREMENT) {
            double[] after = deviceTimes.totals();
            if (totalsBefore != null && after != null && after[2] > totalsBefore[2]) {
                // The mean over every operation of the iteration: the same calls as JMH's score.
                double ops = after[2] - totalsBefore[2];
                deviceMs.add((after[0] - totalsBefore[0]) / ops);
                endToEndMs.add((after[1] - totalsBefore[1]) / ops);
                return;
            }
            // Otherwise the iteration's last operation stands for it.
            Double d = deviceTimes.lastDeviceMs();
            Double e = deviceTimes.lastEndToEndMs();
            if (d != null) {
                deviceMs.add(d);
            }
            if (e != null) {
                endToEndMs.add(e);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        String aux = System.getProperty(AUX_PROPERTY);
        if (aux != null && !aux.isBlank()) {
            PhaseSplit phases = implementation instanceof PhaseTimed pt && !"off".equals(System.getProperty(PHASES_PROPERTY))
                    ? PhasePass.measure(pt, () -> point.call(implementation, tensors)) : null;
            AuxRecord r = new AuxRecord(implementation.variant(),
                    deviceTimes == null ? null : deviceTimes.deviceName(), mean(deviceMs), mean(endToEndMs),
                    deviceTimes == null ? null : deviceTimes.buildMs(), phases, List.copyOf(deviceMs),
                    List.copyOf(endToEndMs));
            Files.writeString(Path.of(aux), AuxRecord.MAPPER.writeValueAsString(r) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        deviceMs.clear();
        endToEndMs.clear();
        implementation.close();
        point = null;
        tensors = null;
    }

    /** The benchmark method that times a direction. */
    public static String methodOf(Direction d) {
        return switch (d) {
            case FORWARD -> "forward";
            case BACKWARD_DATA -> "backwardData";
            case BACKWARD_WEIGHTS -> "backwardWeights";
            case BACKWARD -> "backward";
            case POOL_FORWARD -> "poolForward";
            case POOL_BACKWARD -> "poolBackward";
        };
    }

    static Direction directionOf(String method) {
        for (Direction d : Direction.values()) {
            if (methodOf(d).equals(method)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no direction for benchmark method " + method);
    }

    private static Double mean(List<Double> values) {
        return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
