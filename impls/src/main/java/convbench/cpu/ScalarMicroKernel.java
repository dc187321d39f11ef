package convbench.cpu;

/**
 * Plain Java micro-kernel, used when the Vector API module is not present. The tile sits in a
 * small local array; the JIT may vectorise the j loop, but nothing guarantees it.
 */
final class ScalarMicroKernel extends MicroKernel {
    static final int MR = 4;
    static final int NR = 16;

    ScalarMicroKernel() {
        super(MR, NR);
    }

    @Override
    public String describe() {
        return "scalar fallback (no jdk.incubator.vector), " + MR + "x" + NR + " tile";
    }

    @Override
    public void run(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                    float[] init, int initOff) {
        float[] acc = startTile(c, cOff, ldc, init, initOff);
        for (int k = 0; k < kc; k++) {
            int ak = aOff + k * MR, bk = bOff + k * NR;
            for (int i = 0; i < MR; i++) {
                float ai = a[ak + i];
                for (int j = 0; j < NR; j++) {
                    acc[i * NR + j] += ai * b[bk + j];
                }
            }
        }
        storeTile(acc, c, cOff, ldc);
    }

    @Override
    public void runRowsA(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc,
                         float[] init, int initOff) {
        float[] acc = startTile(c, cOff, ldc, init, initOff);
        for (int k = 0; k < kc; k++) {
            int bk = bOff + k * NR;
            for (int i = 0; i < MR; i++) {
                float ai = a[aOff + i * lda + k];
                for (int j = 0; j < NR; j++) {
                    acc[i * NR + j] += ai * b[bk + j];
                }
            }
        }
        storeTile(acc, c, cOff, ldc);
    }

    /** The tile's starting values: init's per-row value, or (init null) the tile's contents in c. */
    private static float[] startTile(float[] c, int cOff, int ldc, float[] init, int initOff) {
        float[] acc = new float[MR * NR];
        for (int i = 0; i < MR; i++) {
            for (int j = 0; j < NR; j++) {
                acc[i * NR + j] = init != null ? init[initOff + i] : c[cOff + i * ldc + j];
            }
        }
        return acc;
    }

    private static void storeTile(float[] acc, float[] c, int cOff, int ldc) {
        for (int i = 0; i < MR; i++) {
            System.arraycopy(acc, i * NR, c, cOff + i * ldc, NR);
        }
    }

    @Override
    public void add(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        for (int t = 0; t < len; t++) {
            dst[dstOff + t] += src[srcOff + t];
        }
    }
}
