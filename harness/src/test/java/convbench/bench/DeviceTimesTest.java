package convbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import convbench.api.DeviceTimed;
import org.junit.jupiter.api.Test;

class DeviceTimesTest {

    /** Shaped like convbench.opencl.OpenClTimed: nanoseconds, -1 before the first operation. */
    public static class NanosImpl extends TestLoops {
        public long lastDeviceNanos() {
            return 2_500_000;
        }

        public long lastEndToEndNanos() {
            return -1;
        }

        public long buildNanos() {
            return 40_000_000;
        }

        @Override
        public String variant() {
            return "pthread-cpu (PoCL)";
        }
    }

    public static class MsImpl extends TestLoops implements DeviceTimed {
        @Override
        public Double lastDeviceMs() {
            return 1.5;
        }

        @Override
        public Double lastEndToEndMs() {
            return Double.NaN;
        }

        @Override
        public Double buildMs() {
            return null;
        }

        @Override
        public String deviceName() {
            return "gpu0";
        }
    }

    @Test
    void readsNanosecondMethodsByReflection() {
        DeviceTimes t = DeviceTimes.of(new NanosImpl());
        assertEquals(2.5, t.lastDeviceMs());
        assertNull(t.lastEndToEndMs());
        assertEquals(40.0, t.buildMs());
        assertEquals("pthread-cpu (PoCL)", t.deviceName());
        assertEquals("pthread-cpu (PoCL)", PointRunner.deviceOf(new NanosImpl()));
    }

    @Test
    void readsTheDeviceTimedInterface() {
        DeviceTimes t = DeviceTimes.of(new MsImpl());
        assertEquals(1.5, t.lastDeviceMs());
        assertNull(t.lastEndToEndMs());
        assertNull(t.buildMs());
        assertEquals("gpu0", t.deviceName());
    }

    @Test
    void cpuImplementationsHaveNone() {
        assertNull(DeviceTimes.of(new TestLoops()));
        assertEquals("cpu", PointRunner.deviceOf(new TestLoops()));
    }
}
