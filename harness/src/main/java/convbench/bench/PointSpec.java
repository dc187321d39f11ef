package convbench.bench;

/** One point as the parent hands it to a worker. */
public record PointSpec(int index, String impl, String suite, String problemName, String descriptor,
                        String direction) {
}
