package convbench.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import convbench.results.BenchResult;

/**
 * One line of a worker's events file: {@code start} before a point is measured, {@code result}
 * when it is done (with the result, whatever its status).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerEvent(String event, int index, BenchResult result) {
    public static final String START = "start";
    public static final String RESULT = "result";
}
