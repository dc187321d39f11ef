package convbench.bench;

import java.util.List;

/**
 * What the parent asks one worker JVM to do: measure these points of one implementation and
 * append one JSON event per line to {@code eventsFile}. {@code estimateMs}: the time of one operation
 * measured by an earlier fork of the (single) point, used instead of a probe so that every later fork
 * is calibrated alike; null: probe it.
 */
public record WorkerRequest(String impl, BenchSettings settings, List<PointSpec> points, String eventsFile,
                            String jmhLog, String workDir, Double estimateMs) {
    public WorkerRequest(String impl, BenchSettings settings, List<PointSpec> points, String eventsFile,
                         String jmhLog, String workDir) {
        this(impl, settings, points, eventsFile, jmhLog, workDir, null);
    }
}
