package convbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.results.ResultFile.Measurement;
import java.util.List;
import org.junit.jupiter.api.Test;

class TheoreticalPeakTest {
    private static List<String> cpuinfo(String vendor, int family, String mhz, String flags) {
        return List.of("processor\t: 0", "vendor_id\t: " + vendor, "cpu family\t: " + family, "model\t\t: 2",
                "model name\t: AMD EPYC", "cpu MHz\t\t: " + mhz, "flags\t\t: fpu sse2 " + flags);
    }

    @Test
    void zen5WithAvx512() {
        Measurement m = TheoreticalPeak.of(cpuinfo("AuthenticAMD", 26, "2096.024", "avx2 fma avx512f"), 2, 200);
        assertEquals(2 * 64 * 2.096024, m.value(), 1e-9);
        assertEquals("compute-theoretical", m.name());
        assertTrue(m.how().contains("reached 75% of it"), m.how());
        // measured above the paper peak: the clock is higher than reported, and the figure says how much
        Measurement boosted = TheoreticalPeak.of(cpuinfo("AuthenticAMD", 26, "2096.024", "avx2 fma avx512f"), 2, 400);
        assertTrue(boosted.how().contains("49% above it") && boosted.how().contains("about 3.13 GHz"), boosted.how());
    }

    @Test
    void knownAndUnknownCpus() {
        assertEquals(32, TheoreticalPeak.perCycle("AuthenticAMD", 25, java.util.Set.of("fma", "avx512f")).flops());
        assertEquals(64, TheoreticalPeak.perCycle("GenuineIntel", 6, java.util.Set.of("fma", "avx512f")).flops());
        assertEquals(32, TheoreticalPeak.perCycle("GenuineIntel", 6, java.util.Set.of("fma", "avx2")).flops());
        assertNull(TheoreticalPeak.perCycle("GenuineIntel", 6, java.util.Set.of("avx")));
        assertNull(TheoreticalPeak.of(cpuinfo("HygonGenuine", 24, "2000", "fma"), 2, 1));
        assertNull(TheoreticalPeak.of(List.of("processor : 0", "CPU implementer : 0x41"), 4, 1), "ARM: no fields");
    }
}
