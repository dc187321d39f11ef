package convbench.cpu;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;

/**
 * Convolution as one matrix product, the document's "method 3" (img2col, section 17.2.4), and
 * its backward pass through col2img (17.4.2). Pooling is done the same way (17.5.5): unfold each
 * channel plane into a matrix of its pooling windows, then reduce every window at once
 * ({@link Im2colPooling}).
 *
 * <p>Forward, as in the document's {@code forward_img2col}:
 * <ol>
 *   <li>{@code col_x = img2col(x)}: a (N*OH*OW) x (C*KH*KW) matrix, one row per output position
 *       (n, oh, ow), one column per kernel tap (c, kh, kw); taps in the padding are 0.</li>
 *   <li>{@code col_w = W.reshape(OC, -1).T}: the (C*KH*KW) x OC weight matrix.</li>
 *   <li>{@code out = col_x * col_w + b}: (N*OH*OW) x OC, then reshaped to N x OH x OW x OC and
 *       transposed to NCHW.</li>
 * </ol>
 * Backward, as in {@code backward_col2img}: {@code dy} is transposed and reshaped to
 * {@code dy2d} (N*OH*OW) x OC; {@code db} = column sums of dy2d; {@code dW = col_x^T * dy2d};
 * {@code dcol = dy2d * col_w^T}; {@code dx = col2img(dcol)}, where overlapping windows add up.
 *
 * <p>The matrix has C*KH*KW times more elements than the input, so for a large batch the images
 * are processed a few at a time: the rows of one chunk are a slice of the document's matrix and
 * the result is the same. The products are plain i-k-j loops over arrays of rows, not
 * cache-blocked or register-tiled (compare {@link BlockedGemmConv}); their columns are split over
 * the threads ({@code -Dconvbench.threads}), as numpy's {@code np.dot} would hand them to a
 * multi-threaded BLAS. im2col and col2img run on one thread.
 *
 * <p>With {@link convbench.api.PhaseTimed} on, each call adds the time of its phases: im2col, the reshapes and
 * transposes around the products, the products (GEMM, summed over the threads), col2im, the bias
 * gradient and the pooling reductions; what is left of the cores' time is allocation of the
 * matrices and the other thread waiting while one thread unfolds.
 */
public final class Im2colGemmConv implements Implementation, PhaseClocked {

    /** Largest im2col matrix built at once (elements); bigger batches go in chunks of images. */
    private static final int MAX_COL_ELEMENTS = 1 << 24;
    private final WorkerPool pool = new WorkerPool(CpuThreads.configured());
    private static final int IM2COL = 0, LAYOUT = 1, GEMM = 2, COL2IM = 3, BIAS = 4, REDUCE = 5;
    private final PhaseClock clock = new PhaseClock(pool.threads(), "im2col", "reshape and transpose", "GEMM",
            "col2im", "bias gradient", "pooling reduction");

    @Override
    public String name() {
        return "im2col";
    }

    @Override
    public String description() {
        return "The document's method 3: img2col unfolds every receptive field of the input into one row "
                + "of a (N*OH*OW) x (C*KH*KW) matrix, so the whole convolution becomes a single matrix "
                + "product with the (C*KH*KW) x OC weight matrix, followed by a reshape to NCHW; backward "
                + "is two more products (dW = col^T * dy, dcol = dy * W^T) and col2img folds dcol back, "
                + "adding overlapping cells. It is much faster than loops over the seven indices because "
                + "the product's inner loop runs along contiguous rows that the JIT turns into SIMD "
                + "instructions, and the columns of the product are shared among the threads. It is still "
                + "several times slower than a tuned GEMM: it writes and reads a matrix KH*KW times larger "
                + "than the input, and the product is not cache-blocked or register-tiled, so every "
                + "multiply-add loads and stores memory. Pooling unfolds each channel plane the same way, "
                + "one line per tap across all windows, and takes the max or mean over the taps of every "
                + "window at once (17.5.5).";
    }

    @Override
    public String documentSection() {
        return "001_ff6b80459da32d29.txt 17.2.4 img2col, 17.4.2 col2img, 17.5.5 pooling";
    }

