package convbench.api;

import java.util.Arrays;

/** Small helpers on shapes: element counts with overflow checks, formatting, rank promotion. */
public final class Shapes {
    /** Refuse any single tensor larger than this many elements (1 GiB of float32). */
    public static final long MAX_ELEMENTS = 1L << 28;

    private Shapes() {
    }

    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException overflow) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    /** Element count, refusing negative dimensions and absurd sizes before anything is allocated. */
    public static int checkedElementCount(int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + format(shape));
            }
        }
        long n = elementCount(shape);
        if (n > MAX_ELEMENTS) {
            throw new IllegalArgumentException("shape " + format(shape) + " has " + n
                    + " elements, more than the limit of " + MAX_ELEMENTS);
        }
        return (int) n;
    }

    /** Prepends 1s until the shape has the given rank. */
    public static int[] promote(int[] shape, int rank) {
        if (shape.length >= rank) {
            return shape.clone();
        }
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
        return out;
    }

    public static String format(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(shape[i]);
        }
        return sb.append(']').toString();
    }

    /** The n:c:h:w coordinates of a flat index (or i:j for rank 2, plain index otherwise). */
    public static String coordinates(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        int rest = flat;
        for (int a = shape.length - 1; a >= 0; a--) {
            int d = Math.max(shape[a], 1);
            idx[a] = rest % d;
            rest /= d;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < idx.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(idx[i]);
        }
        return sb.toString();
    }
}
