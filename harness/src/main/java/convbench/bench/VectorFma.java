package convbench.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API FMA loop of {@link Ceilings}; loaded only when jdk.incubator.vector is present. */
final class VectorFma {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorFma() {
    }

    static int lanes() {
        return S.length();
    }

    static double run(int iters) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f);
        FloatVector k = FloatVector.broadcast(S, 1e-6f);
        FloatVector a0 = FloatVector.broadcast(S, 1);
        FloatVector a1 = FloatVector.broadcast(S, 2);
        FloatVector a2 = FloatVector.broadcast(S, 3);
        FloatVector a3 = FloatVector.broadcast(S, 4);
        FloatVector a4 = FloatVector.broadcast(S, 5);
        FloatVector a5 = FloatVector.broadcast(S, 6);
        FloatVector a6 = FloatVector.broadcast(S, 7);
        FloatVector a7 = FloatVector.broadcast(S, 8);
        FloatVector a8 = FloatVector.broadcast(S, 9);
        FloatVector a9 = FloatVector.broadcast(S, 10);
        for (int i = 0; i < iters; i++) {
            a0 = a0.fma(m, k);
            a1 = a1.fma(m, k);
            a2 = a2.fma(m, k);
            a3 = a3.fma(m, k);
            a4 = a4.fma(m, k);
            a5 = a5.fma(m, k);
            a6 = a6.fma(m, k);
            a7 = a7.fma(m, k);
            a8 = a8.fma(m, k);
            a9 = a9.fma(m, k);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
                .reduceLanes(VectorOperators.ADD);
    }
}
