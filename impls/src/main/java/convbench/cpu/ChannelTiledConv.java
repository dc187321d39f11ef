package convbench.cpu;

import convbench.api.Window;

/**
 * {@link BlockedGemmConv}'s main path: convolution as the same matrix product as im2col + GEMM
 * (method 3 of the document, 17.2.4), but with the roles of the operands chosen for the vector
 * unit, the way oneDNN's direct kernels do it:
 *
 * <ul>
 *   <li>A tile of the output is MR output positions by NR output channels; the channels fill the
 *       vector registers. The weights are the packed operand: rearranged once per call into
 *       panels of NR output channels, {@code [group][channel block][tap][input channel][NR]}, so a
 *       tile reads them with unit stride.</li>
 *   <li>The unfolded input is never built or packed. Row i of a tile (one output position) reads
 *       {@code x[rows[i] + taps[t] + c*plane]} straight from the input: padding is done once per
 *       call by copying x into a zero-bordered buffer, so no tap ever needs a bounds test. Positions
 *       of a tile may lie on different output rows: each row has its own offset.</li>
 *   <li>Each tile does the whole reduction (all taps, all input channels of its group) in
 *       registers, then is written out transposed into NCHW y. A panel of weights (taps x
 *       channels x NR floats) stays in the L2 cache while the tiles of a block of positions sweep
 *       over it.</li>
 *   <li>Backward-data with stride 1 is this same forward product on dy, with the weights packed
 *       transposed (input and output channels swapped) and flipped (tap (r, s) read from
 *       (KH-1-r, KW-1-s)), and padding {@code (KH-1)*dh - padTop}: no col2im.</li>
 *   <li>The weight gradient {@code dW^T (taps*C x OC) = col (taps*C x P) * dy^T (P x OC)} reads
 *       the input in place the same way (tile rows are taps (c, r, s), one offset per row plus an
 *       offset per position), with dy transposed once per call into panels of NR channels.
 *       Threads split tiles of dW, so no thread needs a private copy of dW.</li>
 * </ul>
 */
final class ChannelTiledConv {
    /** Most tiles of positions per forward task (their sums wait in a buffer of this many tiles). */
    private static final int TILES_PER_TASK = 32;
    /** Positions per block of the weight gradient (a block of dy^T, PB x NR floats, stays in L1). */
    private static final int PB = 128;
    /** Input channels per weight-packing task. */
    private static final int PACK_CHANNELS = 32;
    /**
     * Most reduction steps per micro-kernel call. Long calls made the JIT of JDK 17 compile the kernel's
     * loop on its own (on-stack replacement) before the whole method: that code kept the vectors in
     * memory and ran the forward at 12 GFLOP/s instead of 230.
     */
    private static final int STEPS = 128;

    private final ChannelTiles kernel;
    private final int mr;
    private final int nr;
    private final WorkerPool pool;
    private final PhaseClock clock;
    private float[] padded = new float[0];
    private final float[][] tileBuffers;
    /** Per-call buffers, kept between calls: packed weights, their bias, dy^T, dW^T. */
    private final float[][] buffers = new float[4][];
    private static final int PACKED = 0, BIAS = 1, DY_T = 2, ACC = 3;

    /** Phases are timed into {@code clock} as {@link BlockedGemmConv}'s packing, micro-kernel and sums. */
    ChannelTiledConv(ChannelTiles kernel, WorkerPool pool, PhaseClock clock) {
        this.kernel = kernel;
        this.clock = clock;
        this.mr = kernel.mr;
        this.nr = kernel.nr;
        this.pool = pool;
        this.tileBuffers = new float[pool.threads()][TILES_PER_TASK * mr * nr];
    }

    String describe() {
        return kernel.describe();
    }

