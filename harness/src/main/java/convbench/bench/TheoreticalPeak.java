package convbench.bench;

import convbench.results.ResultFile.Measurement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The float32 peak a CPU can reach on paper: cores x FMA units x lanes x 2 FLOPs x clock, for
 * the x86 cores whose FMA units are known from /proc/cpuinfo's vendor, family and flags. Null
 * for any other CPU. The clock is the one /proc/cpuinfo reports, which in a virtual machine is
 * often the base clock: a core running at its boost clock can then exceed this "peak", and the
 * figure says so.
 */
final class TheoreticalPeak {
    private TheoreticalPeak() {
    }

    /** FP32 FLOPs per cycle per core and what the number assumes; null when the CPU is not known. */
    record PerCycle(int flops, String why) {
    }

    static PerCycle perCycle(String vendor, int family, Set<String> flags) {
        boolean avx512 = flags.contains("avx512f");
        boolean fma = flags.contains("fma");
        if (!fma) {
            return null;
        }
        if ("AuthenticAMD".equals(vendor)) {
            if (family == 26 && avx512) {
                return new PerCycle(64, "AMD Zen 5 (family 26): 2 FMA pipes x 16 float lanes (512-bit) x 2");
            }
            if (family == 25 || family == 23) {
                return new PerCycle(32, "AMD Zen 2/3/4 (family " + family + "): 2 FMA pipes x 8 float lanes (256-bit; "
                        + "Zen 4 splits 512-bit operations in two) x 2");
            }
            return null;
        }
        if ("GenuineIntel".equals(vendor) && family == 6) {
            return avx512
                    ? new PerCycle(64, "Intel with AVX-512: 2 FMA units x 16 float lanes x 2 (Xeon models with "
                    + "one 512-bit FMA unit reach half)")
                    : new PerCycle(32, "Intel with AVX2: 2 FMA units x 8 float lanes x 2");
        }
        return null;
    }

    static Measurement of(int cores, double measuredGflops) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return of(lines, cores, measuredGflops);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static Measurement of(List<String> cpuinfo, int cores, double measuredGflops) {
        String vendor = field(cpuinfo, "vendor_id");
        String family = field(cpuinfo, "cpu family");
        String mhz = field(cpuinfo, "cpu MHz");
        String flags = field(cpuinfo, "flags");
        if (vendor == null || family == null || mhz == null || flags == null) {
            return null;
        }
        PerCycle pc = perCycle(vendor, Integer.parseInt(family.strip()), Set.of(flags.strip().split("\\s+")));
        double ghz = Double.parseDouble(mhz.strip()) / 1000;
        if (pc == null || !(ghz > 0)) {
            return null;
        }
        double peak = cores * pc.flops() * ghz;
        String how = String.format(Locale.ROOT, "%d cores x %d FLOPs per cycle (%s) x %.3f GHz (cpu MHz of "
                + "/proc/cpuinfo)", cores, pc.flops(), pc.why(), ghz);
        if (measuredGflops > peak) {
            how += String.format(Locale.ROOT, "; the measured FMA loop ran %.0f%% above it, so the cores run faster "
                    + "than the reported clock (boost; a virtual machine reports its base clock): about %.2f GHz",
                    (measuredGflops / peak - 1) * 100, measuredGflops / (cores * pc.flops()));
        } else {
            how += String.format(Locale.ROOT, "; the measured FMA loop reached %.0f%% of it",
                    measuredGflops / peak * 100);
        }
        return new Measurement("compute-theoretical", "GFLOP/s", peak, how);
    }

    private static String field(List<String> lines, String name) {
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).strip().equals(name)) {
                return l.substring(colon + 1).strip();
            }
        }
        return null;
    }
}
