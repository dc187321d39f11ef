package convbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.results.ResultFile.Measurement;
import java.util.List;
import org.junit.jupiter.api.Test;

class CeilingsRunTest {
    private static List<Measurement> run(double compute, double bandwidth) {
        return List.of(new Measurement("compute", "GFLOP/s", compute, "loop"),
                new Measurement("compute-theoretical", "GFLOP/s", 300.0, "paper"),
                new Measurement("memory-bandwidth", "GB/s", bandwidth, "triad"));
    }

    @Test
    void theMeasurementWithTheHigherComputeCeilingIsKeptWhole() {
        List<Measurement> m = CeilingsRun.merge(run(400, 30), run(450, 28));
        assertEquals(450, m.get(0).value());
        assertEquals(28, m.get(2).value(), "the bandwidth of the same measurement");
        assertTrue(m.get(0).how().startsWith("loop; measured before the points (400.0 GFLOP/s) and after them "
                + "(450.0 GFLOP/s), this is the second measurement"), m.get(0).how());
        List<Measurement> first = CeilingsRun.merge(run(460, 30), run(450, 33));
        assertEquals(460, first.get(0).value());
        assertEquals(30, first.get(2).value());
        assertTrue(first.get(2).how().contains("before the points (30.0 GB/s) and after them (33.0 GB/s), this is the first"),
                first.get(2).how());
    }
}
