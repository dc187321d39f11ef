package convbench.cpu;

/**
 * The three inner loops of depthwise convolution, each along one output row of {@code len}
 * columns. The input plane has been copied into a zero-bordered buffer ({@link DepthwiseConv}),
 * so the kernel tap t of output column j is {@code src[base + off[t] + j]}: every tap is a
 * contiguous run, and a row is a weighted sum of {@code off.length} shifted runs.
 */
interface DepthwiseRows {

    /** A few words for {@code variant()}. */
    String describe();

    /** {@code y[yOff + j] = bias + sum over t of wt[wOff + t] * src[base + off[t] + j]}. */
    void forward(float[] src, int base, int[] off, float[] wt, int wOff, float bias, float[] y, int yOff, int len);

    /**
     * A whole plane's share of dW: {@code acc[t] += sum over rows i < rows and j < len of
     * dy[dyOff + i*len + j] * src[i*rowStep + off[t] + j]} (a whole plane, so that the sums can
     * stay in registers from row to row).
     */
    void weightGradient(float[] src, int rowStep, int rows, int[] off, float[] dy, int dyOff, int len, float[] acc);

    /** {@code dst[base + off[t] + j] += wt[wOff + t] * dy[dyOff + j]} (the row's share of dx). */
    void dataGradient(float[] dst, int base, int[] off, float[] wt, int wOff, float[] dy, int dyOff, int len);
}