    /**
     * One forward problem on flat NCHW arrays: n images of groups*cg planes of h x w in, groups*og
     * planes of oh x ow out, the window's kernel, stride, dilation and top/left padding.
     */
    record Geometry(int n, int groups, int cg, int h, int w, int og, int oh, int ow,
                    int kh, int kw, int sh, int sw, int dh, int dw, int padTop, int padLeft) {

        static Geometry forward(int n, int c, int h, int w, int oc, Window g) {
            int groups = g.groups();
            return new Geometry(n, groups, c / groups, h, w, oc / groups, g.outH(h), g.outW(w),
                    g.kh(), g.kw(), g.sh(), g.sw(), g.dh(), g.dw(), g.padTop(), g.padLeft());
        }

        /** Backward-data as a forward product on dy (stride 1 only; null when it does not apply). */
        static Geometry dataGradient(int n, int c, int h, int w, int oc, Window g) {
            int top = (g.kh() - 1) * g.dh() - g.padTop(), left = (g.kw() - 1) * g.dw() - g.padLeft();
            if (g.sh() != 1 || g.sw() != 1 || top < 0 || left < 0) {
                return null;
            }
            int groups = g.groups();
            return new Geometry(n, groups, oc / groups, g.outH(h), g.outW(w), c / groups, h, w,
                    g.kh(), g.kw(), 1, 1, g.dh(), g.dw(), top, left);
        }

        int taps() {
            return kh * kw;
        }

        /** Rows and columns of the zero-bordered input: every tap of every position lands inside. */
        int paddedH() {
            return Math.max(padTop + h, (oh - 1) * sh + (kh - 1) * dh + 1);
        }

        int paddedW() {
            return Math.max(padLeft + w, (ow - 1) * sw + (kw - 1) * dw + 1);
        }
    }

    /**
     * Where weight (group, output channel, input channel, tap t = r*KW + s) of the product lies in a
     * flat array: {@code w[g*groupStride + out*outStride + in*inStride + (flipped ? taps-1-t : t)]}.
     */
    record Weights(float[] w, int groupStride, int outStride, int inStride, boolean flipped) {
    }

    /** Forward weights of an OIHW array. */
    static Weights forwardWeights(float[] w, Geometry geo) {
        int taps = geo.taps();
        return new Weights(w, geo.og() * geo.cg() * taps, geo.cg() * taps, taps, false);
    }

    /**
     * Backward-data weights: the OIHW array of the forward convolution with its channels swapped
     * (this product's outputs are the forward inputs) and its taps flipped: tap (r, s) is read from
     * (KH-1-r, KW-1-s), which is tap KH*KW-1-t.
     */
    static Weights dataGradientWeights(float[] w, Geometry geo) {
        int taps = geo.taps();
        return new Weights(w, geo.og() * geo.cg() * taps, taps, geo.og() * taps, true);
    }

