package convbench.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowTest {

    @Test
    void outputSizeUsesFloorDivision() {
        // 7x7 input, 3x3 filter: stride 1 -> 5, stride 2 -> 3, stride 3 -> floor(4/3)+1 = 2 and does not fit
        assertEquals(5, Window.of(3, 1, 0).outH(7));
        assertEquals(3, Window.of(3, 2, 0).outH(7));
        assertEquals(2, Window.of(3, 3, 0).outH(7));
        assertTrue(Window.of(3, 2, 0).fits(7, 7));
        assertFalse(Window.of(3, 3, 0).fits(7, 7));
        // 32x32 with 5x5 and padding 2 keeps the size
        assertEquals(32, Window.of(5, 1, 2).outW(32));
    }

    @Test
    void tapsInsideTheInput() {
        // kh 3, stride 2, top padding 1, dilation 2 on 5 rows: row 0 reads -1, 1, 3 (2 inside),
        // row 1 reads 1, 3, 5 (2 inside); kw 2, stride 1, left padding 1 on 3 columns: column 0
        // reads -1, 0 (1), column 1 reads 0, 1 (2), column 3 reads 2, 3 (1, right padding)
        Window g = new Window(3, 2, 2, 1, 1, 2, 1, 1, 2, 1);
        assertEquals(2, g.outH(5));
        assertEquals(2, g.rowsInside(0, 5));
        assertEquals(2, g.rowsInside(1, 5));
        assertEquals(4, g.outW(3));
        assertEquals(1, g.colsInside(0, 3));
        assertEquals(2, g.colsInside(1, 3));
        assertEquals(1, g.colsInside(3, 3));
    }

    @Test
    void asymmetricPaddingAndDilation() {
        Window w = new Window(3, 2, 2, 1, 2, 0, 1, 3, 1, 1);
        assertEquals((10 + 2 + 0 - 3) / 2 + 1, w.outH(10));
        assertEquals(9 + 1 + 3 - 2 + 1, w.outW(9));
        Window d = new Window(3, 3, 1, 1, 0, 0, 0, 0, 2, 2);
        assertEquals(5, d.effectiveKh());
        assertEquals(8, d.outH(12));
    }

    @Test
    void invalidGeometryNamesTheField() {
        assertEquals("stride", assertThrows(GeometryException.class, () -> Window.of(3, 0, 0).validate(5, 5)).field());
        assertEquals("padding", assertThrows(GeometryException.class,
                () -> new Window(3, 3, 1, 1, -1, 0, 0, 0, 1, 1).validate(5, 5)).field());
        GeometryException big = assertThrows(GeometryException.class, () -> Window.of(7, 1, 0).validate(5, 5));
        assertEquals("kernel", big.field());
        assertTrue(big.getMessage().contains("larger than the padded input 5x5"), big.getMessage());
        // padding can make a large kernel fit
        Window.of(7, 1, 1).validate(5, 5);
        assertEquals("dilation", assertThrows(GeometryException.class,
                () -> new Window(3, 3, 1, 1, 0, 0, 0, 0, 0, 1).validate(5, 5)).field());
    }

    @Test
    void flopCountsWithAndWithoutPaddingTaps() {
        // 1x1x3x3 input, 3x3 kernel, padding 1: 9 outputs x 9 taps = 81 MACs counted with padding.
        ConvShape s = new ConvShape(1, 1, 3, 3, 1, Window.of(3, 1, 1));
        assertEquals(81, s.macs());
        assertEquals(162.0, s.flops());
        // Taps inside the input: per axis the 3 outputs see 2, 3, 2 rows -> 7 x 7 = 49 MACs.
        assertEquals(98.0, s.flopsNoPadding());
        // No padding: both counts agree.
        ConvShape v = new ConvShape(2, 3, 8, 8, 4, Window.of(3, 1, 0));
        assertEquals(v.flops(), v.flopsNoPadding());
        assertEquals(2L * 4 * 6 * 6 * 3 * 9, v.macs());
        assertEquals(4 * 3 * 9 + 4, v.paramCount());
    }

    @Test
    void absurdShapesAreRefusedBeforeAllocating() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1 << 20, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
    }
}
