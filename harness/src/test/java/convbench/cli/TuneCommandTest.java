package convbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import convbench.opencl.Devices;
import convbench.opencl.TuningDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convbench tune}: usage errors, the plan, and a short real run that writes the database. */
class TuneCommandTest {

    private static void requireDevice() {
        boolean have = !Devices.discover().devices().isEmpty();
        if (!have && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but no OpenCL device: " + Devices.discover().problem());
        }
        assumeTrue(have, "no OpenCL device");
    }

    @AfterEach
    void forget() {
        System.clearProperty(TuningDatabase.PROPERTY);
        TuningDatabase.reload();
    }

    @Test
    void badUsageIsExitTwoAndNamesTheArgument() {
        CliTest.Run r = CliTest.run("tune", "--impl", "nope");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--impl: unknown implementation 'nope'"), r.err());
        r = CliTest.run("tune", "--budget", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--budget must be more than 0"), r.err());
    }

    @Test
    void aCpuImplementationOrAnUnknownDirectionIsRefused() {
        requireDevice();
        CliTest.Run r = CliTest.run("tune", "--impl", "blocked", "--dry-run");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--impl blocked: not an OpenCL implementation"), r.err());
        r = CliTest.run("tune", "--direction", "sideways", "--dry-run");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--direction: unknown direction 'sideways'"), r.err());
    }

    @Test
    void dryRunPrintsKernelsClassesAndSearchSpaces() {
        requireDevice();
        CliTest.Run r = CliTest.run("tune", "--dry-run");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("blocked forward.large-k") && r.out().contains("blocked-dw backward-weights")
                && r.out().contains("gemm backward-data.large-k") && r.out().contains("pool pool-backward"), r.out());
        assertTrue(r.out().contains("exhaustive, 8 sets") && r.out().contains("random 200 of"), r.out());
    }

    @Test
    void aShortRunWritesAnEntryThatLaterRunsUse(@TempDir Path dir) throws Exception {
        requireDevice();
        Path suite = dir.resolve("tiny.txt");
        Files.writeString(suite, "--dir=forward\nmb1ic8ih13oc9oh13kh3ph1n\"tiny\"\n");
        Path db = dir.resolve("db.json");
        CliTest.Run r = CliTest.run("tune", "--impl", "opencl-blocked-direct", "--suite", suite.toString(),
                "--budget", "6", "--db", db.toString(), "-q");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("blocked      forward.large-k"), r.out());
        TuningDatabase.DeviceFile f = TuningDatabase.read(db);
        TuningDatabase.Entry e = f.find("blocked", "forward.large-k");
        assertTrue(e != null && e.tunedGflops() > 0 && e.defaultParameters() != null, f.toString());
        assertEquals(Devices.selected().name(), f.device().name());

        System.setProperty(TuningDatabase.PROPERTY, db.toString());
        TuningDatabase.reload();
        CliTest.Run list = CliTest.run("list", "impls");
        assertTrue(list.out().contains("tuning: blocked forward.large-k: "
                + convbench.opencl.TuningSpace.format(e.parameters()) + " (" + db + " by device name)"), list.out());
        CliTest.Run devices = CliTest.run("devices");
        assertTrue(devices.out().contains("tuning              " + db + " (matched by device name; 1 entry)"), devices.out());
    }
}
