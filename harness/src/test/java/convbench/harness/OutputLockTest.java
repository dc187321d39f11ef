package convbench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One output, one run at a time, across processes and after kill -9 (issue 14, case 3). */
class OutputLockTest {
    @TempDir
    Path dir;

    @BeforeEach
    void privateRunsFolder() {
        System.setProperty("convbench.runs.dir", dir.resolve("runs").toString());
    }

    @AfterEach
    void sharedRunsFolder() {
        System.clearProperty("convbench.runs.dir");
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedByPid() throws Exception {
        Path out = dir.resolve("r.json");
        Process holder = HoldLocks.start("out", out.toString());
        try {
            OutputLock.HeldException e = assertThrows(OutputLock.HeldException.class, () -> OutputLock.acquire(out));
            assertEquals(String.valueOf(holder.pid()), e.pid());
            assertTrue(e.getMessage().contains("(PID " + holder.pid() + ","), e.getMessage());
        } finally {
            holder.getOutputStream().close(); // lets it release properly
            holder.waitFor();
        }
        assertFalse(Files.exists(OutputLock.lockFileOf(out)), "a released lock leaves no file");
        try (OutputLock lock = OutputLock.acquire(out)) {
            assertNull(lock.previousHolder());
        }
    }

    @Test
    void aKilledHolderFreesTheLockAndIsNamed() throws Exception {
        Path out = dir.resolve("r.json");
        Process holder = HoldLocks.start("out", out.toString());
        holder.destroyForcibly().waitFor(); // SIGKILL: no chance to clean up
        assertTrue(Files.exists(OutputLock.lockFileOf(out)));
        try (OutputLock lock = OutputLock.acquire(out)) {
            assertEquals(String.valueOf(holder.pid()), lock.previousHolder());
        }
        assertFalse(Files.exists(OutputLock.lockFileOf(out)));
    }

    @Test
    void aSecondCommandInTheSameJvmIsRefusedToo() throws Exception {
        Path out = dir.resolve("r.json");
        try (OutputLock lock = OutputLock.acquire(out)) {
            OutputLock.HeldException e = assertThrows(OutputLock.HeldException.class, () -> OutputLock.acquire(out));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), e.pid());
        }
        OutputLock.acquire(out).close();
    }

    @Test
    void runningBenchesSeeEachOtherAndForgetTheDead() throws Exception {
        assertEquals(List.of(), RunningBenches.others());
        try (RunningBenches self = RunningBenches.register()) {
            assertEquals(List.of(), RunningBenches.others(), "this process is not another run");
            Process other = HoldLocks.start("bench");
            assertEquals(List.of(other.pid()), RunningBenches.others());
            other.destroyForcibly().waitFor();
            assertEquals(List.of(), RunningBenches.others(), "a killed run is not running");
            try (var files = Files.list(dir.resolve("runs"))) {
                assertEquals(List.of(ProcessHandle.current().pid() + ".lock"),
                        files.map(p -> p.getFileName().toString()).toList(), "the dead run's file is removed");
            }
        }
    }
}
