package convbench.cpu;

import convbench.api.Tensor;
import convbench.api.Window;

/**
 * Depthwise convolution for the blocked path: groups = C, so output channel o reads only input
 * channel o / M, where M = OC / C is the channel multiplier (1 in MobileNet). As a matrix product
 * each group would be (M x KH*KW) * (KH*KW x OH*OW), 9 deep for a 3x3 kernel: packing would cost
 * more than the product. Here each output row is computed directly as a weighted sum of KH*KW
 * shifted runs of the input plane ({@link DepthwiseRows}, vectorised along the row).
 *
 * <p>To make every tap a contiguous run, one input plane at a time is copied into a scratch
 * buffer with its zero border (the padding) around it. With a column stride S, the gradients
 * deal its columns into S interleaved "phases" (columns 0, S, 2S, ... then 1, S+1, ...), so that
 * output columns j, j+1, ... of one tap read consecutive cells; forward instead computes the
 * stride-1 row and keeps every S-th value ({@link #forward}). The plane stays in the L1/L2 cache
 * while all its outputs are made, so x is read from memory once and y written once: the
 * operation does about 2*KH*KW FLOPs per 8 bytes and is bound by memory bandwidth, not FMAs.
 *
 * <p>Threads: forward and the data gradient split over (image, channel) planes, which own
 * disjoint outputs; the weight gradient splits over channels, each summing over the images.
 */
final class DepthwiseConv {
    private final WorkerPool pool;
    private final DepthwiseRows rows;
    private final float[][] scratch;

    DepthwiseConv(WorkerPool pool, DepthwiseRows rows) {
        this.pool = pool;
        this.rows = rows;
        this.scratch = new float[pool.threads()][];
    }

    /** Whether this kernel computes the convolution: every group holds exactly one input channel. */
    static boolean applies(int inputChannels, Window g) {
        return g.groups() > 1 && g.groups() == inputChannels;
    }

    String describe() {
        return rows.describe();
    }

    /**
     * Where the padded, phase-split copy of one h x w plane keeps its cells: padded cell
     * (pr, pc) is at {@code (pr*SW + pc % SW) * phaseWidth + pc / SW}. Output row i's tap t then
     * starts at {@code i * rowStep + off[t]} and runs along the output columns.
     */
    private static final class Layout {
        final int h, w, oh, ow, padTop, padLeft, sw, phaseWidth, size, rowStep;
        final int[] off;

        /** {@code phases}: SW (columns dealt into phases), or 1 (plain rows; see {@link #forward}). */
        Layout(int h, int w, Window g, int phases) {
            this.h = h;
            this.w = w;
            this.oh = g.outH(h);
            this.ow = g.outW(w);
            this.padTop = g.padTop();
            this.padLeft = g.padLeft();
            this.sw = phases;
            int paddedH = h + g.padTop() + g.padBottom();
            int paddedW = w + g.padLeft() + g.padRight();
            this.phaseWidth = (paddedW + sw - 1) / sw;
            this.size = paddedH * sw * phaseWidth;
            this.rowStep = g.sh() * sw * phaseWidth;
            this.off = new int[g.kh() * g.kw()];
            for (int r = 0; r < g.kh(); r++) {
                for (int s = 0; s < g.kw(); s++) {
                    int col = s * g.dw();                              // the tap's column shift
                    off[r * g.kw() + s] = (r * g.dh() * sw + col % sw) * phaseWidth + col / sw;
                }
            }
        }

        /** Index of input cell (hi, wi) in the buffer. */
        int at(int hi, int wi) {
            int pr = hi + padTop, pc = wi + padLeft;
            return (pr * sw + pc % sw) * phaseWidth + pc / sw;
        }

        /** Copies plane {@code x[plane..]} into buf, with zeros in the border. */
        void load(float[] x, int plane, float[] buf) {
            if (sw != 1) {
                java.util.Arrays.fill(buf, 0, size, 0f);
            } else {                                   // one phase: zero only what the copy leaves
                int first = at(0, 0), last = at(h - 1, w - 1) + 1;
                java.util.Arrays.fill(buf, 0, first, 0f);
                java.util.Arrays.fill(buf, last, size, 0f);
                for (int hi = 0; hi + 1 < h; hi++) {
                    java.util.Arrays.fill(buf, at(hi, w - 1) + 1, at(hi + 1, 0), 0f);
                }
            }
            for (int hi = 0; hi < h; hi++) {
                int src = plane + hi * w;
                if (sw == 1) {
                    System.arraycopy(x, src, buf, at(hi, 0), w);
                } else {
                    for (int first = 0; first < Math.min(sw, w); first++) {   // one phase at a time
                        int dst = at(hi, first);
                        for (int wi = first; wi < w; wi += sw) {
                            buf[dst++] = x[src + wi];
                        }
                    }
                }
            }
        }

        /** The inverse of load: writes the inside of buf to {@code dx[plane..]}; the border is dropped. */
        void store(float[] buf, float[] dx, int plane) {
            for (int hi = 0; hi < h; hi++) {
                int dst = plane + hi * w;
                if (sw == 1) {
                    System.arraycopy(buf, at(hi, 0), dx, dst, w);
                } else {
                    for (int first = 0; first < Math.min(sw, w); first++) {
                        int from = at(hi, first);
                        for (int wi = first; wi < w; wi += sw) {
                            dx[dst + wi] = buf[from++];
                        }
                    }
                }
            }
        }
    }

