package convbench.bench;

import convbench.ops.Workload;
import convbench.api.Implementation;
import convbench.api.Support;
import convbench.results.BenchResult;
import convbench.suites.Descriptors;
import convbench.api.Direction;
import convbench.suites.Problem;
import convbench.suites.SuiteFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Measures one point: checks that the implementation is available and supports the problem,
 * estimates one operation's time against the budget ({@link Probe}), then runs JMH
 * programmatically with the explicit settings and turns its result into a {@link BenchResult}.
 * Never throws for a point's failure: the result says {@code skipped} or {@code error}.
 *
 * @param jmhLog  JMH's human-readable output of every point is appended here (may be null)
 * @param workDir for temporary files
 */
public record PointRunner(BenchSettings settings, Path jmhLog, Path workDir) {
    static final String JMH_FAILED = "JMH failed: ";

    public BenchResult run(PointSpec spec, Implementation impl) {
        return run(spec, impl, null);
    }

    /**
     * As {@link #run(PointSpec, Implementation)}; with {@code knownEstimateMs} (the time of one
     * operation measured by an earlier fork of this point) the probe and the budget are skipped and
     * the iterations are calibrated from that time.
     */
    public BenchResult run(PointSpec spec, Implementation impl, Double knownEstimateMs) {
        Direction d = Direction.parse(spec.direction());
        Problem p;
        try {
            var parsed = Descriptors.parse(spec.descriptor(), spec.problemName());
            p = new Problem(spec.problemName(), parsed.descriptor(), parsed.kind(), parsed.conv(), parsed.pool(),
                    List.of(d), spec.suite());
        } catch (SuiteFormatException e) {
            return result(spec, null, BenchResult.ERROR, e.getMessage(), null, null, null);
        }
        Support available = safeSupport(() -> impl.available());
        if (!available.supported()) {
            return result(spec, p, BenchResult.SKIPPED, "unavailable: " + available.reason(), null, null, impl);
        }
        String device = deviceOf(impl);
        Support supports = safeSupport(() -> impl.supports(p.driver(d).op(), p.driver(d).window()));
        if (!supports.supported()) {
            return result(spec, p, BenchResult.SKIPPED, "not supported: " + supports.reason(), null, device, impl);
        }
        if (knownEstimateMs != null && knownEstimateMs > 0 && Double.isFinite(knownEstimateMs)) {
            return measure(spec, p, d, knownEstimateMs, impl);
        }
        Probe.Estimate estimate;
        try {
            estimate = Probe.estimateOnOwnThread(impl, p, d, settings.budgetMsPerOp());
        } catch (Throwable t) {
            return result(spec, p, BenchResult.ERROR, "failed before measuring (probe call): " + describe(t),
                    null, deviceOf(impl), impl);
        }
        if (estimate.msPerOp() > settings.budgetMsPerOp()) {
            String how = estimate.scale() > 1 ? String.format(" (timed on %s, scaled by %.1f)",
                    estimate.probedOn(), estimate.scale()) : "";
            return result(spec, p, BenchResult.SKIPPED, String.format(
                    "over time budget: one operation is estimated at %.0f ms%s, the budget is %.0f ms",
                    estimate.msPerOp(), how, settings.budgetMsPerOp()), estimate.msPerOp(), deviceOf(impl), impl);
        }
        return measure(spec, p, d, estimate.msPerOp(), impl);
    }

