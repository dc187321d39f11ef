package convbench.bench;

import java.util.List;

/**
 * What the parent asks one worker JVM to do: measure these points of one implementation and
 * append one JSON event per line to {@code eventsFile}.
 */
public record WorkerRequest(String impl, BenchSettings settings, List<PointSpec> points, String eventsFile,
                            String jmhLog, String workDir) {
}
