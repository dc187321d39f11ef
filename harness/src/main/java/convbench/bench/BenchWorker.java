package convbench.bench;

import convbench.api.Implementation;
import convbench.results.BenchResult;
import convbench.results.ResultIO;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The worker JVM: {@code java ... convbench.bench.BenchWorker REQUEST.json}. Runs the points of
 * one implementation in order and appends an event per line to the events file, flushed at once,
 * so that the parent sees every finished result even when this JVM dies on the next point.
 */
public final class BenchWorker {
    /** Exit code that asks the parent for a new worker for the remaining points. */
    public static final int RESTART_EXIT_CODE = 3;
    private BenchWorker() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BenchWorker REQUEST.json");
            System.exit(2);
        }
        WorkerRequest req = ResultIO.mapper().readValue(Path.of(args[0]).toFile(), WorkerRequest.class);
        Path events = Path.of(req.eventsFile());
        try (OutputStream out = Files.newOutputStream(events, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            Implementation impl;
            try {
                impl = Impls.open(req.impl());
            } catch (RuntimeException | LinkageError e) {
                for (PointSpec p : req.points()) {
                    write(out, new WorkerEvent(WorkerEvent.RESULT, p.index(), PointRunner.result(p, null,
                            BenchResult.ERROR, "cannot create the implementation: " + PointRunner.describe(e),
                            null, null, null)));
                }
                return;
            }
            PointRunner runner = new PointRunner(req.settings(), req.jmhLog() == null ? null : Path.of(req.jmhLog()),
                    Path.of(req.workDir()));
            try {
                for (PointSpec p : req.points()) {
                    write(out, new WorkerEvent(WorkerEvent.START, p.index(), null));
                    BenchResult r = runner.run(p, impl, req.estimateMs());
                    write(out, new WorkerEvent(WorkerEvent.RESULT, p.index(), r));
                    if (req.settings().forks() == 0 && BenchResult.ERROR.equals(r.status())
                            && r.message() != null && r.message().startsWith(PointRunner.JMH_FAILED)) {
                        // With forks(0) JMH keeps the state of a benchmark that failed and would hand
                        // it to the next point: start afresh in a new JVM.
                        out.flush();
                        System.exit(RESTART_EXIT_CODE);
                    }
                }
            } finally {
                impl.close();
            }
        }
        System.exit(0); // implementations may leave non-daemon threads behind
    }

    private static void write(OutputStream out, WorkerEvent e) throws IOException {
        String line = ResultIO.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(e) + "\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
