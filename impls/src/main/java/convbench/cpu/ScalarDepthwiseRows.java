package convbench.cpu;

/** Plain-loop {@link DepthwiseRows}: the fallback when the Vector API module is absent. */
final class ScalarDepthwiseRows implements DepthwiseRows {

    @Override
    public String describe() {
        return "scalar rows";
    }

    @Override
    public void forward(float[] src, int base, int[] off, float[] wt, int wOff, float bias, float[] y, int yOff,
                        int len) {
        for (int j = 0; j < len; j++) {
            float acc = bias;
            for (int t = 0; t < off.length; t++) {
                acc += wt[wOff + t] * src[base + off[t] + j];
            }
            y[yOff + j] = acc;
        }
    }

    @Override
    public void weightGradient(float[] src, int rowStep, int rows, int[] off, float[] dy, int dyOff, int len,
                               float[] acc) {
        for (int t = 0; t < off.length; t++) {
            float sum = 0f;
            for (int i = 0; i < rows; i++) {
                int s = i * rowStep + off[t], d = dyOff + i * len;
                for (int j = 0; j < len; j++) {
                    sum += dy[d + j] * src[s + j];
                }
            }
            acc[t] += sum;
        }
    }

    @Override
    public void dataGradient(float[] dst, int base, int[] off, float[] wt, int wOff, float[] dy, int dyOff, int len) {
        for (int t = 0; t < off.length; t++) {
            int d = base + off[t];
            float wv = wt[wOff + t];
            for (int j = 0; j < len; j++) {
                dst[d + j] += wv * dy[dyOff + j];
            }
        }
    }
}
