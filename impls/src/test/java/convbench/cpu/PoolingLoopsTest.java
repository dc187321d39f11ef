package convbench.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.reference.Reference;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The branch-free max-pool backwards (blocked's {@link PoolingLoops}, im2col's tap-major argmax)
 * against the reference's plain first-maximum loop.
 */
class PoolingLoopsTest {
    /** Values that the first-maximum rule treats specially: NaNs of both signs, signed zeros, infinities. */
    private static final float[] SPECIAL = {Float.NaN, Float.intBitsToFloat(0xffc00001), 0f, -0f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, Float.MAX_VALUE,
            Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f};

    private static final Window[] WINDOWS = {
            Window.of(2, 2, 0), Window.of(3, 1, 1), Window.of(3, 2, 1),
            new Window(3, 2, 2, 3, 0, 2, 1, 0, 1, 1),          // asymmetric padding, stride != kernel
            new Window(2, 3, 1, 1, 1, 1, 2, 2, 2, 1),          // dilation, windows partly outside
            new Window(1, 1, 3, 3, 0, 0, 0, 0, 1, 1),          // stride larger than the kernel
            new Window(5, 4, 1, 1, 2, 2, 3, 3, 1, 1)};         // kernel as large as the 5x4 input

    /** One max-pool backward under test: x, dy and the window in, dx (pre-filled with NaN) out. */
    private interface MaxPoolBackward {
        void run(Tensor x, Tensor dy, Window g, Tensor dx);
    }

    @Test
    void routesEachGradientToTheFirstMaximumLikeTheReference() {
        checkAgainstReference((x, dy, g, dx) -> PoolingLoops.maxPoolBackward(x.data(), dy.data(), x.dim(2), x.dim(3),
                g, dx.data(), 0, x.dim(0) * x.dim(1)));
    }

    @Test
    void im2colRoutesEachGradientToTheFirstMaximumLikeTheReference() {
        Im2colGemmConv impl = new Im2colGemmConv();
        try {
            checkAgainstReference(impl::maxPool2dBackward);
        } finally {
            impl.close();
        }
    }

    private static void checkAgainstReference(MaxPoolBackward op) {
        SplittableRandom r = new SplittableRandom(3);
        int n = 2, c = 3, h = 5, w = 4;
        int checked = 0;
        for (Window g : WINDOWS) {
            for (int trial = 0; trial < 300; trial++) {
                float[] x = new float[n * c * h * w];
                for (int i = 0; i < x.length; i++) {
                    // trial 0..99: mostly special values; later: small integers, so ties are common
                    x[i] = trial < 100 && r.nextInt(3) > 0 ? SPECIAL[r.nextInt(SPECIAL.length)]
                            : (float) r.nextInt(-2, 3);
                }
                int oh = g.outH(h), ow = g.outW(w);
                float[] dy = new float[n * c * oh * ow];
                for (int i = 0; i < dy.length; i++) {
                    dy[i] = 1 << r.nextInt(12);   // sums of distinct powers of two: exact in float
                }
                float[] dx = new float[x.length];
                java.util.Arrays.fill(dx, Float.NaN);
                Tensor xt = new Tensor(new int[]{n, c, h, w}, x), dyt = new Tensor(new int[]{n, c, oh, ow}, dy);
                op.run(xt, dyt, g, new Tensor(new int[]{n, c, h, w}, dx));
                Tensor64 want = Reference.maxPool2dBackward(Tensor64.of(xt), Tensor64.of(dyt), g);
                assertArrayEquals(want.data(), Tensor64.of(new Tensor(new int[]{n, c, h, w}, dx)).data(),
                        "window " + g + ", trial " + trial);
                checked++;
            }
        }
        assertEquals(WINDOWS.length * 300, checked);
    }

    @Test
    void aNaNWinsOnlyAsTheFirstCellAndMinusZeroTiesPlusZero() {
        Window g = Window.of(2, 2, 0);
        float[] dy = {1f};
        float[][] inputs = {{Float.NaN, 5f, 7f, 1f}, {1f, Float.NaN, 7f, 7f}, {-0f, 0f, -1f, -0f},
                {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.NEGATIVE_INFINITY}};
        int[] winner = {0, 2, 0, 0};
        for (int t = 0; t < inputs.length; t++) {
            float[] dx = new float[4];
            PoolingLoops.maxPoolBackward(inputs[t], dy, 2, 2, g, dx, 0, 1);
            float[] expected = new float[4];
            expected[winner[t]] = 1f;
            assertArrayEquals(expected, dx, "input " + t);
        }
    }
}
