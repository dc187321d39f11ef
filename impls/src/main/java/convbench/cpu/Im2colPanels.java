package convbench.cpu;

import convbench.api.Window;

/**
 * Implicit im2col: copies pieces of the unfolded matrix of one image straight from the input into
 * the packed panels a blocked matrix product reads, without ever building the whole matrix.
 *
 * <p>Here the unfolded matrix is seen Caffe's way, transposed with respect to the document's
 * {@code col_x}: row k = (c, kh, kw) is a kernel tap, column p = (oh, ow) an output position, so
 * that {@code W (OC x K) * col (K x P)} is already one NCHW output image. Along one output row
 * with stride 1, consecutive positions read consecutive input cells, so most of the work is
 * array copies with the padding cut off at both ends.
 */
final class Im2colPanels {
    final int c, h, w, kh, kw, sh, sw, padTop, padLeft, dh, dw;
    final int oh, ow;
    /** Rows of the unfolded matrix (C*KH*KW) and its columns (OH*OW). */
    final int k, p;

    Im2colPanels(int c, int h, int w, Window g) {
        this.c = c;
        this.h = h;
        this.w = w;
        this.kh = g.kh();
        this.kw = g.kw();
        this.sh = g.sh();
        this.sw = g.sw();
        this.padTop = g.padTop();
        this.padLeft = g.padLeft();
        this.dh = g.dh();
        this.dw = g.dw();
        this.oh = g.outH(h);
        this.ow = g.outW(w);
        this.k = c * kh * kw;
        this.p = oh * ow;
    }

    /**
     * Packs rows {@code [k0, k0+kc)} and columns {@code [p0, p0+pc)} of the unfolded image at
     * {@code x[image..]} as B panels of a product whose reduction runs over k: panel jp holds
     * columns {@code p0 + jp*nr ...}, stored k-major, {@code dst[jp*kc*nr + (k-k0)*nr + j]}.
     * Columns past the end of the last panel are zero.
     */
    void packAlongPositions(float[] x, int image, int k0, int kc, int p0, int pc, int nr, float[] dst) {
        int panels = (pc + nr - 1) / nr;
        int tail = pc - (panels - 1) * nr;
        for (int kk = 0; kk < kc; kk++) {
            int tap = k0 + kk;
            int plane = image + channelOf(tap) * h * w;
            int hOff = rowOffset(tap), wOff = colOffset(tap);
            int row = p0 / ow, col = p0 % ow;
            int done = 0;
            while (done < pc) {
                int jp = done / nr, j = done - jp * nr;
                int len = Math.min(Math.min(ow - col, nr - j), pc - done);
                copyRun(x, plane, row * sh + hOff, col * sw + wOff, len, dst, jp * kc * nr + kk * nr + j, 1);
                done += len;
                col += len;
                if (col == ow) {
                    col = 0;
                    row++;
                }
            }
            if (tail < nr) {
                int base = (panels - 1) * kc * nr + kk * nr;
                java.util.Arrays.fill(dst, base + tail, base + nr, 0f);
            }
        }
    }

    /**
     * Packs the transpose: rows {@code [k0, k0+kc)} become panel columns, positions
     * {@code [p0, p0+pc)} the reduction, {@code dst[jp*pc*nr + (p-p0)*nr + j]} for tap
     * {@code k0 + jp*nr + j} (used for dW = dy * col^T). Taps past the end are zero.
     */
    void packAlongTaps(float[] x, int image, int k0, int kc, int p0, int pc, int nr, float[] dst) {
        int panels = (kc + nr - 1) / nr;
        for (int kk = 0; kk < panels * nr; kk++) {
            int jp = kk / nr, j = kk - jp * nr;
            int base = jp * pc * nr + j;
            if (kk >= kc) {
                for (int q = 0; q < pc; q++) {
                    dst[base + q * nr] = 0f;
                }
                continue;
            }
            int tap = k0 + kk;
            int plane = image + channelOf(tap) * h * w;
            int hOff = rowOffset(tap), wOff = colOffset(tap);
            int row = p0 / ow, col = p0 % ow;
            int done = 0;
            while (done < pc) {
                int len = Math.min(ow - col, pc - done);
                copyRun(x, plane, row * sh + hOff, col * sw + wOff, len, dst, base + done * nr, nr);
                done += len;
                col = 0;
                row++;
            }
        }
    }

