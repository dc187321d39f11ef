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
 * channel plane so that every pooling window becomes one matrix row, then reduce each row.
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
 * the result is the same. Single-threaded on purpose: it shows what the reshaping alone buys.
 */
public final class Im2colGemmConv implements Implementation {

    /** Largest im2col matrix built at once (elements); bigger batches go in chunks of images. */
    private static final int MAX_COL_ELEMENTS = 1 << 24;

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
                + "the product's inner loop runs over contiguous memory that the JIT vectorises, but it "
                + "writes and reads a matrix KH*KW times larger than the input and the product is not "
                + "cache-blocked or multi-threaded. Pooling unfolds each channel plane the same way and "
                + "takes the max or mean of each row (17.5.5).";
    }

    @Override
    public String documentSection() {
        return "001_ff6b80459da32d29.txt 17.2.4 img2col, 17.4.2 col2img, 17.5.5 pooling";
    }

    @Override
    public String variant() {
        return "plain Java GEMM, 1 thread";
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
        int k = c * g.kh() * g.kw();
        int positions = oh * ow;
        // col_w = W.reshape(OC, -1).T : (C*KH*KW) x OC
        float[] colW = transpose(w.data(), oc, k);
        float[] bias = b == null ? null : b.data();
        float[] yd = y.data();

        int chunk = imagesPerChunk(positions, k, n);
        float[] col = new float[chunk * positions * k];
        float[] out = new float[chunk * positions * oc];
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int images = Math.min(chunk, n - n0);
            int rows = images * positions;
            im2col(x.data(), n0 * c * h * wd, images, c, h, wd, g, 0f, col);
            matmul(col, colW, out, rows, k, oc);
            // out is (n, oh, ow) x oc; y is n x oc x (oh, ow): the document's reshape + transpose
            for (int i = 0; i < images; i++) {
                for (int o = 0; o < oc; o++) {
                    float bo = bias == null ? 0f : bias[o];
                    int yBase = ((n0 + i) * oc + o) * positions;
                    int rBase = i * positions;
                    for (int p = 0; p < positions; p++) {
                        yd[yBase + p] = out[(rBase + p) * oc + o] + bo;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- convolution backward

    @Override
    public void conv2dBackward(Tensor x, Tensor w, Tensor dy, Window g, Reduction reduction,
                               Tensor dx, Tensor dw, Tensor db) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oc = w.dim(0);
        int oh = dy.dim(2), ow = dy.dim(3);
        int k = c * g.kh() * g.kw();
        int positions = oh * ow;
        float[] dyd = dy.data();

        float[] dW2d = dw == null ? null : new float[k * oc];   // col_x^T * dy2d, (C*KH*KW) x OC
        float[] dB = db == null ? null : new float[oc];
        if (dx != null) {
            java.util.Arrays.fill(dx.data(), 0f);                // col2img adds into it
        }

        int chunk = imagesPerChunk(positions, k, n);
        float[] col = dW2d == null ? null : new float[chunk * positions * k];
        float[] dy2d = new float[chunk * positions * oc];
        float[] dcol = dx == null ? null : new float[chunk * positions * k];
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int images = Math.min(chunk, n - n0);
            int rows = images * positions;
            // dy2d = transpose(dy, (0, 2, 3, 1)).reshape(-1, OC)
            for (int i = 0; i < images; i++) {
                for (int o = 0; o < oc; o++) {
                    int src = ((n0 + i) * oc + o) * positions;
                    for (int p = 0; p < positions; p++) {
                        dy2d[(i * positions + p) * oc + o] = dyd[src + p];
                    }
                }
            }
            if (dB != null) {                                    // db = column sums of dy2d
                for (int r = 0; r < rows; r++) {
                    for (int o = 0; o < oc; o++) {
                        dB[o] += dy2d[r * oc + o];
                    }
                }
            }
            if (dW2d != null) {                                  // dW += col_x^T * dy2d
                im2col(x.data(), n0 * c * h * wd, images, c, h, wd, g, 0f, col);
                matmulTransposedLeftAdd(col, dy2d, dW2d, rows, k, oc);
            }
            if (dcol != null) {                                  // dcol = dy2d * col_w^T; dx = col2img(dcol)
                // col_w^T is W.reshape(OC, -1): the weight tensor's own layout
                matmul(dy2d, w.data(), dcol, rows, oc, k);
                col2im(dcol, images, c, h, wd, g, dx.data(), n0 * c * h * wd);
            }
        }
        float scale = reduction == Reduction.MEAN ? n : 1f;
        if (dW2d != null) {                                      // dW.T.reshape(OC, C, KH, KW)
            float[] dwd = dw.data();
            for (int o = 0; o < oc; o++) {
                for (int j = 0; j < k; j++) {
                    dwd[o * k + j] = dW2d[j * oc + o] / scale;
                }
            }
        }
        if (dB != null) {
            for (int o = 0; o < oc; o++) {
                db.data()[o] = dB[o] / scale;
            }
        }
    }

    // ---------------------------------------------------------------- im2col and col2im

    @Override
    public void im2col(Tensor x, Window g, Tensor cols) {
        im2col(x.data(), 0, x.dim(0), x.dim(1), x.dim(2), x.dim(3), g, 0f, cols.data());
    }

    @Override
    public void col2im(Tensor cols, Window g, Tensor x) {
        java.util.Arrays.fill(x.data(), 0f);
        col2im(cols.data(), x.dim(0), x.dim(1), x.dim(2), x.dim(3), g, x.data(), 0);
    }

    /**
     * Unfolds {@code images} consecutive images of x (starting at {@code xOff}) into col: row
     * (n, oh, ow), column (c, kh, kw), row-major. Taps that fall in the padding get {@code pad}.
     */
    static void im2col(float[] x, int xOff, int images, int c, int h, int w, Window g, float pad, float[] col) {
        int oh = g.outH(h), ow = g.outW(w);
        int kh = g.kh(), kw = g.kw();
        int k = c * kh * kw;
        int row = 0;
        for (int n = 0; n < images; n++) {
            int image = xOff + n * c * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, row++) {
                    int dst = row * k;
                    for (int ch = 0; ch < c; ch++) {
                        int plane = image + ch * h * w;
                        for (int r = 0; r < kh; r++) {
                            int hi = i * g.sh() - g.padTop() + r * g.dh();
                            boolean rowInside = hi >= 0 && hi < h;
                            for (int s = 0; s < kw; s++) {
                                int wi = j * g.sw() - g.padLeft() + s * g.dw();
                                col[dst++] = rowInside && wi >= 0 && wi < w ? x[plane + hi * w + wi] : pad;
                            }
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of im2col: adds every entry of col into x at its tap; padding taps are dropped. */
    static void col2im(float[] col, int images, int c, int h, int w, Window g, float[] x, int xOff) {
        int oh = g.outH(h), ow = g.outW(w);
        int kh = g.kh(), kw = g.kw();
        int k = c * kh * kw;
        int row = 0;
        for (int n = 0; n < images; n++) {
            int image = xOff + n * c * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, row++) {
                    int src = row * k;
                    for (int ch = 0; ch < c; ch++) {
                        int plane = image + ch * h * w;
                        for (int r = 0; r < kh; r++) {
                            int hi = i * g.sh() - g.padTop() + r * g.dh();
                            for (int s = 0; s < kw; s++, src++) {
                                int wi = j * g.sw() - g.padLeft() + s * g.dw();
                                if (hi >= 0 && hi < h && wi >= 0 && wi < w) {
                                    x[plane + hi * w + wi] += col[src];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- the matrix products

    /** c (m x n) = a (m x k) * b (k x n). The i-k-j order keeps the inner loop on contiguous rows. */
    static void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float aip = a[i * k + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    /** c (k x n) += a^T * b, where a is m x k and b is m x n. */
    static void matmulTransposedLeftAdd(float[] a, float[] b, float[] c, int m, int k, int n) {
        for (int r = 0; r < m; r++) {
            int br = r * n;
            for (int i = 0; i < k; i++) {
                float ari = a[r * k + i];
                int ci = i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += ari * b[br + j];
                }
            }
        }
    }

    /** The transpose of a rows x cols row-major matrix. */
    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    private static int imagesPerChunk(int positions, int k, int n) {
        long perImage = (long) positions * k;
        return (int) Math.max(1, Math.min(n, MAX_COL_ELEMENTS / Math.max(1, perImage)));
    }

    // ---------------------------------------------------------------- pooling (17.5.5)
    // Each channel plane is unfolded on its own (as an image with one channel), so that a row of
    // the matrix is one pooling window; the pooled value is then a reduction along the row.

    @Override
    public void maxPool2d(Tensor x, Window g, Tensor y) {
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        int positions = g.outH(h) * g.outW(w), taps = g.kh() * g.kw();
        float[] col = new float[positions * taps];
        for (int pl = 0; pl < planes; pl++) {
            // padded cells hold -inf, so they never win (and an all-padding window gives -inf)
            im2col(x.data(), pl * h * w, 1, 1, h, w, g, Float.NEGATIVE_INFINITY, col);
            for (int p = 0; p < positions; p++) {
                float best = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < taps; t++) {
                    best = Math.max(best, col[p * taps + t]);
                }
                y.data()[pl * positions + p] = best;
            }
        }
    }

    @Override
    public void avgPool2d(Tensor x, Window g, boolean countIncludePad, Tensor y) {
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        int positions = g.outH(h) * g.outW(w), taps = g.kh() * g.kw();
        float[] divisor = divisors(g, h, w, countIncludePad);
        float[] col = new float[positions * taps];
        for (int pl = 0; pl < planes; pl++) {
            im2col(x.data(), pl * h * w, 1, 1, h, w, g, 0f, col);
            for (int p = 0; p < positions; p++) {
                float sum = 0f;
                for (int t = 0; t < taps; t++) {
                    sum += col[p * taps + t];
                }
                y.data()[pl * positions + p] = sum / divisor[p];
            }
        }
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor dy, Window g, Tensor dx) {
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        int positions = g.outH(h) * g.outW(w), taps = g.kh() * g.kw();
        float[] col = new float[positions * taps];
        float[] dcol = new float[positions * taps];
        java.util.Arrays.fill(dx.data(), 0f);
        for (int pl = 0; pl < planes; pl++) {
            im2col(x.data(), pl * h * w, 1, 1, h, w, g, Float.NEGATIVE_INFINITY, col);
            java.util.Arrays.fill(dcol, 0f);
            for (int p = 0; p < positions; p++) {
                // the first maximum of the row: strict '>' keeps the earliest tap
                int best = 0;
                for (int t = 1; t < taps; t++) {
                    if (col[p * taps + t] > col[p * taps + best]) {
                        best = t;
                    }
                }
                dcol[p * taps + best] = dy.data()[pl * positions + p];
            }
            // a maximum that sits in the padding (only when the window is all padding) is dropped here
            col2im(dcol, 1, 1, h, w, g, dx.data(), pl * h * w);
        }
    }

    @Override
    public void avgPool2dBackward(Tensor dy, Window g, boolean countIncludePad, Tensor dx) {
        int planes = dx.dim(0) * dx.dim(1), h = dx.dim(2), w = dx.dim(3);
        int positions = g.outH(h) * g.outW(w), taps = g.kh() * g.kw();
        float[] divisor = divisors(g, h, w, countIncludePad);
        float[] dcol = new float[positions * taps];
        java.util.Arrays.fill(dx.data(), 0f);
        for (int pl = 0; pl < planes; pl++) {
            for (int p = 0; p < positions; p++) {
                java.util.Arrays.fill(dcol, p * taps, (p + 1) * taps, dy.data()[pl * positions + p] / divisor[p]);
            }
            col2im(dcol, 1, 1, h, w, g, dx.data(), pl * h * w);   // shares on padding taps are dropped
        }
    }

    /** Divisor of each output position: KH*KW, or the number of taps inside the input. */
    static float[] divisors(Window g, int h, int w, boolean countIncludePad) {
        int oh = g.outH(h), ow = g.outW(w);
        float[] d = new float[oh * ow];
        for (int i = 0; i < oh; i++) {
            int rows = countIncludePad ? g.kh() : insideTaps(i, g.kh(), g.sh(), g.padTop(), g.dh(), h);
            for (int j = 0; j < ow; j++) {
                int cols = countIncludePad ? g.kw() : insideTaps(j, g.kw(), g.sw(), g.padLeft(), g.dw(), w);
                d[i * ow + j] = rows * cols;
            }
        }
        return d;
    }

    /** How many of the k taps of output position o land inside [0, size). */
    static int insideTaps(int o, int k, int stride, int padBefore, int dilation, int size) {
        int count = 0;
        for (int t = 0; t < k; t++) {
            int i = o * stride - padBefore + t * dilation;
            if (i >= 0 && i < size) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void relu(Tensor x, Tensor y) {
        float[] in = x.data(), out = y.data();
        for (int i = 0; i < in.length; i++) {
            out[i] = Math.max(0f, in[i]);
        }
    }
}
