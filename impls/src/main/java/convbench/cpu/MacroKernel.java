package convbench.cpu;

/**
 * The loops around the micro-kernel in {@link BlockedGemmConv} (BLIS's "macro-kernel"): one packed
 * block of A times one packed block of B, tile by tile, with the ragged edge tiles computed in a
 * small buffer so that the micro-kernel only ever sees full MR x NR tiles.
 */
final class MacroKernel {
    private final MicroKernel kernel;
    private final int mr;
    private final int nr;

    MacroKernel(MicroKernel kernel) {
        this.kernel = kernel;
        this.mr = kernel.mr;
        this.nr = kernel.nr;
    }

    /**
     * C (m x n, at c[cOff], row stride ldc) = start + A * B for packed A (MR-row panels, panel i
     * at {@code a[aOff + i*aPanelStride]}) and packed B (NR-column panels of depth kc). The
     * start is {@code init[row]} when init is given, else C's current contents. Ragged edge
     * tiles go through a small buffer so the micro-kernel only ever sees full tiles.
     */
    void run(int m, int n, int kc, float[] a, int aPanelStride, int aOff, float[] b,
                             float[] c, int cOff, int ldc, float[] init, float[] edge) {
        run(m, n, kc, a, aPanelStride, aOff, 0, b, c, cOff, ldc, init, edge);
    }

    /** As above; {@code lda > 0} means A is not packed but read in place, row i at aOff + i*lda (m a multiple of MR). */
    void run(int m, int n, int kc, float[] a, int aPanelStride, int aOff, int lda, float[] b,
                             float[] c, int cOff, int ldc, float[] init, float[] edge) {
        for (int jr = 0; jr * nr < n; jr++) {
            int cols = Math.min(nr, n - jr * nr);
            int bOff = jr * kc * nr;
            for (int ir = 0; ir * mr < m; ir++) {
                int rows = Math.min(mr, m - ir * mr);
                int aO = aOff + ir * aPanelStride;
                int cO = cOff + ir * mr * ldc + jr * nr;
                if (rows == mr && cols == nr) {
                    if (lda > 0) {
                        kernel.runRowsA(kc, a, aO, lda, b, bOff, c, cO, ldc, init, ir * mr);
                    } else {
                        kernel.run(kc, a, aO, b, bOff, c, cO, ldc, init, ir * mr);
                    }
                    continue;
                }
                if (init == null) {
                    java.util.Arrays.fill(edge, 0f);
                    for (int i = 0; i < rows; i++) {
                        System.arraycopy(c, cO + i * ldc, edge, i * nr, cols);
                    }
                }
                if (lda > 0) {
                    kernel.runRowsA(kc, a, aO, lda, b, bOff, edge, 0, nr, init, ir * mr);
                } else {
                    kernel.run(kc, a, aO, b, bOff, edge, 0, nr, init, ir * mr);
                }
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(edge, i * nr, c, cO + i * ldc, cols);
                }
            }
        }
    }
}
