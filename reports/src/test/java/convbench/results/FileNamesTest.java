package convbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FileNamesTest {
    @Test
    void plainNamesAreKept() {
        assertEquals("m1-throughput-backward-data", FileNames.safe("m1-throughput-backward-data"));
        assertEquals("machines-forward.v2_x", FileNames.safe("machines-forward.v2_x"));
    }

    @Test
    void pathsAndHiddenNamesBecomeOneVisibleName() {
        for (String bad : new String[] {"../../x", "/etc/passwd", ".hidden", "a\\b", "a\u0000b", "..", "", "<script>",
            "名前"}) {
            String s = FileNames.safe(bad);
            assertTrue(s.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*"), bad + " -> " + s);
            assertTrue(s.length() <= FileNames.MAX_LENGTH, s);
        }
        assertEquals("_.._x-", FileNames.safe("../../x").replaceAll("[0-9a-f]{8}$", "").substring(0, 6));
    }

    @Test
    void distinctNamesStayDistinct() {
        assertNotEquals(FileNames.safe("a/b"), FileNames.safe("a_b"));
        assertNotEquals(FileNames.safe("a/b"), FileNames.safe("a:b"));
        String longName = "x".repeat(500);
        assertEquals(FileNames.MAX_LENGTH, FileNames.safe(longName).length());
        assertNotEquals(FileNames.safe(longName), FileNames.safe(longName + "y"));
    }
}
