package convbench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.results.PointStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The point's estimate (10th percentile of all samples) and its interval, on samples worked by hand. */
class SamplesTest {

    @Test
    void estimateIsTheTenthPercentileOfAllSamplesWithLinearInterpolation() {
        // pooled and sorted: 1..10; position 0.1 x (10 - 1) = 0.9 -> 1 + 0.9 x (2 - 1) = 1.9
        PointStats s = Samples.summarize(List.of(List.of(5.0, 1.0, 3.0, 2.0, 4.0), List.of(10.0, 6.0, 9.0, 7.0, 8.0)),
                null, Samples.DEFAULT_UNSTABLE_LIMIT);
        assertEquals(1.9, s.estimate(), 1e-12);
        assertEquals(5.5, s.median(), 1e-12);
        assertEquals(1.9, s.location(), 1e-12);
        assertTrue(s.low() <= s.estimate() && s.estimate() <= s.high(), s.low() + " .. " + s.high());
        assertTrue(s.low() >= 1.0, "an interval of a quantile of the samples never goes below the smallest one");
    }

    @Test
    void aJvmThatRanSlowMovesTheEstimateLessThanTheMedian() {
        List<Double> steady = List.of(1.00, 1.01, 1.02, 1.01, 1.00);
        List<Double> slow = List.of(1.30, 1.31, 1.29, 1.30, 1.32);
        PointStats quiet = Samples.summarize(List.of(steady, steady, steady), null, 0.10);
        PointStats disturbed = Samples.summarize(List.of(steady, slow, slow), null, 0.10);
        double estimateShift = disturbed.estimate() / quiet.estimate() - 1;
        double medianShift = disturbed.median() / quiet.median() - 1;
        // by hand, 15 samples sorted, position 0.1 x 14 = 1.4: quiet 1.00 x 6 first -> 1.00; disturbed
        // 1.00, 1.00, 1.01, 1.01, 1.02, 1.29, 1.29, 1.30 (the median, 8th) ... -> 1.00 + 0.4 x 0.01 = 1.004
        assertEquals(1.00, quiet.estimate(), 1e-9);
        assertEquals(1.004, disturbed.estimate(), 1e-9);
        assertEquals(1.30, disturbed.median(), 1e-9);
        assertTrue(estimateShift < 0.01 && medianShift > 0.25, estimateShift + " vs " + medianShift);
    }

    @Test
    void theRatioIsTheRatioOfEstimatesAndATenPercentSlowerRunIsSignificant() {
        List<List<Double>> a = List.of(List.of(1.00, 1.01, 1.02, 1.03, 1.04), List.of(1.00, 1.02, 1.01, 1.03, 1.02),
                List.of(1.01, 1.00, 1.02, 1.04, 1.03));
        List<List<Double>> b = a.stream().map(f -> f.stream().map(x -> x * 1.2).toList()).toList();
        Samples.Ratio r = Samples.ratio(a, b);
        assertEquals(1.2, r.ratio(), 1e-9);
        assertTrue(r.low() > 1.0 && r.high() < 1.5, r.low() + " .. " + r.high());
        assertTrue(r.pValue() < 0.05, "p " + r.pValue());
        Samples.Ratio same = Samples.ratio(a, a);
        assertEquals(1.0, same.ratio(), 1e-12);
        assertFalse(same.low() > 1.0 || same.high() < 1.0);
    }
}
