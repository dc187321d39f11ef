package convbench.cpu;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;

/**
 * The fast CPU path. With the Vector API, forward, stride-1 backward-data and backward-weights go
 * through {@link ChannelTiledConv}: the same product, with output channels in the vector lanes,
 * weights packed once per call and the input read in place (see there). What follows is the
 * blocked GEMM behind it, used for backward-data with stride > 1 and without 512-bit Vector API vectors.
 *
 * <p>Convolution as a packed, cache-blocked matrix product with a register-tiled
 * micro-kernel, spread over all cores. The same idea as {@link Im2colGemmConv} (method 3 of the
 * document, 17.2.4 and 17.4.2), organised the way BLAS libraries organise a GEMM:
 *
 * <ul>
 *   <li><b>No im2col matrix.</b> Per image, {@code y (OC x OH*OW) = W (OC x C*KH*KW) * col}, and
 *       only the block of {@code col} that the product is about to use is unfolded, straight into
 *       the packed layout the micro-kernel reads ({@link Im2colPanels}). A 1x1 stride-1 convolution
 *       thus just copies rows of x.</li>
 *   <li><b>Packing.</b> Weights are rearranged once per call into MR-row panels and each block of
 *       the unfolded input into NR-column panels, so the micro-kernel reads both with unit stride.</li>
 *   <li><b>Blocking.</b> A block of at most {@value #KC} taps by {@value #NC} positions is packed
 *       (it stays in the 2 MiB L2 cache); one NR-wide panel of it (~32 KiB) stays in L1 while the
 *       micro-kernel sweeps every weight panel over it.</li>
 *   <li><b>Micro-kernel.</b> An MR x NR tile of the output stays in registers for the whole
 *       reduction (with the Vector API: 6 x 32 floats in 12 AVX-512 registers, 12 FMAs per pair of
 *       loads); the bias is the tile's starting value.</li>
 *   <li><b>Threads.</b> Independent (image, block of positions) tasks are handed to a small pool
 *       of daemon threads ({@code -Dconvbench.threads=N}, default all cores).</li>
 * </ul>
 *
 * Backward uses the same machinery: {@code dW = dy * col^T} (each thread sums its tasks into a
 * private dW, added up at the end), {@code dcol = W^T * dy} per block followed by col2im into dx,
 * {@code db} = sums of dy. Pooling and ReLU are plain loops split over the threads.
 *
 * <p><b>Groups.</b> g groups are g independent products (C/g planes, OC/g rows of W each); every
 * task also names its group. Depthwise (one channel per group) would make the product only
 * KH*KW deep, too little work per packed value: it has its own kernel, {@link DepthwiseConv}.
 *
 * <p>With {@link convbench.api.PhaseTimed} on, every thread adds the time it spends packing, in the micro-kernel
 * (with its ragged edges), in col2im and in the final sums (db, adding up private dW and dx
 * copies); the depthwise kernel and pooling are one loop each and are not split.
 *
 * <p>Calls on one instance are serialised (the instance keeps per-thread scratch buffers).
 */
public final class BlockedGemmConv implements Implementation, PhaseClocked {
    /** Reduction block (taps) of the forward product. */
    static final int KC = 256;
    /** Most output positions per forward task. */
    static final int NC = 256;
    /** Output positions per dW task (the reduction block of dW = dy * col^T). */
    static final int DW_PC = 256;
    /** Taps per packed block of col^T in dW. */
    static final int DW_KC = 512;
    /** Reduction block (output channels) of dcol = W^T * dy. */
    static final int DX_OC = 256;
    /** Largest dcol block (floats) per dX task. */
    static final int DX_MAX_DCOL = 1 << 18;

    private static final int SLOTS = 4;
    private static final int SLOT_B = 0, SLOT_EDGE = 1, SLOT_A = 2, SLOT_WORK = 3;