    private BenchResult measure(PointSpec spec, Problem p, Direction d, double estimateMs, Implementation impl) {
        Path log = null;
        Path aux = null;
        try {
            Files.createDirectories(workDir);
            log = Files.createTempFile(workDir, "jmh-", ".log");
            aux = Files.createTempFile(workDir, "aux-", ".jsonl");
            String auxArg = "-D" + OpBenchmark.AUX_PROPERTY + "=" + aux.toAbsolutePath();
            if (settings.forks() == 0) {
                System.setProperty(OpBenchmark.AUX_PROPERTY, aux.toAbsolutePath().toString());
            }
            List<String> jvmArgs = new ArrayList<>(settings.jvmArgs());
            jvmArgs.add(auxArg);
            ChainedOptionsBuilder ob = new OptionsBuilder()
                    .include("^" + Pattern.quote(OpBenchmark.class.getName() + "." + OpBenchmark.methodOf(d)) + "$")
                    .param("impl", spec.impl())
                    .param("problem", p.descriptor())
                    .forks(settings.forks())
                    .warmupIterations(settings.warmupIterations())
                    .warmupTime(TimeValue.milliseconds(settings.warmupMsFor(estimateMs)))
                    .measurementIterations(settings.measurementIterations())
                    .measurementTime(TimeValue.milliseconds(settings.measurementMsFor(estimateMs)))
                    .threads(1)
                    .timeUnit(TimeUnit.MILLISECONDS)
                    .shouldFailOnError(true)
                    .verbosity(VerboseMode.NORMAL)
                    .output(log.toString());
            if (settings.forks() > 0) {
                ob = ob.jvmArgsAppend(jvmArgs.toArray(String[]::new));
            }
            if (settings.forks() == 0) {
                // The worker's garbage from earlier points must not be collected inside this one's iterations.
                System.gc();
            }
            Collection<RunResult> results;
            try {
                results = new Runner(ob.build()).run();
            } catch (RunnerException | RuntimeException e) {
                return result(spec, p, BenchResult.ERROR, JMH_FAILED + cause(e, log), estimateMs, deviceOf(impl), impl);
            }
            if (results.isEmpty()) {
                return result(spec, p, BenchResult.ERROR, "JMH returned no result: " + logTail(log), estimateMs,
                        null, impl);
            }
            RunResult rr = results.iterator().next();
            AuxRecord auxRecord = readAux(aux);
            return fromJmh(spec, p, d, rr, auxRecord, estimateMs, impl);
        } catch (IOException e) {
            return result(spec, p, BenchResult.ERROR, "cannot run JMH: " + e, estimateMs, null, impl);
        } finally {
            System.clearProperty(OpBenchmark.AUX_PROPERTY);
            appendLog(spec, log);
            deleteQuietly(log);
            deleteQuietly(aux);
        }
    }

    private BenchResult fromJmh(PointSpec spec, Problem p, Direction d, RunResult rr, AuxRecord aux,
                                double estimateMs, Implementation impl) {
        Result<?> primary = rr.getPrimaryResult();
        double score = primary.getScore();
        List<Double> samples = new ArrayList<>();
        long ops = 0;
        int iterations = 0;
        for (BenchmarkResult br : rr.getBenchmarkResults()) {
            for (IterationResult ir : br.getIterationResults()) {
                samples.add(ir.getPrimaryResult().getScore());
                ops += ir.getMetadata() == null ? 0 : ir.getMetadata().getMeasuredOps();
                iterations++;
            }
        }
        // One JVM's samples; the parent merges the forks (BenchRun) and replaces these statistics.
        convbench.results.PointStats stats = samples.isEmpty() || samples.stream().anyMatch(x -> !(x > 0))
                ? null : convbench.stats.Samples.summarize(List.of(samples),
                        iterations == 0 ? null : (int) (ops / iterations), settings.unstableLimit());
        double[] ci = primary.getScoreConfidence();
        List<Double> ciList = ci != null && ci.length == 2 && Double.isFinite(ci[0]) && Double.isFinite(ci[1])
                ? List.of(ci[0], ci[1]) : null;
        Workload work = p.driver(d).workload();
        Double gflops = score > 0 ? work.flops() / score / 1e6 : null;
        Double gflopsNoPad = score > 0 && work.flopsNoPadding() != null ? work.flopsNoPadding() / score / 1e6 : null;
        Double gbs = score > 0 ? work.bytes() / score / 1e6 : null;
        String device = aux != null && aux.deviceName() != null ? aux.deviceName() : deviceOf(impl);
        String variant = aux != null && aux.variant() != null && !aux.variant().isBlank() ? aux.variant()
                : variantOf(impl);
        return new BenchResult(spec.impl(), p.descriptor(), spec.problemName(), spec.suite(), d.id(), device,
                BenchResult.OK, null, "avgt", primary.getScoreUnit(), finite(score), finite(primary.getScoreError()),
                ciList, samples, finite(score), work.flops(), finite(gflops), finite(gflopsNoPad), work.bytes(),
                finite(gbs), aux == null ? null : aux.deviceMs(), aux == null ? null : aux.endToEndMs(),
                aux == null ? null : aux.buildMs(), variant, finite(estimateMs), stats, aux == null ? null : aux.phases(),
                aux == null ? null : aux.deviceSamples(), aux == null ? null : aux.endToEndSamples());
    }

