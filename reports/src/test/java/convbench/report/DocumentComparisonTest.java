package convbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The documents' comparisons: holds, does not hold, or too close to call from the ratio's interval. */
class DocumentComparisonTest {
    private static JsonNode entry(double secondsA, double secondsB) throws Exception {
        return new ObjectMapper().readTree("{\"section\": \"17.2.4\", \"measure\": \"forward\", "
                + "\"a\": {\"method\": \"numba\", \"impl\": \"naive\", \"seconds\": " + secondsA + "}, "
                + "\"b\": {\"method\": \"im2col\", \"impl\": \"im2col\", \"seconds\": " + secondsB + "}}");
    }

    private static DocumentsSection.Measured m(double ms, double lo, double hi) {
        return new DocumentsSection.Measured(ms, lo, hi, "forward");
    }

    @Test
    void aClearWinIsJudgedAndAnOverlapIsTooCloseToCall() throws Exception {
        JsonNode aFaster = entry(11.66, 14.93); // the document: A/B = 0.78, A is faster
        // here A 10 ms [9, 11], B 12 ms [11.5, 12.5]: ratio 0.833, interval [9/12.5, 11/11.5] = [0.72, 0.957]
        Findings.DocumentComparison clear = Findings.DocumentComparison.of(aFaster, m(10, 9, 11), m(12, 11.5, 12.5));
        assertEquals(10 / 12.0, clear.hereRatio(), 1e-12);
        assertEquals(0.72, clear.hereLow(), 1e-12);
        assertEquals(11 / 11.5, clear.hereHigh(), 1e-12);
        assertEquals("holds", clear.verdict());
        assertEquals(" [0.72x, 0.957x]", clear.intervalText());

        // B a little slower but within the intervals: [9/10.5, 11/9.5] contains 1
        Findings.DocumentComparison close = Findings.DocumentComparison.of(aFaster, m(10, 9, 11), m(10.4, 9.5, 10.5));
        assertEquals("too close to call", close.verdict());

        // the document says B is faster; here A clearly is
        Findings.DocumentComparison against = Findings.DocumentComparison.of(entry(3.34, 1.0), m(10, 9.8, 10.2), m(20, 19, 21));
        assertEquals("does not hold", against.verdict());
    }

    @Test
    void withoutIntervalsTheRatioDecidesAndWithoutAMeasureNothingIs() throws Exception {
        JsonNode e = entry(11.66, 14.93);
        Findings.DocumentComparison noBounds = Findings.DocumentComparison.of(e,
                new DocumentsSection.Measured(10.0, "forward"), new DocumentsSection.Measured(10.4, "forward"));
        assertNull(noBounds.hereLow());
        assertEquals("", noBounds.intervalText());
        assertEquals("holds", noBounds.verdict());
        Findings.DocumentComparison missing = Findings.DocumentComparison.of(e,
                new DocumentsSection.Measured(null, "forward not measured"), m(10, 9, 11));
        assertNull(missing.verdict());
        assertEquals("forward not measured", missing.reason());
    }
}