    /** y = conv(x) + bias (bias per output channel, may be null). */
    void forward(float[] x, Geometry geo, Weights weights, float[] bias, float[] y) {
        int groups = geo.groups(), cg = geo.cg(), og = geo.og(), n = geo.n(), taps = geo.taps();
        int hp = geo.paddedH(), wp = geo.paddedW(), plane = hp * wp;
        float[] xp = pad(x, n * groups * cg, geo.h(), geo.w(), geo.padTop(), geo.padLeft(), hp, wp);
        int blocks = ceilDiv(og, nr), k = cg * taps, panel = k * nr;
        long t0 = clock.start();
        float[] packed = buffer(PACKED, groups * blocks * panel);
        float[] packedBias = buffer(BIAS, groups * blocks * nr);
        int chunks = ceilDiv(cg, PACK_CHANNELS);
        float[] w = weights.w();
        pool.run(groups * blocks * chunks, (worker, task) -> {   // [group][block][channel][tap][NR]
            int block = task / chunks, gi = block / blocks, o0 = block % blocks * nr, real = Math.min(nr, og - o0);
            int c0 = task % chunks * PACK_CHANNELS, c1 = Math.min(cg, c0 + PACK_CHANNELS);
            int base = block * panel;
            if (real < nr) {
                java.util.Arrays.fill(packed, base + c0 * taps * nr, base + c1 * taps * nr, 0f);
            }
            for (int c = c0; c < c1; c++) {
                for (int j = 0; j < real; j++) {
                    int src = gi * weights.groupStride() + (o0 + j) * weights.outStride() + c * weights.inStride();
                    int dst = base + c * taps * nr + j;
                    for (int t = 0; t < taps; t++) {
                        packed[dst + t * nr] = w[src + (weights.flipped() ? taps - 1 - t : t)];
                    }
                }
            }
            if (c0 == 0) {
                for (int j = 0; j < nr; j++) {
                    packedBias[block * nr + j] = bias != null && j < real ? bias[gi * og + o0 + j] : 0f;
                }
            }
        });
        clock.stop(0, BlockedGemmConv.PACK, t0);
        int[] stepOffsets = new int[k];                             // step (channel c, tap t) -> input offset
        for (int e = 0; e < k; e++) {
            int t = e % taps;
            stepOffsets[e] = e / taps * plane + t / geo.kw() * geo.dh() * wp + t % geo.kw() * geo.dw();
        }
        int ow = geo.ow(), positions = geo.oh() * ow, tiles = ceilDiv(positions, mr);
        int[] positionOffsets = positionOffsets(geo, wp, tiles * mr);
        int units = groups * blocks * n;
        int parts = Math.max(ceilDiv(tiles, TILES_PER_TASK), Math.min(tiles, ceilDiv(4 * pool.threads(), units)));
        pool.run(units * parts, (worker, task) -> {
            int unit = task / parts, part = task % parts;
            int img = unit % n, block = unit / n, gi = block / blocks, o0 = block % blocks * nr;
            int image = (img * groups + gi) * cg * plane;
            int first = tiles * part / parts, count = tiles * (part + 1) / parts - first, size = mr * nr;
            float[] acc = tileBuffers[worker];
            long t = clock.start();
            for (int i = 0; i < count * mr; i++) {
                System.arraycopy(packedBias, block * nr, acc, i * nr, nr);
            }
            // The reduction in short pieces (STEPS), each swept over all tiles of the task while its
            // block of packed weights (STEPS x NR floats) stays in the L1 cache.
            for (int e0 = 0; e0 < k; e0 += STEPS) {
                int steps = Math.min(STEPS, k - e0);
                for (int ti = 0; ti < count; ti++) {
                    kernel.run(xp, image, positionOffsets, (first + ti) * mr, stepOffsets, e0, steps, packed,
                            block * panel + e0 * nr, acc, ti * size);
                }
            }
            int yBase = (img * groups + gi) * og + o0, realOut = Math.min(nr, og - o0);
            for (int ti = 0; ti < count; ti++) {
                int p0 = (first + ti) * mr, realRows = Math.min(mr, positions - p0);
                for (int j = 0; j < realOut; j++) {
                    int out = (yBase + j) * positions + p0;
                    for (int i = 0; i < realRows; i++) {
                        y[out + i] = acc[ti * size + i * nr + j];
                    }
                }
            }
            clock.stop(worker, BlockedGemmConv.MICRO, t);
        });
    }

    /**
     * Offset in a padded plane of the top-left tap of each output position, {@code length} of them
     * (past the last position: the last position again, for the rows of a ragged last tile).
     */
    private static int[] positionOffsets(Geometry geo, int wp, int length) {
        int ow = geo.ow(), last = geo.oh() * ow - 1;
        int[] offsets = new int[length];
        for (int i = 0; i < length; i++) {
            int p = Math.min(i, last);
            offsets[i] = p / ow * geo.sh() * wp + p % ow * geo.sw();
        }
        return offsets;
    }

