package convbench.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel of {@link ChannelTiledConv} for 512-bit vectors: a tile of 6 rows x 4 vectors
 * of output channels (6 x 64 floats) in 24 of AVX-512's 32 registers. Each step loads four vectors
 * of packed weights (or of transposed dy), broadcasts six input values and issues 24 fused
 * multiply-adds. (A 6 x 2 tile, 12 FMAs per step, is what fits the 16 registers of narrower
 * vectors; without 512-bit vectors {@link BlockedGemmConv} keeps its GEMM path, whose tile is that.)
 * One flat loop over the reduction with an offset table: see {@link ChannelTiledConv} for why the
 * calls are short. Loaded only when {@code jdk.incubator.vector} is present (see {@link MicroKernels}).
 */
final class VectorChannelTiles extends ChannelTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    VectorChannelTiles() {
        super(6, 4 * L);
    }

    @Override
    String describe() {
        return "output-channel tiles " + mr + "x" + nr + " (Vector API, " + L + " lanes)";
    }

    @Override
    void run(float[] x, int xOff, int[] rows, int rOff, int[] offsets, int from, int count, float[] b, int bOff,
             float[] acc, int accOff) {
        int s = 4 * L;
        FloatVector r00 = FloatVector.fromArray(S, acc, accOff + 0 * s + 0 * L);
        FloatVector r01 = FloatVector.fromArray(S, acc, accOff + 0 * s + 1 * L);
        FloatVector r02 = FloatVector.fromArray(S, acc, accOff + 0 * s + 2 * L);
        FloatVector r03 = FloatVector.fromArray(S, acc, accOff + 0 * s + 3 * L);
        FloatVector r10 = FloatVector.fromArray(S, acc, accOff + 1 * s + 0 * L);
        FloatVector r11 = FloatVector.fromArray(S, acc, accOff + 1 * s + 1 * L);
        FloatVector r12 = FloatVector.fromArray(S, acc, accOff + 1 * s + 2 * L);
        FloatVector r13 = FloatVector.fromArray(S, acc, accOff + 1 * s + 3 * L);
        FloatVector r20 = FloatVector.fromArray(S, acc, accOff + 2 * s + 0 * L);
        FloatVector r21 = FloatVector.fromArray(S, acc, accOff + 2 * s + 1 * L);
        FloatVector r22 = FloatVector.fromArray(S, acc, accOff + 2 * s + 2 * L);
        FloatVector r23 = FloatVector.fromArray(S, acc, accOff + 2 * s + 3 * L);
        FloatVector r30 = FloatVector.fromArray(S, acc, accOff + 3 * s + 0 * L);
        FloatVector r31 = FloatVector.fromArray(S, acc, accOff + 3 * s + 1 * L);
        FloatVector r32 = FloatVector.fromArray(S, acc, accOff + 3 * s + 2 * L);
        FloatVector r33 = FloatVector.fromArray(S, acc, accOff + 3 * s + 3 * L);
        FloatVector r40 = FloatVector.fromArray(S, acc, accOff + 4 * s + 0 * L);
        FloatVector r41 = FloatVector.fromArray(S, acc, accOff + 4 * s + 1 * L);
        FloatVector r42 = FloatVector.fromArray(S, acc, accOff + 4 * s + 2 * L);
        FloatVector r43 = FloatVector.fromArray(S, acc, accOff + 4 * s + 3 * L);
        FloatVector r50 = FloatVector.fromArray(S, acc, accOff + 5 * s + 0 * L);
        FloatVector r51 = FloatVector.fromArray(S, acc, accOff + 5 * s + 1 * L);
        FloatVector r52 = FloatVector.fromArray(S, acc, accOff + 5 * s + 2 * L);
        FloatVector r53 = FloatVector.fromArray(S, acc, accOff + 5 * s + 3 * L);
        int a0 = xOff + rows[rOff], a1 = xOff + rows[rOff + 1], a2 = xOff + rows[rOff + 2],
                a3 = xOff + rows[rOff + 3], a4 = xOff + rows[rOff + 4], a5 = xOff + rows[rOff + 5];
        int bi = bOff;
        for (int e = from, end = from + count; e < end; e++, bi += s) {
            int q = offsets[e];
            FloatVector b0 = FloatVector.fromArray(S, b, bi + 0 * L);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector v0 = FloatVector.broadcast(S, x[a0 + q]);
            r00 = v0.fma(b0, r00);
            r01 = v0.fma(b1, r01);
            r02 = v0.fma(b2, r02);
            r03 = v0.fma(b3, r03);
            FloatVector v1 = FloatVector.broadcast(S, x[a1 + q]);
            r10 = v1.fma(b0, r10);
            r11 = v1.fma(b1, r11);
            r12 = v1.fma(b2, r12);
            r13 = v1.fma(b3, r13);
            FloatVector v2 = FloatVector.broadcast(S, x[a2 + q]);
            r20 = v2.fma(b0, r20);
            r21 = v2.fma(b1, r21);
            r22 = v2.fma(b2, r22);
            r23 = v2.fma(b3, r23);
            FloatVector v3 = FloatVector.broadcast(S, x[a3 + q]);
            r30 = v3.fma(b0, r30);
            r31 = v3.fma(b1, r31);
            r32 = v3.fma(b2, r32);
            r33 = v3.fma(b3, r33);
            FloatVector v4 = FloatVector.broadcast(S, x[a4 + q]);
            r40 = v4.fma(b0, r40);
            r41 = v4.fma(b1, r41);
            r42 = v4.fma(b2, r42);
            r43 = v4.fma(b3, r43);
            FloatVector v5 = FloatVector.broadcast(S, x[a5 + q]);
            r50 = v5.fma(b0, r50);
            r51 = v5.fma(b1, r51);
            r52 = v5.fma(b2, r52);
            r53 = v5.fma(b3, r53);
        }
        r00.intoArray(acc, accOff + 0 * s + 0 * L);
        r01.intoArray(acc, accOff + 0 * s + 1 * L);
        r02.intoArray(acc, accOff + 0 * s + 2 * L);
        r03.intoArray(acc, accOff + 0 * s + 3 * L);
        r10.intoArray(acc, accOff + 1 * s + 0 * L);
        r11.intoArray(acc, accOff + 1 * s + 1 * L);
        r12.intoArray(acc, accOff + 1 * s + 2 * L);
        r13.intoArray(acc, accOff + 1 * s + 3 * L);
        r20.intoArray(acc, accOff + 2 * s + 0 * L);
        r21.intoArray(acc, accOff + 2 * s + 1 * L);
        r22.intoArray(acc, accOff + 2 * s + 2 * L);
        r23.intoArray(acc, accOff + 2 * s + 3 * L);
        r30.intoArray(acc, accOff + 3 * s + 0 * L);
        r31.intoArray(acc, accOff + 3 * s + 1 * L);
        r32.intoArray(acc, accOff + 3 * s + 2 * L);
        r33.intoArray(acc, accOff + 3 * s + 3 * L);
        r40.intoArray(acc, accOff + 4 * s + 0 * L);
        r41.intoArray(acc, accOff + 4 * s + 1 * L);
        r42.intoArray(acc, accOff + 4 * s + 2 * L);
        r43.intoArray(acc, accOff + 4 * s + 3 * L);
        r50.intoArray(acc, accOff + 5 * s + 0 * L);
        r51.intoArray(acc, accOff + 5 * s + 1 * L);
        r52.intoArray(acc, accOff + 5 * s + 2 * L);
        r53.intoArray(acc, accOff + 5 * s + 3 * L);
    }

}