    /** Input channel of row {@code tap} = (c, kh, kw) of the unfolded matrix. */
    private int channelOf(int tap) {
        return tap / (kh * kw);
    }

    /** Input row that {@code tap} reads for output row 0 (row {@code oh} reads {@code oh*sh} further down). */
    private int rowOffset(int tap) {
        return (tap / kw) % kh * dh - padTop;
    }

    /** Input column that {@code tap} reads for output column 0. */
    private int colOffset(int tap) {
        return tap % kw * dw - padLeft;
    }

    /**
     * Writes {@code len} taps of one output row: input row {@code ih}, columns
     * {@code iw0, iw0+sw, ...}, to {@code dst[off], dst[off+step], ...}; cells outside the input are 0.
     */
    private void copyRun(float[] x, int plane, int ih, int iw0, int len, float[] dst, int off, int step) {
        if (ih < 0 || ih >= h) {
            for (int t = 0; t < len; t++) {
                dst[off + t * step] = 0f;
            }
            return;
        }
        int src = plane + ih * w;
        // taps t in [lo, hi) land inside the row
        int lo = iw0 >= 0 ? 0 : Math.min(len, (-iw0 + sw - 1) / sw);
        int hi = iw0 >= w ? 0 : Math.min(len, (w - 1 - iw0) / sw + 1);
        hi = Math.max(hi, lo);
        if (step == 1 && sw == 1) {
            java.util.Arrays.fill(dst, off, off + lo, 0f);
            System.arraycopy(x, src + iw0 + lo, dst, off + lo, hi - lo);
            java.util.Arrays.fill(dst, off + hi, off + len, 0f);
            return;
        }
        for (int t = 0; t < lo; t++) {
            dst[off + t * step] = 0f;
        }
        for (int t = lo; t < hi; t++) {
            dst[off + t * step] = x[src + iw0 + t * sw];
        }
        for (int t = hi; t < len; t++) {
            dst[off + t * step] = 0f;
        }
    }

    /**
     * col2im for a block: adds {@code dcol[(k)*pc + (p-p0)]} (all K rows, positions
     * {@code [p0, p0+pc)}) into the image at {@code dx[image..]}; taps in the padding are dropped.
     */
    void addBack(float[] dcol, int p0, int pc, float[] dx, int image, MicroKernel kernel) {
        for (int tap = 0; tap < k; tap++) {
            int plane = image + channelOf(tap) * h * w;
            int hOff = rowOffset(tap), wOff = colOffset(tap);
            int row = p0 / ow, col = p0 % ow;
            int done = 0;
            int srcRow = tap * pc;
            while (done < pc) {
                int len = Math.min(ow - col, pc - done);
                int ih = row * sh + hOff;
                if (ih >= 0 && ih < h) {
                    int iw0 = col * sw + wOff;
                    int lo = iw0 >= 0 ? 0 : Math.min(len, (-iw0 + sw - 1) / sw);
                    int hi = iw0 >= w ? 0 : Math.min(len, (w - 1 - iw0) / sw + 1);
                    int dst = plane + ih * w + iw0;
                    int src = srcRow + done;
                    if (sw == 1) {
                        if (hi > lo) {
                            kernel.add(dcol, src + lo, dx, dst + lo, hi - lo);
                        }
                    } else {
                        for (int t = lo; t < hi; t++) {
                            dx[dst + t * sw] += dcol[src + t];
                        }
                    }
                }
                done += len;
                col = 0;
                row++;
            }
        }
    }
}
