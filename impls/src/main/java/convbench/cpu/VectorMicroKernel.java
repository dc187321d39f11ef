package convbench.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API micro-kernel: a 6 x (2 vectors) tile of C held in 12 vector registers. Each k step
 * loads two vectors of B, broadcasts six values of A and issues twelve fused multiply-adds, so
 * the loop is bound by the FMA units rather than by loads. With 512-bit vectors the tile is
 * 6 x 32 floats. This class is only loaded when {@code jdk.incubator.vector} is present (see
 * {@link MicroKernels}); nothing else refers to it by name.
 */
final class VectorMicroKernel extends MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 6;
    static final int NR = 2 * L;

    VectorMicroKernel() {
        super(MR, NR);
    }

    @Override
    public String describe() {
        return "Vector API, " + L + " float lanes (" + S.vectorBitSize() + "-bit), " + MR + "x" + NR + " tile";
    }

    @Override
    public void run(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                    float[] init, int initOff) {
        int c0 = cOff, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        FloatVector r00, r01, r10, r11, r20, r21, r30, r31, r40, r41, r50, r51;
        if (init != null) {
            r00 = r01 = FloatVector.broadcast(S, init[initOff]);
            r10 = r11 = FloatVector.broadcast(S, init[initOff + 1]);
            r20 = r21 = FloatVector.broadcast(S, init[initOff + 2]);
            r30 = r31 = FloatVector.broadcast(S, init[initOff + 3]);
            r40 = r41 = FloatVector.broadcast(S, init[initOff + 4]);
            r50 = r51 = FloatVector.broadcast(S, init[initOff + 5]);
        } else {
            r00 = FloatVector.fromArray(S, c, c0);
            r01 = FloatVector.fromArray(S, c, c0 + L);
            r10 = FloatVector.fromArray(S, c, c1);
            r11 = FloatVector.fromArray(S, c, c1 + L);
            r20 = FloatVector.fromArray(S, c, c2);
            r21 = FloatVector.fromArray(S, c, c2 + L);
            r30 = FloatVector.fromArray(S, c, c3);
            r31 = FloatVector.fromArray(S, c, c3 + L);
            r40 = FloatVector.fromArray(S, c, c4);
            r41 = FloatVector.fromArray(S, c, c4 + L);
            r50 = FloatVector.fromArray(S, c, c5);
            r51 = FloatVector.fromArray(S, c, c5 + L);
        }
        int ai = aOff, bi = bOff;
        for (int k = 0; k < kc; k++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            r00 = x.fma(b0, r00);
            r01 = x.fma(b1, r01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            r10 = x.fma(b0, r10);
            r11 = x.fma(b1, r11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            r20 = x.fma(b0, r20);
            r21 = x.fma(b1, r21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            r30 = x.fma(b0, r30);
            r31 = x.fma(b1, r31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            r40 = x.fma(b0, r40);
            r41 = x.fma(b1, r41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            r50 = x.fma(b0, r50);
            r51 = x.fma(b1, r51);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + L);
        r10.intoArray(c, c1);
        r11.intoArray(c, c1 + L);
        r20.intoArray(c, c2);
        r21.intoArray(c, c2 + L);
        r30.intoArray(c, c3);
        r31.intoArray(c, c3 + L);
        r40.intoArray(c, c4);
        r41.intoArray(c, c4 + L);
        r50.intoArray(c, c5);
        r51.intoArray(c, c5 + L);
    }

    @Override
    public void runRowsA(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc,
                         float[] init, int initOff) {
        int c0 = cOff, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        FloatVector r00, r01, r10, r11, r20, r21, r30, r31, r40, r41, r50, r51;
        if (init != null) {
            r00 = r01 = FloatVector.broadcast(S, init[initOff]);
            r10 = r11 = FloatVector.broadcast(S, init[initOff + 1]);
            r20 = r21 = FloatVector.broadcast(S, init[initOff + 2]);
            r30 = r31 = FloatVector.broadcast(S, init[initOff + 3]);
            r40 = r41 = FloatVector.broadcast(S, init[initOff + 4]);
            r50 = r51 = FloatVector.broadcast(S, init[initOff + 5]);
        } else {
            r00 = FloatVector.fromArray(S, c, c0);
            r01 = FloatVector.fromArray(S, c, c0 + L);
            r10 = FloatVector.fromArray(S, c, c1);
            r11 = FloatVector.fromArray(S, c, c1 + L);
            r20 = FloatVector.fromArray(S, c, c2);
            r21 = FloatVector.fromArray(S, c, c2 + L);
            r30 = FloatVector.fromArray(S, c, c3);
            r31 = FloatVector.fromArray(S, c, c3 + L);
            r40 = FloatVector.fromArray(S, c, c4);
            r41 = FloatVector.fromArray(S, c, c4 + L);
            r50 = FloatVector.fromArray(S, c, c5);
            r51 = FloatVector.fromArray(S, c, c5 + L);
        }
        int bi = bOff;
        for (int k = 0; k < kc; k++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + k]);
            r00 = x.fma(b0, r00);
            r01 = x.fma(b1, r01);
            x = FloatVector.broadcast(S, a[a1 + k]);
            r10 = x.fma(b0, r10);
            r11 = x.fma(b1, r11);
            x = FloatVector.broadcast(S, a[a2 + k]);
            r20 = x.fma(b0, r20);
            r21 = x.fma(b1, r21);
            x = FloatVector.broadcast(S, a[a3 + k]);
            r30 = x.fma(b0, r30);
            r31 = x.fma(b1, r31);
            x = FloatVector.broadcast(S, a[a4 + k]);
            r40 = x.fma(b0, r40);
            r41 = x.fma(b1, r41);
            x = FloatVector.broadcast(S, a[a5 + k]);
            r50 = x.fma(b0, r50);
            r51 = x.fma(b1, r51);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + L);
        r10.intoArray(c, c1);
        r11.intoArray(c, c1 + L);
        r20.intoArray(c, c2);
        r21.intoArray(c, c2 + L);
        r30.intoArray(c, c3);
        r31.intoArray(c, c3 + L);
        r40.intoArray(c, c4);
        r41.intoArray(c, c4 + L);
        r50.intoArray(c, c5);
        r51.intoArray(c, c5 + L);
    }

    @Override
    public void add(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        int t = 0;
        for (int end = S.loopBound(len); t < end; t += L) {
            FloatVector.fromArray(S, dst, dstOff + t).add(FloatVector.fromArray(S, src, srcOff + t))
                    .intoArray(dst, dstOff + t);
        }
        for (; t < len; t++) {
            dst[dstOff + t] += src[srcOff + t];
        }
    }
}