    private final MicroKernel kernel;
    private final int mr;
    private final int nr;
    private final WorkerPool pool;
    private final float[][] scratch;
    private final DepthwiseConv depthwise;
    static final int PACK = 0, MICRO = 1, COL2IM = 2, SUMS = 3;
    private final PhaseClock clock;
    private final MacroKernel macro;
    /** The main path with the Vector API (null without it, or when disabled for tests). */
    private final ChannelTiledConv tiled;

    public BlockedGemmConv() {
        this(CpuThreads.configured(), MicroKernels.best(), true);
    }

    /**
     * For tests: a given thread count and micro-kernel (scalar: scalar depthwise rows too), and whether
     * to use the output-channel tiles where they apply (they need the Vector API) or always the GEMM.
     */
    BlockedGemmConv(int threads, MicroKernel kernel, boolean channelTiles) {
        this.kernel = kernel;
        this.mr = kernel.mr;
        this.nr = kernel.nr;
        this.pool = new WorkerPool(threads);
        this.macro = new MacroKernel(kernel);
        this.clock = new PhaseClock(pool.threads(), "packing", "micro-kernel", "col2im", "sums");
        this.scratch = new float[pool.threads() * SLOTS][];
        this.depthwise = new DepthwiseConv(pool, kernel instanceof ScalarMicroKernel ? new ScalarDepthwiseRows()
                : MicroKernels.bestDepthwiseRows());
        ChannelTiles tiles = kernel instanceof ScalarMicroKernel || !channelTiles ? null : MicroKernels.channelTiles();
        this.tiled = tiles == null ? null : new ChannelTiledConv(tiles, pool, clock);
    }

    @Override
    public String name() {
        return "blocked";
    }

    @Override
    public String description() {
        return "The same matrix product as im2col + GEMM, organised for the vector unit the way oneDNN's "
                + "direct kernels are: a tile of the output is 6 positions by 64 output channels (4 AVX-512 "
                + "vectors, 24 registers), the weights are packed once per call into panels of 64 channels, and "
                + "the unfolded input is never built: each tile row reads the zero-padded input in place at its "
                + "own offset. The reduction runs in pieces of 128 steps over up to 32 tiles, so a piece of the "
                + "weights stays in the L1 cache. Backward-data with stride 1 is the same product run on dy with "
                + "the weights flipped and transposed (no col2im), and dW reads the input in place against dy "
                + "transposed once. Stride > 1 backward-data, and CPUs or JVMs without 512-bit Vector API "
                + "vectors, use a blocked GEMM "
                + "with packed panels and col2im. Independent blocks run on all cores.";
    }

    @Override
    public String documentSection() {
        return "001_ff6b80459da32d29.txt 17.2.4 img2col, 17.4.2 col2img (blocked GEMM)";
    }

    @Override
    public String variant() {
        return (tiled != null ? tiled.describe() + "; GEMM (backward-data with stride > 1): " : "")
                + kernel.describe() + "; depthwise: " + depthwise.describe() + ", " + pool.describe();
    }

    @Override
    public PhaseClock phaseClock() {
        return clock;
    }

    @Override
    public Support supports(Op op, Window window) {
        return switch (op) {
            case CONV2D, CONV2D_BACKWARD, MAXPOOL2D, AVGPOOL2D, MAXPOOL2D_BACKWARD, AVGPOOL2D_BACKWARD, RELU ->
                    Support.yes();
            case IM2COL, COL2IM -> Support.no("blocked never builds the im2col matrix; the im2col implementation exposes it");
            case OUTPUT_SHAPE -> Support.no("output_shape is geometry, computed by the harness, not by an implementation");
        };
    }

    // ---------------------------------------------------------------- forward

