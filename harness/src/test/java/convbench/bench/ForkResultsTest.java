package convbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import convbench.results.BenchResult;
import convbench.stats.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForkResultsTest {
    private static BenchResult fork(List<Double> samples, Double deviceMean, List<Double> deviceSamples) {
        return new BenchResult("onednn", "mb1ic8ih8oc8oh8kh3ph1", null, "t", "forward", "cpu", BenchResult.OK, null,
                "avgt", "ms/op", samples.get(0), null, null, samples, samples.get(0), 1e6, null, null, 1e3, null,
                deviceMean, deviceMean == null ? null : deviceMean * 2, null, null, null, null, null, deviceSamples,
                deviceSamples == null ? null : deviceSamples.stream().map(x -> x * 2).toList());
    }

    @Test
    void deviceTimesAreTheTenthPercentileOfEveryForksIterationsLikeThePointsNumber() {
        // A slow iteration in each fork pulls the means (2.5 and 2.75) far above the fast calls.
        List<Double> a = List.of(1.0, 1.1, 1.2, 6.7);
        List<Double> b = List.of(1.05, 1.15, 1.3, 7.5);
        BenchResult m = ForkResults.merge(List.of(fork(List.of(3.0, 3.1, 3.2, 3.3), 2.5, a),
                fork(List.of(3.0, 3.1, 3.2, 3.3), 2.7625, b)), 0.1);
        double p10 = Samples.estimate(new double[] {1.0, 1.1, 1.2, 6.7, 1.05, 1.15, 1.3, 7.5});
        assertEquals(1.035, p10, 1e-9);
        assertEquals(p10, m.openclDeviceMs(), 1e-12);
        assertEquals(2 * p10, m.openclEndToEndMs(), 1e-12);
        assertEquals(List.of(1.0, 1.1, 1.2, 6.7, 1.05, 1.15, 1.3, 7.5), m.deviceMsSamples());
    }

    @Test
    void withoutSamplesInEveryForkTheMedianOfTheForksMeansStays() {
        BenchResult m = ForkResults.merge(List.of(fork(List.of(3.0, 3.1), 2.0, List.of(1.0, 3.0)),
                fork(List.of(3.0, 3.1), 4.0, null)), 0.1);
        assertEquals(3.0, m.openclDeviceMs(), 1e-12);
        assertNull(m.deviceMsSamples());
        BenchResult cpu = ForkResults.merge(List.of(fork(List.of(3.0, 3.1), null, null)), 0.1);
        assertNull(cpu.openclDeviceMs());
    }
}
