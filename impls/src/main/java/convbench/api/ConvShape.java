package convbench.api;

/**
 * One convolution problem: batch n, input channels c, input h x w, output channels oc, and the
 * window (which carries the group count). FLOP counts and sizes are computed here and nowhere
 * else. With g groups each output channel sums over C/g input channels only, so the weights,
 * the multiply-adds and the weight bytes are all g times fewer than for the ungrouped layer.
 */
public record ConvShape(int n, int c, int h, int w, int oc, Window window) implements SlidingWindowShape {

    public ConvShape {
        if (n < 1 || c < 1 || oc < 1) {
            throw new GeometryException(n < 1 ? "mb" : c < 1 ? "ic" : "oc",
                    "batch and channel counts must be at least 1 (mb" + n + " ic" + c + " oc" + oc + ")");
        }
        window.validate(h, w);
        int g = window.groups();
        if (c % g != 0 || oc % g != 0) {
            throw new GeometryException("groups", "input channels (" + c + ") and output channels (" + oc
                    + ") must both be multiples of groups (" + g + ")");
        }
    }

    public int groups() {
        return window.groups();
    }

    /** Input channels each output channel sees: C / groups. */
    public int channelsPerGroup() {
        return c / window.groups();
    }

    /** Output channels of one group: OC / groups. */
    public int outChannelsPerGroup() {
        return oc / window.groups();
    }

    /** Depthwise: one input channel per group (groups = C), O = C times a channel multiplier. */
    public boolean isDepthwise() {
        return window.groups() == c && window.groups() > 1;
    }

    public int[] weightShape() {
        return new int[] {oc, channelsPerGroup(), window.kh(), window.kw()};
    }

    public int[] outputShape() {
        return new int[] {n, oc, oh(), ow()};
    }

    /** Multiply-adds of the forward pass, padding taps counted (what most papers quote). */
    public long macs() {
        return (long) n * oc * oh() * ow() * channelsPerGroup() * window.kh() * window.kw();
    }

    /** FLOPs of the forward pass (2 per multiply-add), padding taps counted. */
    public double flops() {
        return 2.0 * macs();
    }

    /** FLOPs of the forward pass counting only taps that fall inside the input (no padding). */
    public double flopsNoPadding() {
        long rows = 0, cols = 0;
        for (int o = 0; o < oh(); o++) {
            rows += window.rowsInside(o, h);
        }
        for (int o = 0; o < ow(); o++) {
            cols += window.colsInside(o, w);
        }
        return 2.0 * n * oc * channelsPerGroup() * rows * cols;
    }

    /** Weights plus biases. */
    public long paramCount() {
        return weightCount() + oc;
    }

    public long weightCount() {
        return (long) oc * channelsPerGroup() * window.kh() * window.kw();
    }

    public long outputElements() {
        return (long) n * oc * oh() * ow();
    }

    /** Minimum bytes moved by the forward pass: read x and w, write y (float32). */
    public long bytes() {
        return 4L * (inputElements() + weightCount() + outputElements());
    }
}
