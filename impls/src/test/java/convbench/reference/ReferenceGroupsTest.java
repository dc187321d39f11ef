package convbench.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import convbench.api.Reduction;
import convbench.api.Tensor64;
import convbench.api.Window;
import org.junit.jupiter.api.Test;

/**
 * The float64 reference with groups, on numbers small enough to check by hand, and against its
 * own ungrouped form: a grouped convolution is the ungrouped convolutions of each channel slice.
 */
class ReferenceGroupsTest {

    private static Tensor64 t(int[] shape, double... v) {
        return new Tensor64(shape, v);
    }

    @Test
    void twoGroupsOfOneChannelEachSeeOnlyTheirOwnChannel() {
        // x: channel 0 is [[1,2],[3,4]], channel 1 is [[5,6],[7,8]]; w: 1x1, 10 for group 0, 100 for group 1
        Tensor64 x = t(new int[] {1, 2, 2, 2}, 1, 2, 3, 4, 5, 6, 7, 8);
        Tensor64 w = t(new int[] {2, 1, 1, 1}, 10, 100);
        Tensor64 y = Reference.conv2d(x, w, null, Window.of(1, 1, 0).withGroups(2));
        assertArrayEquals(new double[] {10, 20, 30, 40, 500, 600, 700, 800}, y.data());
        // ungrouped, the same two numbers would be a [2,2,1,1] kernel; with [1,1] of each it mixes channels
        Tensor64 mixed = Reference.conv2d(x, t(new int[] {1, 2, 1, 1}, 10, 100), null, Window.of(1, 1, 0));
        assertArrayEquals(new double[] {510, 620, 730, 840}, mixed.data());
    }

    @Test
    void depthwise2x2BackwardByHand() {
        // one 2x2 input per channel, 2x2 kernel, no padding: one output per channel
        Tensor64 x = t(new int[] {1, 2, 2, 2}, 1, 2, 3, 4, 5, 6, 7, 8);
        Tensor64 w = t(new int[] {2, 1, 2, 2}, 1, 0, 0, 1, 0, 1, 1, 0);
        Window g = Window.of(2, 1, 0).withGroups(2);
        // y0 = 1*1 + 4*1 = 5; y1 = 6 + 7 = 13
        assertArrayEquals(new double[] {5, 13}, Reference.conv2d(x, w, null, g).data());
        Tensor64 dy = t(new int[] {1, 2, 1, 1}, 2, 3);
        Reference.Grads gr = Reference.conv2dBackward(x, w, dy, g, Reduction.SUM);
        assertArrayEquals(new double[] {2, 0, 0, 2, 0, 3, 3, 0}, gr.dx().data());       // dy * w, per channel
        assertArrayEquals(new double[] {2, 4, 6, 8, 15, 18, 21, 24}, gr.dw().data());    // dy * x, per channel
        assertArrayEquals(new double[] {2, 3}, gr.db().data());
    }

    @Test
    void groupedEqualsTheUngroupedConvolutionOfEachSlice() {
        int n = 2, c = 6, h = 5, wd = 4, oc = 4, groups = 2, cg = 3, og = 2;
        Window g = new Window(3, 2, 2, 1, 1, 0, 1, 1, 1, 1);
        Tensor64 x = counting(new int[] {n, c, h, wd}, 7);
        Tensor64 w = counting(new int[] {oc, cg, 3, 2}, 5);
        Tensor64 y = Reference.conv2d(x, w, null, g.withGroups(groups));
        for (int gi = 0; gi < groups; gi++) {
            Tensor64 xs = slice(x, gi * cg, cg);
            Tensor64 ws = slice0(w, gi * og, og);
            Tensor64 ys = Reference.conv2d(xs, ws, null, g);
            assertArrayEquals(ys.data(), slice(y, gi * og, og).data(), "group " + gi);
        }
    }

    /** Small varied integers, -3..3. */
    private static Tensor64 counting(int[] shape, int mod) {
        Tensor64 t = Tensor64.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (i * 5 + 3) % mod - 3;
        }
        return t;
    }

    /** Channels [from, from+count) of an NCHW tensor. */
    private static Tensor64 slice(Tensor64 t, int from, int count) {
        int n = t.dim(0), c = t.dim(1), plane = t.dim(2) * t.dim(3);
        Tensor64 out = Tensor64.zeros(n, count, t.dim(2), t.dim(3));
        for (int i = 0; i < n; i++) {
            System.arraycopy(t.data(), (i * c + from) * plane, out.data(), i * count * plane, count * plane);
        }
        return out;
    }

    /** Rows [from, from+count) of the first axis. */
    private static Tensor64 slice0(Tensor64 t, int from, int count) {
        int per = t.size() / t.dim(0);
        int[] shape = t.shape().clone();
        shape[0] = count;
        Tensor64 out = Tensor64.zeros(shape);
        System.arraycopy(t.data(), from * per, out.data(), 0, count * per);
        return out;
    }
}