    /**
     * y = depthwise x (*) w + b, w being [OC, 1, KH, KW]. With a column stride SW > 1 the plane
     * is kept in plain rows and each needed output row is computed at every column (stride 1)
     * into a scratch row, of which every SW-th value is kept: SW times the FMAs, but compute is
     * not what limits this operation, and the plane is copied with array copies instead of being
     * dealt into phases one cell at a time (1 thread: 1.4x faster on MobileNet's 112x112 stride-2
     * layer, no faster on the 56x56 one).
     */
    void forward(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
        int n = x.dim(0), c = x.dim(1), oc = w.dim(0), multiplier = oc / c, sw = g.sw();
        Layout lay = new Layout(x.dim(2), x.dim(3), g, 1);
        int taps = lay.off.length, inPlane = lay.h * lay.w, outPlane = lay.oh * lay.ow;
        int dense = (lay.ow - 1) * sw + 1;                        // stride-1 outputs that cover the row
        float[] xd = x.data(), wd = w.data(), yd = y.data(), bd = b == null ? null : b.data();
        pool.run(n * c, (worker, task) -> {
            int img = task / c, ch = task % c;
            float[] buf = buffer(worker, lay.size);
            float[] row = sw == 1 ? null : new float[dense];
            lay.load(xd, task * inPlane, buf);
            for (int m = 0; m < multiplier; m++) {
                int o = ch * multiplier + m;
                float bias = bd == null ? 0f : bd[o];
                int yPlane = (img * oc + o) * outPlane;
                for (int i = 0; i < lay.oh; i++) {
                    int yRow = yPlane + i * lay.ow;
                    if (sw == 1) {
                        rows.forward(buf, i * lay.rowStep, lay.off, wd, o * taps, bias, yd, yRow, lay.ow);
                        continue;
                    }
                    rows.forward(buf, i * lay.rowStep, lay.off, wd, o * taps, bias, row, 0, dense);
                    for (int j = 0; j < lay.ow; j++) {
                        yd[yRow + j] = row[j * sw];
                    }
                }
            }
        });
    }

    /** dw[o, 0, r, s] = sum over images and output cells of dy * the input cell under tap (r, s). */
    void weightGradient(Tensor x, Tensor dy, Window g, float scale, Tensor dw) {
        int n = x.dim(0), c = x.dim(1), oc = dw.dim(0), multiplier = oc / c;
        Layout lay = new Layout(x.dim(2), x.dim(3), g, g.sw());
        int taps = lay.off.length, inPlane = lay.h * lay.w, outPlane = lay.oh * lay.ow;
        float[] xd = x.data(), dyd = dy.data(), dwd = dw.data();
        pool.run(c, (worker, ch) -> {
            float[] buf = buffer(worker, lay.size);
            float[][] acc = new float[multiplier][taps];
            for (int img = 0; img < n; img++) {
                lay.load(xd, (img * c + ch) * inPlane, buf);
                for (int m = 0; m < multiplier; m++) {
                    int dyPlane = (img * oc + ch * multiplier + m) * outPlane;
                    rows.weightGradient(buf, lay.rowStep, lay.oh, lay.off, dyd, dyPlane, lay.ow, acc[m]);
                }
            }
            for (int m = 0; m < multiplier; m++) {
                for (int t = 0; t < taps; t++) {
                    dwd[(ch * multiplier + m) * taps + t] = acc[m][t] / scale;
                }
            }
        });
    }

    /** dx: every dy spreads dy * w over the input cells under its taps (those in the border are dropped). */
    void dataGradient(Tensor w, Tensor dy, Window g, Tensor dx) {
        int n = dx.dim(0), c = dx.dim(1), oc = w.dim(0), multiplier = oc / c;
        Layout lay = new Layout(dx.dim(2), dx.dim(3), g, g.sw());
        int taps = lay.off.length, inPlane = lay.h * lay.w, outPlane = lay.oh * lay.ow;
        float[] wd = w.data(), dyd = dy.data(), dxd = dx.data();
        pool.run(n * c, (worker, task) -> {
            int img = task / c, ch = task % c;
            float[] buf = buffer(worker, lay.size);
            java.util.Arrays.fill(buf, 0, lay.size, 0f);
            for (int m = 0; m < multiplier; m++) {
                int o = ch * multiplier + m;
                int dyPlane = (img * oc + o) * outPlane;
                for (int i = 0; i < lay.oh; i++) {
                    rows.dataGradient(buf, i * lay.rowStep, lay.off, wd, o * taps, dyd, dyPlane + i * lay.ow, lay.ow);
                }
            }
            lay.store(buf, dxd, task * inPlane);
        });
    }

    private float[] buffer(int worker, int size) {
        float[] buf = scratch[worker];
        if (buf == null || buf.length < size) {
            buf = new float[size];
            scratch[worker] = buf;
        }
        return buf;
    }
}
