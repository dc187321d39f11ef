package convbench.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StableMaxTest {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3.5f, -3.5f, 1e-30f, -1e30f};

    private static float random(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> Float.intBitsToFloat(r.nextInt());          // any bit pattern (NaNs dropped below)
            case 1 -> (float) r.nextInt(-4, 5);                   // the benchmarks' small integers
            default -> (float) r.nextGaussian();
        };
    }

    @Test
    void agreesWithMathMaxOnOrderedValues() {
        for (float a : SPECIAL) {
            for (float b : SPECIAL) {
                assertEquals(Math.max(a, b), StableMax.max(a, b), a + " vs " + b);
            }
        }
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            float a = random(r), b = random(r);
            if (Float.isNaN(a) || Float.isNaN(b)) {
                continue;
            }
            assertEquals(Math.max(a, b), StableMax.max(a, b), a + " vs " + b);
            assertEquals(Integer.signum(Float.compare(a, b)),
                    Integer.signum(Integer.compare(StableMax.key(a), StableMax.key(b))), a + " vs " + b);
        }
    }

    @Test
    void keyIsAnInvolution() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            int bits = r.nextInt();
            assertEquals(bits, Float.floatToRawIntBits(StableMax.value(StableMax.key(Float.intBitsToFloat(bits)))));
        }
    }

    @Test
    void javasNaNWinsLikeMathMax() {
        for (float v : SPECIAL) {
            assertTrue(Float.isNaN(StableMax.max(v, Float.NaN)), "max(" + v + ", NaN)");
            assertTrue(Float.isNaN(StableMax.max(Float.NaN, v)), "max(NaN, " + v + ")");
        }
    }
}
