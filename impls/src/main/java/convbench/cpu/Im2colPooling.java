package convbench.cpu;

import convbench.api.Window;
import java.util.Arrays;

/**
 * Pooling the im2col way (document 001, 17.5.5, figure 17-36): unfold a channel plane so that each
 * pooling window is one line of a matrix, then reduce every window at once ({@code np.max(axis=1)})
 * instead of looping over the taps of one window at a time. Backward routes dy into the same matrix
 * shape (the maximum's tap, or an equal share per tap for the mean) and folds it back, col2img.
 *
 * <p>The matrix is stored tap-major: {@code win[t][p]} is the input under tap t (row-major in the
 * window) of window p (row-major in the output), the transpose of the document's
 * (windows x taps) matrix, holding the same numbers. Each line is then one tap across all OH*OW
 * windows of the plane, so both the unfolding and the reduction run along long contiguous lines.
 * With one line per window (4 taps for a 2x2 window), the same problem ran at two speeds by JVM
 * (forward 0.44 or 0.60-0.65 ms, backward 0.72, 0.90 or 1.18 ms on {@code mb64ic3ih28oh14kh2sh2},
 * 6 JVMs each, 2-core AMD EPYC): loops of 2 or 4 iterations nested six deep leave C2 choices
 * (unrolling, peeling, loop shape) that it made differently in different JVMs.
 */
final class Im2colPooling {
    private Im2colPooling() {
    }

    /**
     * Unfolds the plane of {@code x} that starts at {@code plane}: {@code win[kh*kw][OH*OW]}, taps
     * that fall in the padding get {@code pad}.
     */
    static void unfold(float[] x, int plane, int h, int w, Window g, float pad, float[][] win) {
        int oh = g.outH(h), ow = g.outW(w);
        for (int r = 0; r < g.kh(); r++) {
            for (int s = 0; s < g.kw(); s++) {
                float[] dst = win[r * g.kw() + s];
                int off = s * g.dw() - g.padLeft();             // input column of window j: j*sw + off
                int jFrom = firstInside(off, g.sw(), ow), jTo = endInside(off, g.sw(), w, ow);
                for (int i = 0; i < oh; i++) {
                    int hi = i * g.sh() - g.padTop() + r * g.dh();
                    int p0 = i * ow;
                    if (hi < 0 || hi >= h || jFrom >= jTo) {
                        Arrays.fill(dst, p0, p0 + ow, pad);
                        continue;
                    }
                    int src = plane + hi * w + off;
                    Arrays.fill(dst, p0, p0 + jFrom, pad);
                    for (int j = jFrom; j < jTo; j++) {
                        dst[p0 + j] = x[src + j * g.sw()];
                    }
                    Arrays.fill(dst, p0 + jTo, p0 + ow, pad);
                }
            }
        }
    }

    /**
     * The adjoint of {@link #unfold}: adds every {@code win[t][p]} into the plane of {@code x} at
     * {@code plane}, at the cell under tap t of window p; padding taps are dropped.
     */
    static void fold(float[][] win, int h, int w, Window g, float[] x, int plane) {
        int oh = g.outH(h), ow = g.outW(w);
        for (int r = 0; r < g.kh(); r++) {
            for (int s = 0; s < g.kw(); s++) {
                float[] src = win[r * g.kw() + s];
                int off = s * g.dw() - g.padLeft();
                int jFrom = firstInside(off, g.sw(), ow), jTo = endInside(off, g.sw(), w, ow);
                for (int i = 0; i < oh; i++) {
                    int hi = i * g.sh() - g.padTop() + r * g.dh();
                    if (hi < 0 || hi >= h) {
                        continue;
                    }
                    int dst = plane + hi * w + off, p0 = i * ow;
                    for (int j = jFrom; j < jTo; j++) {
                        x[dst + j * g.sw()] += src[p0 + j];
                    }
                }
            }
        }
    }

    /** The first window j whose column j*stride + off is not left of the input (>= 0). */
    private static int firstInside(int off, int stride, int ow) {
        return off >= 0 ? 0 : Math.min(ow, (-off + stride - 1) / stride);
    }

    /** One past the last window j whose column j*stride + off is left of column w. */
    private static int endInside(int off, int stride, int w, int ow) {
        return w - 1 - off < 0 ? 0 : Math.min(ow, (w - 1 - off) / stride + 1);
    }

    /**
     * y[p] = the largest of -inf and win[t][p] over the taps t (NaN wins; {@link StableMax}),
     * starting from -inf as a window scan does, so a NaN with the sign bit set never comes out.
     */
    static void max(float[][] win, float[] y, int yOff) {
        int positions = win[0].length;
        Arrays.fill(y, yOff, yOff + positions, Float.NEGATIVE_INFINITY);
        for (int t = 0; t < win.length; t++) {
            float[] line = win[t];
            for (int p = 0; p < positions; p++) {
                y[yOff + p] = StableMax.max(y[yOff + p], line[p]);
            }
        }
    }

    /** y[p] = (the sum of win[t][p] over the taps, in tap order) / divisor[p]. */
    static void mean(float[][] win, float[] divisor, float[] y, int yOff) {
        int positions = win[0].length;
        Arrays.fill(y, yOff, yOff + positions, 0f);
        for (float[] line : win) {
            for (int p = 0; p < positions; p++) {
                y[yOff + p] += line[p];
            }
        }
        for (int p = 0; p < positions; p++) {
            y[yOff + p] /= divisor[p];
        }
    }

    /**
     * For each window p, the tap of its first maximum among the taps inside the input, as
     * {@code if (v > best)} over them in row-major order finds it: the first inside tap
     * ({@code firstInside[p]}) to start with, which wins when it is NaN; a later tap only when
     * strictly greater. Padding taps hold -inf and so never win, and every tap before the first
     * inside one is a padding tap. The choice is made by a mask, not a jump (see {@link StableMax}).
     */
    static void argmax(float[][] win, int[] firstInside, int[] best, int[] bestKey) {
        int positions = win[0].length;
        for (int p = 0; p < positions; p++) {
            float v = win[firstInside[p]][p];
            best[p] = firstInside[p];
            bestKey[p] = Float.isNaN(v) ? Integer.MAX_VALUE : PoolingLoops.argmaxKey(v);
        }
        for (int t = 0; t < win.length; t++) {
            float[] line = win[t];
            for (int p = 0; p < positions; p++) {
                int key = PoolingLoops.argmaxKey(line[p]);
                int take = (int) (((long) bestKey[p] - key) >> 63);   // -1 when key > bestKey
                bestKey[p] = Math.max(bestKey[p], key);
                best[p] = (best[p] & ~take) | (t & take);
            }
        }
    }

    /** For each window, the first of its taps inside the input (0 when none is). */
    static int[] firstInsideTaps(Window g, int h, int w) {
        int oh = g.outH(h), ow = g.outW(w);
        int[] first = new int[oh * ow];
        for (int i = 0; i < oh; i++) {
            int r = g.firstRowInside(i, h);
            for (int j = 0; j < ow; j++) {
                int s = g.firstColInside(j, w);   // rows and columns are inside independently
                first[i * ow + j] = r < 0 || s < 0 ? 0 : r * g.kw() + s;
            }
        }
        return first;
    }
}
