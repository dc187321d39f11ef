package convbench.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuPinTest {
    @Test
    void parsesKernelCpuLists() {
        assertArrayEquals(new int[] {0, 1}, CpuPin.parseList("0-1\n"));
        assertArrayEquals(new int[] {0, 1, 2, 3, 8, 10, 11}, CpuPin.parseList(" 0-3,8,10-11"));
        assertArrayEquals(new int[] {5}, CpuPin.parseList("5"));
        assertThrows(IllegalArgumentException.class, () -> CpuPin.parseList("3-1"));
        assertThrows(NumberFormatException.class, () -> CpuPin.parseList("a-b"));
    }

    @Test
    void pinsOnlyTheCallingThread() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "Linux only");
        int[] allowed = CpuPin.allowedCpus();
        assertNotNull(allowed);
        int cpu = allowed[allowed.length - 1];
        AtomicReference<String> why = new AtomicReference<>();
        AtomicReference<String> mine = new AtomicReference<>();
        Thread t = new Thread(() -> {
            why.set(CpuPin.pinCurrentThread(cpu));
            mine.set(allowedList("/proc/thread-self/status"));
        });
        t.start();
        t.join();
        assertNull(why.get(), "taskset is part of util-linux, which every Debian system has");
        assertEquals(Integer.toString(cpu), mine.get());
        // The process, and this thread, keep every CPU they had.
        assertArrayEquals(allowed, CpuPin.parseList(allowedList("/proc/thread-self/status")));
    }

    private static String allowedList(String status) {
        try {
            return Files.readAllLines(Path.of(status)).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
