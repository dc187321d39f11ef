package convbench.bench;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import convbench.results.PhaseSplit;

/** What a JMH trial reports besides its time: written by {@link OpBenchmark}, read by {@link PointRunner}. */
public record AuxRecord(String variant, String deviceName, Double deviceMs, Double endToEndMs, Double buildMs,
                        PhaseSplit phases, List<Double> deviceSamples, List<Double> endToEndSamples) {
    static final ObjectMapper MAPPER = new ObjectMapper();
}
