package convbench.opencl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The database's files, the fall-back chain, and its messages; no device needed. */
class TuningDatabaseTest {

    static DeviceInfo device(String name, String vendor, String type) {
        return new DeviceInfo(0, "Portable Computing Language", "OpenCL 3.0 PoCL 3.1", name, vendor, type,
                2, 2000, 4L << 30, 512 << 10, 4096, 16, 8, 16, "OpenCL C 1.2", "3.1", true, null, null);
    }

    static final DeviceInfo HERE = device("pthread-skylake-avx512-AMD EPYC", "AuthenticAMD", "CPU");

    static TuningDatabase.Source file(String location, DeviceInfo d, TuningDatabase.Entry... entries) {
        return new TuningDatabase.Source(location, new TuningDatabase.DeviceFile(TuningDatabase.FORMAT,
                TuningDatabase.DeviceKey.of(d), "2026-12-01T00:00:00Z", List.of(entries)));
    }

    static TuningDatabase.Entry entry(String kernel, String cls, Map<String, Integer> p) {
        return new TuningDatabase.Entry(kernel, cls, p, null, null, null, List.of(), null, null, null, null);
    }

    static final Map<String, Integer> P1 = Map.of("L", 16);
    static final Map<String, Integer> P2 = Map.of("L", 128);
    static final Map<String, Integer> P3 = Map.of("L", 256);
    static final Map<String, Integer> P4 = Map.of("L", 512);

    @AfterEach
    void forget() {
        System.clearProperty(TuningDatabase.PROPERTY);
        System.clearProperty("convbench.opencl.tune.pool");
        TuningDatabase.reload();
    }

    @Test
    void architectureOfPoclNamesIsTheLlvmCpu() {
        assertEquals("skylake-avx512", TuningDatabase.architecture(HERE));
        assertEquals("znver3", TuningDatabase.architecture(device("cpu-znver3-AMD Ryzen 9", "AuthenticAMD", "CPU")));
        assertEquals("", TuningDatabase.architecture(device("Intel(R) UHD Graphics", "Intel(R) Corporation", "GPU")));
        assertEquals("gfx90a", TuningDatabase.architecture(device("gfx90a", "Advanced Micro Devices, Inc.", "GPU")));
    }

    @Test
    void fallBackChainGoesNameArchitectureVendorTypeDefaults() {
        DeviceInfo sameArch = device("pthread-skylake-avx512-Intel(R) Xeon(R)", "GenuineIntel", "CPU");
        DeviceInfo sameVendor = device("pthread-znver4-AMD EPYC 9004", "AuthenticAMD", "CPU");
        DeviceInfo sameType = device("pthread-haswell-Hygon C86", "HygonGenuine", "CPU");
        DeviceInfo gpu = device("NVIDIA H200", "NVIDIA Corporation", "GPU");
        String cls = "pool-forward";
        TuningDatabase db = new TuningDatabase(List.of(
                file("typeFile", device("pthread-other-X", "SomeoneElse", "CPU"), entry("pool", cls, P4)),
                file("vendorFile", device("pthread-znver3-AMD Ryzen", "AuthenticAMD", "CPU"), entry("pool", cls, P3)),
                file("archFile", device("pthread-skylake-avx512-Intel(R) Xeon(R) Gold", "GenuineIntel", "CPU"), entry("pool", cls, P2)),
                file("nameFile", HERE, entry("pool", cls, P1))));

        TuningDatabase.Choice c = db.choose(HERE, TuningSpace.POOL, cls);
        assertEquals(P1, c.parameters());
        assertEquals("nameFile by device name", c.source());
        assertEquals(P2, db.choose(sameArch, TuningSpace.POOL, cls).parameters());
        assertTrue(db.choose(sameArch, TuningSpace.POOL, cls).source().contains("by architecture"));
        assertEquals(P3, db.choose(sameVendor, TuningSpace.POOL, cls).parameters());
        assertTrue(db.choose(sameVendor, TuningSpace.POOL, cls).source().contains("by vendor"));
        assertEquals(P4, db.choose(sameType, TuningSpace.POOL, cls).parameters());
        assertTrue(db.choose(sameType, TuningSpace.POOL, cls).source().contains("by device type"));
        TuningDatabase.Choice none = db.choose(gpu, TuningSpace.POOL, cls);
        assertEquals(TuningSpace.POOL.gpuDefaults(), none.parameters());
        assertTrue(none.source().startsWith("built-in defaults for GPU"), none.source());
        assertTrue(db.describeMatch(sameVendor).startsWith("vendorFile (matched by vendor, measured on pthread-znver3"),
                db.describeMatch(sameVendor));
    }