    /**
     * dW (OIHW, groups*og x cg x KH x KW) = sum over images of dy * col^T, divided by scale.
     */
    void weightGradient(float[] x, Geometry geo, float[] dy, float scale, float[] dw) {
        int groups = geo.groups(), cg = geo.cg(), og = geo.og(), n = geo.n(), taps = geo.taps();
        int hp = geo.paddedH(), wp = geo.paddedW(), plane = hp * wp;
        float[] xp = pad(x, n * groups * cg, geo.h(), geo.w(), geo.padTop(), geo.padLeft(), hp, wp);
        int ow = geo.ow(), positions = geo.oh() * ow, blocks = ceilDiv(og, nr);
        int k = cg * taps, kPadded = ceilDiv(k, mr) * mr;
        // dy^T in panels of NR output channels: [group][block][image][position][NR]
        float[] dyT = buffer(DY_T, groups * blocks * n * positions * nr);
        long t0 = clock.start();
        pool.run(groups * blocks * n, (worker, task) -> {
            int img = task % n, block = task / n, gi = block / blocks, o0 = block % blocks * nr;
            int base = task * positions * nr, real = Math.min(nr, og - o0);
            if (real < nr) {
                java.util.Arrays.fill(dyT, base, base + positions * nr, 0f);
            }
            for (int j = 0; j < real; j++) {
                int src = ((img * groups + gi) * og + o0 + j) * positions;
                for (int p = 0; p < positions; p++) {
                    dyT[base + p * nr + j] = dy[src + p];
                }
            }
        });
        clock.stop(0, BlockedGemmConv.PACK, t0);
        int[] positionOffsets = positionOffsets(geo, wp, positions);
        int[] rowOffsets = new int[kPadded];                        // tap row k = (c, r, s) -> input offset
        for (int r = 0; r < kPadded; r++) {
            int kk = Math.min(r, k - 1), c = kk / taps, t = kk % taps;
            rowOffsets[r] = c * plane + t / geo.kw() * geo.dh() * wp + t % geo.kw() * geo.dw();
        }
        float[] acc = buffer(ACC, groups * blocks * kPadded * nr); // dW^T: [group][block][k][NR]
        java.util.Arrays.fill(acc, 0, groups * blocks * kPadded * nr, 0f);
        int tileRows = kPadded / mr;
        int parts = Math.min(tileRows, Math.max(1, ceilDiv(4 * pool.threads(), groups * blocks)));
        pool.run(groups * blocks * parts, (worker, task) -> {
            int block = task / parts, part = task % parts, gi = block / blocks;
            int firstTile = tileRows * part / parts, endTile = tileRows * (part + 1) / parts;
            long t = clock.start();
            for (int img = 0; img < n; img++) {
                int image = (img * groups + gi) * cg * plane;
                int panel = (block * n + img) * positions * nr;
                for (int p0 = 0; p0 < positions; p0 += PB) {
                    int pc = Math.min(PB, positions - p0);
                    for (int ti = firstTile; ti < endTile; ti++) {
                        kernel.run(xp, image, rowOffsets, ti * mr, positionOffsets, p0, pc, dyT, panel + p0 * nr, acc,
                                (block * kPadded + ti * mr) * nr);
                    }
                }
            }
            clock.stop(worker, BlockedGemmConv.MICRO, t);
        });
        pool.run(groups * blocks, (worker, block) -> {
            long t = clock.start();
            int gi = block / blocks, o0 = block % blocks * nr;
            for (int j = 0, real = Math.min(nr, og - o0); j < real; j++) {
                int dst = (gi * og + o0 + j) * k;
                for (int kk = 0; kk < k; kk++) {
                    dw[dst + kk] = acc[(block * kPadded + kk) * nr + j] / scale;
                }
            }
            clock.stop(worker, BlockedGemmConv.SUMS, t);
        });
    }

    /** x with a zero border: planes of hp x wp with the h x w input at (top, left); x itself when there is none. */
    private float[] pad(float[] x, int planes, int h, int w, int top, int left, int hp, int wp) {
        if (top == 0 && left == 0 && hp == h && wp == w) {
            return x;
        }
        if (padded.length < planes * hp * wp) {
            padded = new float[planes * hp * wp];
        }
        float[] xp = padded;
        pool.run(planes, (worker, pl) -> {
            long t = clock.start();
            int base = pl * hp * wp;
            java.util.Arrays.fill(xp, base, base + top * wp, 0f);
            for (int r = 0; r < h; r++) {
                int row = base + (top + r) * wp;
                java.util.Arrays.fill(xp, row, row + left, 0f);
                System.arraycopy(x, (pl * h + r) * w, xp, row + left, w);
                java.util.Arrays.fill(xp, row + left + w, row + wp, 0f);
            }
            java.util.Arrays.fill(xp, base + (top + h) * wp, base + hp * wp, 0f);
            clock.stop(worker, BlockedGemmConv.PACK, t);
        });
        return xp;
    }

    private float[] buffer(int slot, int size) {
        if (buffers[slot] == null || buffers[slot].length < size) {
            buffers[slot] = new float[size];
        }
        return buffers[slot];
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