    @Override
    public String variant() {
        return "plain Java GEMM loops, split over " + pool.describe();
    }

    @Override
    public PhaseClock phaseClock() {
        return clock;
    }

    @Override
    public Support supports(Op op, Window window) {
        if (op == Op.OUTPUT_SHAPE) {
            return Support.no("output_shape is geometry, computed by the harness, not by an implementation");
        }
        return Support.yes();
    }

    // ---------------------------------------------------------------- convolution forward

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oc = w.dim(0);
        int oh = g.outH(h), ow = g.outW(wd);
        // With g groups the layer is g independent convolutions (Caffe's and PyTorch's im2col path
        // does the same): group gi unfolds only its C/g input channels and multiplies them by the
        // rows of W that belong to its OC/g output channels. g = 1 is the document's method 3.
        int groups = g.groups(), cg = c / groups, og = oc / groups;
        int k = cg * g.kh() * g.kw();
        int positions = oh * ow;
        int imageSize = c * h * wd;
        // col_w = W.reshape(OC, -1).T is (C*KH*KW) x OC. We compute the transposed product
        // out^T = (col_x * col_w)^T = col_w^T * col_x^T = W.reshape(OC, -1) * col_x^T: the same
        // numbers, but the long dimension (output positions) is the innermost loop, which the JIT
        // vectorises well, and the result is already channel-major, as NCHW wants.
        float[][] wMat = RowMatrices.rows(w.data(), oc, k);
        float[] bias = b == null ? null : b.data();
        float[] yd = y.data();

