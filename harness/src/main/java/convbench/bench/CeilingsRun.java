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
