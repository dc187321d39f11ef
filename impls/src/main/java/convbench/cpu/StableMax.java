package convbench.cpu;

/**
 * The larger of two floats, NaN winning, written so that the JIT compiles it the same way in every
 * JVM.
 *
 * <p>Why not {@link Math#max(float, float)}: on HotSpot (JDK 17, x86) C2 replaces it with a
 * branch-free intrinsic only when the branch profile of {@code Math.max} itself, shared by every
 * caller in the JVM, says the branch is unpredictable at the moment C2 compiles the caller; else
 * it compiles a branch, which mispredicts on most pooling windows. Which way that goes differs from
 * one JVM to the next: max pooling ran at 0.18 ms or 0.9 ms for the same problem in independent
 * JVMs (8 JVMs: 3 fast, 5 slow; with {@code -XX:DisableIntrinsic=_maxF} all 8 at 0.75-0.82 ms).
 * A plain {@code v > best ? v : best} is compiled as a branch too (0.63-0.87 ms).
 *
 * <p>Here the floats are mapped to ints that order the same way (IEEE 754 is sign and magnitude:
 * for a negative float the magnitude bits are flipped) and compared with {@code Math.max(int, int)},
 * which C2 always compiles to a conditional move. Positive NaN (Java's {@code Float.NaN}, what
 * arithmetic produces) orders above +infinity, so it wins as with {@code Math.max}; a NaN with
 * the sign bit set loses; {@code max(-0f, 0f)} is {@code 0f}, as with {@code Math.max}.
 */
final class StableMax {
    private StableMax() {
    }

    /** An int that orders like {@code v} (an involution: {@code key(key(bits)) == bits}). */
    static int key(float v) {
        int bits = Float.floatToRawIntBits(v);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** The float of a {@link #key}. */
    static float value(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7fffffff));
    }

    static float max(float a, float b) {
        return value(Math.max(key(a), key(b)));
    }
}
