package convbench.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import convbench.api.DeviceTimed;
import org.junit.jupiter.api.Test;

class DeviceTimesTest {

    /** Only nanosecond methods, as OpenClTimed has: not read (no reflection), so no device times. */
    public static class NanosOnlyImpl extends TestLoops {
        public long lastDeviceNanos() {
            return 2_500_000;
        }
    }

    /** Running totals, as the OpenCL implementations and onednn keep them. */
    public static class TotalsImpl extends MsImpl {
        @Override
        public Double totalDeviceMs() {
            return 30.0;
        }

        @Override
        public Double totalEndToEndMs() {
            return 45.0;
        }

        @Override
        public long operationCount() {
            return 12;
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
    void noReflection() {
        assertNull(DeviceTimes.of(new NanosOnlyImpl()));
        assertEquals("cpu", PointRunner.deviceOf(new NanosOnlyImpl()));
    }

    @Test
    void readsTotalsWhenKeptAndNullWhenNot() {
        assertArrayEquals(new double[] {30, 45, 12}, DeviceTimes.of(new TotalsImpl()).totals());
        assertNull(DeviceTimes.of(new MsImpl()).totals());
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
