package convbench.opencl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevicesTest {

    @BeforeEach
    void device() {
        OpenClTestSupport.requireDevice();
    }

    @Test
    void listsDevicesWithTheirProperties() {
        List<DeviceInfo> all = Devices.list();
        assertFalse(all.isEmpty());
        for (int i = 0; i < all.size(); i++) {
            DeviceInfo d = all.get(i);
            assertEquals(i, d.index());
            assertFalse(d.name().isBlank());
            assertTrue(d.computeUnits() > 0, d.describe());
            assertTrue(d.maxWorkGroupSize() > 0, d.describe());
            assertTrue(d.globalMemBytes() > 0, d.describe());
            assertTrue(d.openclCVersion().startsWith("OpenCL C"), d.describe());
            assertTrue(d.describe().contains("max work-group size"));
        }
    }

    @Test
    void selectsByIndexAndByNameSubstring() {
        DeviceInfo first = Devices.list().get(0);
        assertEquals(first.index(), Devices.select("0").index());
        String part = first.name().substring(0, Math.min(6, first.name().length())).toUpperCase(java.util.Locale.ROOT);
        assertEquals(first.name(), Devices.select(part).name());
        DeviceInfo def = Devices.select(null);
        boolean anyGpu = Devices.list().stream().anyMatch(DeviceInfo::isGpu);
        assertEquals(anyGpu, def.isGpu());
    }

    @Test
    void useSetsTheSelectionForLaterImplementations() {
        String before = System.getProperty(Devices.PROPERTY);
        try {
            DeviceInfo d = Devices.use("0");
            assertEquals("0", System.getProperty(Devices.PROPERTY));
            assertEquals(d.index(), Devices.selected().index());
        } finally {
            if (before == null) {
                System.clearProperty(Devices.PROPERTY);
            } else {
                System.setProperty(Devices.PROPERTY, before);
            }
        }
    }

    @Test
    void unknownDeviceIsAClearError() {
        OpenClException e = assertThrows(OpenClException.class, () -> Devices.select("no-such-device-xyz"));
        assertTrue(e.getMessage().contains("no-such-device-xyz"), e.getMessage());
        OpenClException i = assertThrows(OpenClException.class, () -> Devices.select("999"));
        assertTrue(i.getMessage().contains("999"), i.getMessage());
    }
}
