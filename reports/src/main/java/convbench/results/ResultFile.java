package convbench.results;

import java.util.List;
import java.util.Map;

/** A benchmark result file ({@code convbench bench --out FILE}). */
@ResultRecord
public record ResultFile(
        Integer formatVersion,
        String kind,
        Environment environment,
        Map<String, Object> settings,   // JMH forks, warm-up, measurement, quick, budget
        List<Measurement> ceilings,     // measured machine ceilings for the roofline (may be empty)
        List<BenchResult> results) {

    public static final int FORMAT_VERSION = 1;
    public static final String KIND = "convbench-bench-results";

    /** A measured ceiling of the machine, e.g. peak GFLOP/s of a register-only FMA loop. */
    @ResultRecord
    public record Measurement(String name, String unit, Double value, String how) {
    }
}
