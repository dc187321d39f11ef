package convbench.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel of {@link ChannelTiledConv}, with the Vector API: a tile of 6 rows x 2
 * vectors of output channels (6 x 32 floats with AVX-512) held in 12 registers. Each step loads
 * two vectors of packed weights (or of transposed dy), broadcasts six input values read straight
 * from the (padded) input and issues twelve fused multiply-adds. (One flat loop over the
 * reduction with an offset table: with a loop over taps around a loop over channels, the JIT of
 * JDK 17 kept the vectors in memory and the forward ran 20x slower.) Loaded only when
 * {@code jdk.incubator.vector} is present (see {@link MicroKernels}).
 */
final class VectorChannelTiles extends ChannelTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    VectorChannelTiles() {
        super(6, 2 * L);
    }

    @Override
    String describe() {
        return "output-channel tiles " + mr + "x" + nr + " (Vector API, " + L + " lanes)";
    }

    @Override
    void run(float[] x, int xOff, int[] rows, int rOff, int[] offsets, int from, int count, float[] b, int bOff,
             float[] acc, int accOff) {
        int s = 2 * L;
        FloatVector r00 = FloatVector.fromArray(S, acc, accOff), r01 = FloatVector.fromArray(S, acc, accOff + L);
        FloatVector r10 = FloatVector.fromArray(S, acc, accOff + s), r11 = FloatVector.fromArray(S, acc, accOff + s + L);
        FloatVector r20 = FloatVector.fromArray(S, acc, accOff + 2 * s);
        FloatVector r21 = FloatVector.fromArray(S, acc, accOff + 2 * s + L);
        FloatVector r30 = FloatVector.fromArray(S, acc, accOff + 3 * s);
        FloatVector r31 = FloatVector.fromArray(S, acc, accOff + 3 * s + L);
        FloatVector r40 = FloatVector.fromArray(S, acc, accOff + 4 * s);
        FloatVector r41 = FloatVector.fromArray(S, acc, accOff + 4 * s + L);
        FloatVector r50 = FloatVector.fromArray(S, acc, accOff + 5 * s);
        FloatVector r51 = FloatVector.fromArray(S, acc, accOff + 5 * s + L);
        int a0 = xOff + rows[rOff], a1 = xOff + rows[rOff + 1], a2 = xOff + rows[rOff + 2],
                a3 = xOff + rows[rOff + 3], a4 = xOff + rows[rOff + 4], a5 = xOff + rows[rOff + 5];
        int bi = bOff;
        for (int e = from, end = from + count; e < end; e++, bi += s) {
            int q = offsets[e];
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector v = FloatVector.broadcast(S, x[a0 + q]);
            r00 = v.fma(b0, r00);
            r01 = v.fma(b1, r01);
            v = FloatVector.broadcast(S, x[a1 + q]);
            r10 = v.fma(b0, r10);
            r11 = v.fma(b1, r11);
            v = FloatVector.broadcast(S, x[a2 + q]);
            r20 = v.fma(b0, r20);
            r21 = v.fma(b1, r21);
            v = FloatVector.broadcast(S, x[a3 + q]);
            r30 = v.fma(b0, r30);
            r31 = v.fma(b1, r31);
            v = FloatVector.broadcast(S, x[a4 + q]);
            r40 = v.fma(b0, r40);
            r41 = v.fma(b1, r41);
            v = FloatVector.broadcast(S, x[a5 + q]);
            r50 = v.fma(b0, r50);
            r51 = v.fma(b1, r51);
        }
        store(acc, accOff, r00, r01, r10, r11, r20, r21, r30, r31, r40, r41, r50, r51);
    }

    private static void store(float[] c, int off, FloatVector r00, FloatVector r01, FloatVector r10, FloatVector r11,
                              FloatVector r20, FloatVector r21, FloatVector r30, FloatVector r31, FloatVector r40,
                              FloatVector r41, FloatVector r50, FloatVector r51) {
        int s = 2 * L;
        r00.intoArray(c, off);
        r01.intoArray(c, off + L);
        r10.intoArray(c, off + s);
        r11.intoArray(c, off + s + L);
        r20.intoArray(c, off + 2 * s);
        r21.intoArray(c, off + 2 * s + L);
        r30.intoArray(c, off + 3 * s);
        r31.intoArray(c, off + 3 * s + L);
        r40.intoArray(c, off + 4 * s);
        r41.intoArray(c, off + 4 * s + L);
        r50.intoArray(c, off + 5 * s);
        r51.intoArray(c, off + 5 * s + L);
    }
}
