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
    /** Most tiles of positions per forward task. */
    private static final int TILES_PER_TASK = 96;
    /** Positions per block of the weight gradient (a block of dy^T, PB x NR floats, stays in L1). */
    private static final int PB = 256;
    /**
     * Most reduction steps per micro-kernel call. Long calls made the JIT of JDK 17 compile the kernel's
     * loop on its own (on-stack replacement) before the whole method: that code kept the vectors in
     * memory and ran the forward at 12 GFLOP/s instead of 230.
     */
    private static final int STEPS = 256;

    private final ChannelTiles kernel;
    private final int mr;
    private final int nr;
    private final WorkerPool pool;
    private final PhaseClock clock;
    private float[] padded = new float[0];
    private final int[][] rowBuffers;
    private final float[][] tileBuffers;

    /** Phases are timed into {@code clock} as {@link BlockedGemmConv}'s packing, micro-kernel and sums. */
    ChannelTiledConv(ChannelTiles kernel, WorkerPool pool, PhaseClock clock) {
        this.kernel = kernel;
        this.clock = clock;
        this.mr = kernel.mr;
        this.nr = kernel.nr;
        this.pool = pool;
        this.rowBuffers = new int[pool.threads()][mr];
        this.tileBuffers = new float[pool.threads()][mr * nr];
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

    /** Weight (group, output channel, input channel, tap r*KW + s) of the product, whatever its storage. */
    @FunctionalInterface
    interface Weights {
        float at(int group, int out, int in, int tap);
    }

    /** Forward weights of an OIHW array. */
    static Weights forwardWeights(float[] w, Geometry geo) {
        int taps = geo.taps(), cg = geo.cg(), og = geo.og();
        return (gi, o, c, t) -> w[((gi * og + o) * cg + c) * taps + t];
    }

    /** Backward-data weights: the OIHW array of the forward convolution, channels swapped, taps flipped. */
    static Weights dataGradientWeights(float[] w, Geometry geo) {
        int taps = geo.taps(), kh = geo.kh(), kw = geo.kw();
        int forwardIn = geo.og(), forwardOut = geo.cg();           // of the forward convolution
        return (gi, c, o, t) -> w[((gi * forwardOut + o) * forwardIn + c) * taps
                + (kh - 1 - t / kw) * kw + (kw - 1 - t % kw)];
    }

    /** y = conv(x) + bias (bias per output channel, may be null). */
    void forward(float[] x, Geometry geo, Weights weights, float[] bias, float[] y) {
        int groups = geo.groups(), cg = geo.cg(), og = geo.og(), n = geo.n(), taps = geo.taps();
        int hp = geo.paddedH(), wp = geo.paddedW(), plane = hp * wp;
        float[] xp = pad(x, n * groups * cg, geo.h(), geo.w(), geo.padTop(), geo.padLeft(), hp, wp);
        int blocks = ceilDiv(og, nr), panel = taps * cg * nr;
        long t0 = clock.start();
        float[] packed = new float[groups * blocks * panel];
        float[] packedBias = new float[groups * blocks * nr];
        pool.run(groups * blocks, (worker, task) -> {
            int gi = task / blocks, o0 = task % blocks * nr, base = task * panel;
            for (int j = 0, real = Math.min(nr, og - o0); j < real; j++) {
                for (int t = 0; t < taps; t++) {
                    for (int c = 0; c < cg; c++) {
                        packed[base + (t * cg + c) * nr + j] = weights.at(gi, o0 + j, c, t);
                    }
                }
                if (bias != null) {
                    packedBias[task * nr + j] = bias[gi * og + o0 + j];
                }
            }
        });
        clock.stop(0, BlockedGemmConv.PACK, t0);
        int k = taps * cg;
        int[] stepOffsets = new int[k];                             // step (tap t, channel c) -> input offset
        for (int t = 0; t < taps; t++) {
            for (int c = 0; c < cg; c++) {
                stepOffsets[t * cg + c] = t / geo.kw() * geo.dh() * wp + t % geo.kw() * geo.dw() + c * plane;
            }
        }
        int ow = geo.ow(), positions = geo.oh() * ow, tiles = ceilDiv(positions, mr);
        int units = groups * blocks * n;
        int parts = Math.max(ceilDiv(tiles, TILES_PER_TASK), Math.min(tiles, ceilDiv(4 * pool.threads(), units)));
        pool.run(units * parts, (worker, task) -> {
            int unit = task / parts, part = task % parts;
            int img = unit % n, block = unit / n, gi = block / blocks, o0 = block % blocks * nr;
            int[] rows = rowBuffers[worker];
            float[] tile = tileBuffers[worker];
            int image = (img * groups + gi) * cg * plane;
            int realOut = Math.min(nr, og - o0);
            int yBase = (img * groups + gi) * og + o0;
            long t = clock.start();
            for (int ti = tiles * part / parts, end = tiles * (part + 1) / parts; ti < end; ti++) {
                int p0 = ti * mr, realRows = Math.min(mr, positions - p0);
                for (int i = 0; i < mr; i++) {
                    int p = p0 + Math.min(i, realRows - 1);
                    rows[i] = image + p / ow * geo.sh() * wp + p % ow * geo.sw();
                }
                for (int i = 0; i < mr; i++) {
                    System.arraycopy(packedBias, block * nr, tile, i * nr, nr);
                }
                for (int e0 = 0; e0 < k; e0 += STEPS) {      // short calls: see STEPS
                    kernel.run(xp, rows, stepOffsets, e0, Math.min(STEPS, k - e0), packed, block * panel + e0 * nr,
                            tile, 0);
                }
                for (int j = 0; j < realOut; j++) {
                    int out = (yBase + j) * positions + p0;
                    for (int i = 0; i < realRows; i++) {
                        y[out + i] = tile[i * nr + j];
                    }
                }
            }
            clock.stop(worker, BlockedGemmConv.MICRO, t);
        });
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
        float[] dyT = new float[groups * blocks * n * positions * nr];
        long t0 = clock.start();
        pool.run(groups * blocks * n, (worker, task) -> {
            int img = task % n, block = task / n, gi = block / blocks, o0 = block % blocks * nr;
            int base = task * positions * nr;
            for (int j = 0, real = Math.min(nr, og - o0); j < real; j++) {
                int src = ((img * groups + gi) * og + o0 + j) * positions;
                for (int p = 0; p < positions; p++) {
                    dyT[base + p * nr + j] = dy[src + p];
                }
            }
        });
        clock.stop(0, BlockedGemmConv.PACK, t0);
        int[] positionOffsets = new int[positions];
        for (int p = 0; p < positions; p++) {
            positionOffsets[p] = p / ow * geo.sh() * wp + p % ow * geo.sw();
        }
        int[] rowOffsets = new int[kPadded];                        // tap row k = (c, r, s) -> input offset
        for (int r = 0; r < kPadded; r++) {
            int kk = Math.min(r, k - 1), c = kk / taps, t = kk % taps;
            rowOffsets[r] = c * plane + t / geo.kw() * geo.dh() * wp + t % geo.kw() * geo.dw();
        }
        float[] acc = new float[groups * blocks * kPadded * nr];    // dW^T: [group][block][k][NR]
        int tileRows = kPadded / mr;
        int parts = Math.min(tileRows, Math.max(1, ceilDiv(4 * pool.threads(), groups * blocks)));
        pool.run(groups * blocks * parts, (worker, task) -> {
            int block = task / parts, part = task % parts, gi = block / blocks;
            int[] rows = rowBuffers[worker];
            int firstTile = tileRows * part / parts, endTile = tileRows * (part + 1) / parts;
            long t = clock.start();
            for (int img = 0; img < n; img++) {
                int image = (img * groups + gi) * cg * plane;
                int panel = (block * n + img) * positions * nr;
                for (int p0 = 0; p0 < positions; p0 += PB) {
                    int pc = Math.min(PB, positions - p0);
                    for (int ti = firstTile; ti < endTile; ti++) {
                        for (int i = 0; i < mr; i++) {
                            rows[i] = image + rowOffsets[ti * mr + i];
                        }
                        kernel.run(xp, rows, positionOffsets, p0, pc, dyT, panel + p0 * nr, acc,
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

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
