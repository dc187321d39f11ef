package convbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import convbench.results.ResultFile;
import convbench.results.ResultIO;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import convbench.results.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Runs {@link Ceilings} once per run in a JVM with the benchmark flags, for the roofline. */
final class CeilingsRun {
    /** The measured ceilings and the Vector API the benchmark JVMs see. */
    record Result(List<ResultFile.Measurement> ceilings, String workerVectorApi) {
        /** {@code e} with both JVMs' Vector API in its vectorApi field. */
        Environment describeVectorApi(Environment e) {
            return new Environment(e.label(), e.cpuModel(), e.cores(), e.memoryBytes(), e.os(), e.jvmVendor(),
                    e.jvmVersion(), e.jvmFlags(), "benchmark JVMs: " + workerVectorApi + "; this JVM: " + e.vectorApi(),
                    e.openclDevices(), e.projectVersion(), e.gitCommit(), e.timestamp());
        }
    }

    private CeilingsRun() {
    }

    /**
     * The ceilings of a run measured twice, before its points and after them: a host's clock and
     * its neighbours change over a long run, and a roof measured once, in a slow moment, ends up
     * below points measured later. The measurement of the run with the higher compute ceiling is
     * kept whole (so its theoretical peak and bandwidth belong to it), each entry's {@code how}
     * giving both values.
     */
    static List<ResultFile.Measurement> merge(List<ResultFile.Measurement> before, List<ResultFile.Measurement> after) {
        boolean afterWins = compute(after) > compute(before);
        List<ResultFile.Measurement> kept = afterWins ? after : before;
        List<ResultFile.Measurement> out = new ArrayList<>();
        for (ResultFile.Measurement m : kept) {
            ResultFile.Measurement other = (afterWins ? before : after).stream()
                    .filter(o -> o.name() != null && o.name().equals(m.name())).findFirst().orElse(null);
            String how = m.how();
            if (other != null && other.value() != null && m.value() != null) {
                double b = afterWins ? other.value() : m.value(), a = afterWins ? m.value() : other.value();
                how += String.format(Locale.ROOT, "; measured before the points (%.1f %s) and after them (%.1f %s), "
                        + "this is the %s measurement", b, m.unit(), a, m.unit(), afterWins ? "second" : "first");
            }
            out.add(new ResultFile.Measurement(m.name(), m.unit(), m.value(), how));
        }
        return out;
    }

    private static double compute(List<ResultFile.Measurement> list) {
        return list.stream().filter(m -> "compute".equals(m.name()) && m.value() != null)
                .mapToDouble(ResultFile.Measurement::value).findFirst().orElse(0);
    }

    /** The ceilings, or null (with a warning on {@code progress}) when measuring them failed. */
    static Result measure(WorkerLauncher launcher, BenchSettings settings, Path work, PrintWriter progress) {
        Path json = work.resolve("ceilings.json");
        progress.println("bench: measuring the machine's compute and memory-bandwidth ceilings");
        progress.flush();
        try {
            Process p = new ProcessBuilder(launcher.javaCommand(null, Ceilings.class.getName(), json.toString(),
                    settings.workerHeapMb(3L * 128 * 1024 * 1024)))
                    .redirectErrorStream(true).start();
            launcher.track(p);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                progress.println("bench: warning: measuring the ceilings failed: " + output.strip());
                return null;
            }
            JsonNode node = ResultIO.mapper().readTree(json.toFile());
            List<ResultFile.Measurement> list = new ArrayList<>();
            for (JsonNode m : node.path("ceilings")) {
                list.add(ResultIO.mapper().treeToValue(m, ResultFile.Measurement.class));
            }
            for (ResultFile.Measurement m : list) {
                progress.printf(Locale.ROOT, "bench: %s ceiling %.1f %s%n", m.name(), m.value(), m.unit());
            }
            return new Result(list, node.path("vectorApi").asText(null));
        } catch (IOException | RuntimeException e) {
            progress.println("bench: warning: measuring the ceilings failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            launcher.track(null);
            progress.flush();
        }
        return null;
    }
}
