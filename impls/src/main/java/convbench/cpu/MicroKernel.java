package convbench.cpu;

/**
 * The innermost block of a packed matrix product: an MR x NR tile of C computed from an MR-row
 * panel of A and an NR-column panel of B, both packed so that the k-th step reads MR (resp. NR)
 * consecutive floats: {@code a[aOff + k*MR + i]} and {@code b[bOff + k*NR + j]}. The tile lives
 * in registers for the whole k loop, so every loaded value feeds several multiply-adds.
 * A kernel's tile size is fixed when it is made.
 */
abstract class MicroKernel {
    /** Rows of the tile (rows of an A panel). */
    final int mr;
    /** Columns of the tile (columns of a B panel). */
    final int nr;

    MicroKernel(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    /** A few words for {@code variant()}. */
    public abstract String describe();

    /**
     * {@code C[i][j] = start + sum_k A[i][k] * B[k][j]} for the MR x NR tile at
     * {@code c[cOff + i*ldc + j]}, where start is {@code init[initOff + i]} (a per-row value such
     * as the bias) or, when {@code init} is null, the tile's current contents (accumulate).
     */
    public abstract void run(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                             float[] init, int initOff);

    /**
     * The same tile product, but with A read in place from MR rows of a row-major matrix,
     * {@code A[i][k] = a[aOff + i*lda + k]}, instead of from a packed panel. Used when A is
     * large and each of its values is used only a few times, so packing would cost more than
     * it saves (dy in dW = dy * col^T).
     */
    public abstract void runRowsA(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
                                  int ldc, float[] init, int initOff);

    /**
     * {@code dst[dstOff + t] += src[srcOff + t]} for t in [0, len): the inner loop of col2im. (The
     * JIT of JDK 17 does not vectorise it by itself: it cannot rule out that the two ranges overlap.)
     */
    public abstract void add(float[] src, int srcOff, float[] dst, int dstOff, int len);
}
