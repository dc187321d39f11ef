package convbench.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Sizes and work counts of grouped and depthwise convolution, with numbers worked out by hand. */
class ConvShapeGroupsTest {

    @Test
    void alexNetConv2InTwoGroupsHasHalfTheWeightsAndMultiplyAdds() {
        // benchdnn's g2mb1ic96ih27oc256oh27kh5ph2: each of 256 filters sees 96/2 = 48 channels of 5x5
        ConvShape grouped = new ConvShape(1, 96, 27, 27, 256, Window.of(5, 1, 2).withGroups(2));
        ConvShape whole = new ConvShape(1, 96, 27, 27, 256, Window.of(5, 1, 2));
        assertArrayEquals(new int[] {256, 48, 5, 5}, grouped.weightShape());
        assertEquals(256L * 48 * 25, grouped.weightCount());                    // 307200
        assertEquals(307_200L + 256, grouped.paramCount());
        assertEquals(27L * 27 * 256 * 48 * 25, grouped.macs());                 // 223948800
        assertEquals(whole.macs(), 2 * grouped.macs());
        assertEquals(2.0 * grouped.macs(), grouped.flops());
        assertTrue(grouped.flopsNoPadding() < grouped.flops());
        assertEquals(whole.flopsNoPadding(), 2 * grouped.flopsNoPadding());
        assertFalse(grouped.isDepthwise());
    }

    @Test
    void depthwiseIsOneChannelPerGroup() {
        // MobileNet v1's second layer: 32 channels at 112x112, 3x3 pad 1, groups 32
        ConvShape dw = new ConvShape(1, 32, 112, 112, 32, Window.of(3, 1, 1).withGroups(32));
        assertTrue(dw.isDepthwise());
        assertEquals(1, dw.channelsPerGroup());
        assertEquals(1, dw.outChannelsPerGroup());
        assertArrayEquals(new int[] {32, 1, 3, 3}, dw.weightShape());
        assertEquals(112L * 112 * 32 * 9, dw.macs());                           // 3612672
        // bytes: x and y 32*112*112 floats each, w 288 floats
        assertEquals(4L * (2 * 32 * 112 * 112 + 288), dw.bytes());
    }

    @Test
    void channelsThatDoNotDivideByGroupsAreRefusedNamingGroups() {
        GeometryException e = assertThrows(GeometryException.class,
                () -> new ConvShape(1, 6, 5, 5, 4, Window.of(3, 1, 0).withGroups(4)));
        assertEquals("groups", e.field());
        assertTrue(e.getMessage().contains("(6)") && e.getMessage().contains("(4)"), e.getMessage());
        assertEquals("groups", assertThrows(GeometryException.class,
                () -> new ConvShape(1, 6, 5, 5, 4, Window.of(3, 1, 0).withGroups(3))).field());   // oc 4
        assertEquals("groups", assertThrows(GeometryException.class,
                () -> Window.of(3, 1, 0).withGroups(0).validate(5, 5)).field());
    }

    @Test
    void groupsDefaultToOneAndShowInTheWindowText() {
        assertEquals(1, Window.of(3, 1, 0).groups());
        assertEquals(1, new Window(3, 3, 1, 1, 0, 0, 0, 0, 1, 1).groups());
        assertFalse(Window.of(3, 1, 0).isGrouped());
        assertTrue(Window.of(3, 1, 0).withGroups(2).toString().endsWith(" g2"));
        assertFalse(Window.of(3, 1, 0).toString().contains(" g"));
    }
}
