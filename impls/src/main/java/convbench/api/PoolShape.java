package convbench.api;

/** One pooling problem: input n x c x h x w, the window, and the average-pooling divisor rule. */
public record PoolShape(int n, int c, int h, int w, Window window, boolean countIncludePad)
        implements SlidingWindowShape {

    public PoolShape {
        if (n < 1 || c < 1) {
            throw new GeometryException(n < 1 ? "mb" : "ic", "batch and channels must be at least 1");
        }
        window.validate(h, w);
    }

    public int[] outputShape() {
        return new int[] {n, c, oh(), ow()};
    }

    public long outputElements() {
        return (long) n * c * oh() * ow();
    }

    /** Minimum bytes moved by the forward pass: read x once, write y (float32). */
    public long bytes() {
        return 4L * (inputElements() + outputElements());
    }

    /** Comparisons or additions of the forward pass, padding taps counted. */
    public double ops() {
        return (double) outputElements() * window.kh() * window.kw();
    }
}
