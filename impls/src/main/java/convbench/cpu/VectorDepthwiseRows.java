package convbench.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link DepthwiseRows}: L consecutive output columns per vector (16 with AVX-512).
 * Forward keeps one vector of outputs in a register while it adds the KH*KW shifted input runs,
 * so each output is stored once; a row that is not a multiple of L ends with one vector that
 * overlaps the one before (those outputs are computed twice, identically), so no load or store
 * ever leaves the row. The gradients end their rows with scalar loops, because they accumulate
 * and an overlapping vector would add twice. Loaded like {@link VectorMicroKernel}, only when
 * {@code jdk.incubator.vector} is present.
 */
final class VectorDepthwiseRows implements DepthwiseRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public String describe() {
        return "Vector API rows, " + L + " lanes";
    }

    @Override
    public void forward(float[] src, int base, int[] off, float[] wt, int wOff, float bias, float[] y, int yOff,
                        int len) {
        int taps = off.length;
        if (len < L) {
            for (int j = 0; j < len; j++) {
                float acc = bias;
                for (int t = 0; t < taps; t++) {
                    acc += wt[wOff + t] * src[base + off[t] + j];
                }
                y[yOff + j] = acc;
            }
            return;
        }
        if (taps == 9) {
            forward9(src, base, off, wt, wOff, bias, y, yOff, len);
            return;
        }
        FloatVector start = FloatVector.broadcast(S, bias);
        for (int j = 0; ; j += L) {
            j = Math.min(j, len - L);                                  // the last vector may overlap
            FloatVector acc = start;
            for (int t = 0; t < taps; t++) {
                acc = FloatVector.fromArray(S, src, base + off[t] + j).fma(FloatVector.broadcast(S, wt[wOff + t]), acc);
            }
            acc.intoArray(y, yOff + j);
            if (j == len - L) {
                return;
            }
        }
    }

    /**
     * The 3x3 case (MobileNet's): the nine weights stay broadcast in registers for the whole row,
     * so each vector of outputs costs nine loads and nine FMAs.
     */
    private static void forward9(float[] src, int base, int[] off, float[] wt, int wOff, float bias, float[] y,
                                 int yOff, int len) {
        FloatVector w0 = FloatVector.broadcast(S, wt[wOff]), w1 = FloatVector.broadcast(S, wt[wOff + 1]);
        FloatVector w2 = FloatVector.broadcast(S, wt[wOff + 2]), w3 = FloatVector.broadcast(S, wt[wOff + 3]);
        FloatVector w4 = FloatVector.broadcast(S, wt[wOff + 4]), w5 = FloatVector.broadcast(S, wt[wOff + 5]);
        FloatVector w6 = FloatVector.broadcast(S, wt[wOff + 6]), w7 = FloatVector.broadcast(S, wt[wOff + 7]);
        FloatVector w8 = FloatVector.broadcast(S, wt[wOff + 8]);
        FloatVector start = FloatVector.broadcast(S, bias);
        int o0 = base + off[0], o1 = base + off[1], o2 = base + off[2], o3 = base + off[3], o4 = base + off[4];
        int o5 = base + off[5], o6 = base + off[6], o7 = base + off[7], o8 = base + off[8];
        for (int j = 0; ; j += L) {
            j = Math.min(j, len - L);                                  // the last vector may overlap
            FloatVector acc = FloatVector.fromArray(S, src, o0 + j).fma(w0, start);
            acc = FloatVector.fromArray(S, src, o1 + j).fma(w1, acc);
            acc = FloatVector.fromArray(S, src, o2 + j).fma(w2, acc);
            acc = FloatVector.fromArray(S, src, o3 + j).fma(w3, acc);
            acc = FloatVector.fromArray(S, src, o4 + j).fma(w4, acc);
            acc = FloatVector.fromArray(S, src, o5 + j).fma(w5, acc);
            acc = FloatVector.fromArray(S, src, o6 + j).fma(w6, acc);
            acc = FloatVector.fromArray(S, src, o7 + j).fma(w7, acc);
            acc = FloatVector.fromArray(S, src, o8 + j).fma(w8, acc);
            acc.intoArray(y, yOff + j);
            if (j == len - L) {
                return;
            }
        }
    }

    @Override
    public void weightGradient(float[] src, int rowStep, int rows, int[] off, float[] dy, int dyOff, int len,
                               float[] acc) {
        int full = len - len % L;
        for (int t = 0; t < off.length; t++) {
            FloatVector sum = FloatVector.zero(S);       // one vector of partial sums for the whole plane
            float tail = 0f;
            for (int i = 0; i < rows; i++) {
                int s = i * rowStep + off[t], d = dyOff + i * len;
                for (int j = 0; j < full; j += L) {
                    sum = FloatVector.fromArray(S, dy, d + j).fma(FloatVector.fromArray(S, src, s + j), sum);
                }
                for (int j = full; j < len; j++) {
                    tail += dy[d + j] * src[s + j];
                }
            }
            acc[t] += sum.reduceLanes(VectorOperators.ADD) + tail;
        }
    }

    @Override
    public void dataGradient(float[] dst, int base, int[] off, float[] wt, int wOff, float[] dy, int dyOff, int len) {
        int full = len - len % L;
        for (int t = 0; t < off.length; t++) {
            int d = base + off[t];
            float wv = wt[wOff + t];
            FloatVector wvec = FloatVector.broadcast(S, wv);
            for (int j = 0; j < full; j += L) {
                FloatVector.fromArray(S, dy, dyOff + j).fma(wvec, FloatVector.fromArray(S, dst, d + j))
                        .intoArray(dst, d + j);
            }
            for (int j = full; j < len; j++) {
                dst[d + j] += wv * dy[dyOff + j];
            }
        }
    }
}