    @Override
    public synchronized void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
        if (DepthwiseConv.applies(x.dim(1), g)) {
            depthwise.forward(x, w, b, g, y);
            return;
        }
        if (tiled != null) {
            ChannelTiledConv.Geometry geometry = ChannelTiledConv.Geometry.forward(x.dim(0), x.dim(1), x.dim(2),
                    x.dim(3), w.dim(0), g);
            tiled.forward(x.data(), geometry, ChannelTiledConv.forwardWeights(w.data(), geometry),
                    b == null ? null : b.data(), y.data());
            return;
        }
        int n = x.dim(0), groups = g.groups();
        Im2colPanels geo = new Im2colPanels(x.dim(1) / groups, x.dim(2), x.dim(3), g);   // one group's planes
        int oc = w.dim(0), og = oc / groups, k = geo.k, positions = geo.p;
        int groupSize = geo.c * geo.h * geo.w, imageSize = groups * groupSize, panelRows = roundUp(og, mr);
        float[] xd = x.data(), yd = y.data();
        float[] weights = new float[groups * panelRows * k];
        float[][] bias = new float[groups][panelRows];            // the starting value of each row
        long t0 = clock.start();
        for (int gi = 0; gi < groups; gi++) {
            PanelPacking.rowPanels(mr, w.data(), gi * og * k, og, k, k, 1, weights, gi * panelRows * k);
            if (b != null) {
                System.arraycopy(b.data(), gi * og, bias[gi], 0, og);
            }
        }
        clock.stop(0, PACK, t0);
        int pcMax = positionBlock(positions, n * groups, NC);
        int blocks = ceilDiv(positions, pcMax);
        int kcMax = Math.min(KC, k);
        pool.run(n * groups * blocks, (worker, task) -> {
            int img = task / (groups * blocks), gi = task / blocks % groups;
            int p0 = (task % blocks) * pcMax, pc = Math.min(pcMax, positions - p0);
            float[] panels = buffer(worker, SLOT_B, roundUp(pc, nr) * kcMax);
            float[] edge = buffer(worker, SLOT_EDGE, mr * nr);
            for (int k0 = 0; k0 < k; k0 += KC) {
                int kc = Math.min(KC, k - k0);
                long t = clock.start();
                geo.packAlongPositions(xd, img * imageSize + gi * groupSize, k0, kc, p0, pc, nr, panels);
                t = clock.stop(worker, PACK, t);
                macro.run(og, pc, kc, weights, k * mr, gi * panelRows * k + k0 * mr, panels,
                        yd, (img * oc + gi * og) * positions + p0, positions, k0 == 0 ? bias[gi] : null, edge);
                clock.stop(worker, MICRO, t);
            }
        });
    }

    // ---------------------------------------------------------------- backward

    @Override
    public synchronized void conv2dBackward(Tensor x, Tensor w, Tensor dy, Window g, Reduction reduction,
                                            Tensor dx, Tensor dw, Tensor db) {
        int n = x.dim(0), groups = g.groups();
        Im2colPanels geo = new Im2colPanels(x.dim(1) / groups, x.dim(2), x.dim(3), g);   // one group's planes
        int oc = w.dim(0);
        float scale = reduction == Reduction.MEAN ? n : 1f;
        boolean depthwiseKernel = DepthwiseConv.applies(x.dim(1), g);
        if (db != null) {
            biasGradient(dy, n, oc, geo.p, scale, db.data());
        }
        if (dw != null && depthwiseKernel) {
            depthwise.weightGradient(x, dy, g, scale, dw);
        } else if (dw != null && tiled != null) {
            tiled.weightGradient(x.data(), ChannelTiledConv.Geometry.forward(n, x.dim(1), x.dim(2), x.dim(3), oc, g),
                    dy.data(), scale, dw.data());
        } else if (dw != null) {
            weightGradient(x, dy, n, oc, groups, geo, scale, dw.data());
        }
        if (dx != null && depthwiseKernel) {
            depthwise.dataGradient(w, dy, g, dx);
        } else if (dx != null && tiled != null
                && ChannelTiledConv.Geometry.dataGradient(n, x.dim(1), x.dim(2), x.dim(3), oc, g) != null) {
            ChannelTiledConv.Geometry geometry = ChannelTiledConv.Geometry.dataGradient(n, x.dim(1), x.dim(2),
                    x.dim(3), oc, g);
            tiled.forward(dy.data(), geometry, ChannelTiledConv.dataGradientWeights(w.data(), geometry), null,
                    dx.data());
        } else if (dx != null) {
            dataGradient(w, dy, n, oc, groups, geo, dx.data());
        }
    }

    /** db[o] = sum over images and positions of dy[n][o] (in double: it can be a long sum). */
    private void biasGradient(Tensor dy, int n, int oc, int positions, float scale, float[] db) {
        float[] dyd = dy.data();
        pool.run(oc, (worker, o) -> {
            long t = clock.start();
            double sum = 0;
            for (int img = 0; img < n; img++) {
                int base = (img * oc + o) * positions;
                for (int p = 0; p < positions; p++) {
                    sum += dyd[base + p];
                }
            }
            db[o] = (float) (sum / scale);
            clock.stop(worker, SUMS, t);
        });
    }

    /**
     * dW (OC x K) = sum over images of dy (OC x P) * col^T (P x K), blocked over P; with groups,
     * group gi's OC/g rows of dW come from its rows of dy and its C/g planes of x.
     */
    private void weightGradient(Tensor x, Tensor dy, int n, int oc, int groups, Im2colPanels geo, float scale,
                                float[] dw) {
        int k = geo.k, positions = geo.p, og = oc / groups;
        int groupSize = geo.c * geo.h * geo.w, imageSize = groups * groupSize;
        float[] xd = x.data(), dyd = dy.data();
        int blocks = ceilDiv(positions, DW_PC);
        int kcMax = Math.min(DW_KC, k);
        boolean[] used = new boolean[pool.threads()];
        pool.run(n * groups * blocks, (worker, task) -> {
            int img = task / (groups * blocks), gi = task / blocks % groups;
            int p0 = (task % blocks) * DW_PC, pc = Math.min(DW_PC, positions - p0);
            float[] acc = buffer(worker, SLOT_WORK, oc * k);        // this worker's share of dW
            if (!used[worker]) {
                java.util.Arrays.fill(acc, 0, oc * k, 0f);
                used[worker] = true;
            }
            // dy is read in place by the micro-kernel (each value is used only K times, too few to
            // pay for packing); only a last panel of fewer than MR channels is packed.
            int dyOff = (img * oc + gi * og) * positions + p0, dwOff = gi * og * k;   // the group's rows
            int full = og / mr * mr;
            float[] dyTail = buffer(worker, SLOT_A, mr * pc);
            if (full < og) {
                long t = clock.start();
                PanelPacking.rowPanels(mr, dyd, dyOff + full * positions, og - full, pc, positions, 1, dyTail, 0);
                clock.stop(worker, PACK, t);
            }
            float[] colPanels = buffer(worker, SLOT_B, roundUp(kcMax, nr) * pc);
            float[] edge = buffer(worker, SLOT_EDGE, mr * nr);
            for (int k0 = 0; k0 < k; k0 += DW_KC) {
                int kc = Math.min(DW_KC, k - k0);
                long t = clock.start();
                geo.packAlongTaps(xd, img * imageSize + gi * groupSize, k0, kc, p0, pc, nr, colPanels);
                t = clock.stop(worker, PACK, t);
                if (full > 0) {
                    macro.run(full, kc, pc, dyd, mr * positions, dyOff, positions, colPanels, acc, dwOff + k0, k,
                            null, edge);
                }
                if (full < og) {
                    macro.run(og - full, kc, pc, dyTail, pc * mr, 0, colPanels, acc, dwOff + full * k + k0, k,
                            null, edge);
                }
                clock.stop(worker, MICRO, t);
            }
        });
        long started = clock.start();
        java.util.Arrays.fill(dw, 0f);
        for (int t = 0; t < used.length; t++) {
            if (used[t]) {
                float[] acc = scratch[t * SLOTS + SLOT_WORK];
                for (int i = 0; i < dw.length; i++) {
                    dw[i] += acc[i];
                }
            }
        }
        if (scale != 1f) {
            for (int i = 0; i < dw.length; i++) {
                dw[i] /= scale;
            }
        }
        clock.stop(0, SUMS, started);
    }

    /**
     * dx = col2im(W^T (K x OC) * dy (OC x P)), one block of positions at a time; with groups, group
     * gi's planes of dx come from its OC/g rows of W and of dy.
     */
    private void dataGradient(Tensor w, Tensor dy, int n, int oc, int groups, Im2colPanels geo, float[] dx) {
        int k = geo.k, positions = geo.p, og = oc / groups;
        int groupSize = geo.c * geo.h * geo.w, imageSize = groups * groupSize;
        float[] dyd = dy.data();
        int panelsSize = roundUp(k, mr) * og;                       // one group's W^T panels
        float[] weightsT = new float[groups * panelsSize];
        long t0 = clock.start();
        for (int gi = 0; gi < groups; gi++) {                       // W^T: element (k, o) = w[o*K + k]
            PanelPacking.rowPanels(mr, w.data(), gi * og * k, k, og, 1, k, weightsT, gi * panelsSize);
        }
        clock.stop(0, PACK, t0);
        float[] zeros = new float[roundUp(k, mr)];
        int pcMax = Math.min(NC, Math.max(nr, DX_MAX_DCOL / k / nr * nr));
        int blocks = ceilDiv(positions, pcMax);
        int ocMax = Math.min(DX_OC, og);

        // Blocks of one image overlap in dx (col2im adds), but groups never do (each owns its
        // planes). So either each task owns whole (image, group) units (when they share out evenly
        // among the threads), or each worker adds into a private copy of dx.
        int units = n * groups;
        boolean wholeUnits = units % pool.threads() == 0 || units >= 4 * pool.threads();
        boolean[] used = new boolean[pool.threads()];
        pool.run(wholeUnits ? units : units * blocks, (worker, task) -> {
            int unit = wholeUnits ? task : task / blocks;
            int img = unit / groups, gi = unit % groups;
            int planes = img * imageSize + gi * groupSize;          // the unit's first plane of dx
            int firstBlock = wholeUnits ? 0 : task % blocks;
            int lastBlock = wholeUnits ? blocks : firstBlock + 1;
            float[] target = dx;
            if (wholeUnits) {
                java.util.Arrays.fill(dx, planes, planes + groupSize, 0f);
            } else {
                target = buffer(worker, SLOT_A, n * imageSize);
                if (!used[worker]) {
                    java.util.Arrays.fill(target, 0, n * imageSize, 0f);
                    used[worker] = true;
                }
            }
            float[] panels = buffer(worker, SLOT_B, roundUp(pcMax, nr) * ocMax);
            float[] dcol = buffer(worker, SLOT_WORK, k * pcMax);
            float[] edge = buffer(worker, SLOT_EDGE, mr * nr);
            for (int blk = firstBlock; blk < lastBlock; blk++) {
                int p0 = blk * pcMax, pc = Math.min(pcMax, positions - p0);
                for (int o0 = 0; o0 < og; o0 += DX_OC) {
                    int occ = Math.min(DX_OC, og - o0);
                    long t = clock.start();
                    PanelPacking.columnPanels(nr, dyd, (img * oc + gi * og + o0) * positions + p0, occ, pc, positions,
                            panels);
                    t = clock.stop(worker, PACK, t);
                    macro.run(k, pc, occ, weightsT, og * mr, gi * panelsSize + o0 * mr, panels, dcol, 0, pc,
                            o0 == 0 ? zeros : null, edge);
                    clock.stop(worker, MICRO, t);
                }
                long t = clock.start();
                geo.addBack(dcol, p0, pc, target, planes, kernel);
                clock.stop(worker, COL2IM, t);
            }
        });
        if (!wholeUnits) {
            long started = clock.start();
            java.util.Arrays.fill(dx, 0f);
            for (int t = 0; t < used.length; t++) {
                if (used[t]) {
                    float[] part = scratch[t * SLOTS + SLOT_A];
                    for (int i = 0; i < dx.length; i++) {
                        dx[i] += part[i];
                    }
                }
            }
            clock.stop(0, SUMS, started);
        }
    }

    // ---------------------------------------------------------------- the blocked product

    /**
     * Positions per forward task: at most {@code max}, a multiple of NR, and, when there are
     * few images, enough blocks that every thread gets an equal share.
     */
    private int positionBlock(int positions, int images, int max) {
        int blocks = ceilDiv(positions, max);
        int threads = pool.threads();
        if (images < 4 * threads && blocks % threads != 0) {
            blocks = roundUp(blocks, threads);
        }
        return Math.min(roundUp(ceilDiv(positions, blocks), nr), roundUp(positions, nr));
    }

    private float[] buffer(int worker, int slot, int size) {
        int i = worker * SLOTS + slot;
        float[] buf = scratch[i];
        if (buf == null || buf.length < size) {
            buf = new float[size];
            scratch[i] = buf;
        }
        return buf;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int roundUp(int a, int b) {
        return ceilDiv(a, b) * b;
    }

    // ---------------------------------------------------------------- pooling and ReLU

    @Override
    public synchronized void maxPool2d(Tensor x, Window g, Tensor y) {
        int h = x.dim(2), w = x.dim(3);
        forPlanes(x.dim(0) * x.dim(1), (from, to) -> PoolingLoops.maxPool(x.data(), h, w, g, y.data(), from, to));
    }

    @Override
    public synchronized void avgPool2d(Tensor x, Window g, boolean countIncludePad, Tensor y) {
        int h = x.dim(2), w = x.dim(3);
        forPlanes(x.dim(0) * x.dim(1),
                (from, to) -> PoolingLoops.avgPool(x.data(), h, w, g, countIncludePad, y.data(), from, to));
    }

    @Override
    public synchronized void maxPool2dBackward(Tensor x, Tensor dy, Window g, Tensor dx) {
        int h = x.dim(2), w = x.dim(3);
        forPlanes(x.dim(0) * x.dim(1),
                (from, to) -> PoolingLoops.maxPoolBackward(x.data(), dy.data(), h, w, g, dx.data(), from, to));
    }

    @Override
    public synchronized void avgPool2dBackward(Tensor dy, Window g, boolean countIncludePad, Tensor dx) {
        int h = dx.dim(2), w = dx.dim(3);
        forPlanes(dx.dim(0) * dx.dim(1),
                (from, to) -> PoolingLoops.avgPoolBackward(dy.data(), h, w, g, countIncludePad, dx.data(), from, to));
    }

    @Override
    public synchronized void relu(Tensor x, Tensor y) {
        float[] in = x.data(), out = y.data();
        int chunk = 1 << 16;
        pool.run(ceilDiv(in.length, chunk), (worker, t) -> {
            for (int i = t * chunk, end = Math.min(in.length, i + chunk); i < end; i++) {
                out[i] = Math.max(0f, in[i]);
            }
        });
    }

    @FunctionalInterface
    private interface PlaneRange {
        void run(int from, int to);
    }

    /** Splits channel planes into a few ranges per thread (planes are independent). */
    private void forPlanes(int planes, PlaneRange body) {
        int parts = Math.min(planes, 4 * pool.threads());
        pool.run(parts, (worker, t) -> body.run((int) ((long) planes * t / parts), (int) ((long) planes * (t + 1) / parts)));
    }

    @Override
    public void close() {
        pool.close();
        java.util.Arrays.fill(scratch, null);
    }
}
