package convbench.cpu;

import convbench.api.Window;

/**
 * Pooling as plain loops over one range of channel planes (planes are independent, so callers
 * can hand different ranges to different threads). Pooling does a handful of operations per
 * loaded value, so it is bound by memory traffic, not arithmetic: the loops are kept simple.
 */
final class PoolingLoops {
    private static final int NEG_INF_KEY = StableMax.key(Float.NEGATIVE_INFINITY);

    private PoolingLoops() {
    }

    /** Max pooling; padded cells never win; a window entirely in the padding gives -inf. */
    static void maxPool(float[] x, int h, int w, Window g, float[] y, int planeFrom, int planeTo) {
        int oh = g.outH(h), ow = g.outW(w);
        for (int pl = planeFrom; pl < planeTo; pl++) {
            int xs = pl * h * w, ys = pl * oh * ow;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int best = NEG_INF_KEY;     // compared as ints: see StableMax
                    for (int r = 0; r < g.kh(); r++) {
                        int hi = i * g.sh() - g.padTop() + r * g.dh();
                        if (hi < 0 || hi >= h) {
                            continue;
                        }
                        for (int s = 0; s < g.kw(); s++) {
                            int wi = j * g.sw() - g.padLeft() + s * g.dw();
                            if (wi >= 0 && wi < w) {
                                best = Math.max(best, StableMax.key(x[xs + hi * w + wi]));
                            }
                        }
                    }
                    y[ys + i * ow + j] = StableMax.value(best);
                }
            }
        }
    }

    /** Average pooling; the divisor is KH*KW or, without countIncludePad, the taps inside the input. */
    static void avgPool(float[] x, int h, int w, Window g, boolean countIncludePad, float[] y,
                        int planeFrom, int planeTo) {
        int oh = g.outH(h), ow = g.outW(w);
        for (int pl = planeFrom; pl < planeTo; pl++) {
            int xs = pl * h * w, ys = pl * oh * ow;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float sum = 0f;
                    int count = 0;
                    for (int r = 0; r < g.kh(); r++) {
                        int hi = i * g.sh() - g.padTop() + r * g.dh();
                        if (hi < 0 || hi >= h) {
                            continue;
                        }
                        for (int s = 0; s < g.kw(); s++) {
                            int wi = j * g.sw() - g.padLeft() + s * g.dw();
                            if (wi >= 0 && wi < w) {
                                sum += x[xs + hi * w + wi];
                                count++;
                            }
                        }
                    }
                    y[ys + i * ow + j] = sum / (countIncludePad ? g.kh() * g.kw() : count);
                }
            }
        }
    }

    /**
     * Routes each dy to the first maximum (row-major) of its window among the cells inside the
     * input: the rule of the reference ({@code best < 0 || x > bestV}), so a NaN wins only as the
     * window's first cell, and -0 ties +0.
     *
     * <p>Written without a data-dependent branch, for the reason {@link StableMax} gives: the
     * plain {@code if (x > bestV)} was compiled with a conditional move in some JVMs and a branch
     * (mispredicted on most windows) in others, and the same problem ran at 0.26-0.28 ms in 5 of 8
     * worker JVMs and 0.41 ms in the other 3. Here the window is scanned backwards and a cell is
     * taken when its key is at least the best so far (so among equal maxima the earliest is taken
     * last), with the choice made by a mask, not a jump.
     */
    static void maxPoolBackward(float[] x, float[] dy, int h, int w, Window g, float[] dx,
                                int planeFrom, int planeTo) {
        int oh = g.outH(h), ow = g.outW(w);
        java.util.Arrays.fill(dx, planeFrom * h * w, planeTo * h * w, 0f);
        for (int pl = planeFrom; pl < planeTo; pl++) {
            int xs = pl * h * w, ys = pl * oh * ow;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int best = -1, first = -1;
                    int bestKey = Integer.MIN_VALUE;
                    for (int r = g.kh() - 1; r >= 0; r--) {
                        int hi = i * g.sh() - g.padTop() + r * g.dh();
                        if (hi < 0 || hi >= h) {
                            continue;
                        }
                        for (int s = g.kw() - 1; s >= 0; s--) {
                            int wi = j * g.sw() - g.padLeft() + s * g.dw();
                            if (wi >= 0 && wi < w) {
                                int xi = xs + hi * w + wi;
                                int key = argmaxKey(x[xi]);
                                int take = (int) (((long) bestKey - key - 1) >> 63);   // -1 when key >= bestKey
                                bestKey = Math.max(bestKey, key);
                                best = (best & ~take) | (xi & take);
                                first = xi;
                            }
                        }
                    }
                    if (first >= 0) {
                        if (Float.isNaN(x[first])) {   // the first cell, when NaN, is never displaced
                            best = first;
                        }
                        dx[best] += dy[ys + i * ow + j];
                    }
                }
            }
        }
    }

    /**
     * Orders like the float under {@code >}: -0 and +0 equal (adding +0 turns -0 into +0); every
     * NaN below everything (under {@code >} a NaN is never greater than the best so far).
     */
    static int argmaxKey(float v) {
        return Float.isNaN(v) ? Integer.MIN_VALUE : StableMax.key(v + 0f);
    }

    /** Spreads dy / divisor over the cells of each window that lie inside the input. */
    static void avgPoolBackward(float[] dy, int h, int w, Window g, boolean countIncludePad, float[] dx,
                                int planeFrom, int planeTo) {
        int oh = g.outH(h), ow = g.outW(w);
        java.util.Arrays.fill(dx, planeFrom * h * w, planeTo * h * w, 0f);
        float[] divisor = divisors(g, h, w, countIncludePad);
        for (int pl = planeFrom; pl < planeTo; pl++) {
            int xs = pl * h * w, ys = pl * oh * ow;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float share = dy[ys + i * ow + j] / divisor[i * ow + j];
                    for (int r = 0; r < g.kh(); r++) {
                        int hi = i * g.sh() - g.padTop() + r * g.dh();
                        if (hi < 0 || hi >= h) {
                            continue;
                        }
                        for (int s = 0; s < g.kw(); s++) {
                            int wi = j * g.sw() - g.padLeft() + s * g.dw();
                            if (wi >= 0 && wi < w) {
                                dx[xs + hi * w + wi] += share;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Divisor of each output position: KH*KW, or the number of taps inside the input. */
    static float[] divisors(Window g, int h, int w, boolean countIncludePad) {
        int oh = g.outH(h), ow = g.outW(w);
        float[] d = new float[oh * ow];
        for (int i = 0; i < oh; i++) {
            int rows = countIncludePad ? g.kh() : g.rowsInside(i, h);
            for (int j = 0; j < ow; j++) {
                int cols = countIncludePad ? g.kw() : g.colsInside(j, w);
                d[i * ow + j] = rows * cols;
            }
        }
        return d;
    }
}