    @Test
    void aFileWithoutTheClassFallsFurtherDownTheChain() {
        TuningDatabase db = new TuningDatabase(List.of(
                file("nameFile", HERE, entry("pool", "pool-backward", P1)),
                file("typeFile", device("pthread-other-X", "SomeoneElse", "CPU"), entry("pool", "pool-forward", P4))));
        assertEquals(P1, db.choose(HERE, TuningSpace.POOL, "pool-backward").parameters());
        assertEquals(P4, db.choose(HERE, TuningSpace.POOL, "pool-forward").parameters());
        assertEquals(TuningSpace.BLOCKED.cpuDefaults(), db.choose(HERE, TuningSpace.BLOCKED, "forward.large-k").parameters());
    }

    @Test
    void aPropertyOverridesTheDatabaseAndSaysSo() {
        TuningDatabase db = new TuningDatabase(List.of(file("nameFile", HERE, entry("pool", "pool-forward", P1))));
        System.setProperty("convbench.opencl.tune.pool", "L=32");
        TuningDatabase.Choice c = db.choose(HERE, TuningSpace.POOL, "pool-forward");
        assertEquals(Map.of("L", 32), c.parameters());
        assertTrue(c.source().startsWith("-Dconvbench.opencl.tune.pool over nameFile"), c.source());
    }

    @Test
    void mergeWritesReadableJsonReplacesByKernelAndClassAndRefusesAnotherDevice(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("db.json");
        TuningDatabase.merge(f, HERE, List.of(entry("pool", "pool-forward", P1), entry("pool", "pool-backward", P2)), "t1");
        TuningDatabase.merge(f, HERE, List.of(entry("pool", "pool-forward", P3)), "t2");
        TuningDatabase.DeviceFile back = TuningDatabase.read(f);
        assertEquals(2, back.entries().size());
        assertEquals(P3, back.find("pool", "pool-forward").parameters());
        assertEquals(P2, back.find("pool", "pool-backward").parameters());
        assertEquals("skylake-avx512", back.device().architecture());
        String text = Files.readString(f);
        assertTrue(text.contains("\"class\" : \"pool-forward\"") && text.contains("\n"), text);
        OpenClException e = assertThrows(OpenClException.class, () -> TuningDatabase.merge(f,
                device("NVIDIA H200", "NVIDIA Corporation", "GPU"), List.of(entry("pool", "pool-forward", P1)), "t3"));
        assertTrue(e.getMessage().contains("holds entries of device 'pthread-skylake-avx512-AMD EPYC'"), e.getMessage());
    }

