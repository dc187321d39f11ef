package convbench.cpu;

/**
 * The micro-kernel of {@link ChannelTiledConv}: an MR x NR tile whose NR columns are output
 * channels (so they fill vector registers) and whose MR rows are output positions (forward) or
 * weight taps (weight gradient). The row values are read in place from the padded input through
 * MR row offsets, so the unfolded input is never packed; the column values come from a panel
 * packed once per call, read with unit stride.
 */
abstract class ChannelTiles {
    /** Rows of the tile. */
    final int mr;
    /** Columns (output channels) of the tile. */
    final int nr;

    ChannelTiles(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    abstract String describe();

    /**
     * {@code acc[accOff + i*NR + j] += sum over e in [from, from+count) of x[xOff + rows[rOff + i] + offsets[e]] *
     * b[bOff + (e-from)*NR + j]}: row i of the tile reads the input at its own offset plus an offset per
     * step of the reduction (forward: rows are output positions, steps are (tap, input channel);
     * weight gradient: rows are (input channel, tap), steps are output positions).
     */
    abstract void run(float[] x, int xOff, int[] rows, int rOff, int[] offsets, int from, int count, float[] b,
                      int bOff, float[] acc, int accOff);
}
