package convbench.cpu;

/**
 * The two packings of {@link BlockedGemmConv}: a matrix rearranged into MR-row panels (the
 * micro-kernel's A operand) or NR-column panels (its B operand), so that the micro-kernel reads
 * both with unit stride. The unfolded input is packed by {@link Im2colPanels} instead, straight
 * from x.
 */
final class PanelPacking {
    private PanelPacking() {
    }

    /**
     * Packs a rows x cols matrix, element (i, j) at {@code src[off + i*rowStride + j*colStride]},
     * into MR-row panels: {@code dst[dstOff + panel*cols*MR + j*MR + i]}; rows past the end are zero.
     */
    static void rowPanels(int mr, float[] src, int off, int rows, int cols, int rowStride, int colStride, float[] dst,
                               int dstOff) {
        for (int i0 = 0; i0 < rows; i0 += mr) {
            int base = dstOff + i0 * cols;                          // = panel * cols * mr
            int real = Math.min(mr, rows - i0);
            for (int i = 0; i < mr; i++) {
                if (i >= real) {
                    for (int j = 0; j < cols; j++) {
                        dst[base + j * mr + i] = 0f;
                    }
                    continue;
                }
                int s = off + (i0 + i) * rowStride;
                for (int j = 0; j < cols; j++) {
                    dst[base + j * mr + i] = src[s + j * colStride];
                }
            }
        }
    }

    /**
     * Packs a rows x cols matrix with unit column stride (element (i, j) at
     * {@code src[off + i*ld + j]}) into NR-column panels: {@code dst[panel*rows*NR + i*NR + j]}.
     */
    static void columnPanels(int nr, float[] src, int off, int rows, int cols, int ld, float[] dst) {
        for (int j0 = 0; j0 < cols; j0 += nr) {
            int base = j0 * rows;                                   // = panel * rows * nr
            int real = Math.min(nr, cols - j0);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(src, off + i * ld + j0, dst, base + i * nr, real);
                if (real < nr) {
                    java.util.Arrays.fill(dst, base + i * nr + real, base + (i + 1) * nr, 0f);
                }
            }
        }
    }
}