        int chunk = imagesPerChunk(positions, k, n);
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int images = Math.min(chunk, n - n0);
            int rows = images * positions;
            // one set of matrices for all groups (each group overwrites them): with many small
            // groups, allocating them per group would cost more than the products
            float[][] colX = new float[rows][k];
            float[][] colXT = new float[k][rows];
            float[][] outT = new float[og][rows];
            for (int gi = 0; gi < groups; gi++) {
                long t = clock.start();
                im2col(x.data(), n0 * imageSize + gi * cg * h * wd, images, imageSize, cg, h, wd, g, 0f, colX);
                t = clock.stop(0, IM2COL, t);
                RowMatrices.transpose(colX, colXT);
                clock.stop(0, LAYOUT, t);
                matmul(groupRows(wMat, gi, og), colXT, outT);
                t = clock.start();
                // out^T is og x (n, oh, ow); y is n x oc x (oh, ow): the document's reshape + transpose
                for (int i = 0; i < images; i++) {
                    for (int o = 0; o < og; o++) {
                        int channel = gi * og + o;
                        float bo = bias == null ? 0f : bias[channel];
                        int yBase = ((n0 + i) * oc + channel) * positions;
                        float[] src = outT[o];
                        for (int p = 0; p < positions; p++) {
                            yd[yBase + p] = src[i * positions + p] + bo;
                        }
                    }
                }
                clock.stop(0, LAYOUT, t);
            }
        }
    }

    /** Rows [gi*og, (gi+1)*og) of a matrix: the output channels of group gi (shares the rows). */
    private static float[][] groupRows(float[][] m, int gi, int og) {
        return java.util.Arrays.copyOfRange(m, gi * og, (gi + 1) * og);
    }

    // ---------------------------------------------------------------- convolution backward

    @Override
    public void conv2dBackward(Tensor x, Tensor w, Tensor dy, Window g, Reduction reduction,
                               Tensor dx, Tensor dw, Tensor db) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oc = w.dim(0);
        int oh = dy.dim(2), ow = dy.dim(3);
        int groups = g.groups(), cg = c / groups, og = oc / groups;    // each group on its own, as forward
        int k = cg * g.kh() * g.kw();
        int positions = oh * ow;
        int imageSize = c * h * wd;
        float[] dyd = dy.data();
        float[][] wMat = RowMatrices.rows(w.data(), oc, k);                  // = col_w^T

        // The document computes dW = col_x^T * dy2d, (C*KH*KW) x OC, and then dW.T.reshape(OC, ...).
        // We compute dW.T = dy2d^T * col_x directly: OC x (C*KH*KW), the OIHW layout of dw.
        float[][] dWT = dw == null ? null : new float[oc][k];
        double[] dB = db == null ? null : new double[oc];       // a long sum: kept in double
        if (dx != null) {
            java.util.Arrays.fill(dx.data(), 0f);                // col2img adds into it
        }

        int chunk = imagesPerChunk(positions, k, n);
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int images = Math.min(chunk, n - n0);
            int rows = images * positions;
            float[][] dy2d = new float[rows][og];                // reused by every group, as forward
            float[][] colX = dWT == null ? null : new float[rows][k];
            float[][] dcol = dx == null ? null : new float[rows][k];
            for (int gi = 0; gi < groups; gi++) {
                // dy2d = transpose(dy, (0, 2, 3, 1)).reshape(-1, OC), the group's og columns of it
                long t = clock.start();
                for (int i = 0; i < images; i++) {
                    for (int o = 0; o < og; o++) {
                        int src = ((n0 + i) * oc + gi * og + o) * positions;
                        for (int p = 0; p < positions; p++) {
                            dy2d[i * positions + p][o] = dyd[src + p];
                        }
                    }
                }
                t = clock.stop(0, LAYOUT, t);
                if (dB != null) {                                // db = column sums of dy2d
                    for (float[] row : dy2d) {
                        for (int o = 0; o < og; o++) {
                            dB[gi * og + o] += row[o];
                        }
                    }
                    clock.stop(0, BIAS, t);
                }
                int xOff = n0 * imageSize + gi * cg * h * wd;    // the group's first input plane
                if (dWT != null) {                               // dW.T += dy2d^T * col_x
                    t = clock.start();
                    im2col(x.data(), xOff, images, imageSize, cg, h, wd, g, 0f, colX);
                    clock.stop(0, IM2COL, t);
                    matmulTransposedLeftAdd(dy2d, colX, groupRows(dWT, gi, og));
                }
                if (dx != null) {                                // dcol = dy2d * col_w^T; dx = col2img(dcol)
                    matmul(dy2d, groupRows(wMat, gi, og), dcol);
                    t = clock.start();
                    col2im(dcol, images, imageSize, cg, h, wd, g, dx.data(), xOff);
                    clock.stop(0, COL2IM, t);
                }
            }
        }
        float scale = reduction == Reduction.MEAN ? n : 1f;
        if (dWT != null) {                                       // dW.T.reshape(OC, C/g, KH, KW)
            float[] dwd = dw.data();
            for (int o = 0; o < oc; o++) {
                for (int j = 0; j < k; j++) {
                    dwd[o * k + j] = dWT[o][j] / scale;
                }
            }
        }
        if (dB != null) {
            for (int o = 0; o < oc; o++) {
                db.data()[o] = (float) (dB[o] / scale);
            }
        }
    }

    // ---------------------------------------------------------------- im2col and col2im

    @Override
    public void im2col(Tensor x, Window g, Tensor cols) {
        int rows = cols.dim(0), k = cols.dim(1);
        float[][] col = new float[rows][k];
        im2col(x.data(), 0, x.dim(0), x.dim(1) * x.dim(2) * x.dim(3), x.dim(1), x.dim(2), x.dim(3), g, 0f, col);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(col[r], 0, cols.data(), r * k, k);
        }
    }

    @Override
    public void col2im(Tensor cols, Window g, Tensor x) {
        float[][] col = RowMatrices.rows(cols.data(), cols.dim(0), cols.dim(1));
        java.util.Arrays.fill(x.data(), 0f);
        col2im(col, x.dim(0), x.dim(1) * x.dim(2) * x.dim(3), x.dim(1), x.dim(2), x.dim(3), g, x.data(), 0);
    }

    /**
     * Unfolds {@code c} channels of {@code images} consecutive images of x into col: row
     * (n, oh, ow), column (c, kh, kw). Image n's first channel is at {@code xOff + n*imageStride}
     * (the stride is larger than c*h*w when c is one group's share of the channels). Taps that
     * fall in the padding get {@code pad}.
     */
    static void im2col(float[] x, int xOff, int images, int imageStride, int c, int h, int w, Window g,
                       float pad, float[][] col) {
        int oh = g.outH(h), ow = g.outW(w);
        int kh = g.kh(), kw = g.kw();
        int row = 0;
        for (int n = 0; n < images; n++) {
            int image = xOff + n * imageStride;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, row++) {
                    float[] dst = col[row];
                    int t = 0;
                    for (int ch = 0; ch < c; ch++) {
                        int plane = image + ch * h * w;
                        for (int r = 0; r < kh; r++) {
                            int hi = i * g.sh() - g.padTop() + r * g.dh();
                            boolean rowInside = hi >= 0 && hi < h;
                            for (int s = 0; s < kw; s++) {
                                int wi = j * g.sw() - g.padLeft() + s * g.dw();
                                dst[t++] = rowInside && wi >= 0 && wi < w ? x[plane + hi * w + wi] : pad;
                            }
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of im2col: adds every entry of col into x at its tap; padding taps are dropped. */
    static void col2im(float[][] col, int images, int imageStride, int c, int h, int w, Window g, float[] x, int xOff) {
        int oh = g.outH(h), ow = g.outW(w);
        int kh = g.kh(), kw = g.kw();
        int row = 0;
        for (int n = 0; n < images; n++) {
            int image = xOff + n * imageStride;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, row++) {
                    float[] src = col[row];
                    int t = 0;
                    for (int ch = 0; ch < c; ch++) {
                        int plane = image + ch * h * w;
                        for (int r = 0; r < kh; r++) {
                            int hi = i * g.sh() - g.padTop() + r * g.dh();
                            for (int s = 0; s < kw; s++, t++) {
                                int wi = j * g.sw() - g.padLeft() + s * g.dw();
                                if (hi >= 0 && hi < h && wi >= 0 && wi < w) {
                                    x[plane + hi * w + wi] += src[t];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- the matrix products
    // Matrices are arrays of rows. Besides reading like the document, this matters for speed:
    // the JIT of JDK 17 only vectorises a loop like c[j] += a * b[j] when both arrays are indexed
    // by the same j, which a row array gives for free.

    /**
     * c = a * b (c[i] = sum over p of a[i][p] * b[p]), the columns of c split over the threads
     * (as numpy's np.dot hands the product to a multi-threaded BLAS).
     */
    private void matmul(float[][] a, float[][] b, float[][] c) {
        int n = c.length == 0 ? 0 : c[0].length;
        int parts = Math.min(pool.threads(), (n + 15) / 16);
        pool.run(parts, (worker, t) -> {
            long started = clock.start();
            RowMatrices.matmulColumns(a, b, c, n * t / parts, n * (t + 1) / parts);
            clock.stop(worker, GEMM, started);
        });
    }

    /**
     * c += a^T * b (c[i] += sum over r of a[r][i] * b[r]). The rows r (the sum) are split over
     * the threads; each sums its share into a private matrix, and the shares are added in order.
     */
    private void matmulTransposedLeftAdd(float[][] a, float[][] b, float[][] c) {
        int m = a.length, k = c.length, n = k == 0 ? 0 : c[0].length;
        int parts = Math.min(pool.threads(), Math.max(1, m / 64));
        float[][][] partial = new float[parts][][];
        pool.run(parts, (worker, t) -> {
            partial[t] = new float[k][n];
            long started = clock.start();
            RowMatrices.matmulTransposedLeftAddRows(a, b, partial[t], m * t / parts, m * (t + 1) / parts);
            clock.stop(worker, GEMM, started);
        });
        long started = clock.start();
        for (float[][] part : partial) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < n; j++) {
                    c[i][j] += part[i][j];
                }
            }
        }
        clock.stop(0, GEMM, started);
    }

    private static int imagesPerChunk(int positions, int k, int n) {
        long perImage = (long) positions * k;
        return (int) Math.max(1, Math.min(n, MAX_COL_ELEMENTS / Math.max(1, perImage)));
    }

    // ---------------------------------------------------------------- pooling (17.5.5)
    // Each channel plane is unfolded on its own (as an image with one channel), so that each line
    // of the matrix holds one tap of every pooling window; see Im2colPooling.

    @Override
    public void maxPool2d(Tensor x, Window g, Tensor y) {
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        int positions = g.outH(h) * g.outW(w);
        float[][] win = new float[g.kh() * g.kw()][positions];
        for (int pl = 0; pl < planes; pl++) {
            // padded cells hold -inf, so they never win (and an all-padding window gives -inf)
            long t = clock.start();
            Im2colPooling.unfold(x.data(), pl * h * w, h, w, g, Float.NEGATIVE_INFINITY, win);
            t = clock.stop(0, IM2COL, t);
            Im2colPooling.max(win, y.data(), pl * positions);
            clock.stop(0, REDUCE, t);
        }
    }

    @Override
    public void avgPool2d(Tensor x, Window g, boolean countIncludePad, Tensor y) {
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        int positions = g.outH(h) * g.outW(w);
        float[] divisor = PoolingLoops.divisors(g, h, w, countIncludePad);
        float[][] win = new float[g.kh() * g.kw()][positions];
        for (int pl = 0; pl < planes; pl++) {
            long t = clock.start();
            Im2colPooling.unfold(x.data(), pl * h * w, h, w, g, 0f, win);
            t = clock.stop(0, IM2COL, t);
            Im2colPooling.mean(win, divisor, y.data(), pl * positions);
            clock.stop(0, REDUCE, t);
        }
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor dy, Window g, Tensor dx) {
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        int positions = g.outH(h) * g.outW(w), taps = g.kh() * g.kw();
        float[][] win = new float[taps][positions];
        float[][] dwin = new float[taps][positions];
        int[] firstInside = Im2colPooling.firstInsideTaps(g, h, w);
        int[] best = new int[positions], bestKey = new int[positions];
        float[] dyd = dy.data();
        java.util.Arrays.fill(dx.data(), 0f);
        for (int pl = 0; pl < planes; pl++) {
            long t = clock.start();
            Im2colPooling.unfold(x.data(), pl * h * w, h, w, g, Float.NEGATIVE_INFINITY, win);
            t = clock.stop(0, IM2COL, t);
            Im2colPooling.argmax(win, firstInside, best, bestKey);
            int yOff = pl * positions;
            for (int tap = 0; tap < taps; tap++) {       // dy goes to the maximum's tap, 0 elsewhere
                float[] line = dwin[tap];
                for (int p = 0; p < positions; p++) {
                    line[p] = best[p] == tap ? dyd[yOff + p] : 0f;
                }
            }
            t = clock.stop(0, REDUCE, t);
            // a window all in the padding routes its gradient to tap 0, a padding tap: the fold drops it
            Im2colPooling.fold(dwin, h, w, g, dx.data(), pl * h * w);
            clock.stop(0, COL2IM, t);
        }
    }

    @Override
    public void avgPool2dBackward(Tensor dy, Window g, boolean countIncludePad, Tensor dx) {
        int planes = dx.dim(0) * dx.dim(1), h = dx.dim(2), w = dx.dim(3);
        int positions = g.outH(h) * g.outW(w), taps = g.kh() * g.kw();
        float[] divisor = PoolingLoops.divisors(g, h, w, countIncludePad);
        float[][] dwin = new float[taps][positions];
        float[] dyd = dy.data();
        java.util.Arrays.fill(dx.data(), 0f);
        for (int pl = 0; pl < planes; pl++) {
            long t = clock.start();
            int yOff = pl * positions;
            for (int p = 0; p < positions; p++) {        // every tap of window p gets dy / divisor
                dwin[0][p] = dyd[yOff + p] / divisor[p];
            }
            for (int tap = 1; tap < taps; tap++) {
                System.arraycopy(dwin[0], 0, dwin[tap], 0, positions);
            }
            t = clock.stop(0, REDUCE, t);
            Im2colPooling.fold(dwin, h, w, g, dx.data(), pl * h * w);   // shares on padding taps are dropped
            clock.stop(0, COL2IM, t);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public void relu(Tensor x, Tensor y) {
        float[] in = x.data(), out = y.data();
        for (int i = 0; i < in.length; i++) {
            out[i] = Math.max(0f, in[i]);
        }
    }
}
