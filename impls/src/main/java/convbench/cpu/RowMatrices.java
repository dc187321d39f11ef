package convbench.cpu;

/**
 * The plain matrix products of {@link Im2colGemmConv}, on matrices stored as arrays of rows.
 * Besides reading like the document, rows matter for speed: the JIT of JDK 17 only vectorises a
 * loop like {@code c[j] += a * b[j]} when both arrays are indexed by the same j, which a row array
 * gives for free. Not cache-blocked, not register-tiled: compare {@link BlockedGemmConv}.
 */
final class RowMatrices {
    private RowMatrices() {
    }

    /**
     * Columns [from, to) of c = a * b, in i-k-j order: the inner loop runs along a row of b and a
     * row of c. Four steps of k per pass load and store the row of c four times less often.
     */
    static void matmulColumns(float[][] a, float[][] b, float[][] c, int from, int to) {
        int k = b.length;
        for (int i = 0; i < c.length; i++) {
            float[] ci = c[i], ai = a[i];
            java.util.Arrays.fill(ci, from, to, 0f);
            int p = 0;
            for (; p + 4 <= k; p += 4) {
                float a0 = ai[p], a1 = ai[p + 1], a2 = ai[p + 2], a3 = ai[p + 3];
                float[] b0 = b[p], b1 = b[p + 1], b2 = b[p + 2], b3 = b[p + 3];
                for (int j = from; j < to; j++) {
                    ci[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                }
            }
            for (; p < k; p++) {
                float a0 = ai[p];
                float[] b0 = b[p];
                for (int j = from; j < to; j++) {
                    ci[j] += a0 * b0[j];
                }
            }
        }
    }

    /** c += (rows [from, to) of a)^T * (the same rows of b), four rows per pass over a row of c. */
    static void matmulTransposedLeftAddRows(float[][] a, float[][] b, float[][] c, int from, int to) {
        int k = c.length;
        int r = from;
        for (; r + 4 <= to; r += 4) {
            float[] b0 = b[r], b1 = b[r + 1], b2 = b[r + 2], b3 = b[r + 3];
            for (int i = 0; i < k; i++) {
                float a0 = a[r][i], a1 = a[r + 1][i], a2 = a[r + 2][i], a3 = a[r + 3][i];
                float[] ci = c[i];
                for (int j = 0; j < ci.length; j++) {
                    ci[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                }
            }
        }
        for (; r < to; r++) {
            float[] b0 = b[r];
            for (int i = 0; i < k; i++) {
                float a0 = a[r][i];
                float[] ci = c[i];
                for (int j = 0; j < ci.length; j++) {
                    ci[j] += a0 * b0[j];
                }
            }
        }
    }

    /** t = the transpose of a (rows x cols), in 32 x 32 tiles to stay in cache. */
    static void transpose(float[][] a, float[][] t) {
        int rows = a.length, cols = t.length;
        for (int i0 = 0; i0 < rows; i0 += 32) {
            for (int j0 = 0; j0 < cols; j0 += 32) {
                for (int i = i0, ie = Math.min(rows, i0 + 32); i < ie; i++) {
                    float[] ai = a[i];
                    for (int j = j0, je = Math.min(cols, j0 + 32); j < je; j++) {
                        t[j][i] = ai[j];
                    }
                }
            }
        }
    }

    /** A flat row-major matrix as an array of rows. */
    static float[][] rows(float[] flat, int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, m[r], 0, cols);
        }
        return m;
    }
}