    /** A result without measurements (skipped or error), with the work filled in where known. */
    static BenchResult result(PointSpec spec, Problem p, String status, String message, Double estimateMs,
                              String device, Implementation impl) {
        Direction d = Direction.parse(spec.direction());
        Workload work = p == null || d == null ? null : p.driver(d).workload();
        return new BenchResult(spec.impl(), p == null ? spec.descriptor() : p.descriptor(), spec.problemName(),
                spec.suite(), spec.direction(), device == null ? "cpu" : device, status, message, "avgt", "ms/op",
                null, null, null, null, null, work == null ? null : work.flops(), null, null,
                work == null ? null : work.bytes(), null, null, null, null, impl == null ? null : variantOf(impl),
                estimateMs == null ? null : finite(estimateMs));
    }

    /** The device an implementation runs on: what it reports through DeviceTimes, else "cpu". */
    static String deviceOf(Implementation impl) {
        try {
            DeviceTimes t = DeviceTimes.of(impl);
            String name = t == null ? null : t.deviceName();
            return name == null || name.isBlank() ? "cpu" : name;
        } catch (RuntimeException e) {
            return "cpu";
        }
    }

    private static String variantOf(Implementation impl) {
        try {
            String v = impl.variant();
            return v == null || v.isBlank() ? null : v;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Support safeSupport(java.util.function.Supplier<Support> s) {
        try {
            Support r = s.get();
            return r == null ? Support.no("the implementation returned no answer") : r;
        } catch (RuntimeException e) {
            return Support.no("the implementation failed to answer: " + describe(e));
        }
    }

    private static AuxRecord readAux(Path aux) {
        try {
            List<String> lines = Files.readAllLines(aux, StandardCharsets.UTF_8);
            List<AuxRecord> records = new ArrayList<>();
            for (String line : lines) {
                if (!line.isBlank()) {
                    records.add(AuxRecord.MAPPER.readValue(line, AuxRecord.class));
                }
            }
            if (records.isEmpty()) {
                return null;
            }
            // Several forks: average their means.
            return new AuxRecord(records.get(0).variant(), records.get(0).deviceName(),
                    mean(records.stream().map(AuxRecord::deviceMs).toList()),
                    mean(records.stream().map(AuxRecord::endToEndMs).toList()),
                    mean(records.stream().map(AuxRecord::buildMs).toList()),
                    convbench.results.PhaseSplit.median(records.stream().map(AuxRecord::phases).toList()),
                    joined(records.stream().map(AuxRecord::deviceSamples).toList()),
                    joined(records.stream().map(AuxRecord::endToEndSamples).toList()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The lists one after the other; null when any is missing or all are empty. */
    static List<Double> joined(List<List<Double>> lists) {
        List<Double> out = new ArrayList<>();
        for (List<Double> l : lists) {
            if (l == null) {
                return null;
            }
            out.addAll(l);
        }
        return out.isEmpty() ? null : out;
    }

    private static Double mean(List<Double> values) {
        double sum = 0;
        int n = 0;
        for (Double v : values) {
            if (v != null) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    /** The most telling line about why JMH failed: the root exception, else the log's end. */
    private static String cause(Throwable e, Path log) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String fromLog = firstFailure(log);
        if (fromLog != null) {
            return fromLog;
        }
        return describe(root);
    }

    /** The first exception line JMH printed for the benchmark (it reports fork failures there too). */
    static String firstFailure(Path log) {
        if (log == null) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (l.startsWith("<forked VM failed")) {
                    return l + tailOf(lines, i);
                }
            }
            for (String line : lines) {
                String l = line.strip();
                if (!l.startsWith("at ") && (l.matches("^[\\w.$]+(Exception|Error)(: .*)?$")
                        || l.matches("^Caused by: .*"))) {
                    return l;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String tailOf(List<String> lines, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, from - 5); i < from; i++) {
            String l = lines.get(i).strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                sb.append(" | ").append(l);
            }
        }
        return sb.toString();
    }

    private static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no JMH log)";
        }
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getName() + (m == null ? "" : ": " + m);
    }

    private void appendLog(PointSpec spec, Path log) {
        if (jmhLog == null || log == null || !Files.exists(log)) {
            return;
        }
        try {
            String header = "\n##### point " + spec.index() + ": " + spec.impl() + " " + spec.direction() + " "
                    + spec.problemName() + " " + spec.descriptor() + "\n";
            Files.writeString(jmhLog, header + Files.readString(log, StandardCharsets.UTF_8), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is a convenience
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // temporary file
            }
        }
    }

    static Double finite(Double d) {
        return d != null && Double.isFinite(d) ? d : null;
    }
}