    @Test
    void badFilesAreRefusedNamingFileAndField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"format\":\"convbench-tuning/1\",\"device\":{\"name\":\"d\"},\"entries\":["
                + "{\"kernel\":\"pool\",\"class\":\"pool-forward\",\"parameters\":{\"WG\":4}}]}");
        OpenClException e = assertThrows(OpenClException.class, () -> TuningDatabase.read(f));
        assertTrue(e.getMessage().contains(f + ": entries[0]: field 'parameters' must set exactly [L]"), e.getMessage());
        Files.writeString(f, "{\"format\":\"convbench-tuning/1\",\"device\":{\"name\":\"d\"},\"entries\":["
                + "{\"kernel\":\"nope\",\"class\":\"x\",\"parameters\":{}}]}");
        e = assertThrows(OpenClException.class, () -> TuningDatabase.read(f));
        assertTrue(e.getMessage().contains("field 'kernel' is nope"), e.getMessage());
        Files.writeString(f, "{\"format\":\"convbench-tuning/1\",\"device\":{\"name\":\"d\"},\"entries\":["
                + "{\"kernel\":\"gemm\",\"class\":\"forward.large-k\",\"parameters\":"
                + "{\"TSM\":64,\"TSN\":64,\"TSK\":16,\"WPTM\":3,\"WPTN\":4}}]}");
        e = assertThrows(OpenClException.class, () -> TuningDatabase.read(f));
        assertTrue(e.getMessage().contains("entries[0]: parameters TSM=64 TSN=64 TSK=16 WPTM=3 WPTN=4 are invalid: "
                + "TSM must be a multiple of WPTM"), e.getMessage());
        Files.writeString(f, "{\"format\":\"other/2\",\"device\":{\"name\":\"d\"}}");
        e = assertThrows(OpenClException.class, () -> TuningDatabase.read(f));
        assertTrue(e.getMessage().contains("field 'format' is other/2"), e.getMessage());
        Files.writeString(f, "{not json");
        e = assertThrows(OpenClException.class, () -> TuningDatabase.read(f));
        assertTrue(e.getMessage().startsWith("tuning database " + f + ": not a valid tuning file"), e.getMessage());
    }

    @Test
    void aUserFileNamedByThePropertyComesFirstAndAMissingOneIsAnError(@TempDir Path dir) {
        Path f = dir.resolve("mine.json");
        TuningDatabase.merge(f, HERE, List.of(entry("pool", "pool-forward", P2)), "t");
        System.setProperty(TuningDatabase.PROPERTY, f.toString());
        TuningDatabase.reload();
        TuningDatabase.Choice c = TuningDatabase.get().choose(HERE, TuningSpace.POOL, "pool-forward");
        assertEquals(P2, c.parameters());
        assertEquals(f + " by device name", c.source());
        System.setProperty(TuningDatabase.PROPERTY, dir.resolve("missing.json").toString());
        TuningDatabase.reload();
        OpenClException e = assertThrows(OpenClException.class, TuningDatabase::get);
        assertTrue(e.getMessage().contains("missing.json") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void shippedFilesParseAndNameTheirDevice() {
        for (String name : TuningDatabase.shippedNames()) {
            TuningDatabase.DeviceFile f = TuningDatabase.read(Path.of("src/main/resources" + TuningDatabase.RESOURCE_DIR + name));
            assertTrue(f.device().name() != null && f.device().driver() != null, name);
            for (TuningDatabase.Entry e : f.entries()) {
                assertTrue(e.tunedGflops() != null && e.measured() != null && !e.problems().isEmpty(), name + " " + e);
            }
        }
    }

    @Test
    void problemClassesSplitOnTheReductionLength() {
        assertEquals("forward.large-k", TuningSpace.problemClass("forward", 64, 64, 3, 3));
        assertEquals("forward.small-k", TuningSpace.problemClass("forward", 3, 64, 3, 3));
        assertEquals("backward-data.small-k", TuningSpace.problemClass("backward-data", 64, 3, 3, 3));
        assertEquals("backward-data.large-k", TuningSpace.problemClass("backward-data", 3, 64, 3, 3));
        assertEquals("backward-weights", TuningSpace.problemClass("backward-weights", 3, 64, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> TuningSpace.problemClass("sideways", 1, 1, 1, 1));
    }

    @Test
    void refusalsNameTheLimit() {
        DeviceInfo small = new DeviceInfo(0, "p", "v", "tiny", "v", "GPU", 1, 1, 1L << 30, 4096, 64, 4, 0, 4,
                "OpenCL C 1.2", "1", false, null, null);
        String wg = TuningSpace.GEMM.refuses(Map.of("TSM", 64, "TSN", 64, "TSK", 8, "WPTM", 2, "WPTN", 2), small);
        assertEquals("work-group of 1024 work-items > the device's maximum 64", wg);
        String lm = TuningSpace.GEMM.refuses(Map.of("TSM", 128, "TSN", 128, "TSK", 32, "WPTM", 8, "WPTN", 8), small);
        assertEquals("local memory 32768 bytes > the device's 4096", lm);
        assertEquals(null, TuningSpace.GEMM.refuses(Map.of("TSM", 16, "TSN", 16, "TSK", 8, "WPTM", 2, "WPTN", 2), small));
    }
}
