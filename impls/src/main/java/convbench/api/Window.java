package convbench.api;

/**
 * The sliding-window geometry shared by convolution, pooling, im2col and col2im: kernel size,
 * stride, padding on each side and dilation. All output-size arithmetic lives here.
 *
 * <p>Output size uses floor division, as the frameworks do:
 * {@code OH = (H + top + bottom - (dh*(KH-1)+1)) / SH + 1}.
 *
 * <p>{@code groups} is convolution's channel grouping (benchdnn's {@code g}, Paddle's and
 * PyTorch's {@code groups}): input and output channels are split into that many groups and each
 * output group sees only its own input group, so the weights are {@code [O, C/groups, KH, KW]}.
 * 1 is an ordinary convolution, {@code groups = C = O} a depthwise one. It travels with the
 * window because the window is what every implementation receives (and {@code supports} sees);
 * pooling, im2col and col2im always have 1. {@link ConvShape} checks that C and O divide by it.
 */
public record Window(int kh, int kw, int sh, int sw,
                     int padTop, int padBottom, int padLeft, int padRight,
                     int dh, int dw, int groups) {

    /** An ungrouped window (groups 1): what pooling, im2col and most convolutions use. */
    public Window(int kh, int kw, int sh, int sw, int padTop, int padBottom, int padLeft, int padRight,
                  int dh, int dw) {
        this(kh, kw, sh, sw, padTop, padBottom, padLeft, padRight, dh, dw, 1);
    }

    /** Square kernel, equal stride, symmetric padding, no dilation. */
    public static Window of(int k, int stride, int pad) {
        return new Window(k, k, stride, stride, pad, pad, pad, pad, 1, 1);
    }

    /** The same window with another group count. */
    public Window withGroups(int newGroups) {
        return new Window(kh, kw, sh, sw, padTop, padBottom, padLeft, padRight, dh, dw, newGroups);
    }

    public boolean isGrouped() {
        return groups != 1;
    }

    /** Height of the kernel's footprint on the input once dilated. */
    public int effectiveKh() {
        return dh * (kh - 1) + 1;
    }

    public int effectiveKw() {
        return dw * (kw - 1) + 1;
    }

    public int outH(int h) {
        return Math.floorDiv(h + padTop + padBottom - effectiveKh(), sh) + 1;
    }

    public int outW(int w) {
        return Math.floorDiv(w + padLeft + padRight - effectiveKw(), sw) + 1;
    }

    /** How many of the KH rows of output row {@code o}'s window land inside an input of h rows. */
    public int rowsInside(int o, int h) {
        return tapsInside(o, kh, sh, padTop, dh, h);
    }

    /** How many of the KW columns of output column {@code o}'s window land inside an input of w columns. */
    public int colsInside(int o, int w) {
        return tapsInside(o, kw, sw, padLeft, dw, w);
    }

    /** The first of the KH rows of output row {@code o}'s window inside an input of h rows, -1 when none is. */
    public int firstRowInside(int o, int h) {
        return firstTapInside(o, kh, sh, padTop, dh, h);
    }

    /** The first of the KW columns of output column {@code o}'s window inside an input of w columns, -1 when none is. */
    public int firstColInside(int o, int w) {
        return firstTapInside(o, kw, sw, padLeft, dw, w);
    }

    private static int firstTapInside(int o, int k, int stride, int padBefore, int dilation, int size) {
        for (int t = 0; t < k; t++) {
            int i = o * stride - padBefore + t * dilation;
            if (i >= 0 && i < size) {
                return t;
            }
        }
        return -1;
    }

    private static int tapsInside(int o, int k, int stride, int padBefore, int dilation, int size) {
        int count = 0;
        for (int t = 0; t < k; t++) {
            int i = o * stride - padBefore + t * dilation;
            if (i >= 0 && i < size) {
                count++;
            }
        }
        return count;
    }

    /** True when the stride tiles the padded input exactly (no rows or columns left over). */
    public boolean fits(int h, int w) {
        return (h + padTop + padBottom - effectiveKh()) % sh == 0
                && (w + padLeft + padRight - effectiveKw()) % sw == 0;
    }

    public boolean hasPadding() {
        return padTop != 0 || padBottom != 0 || padLeft != 0 || padRight != 0;
    }

    public boolean isDilated() {
        return dh != 1 || dw != 1;
    }

    /**
     * Throws {@link GeometryException} naming the offending field when this window cannot be
     * applied to an input of h x w.
     */
    public void validate(int h, int w) {
        if (kh < 1 || kw < 1) {
            throw new GeometryException("kernel", "kernel must be at least 1x1, got " + kh + "x" + kw);
        }
        if (sh < 1 || sw < 1) {
            throw new GeometryException("stride", "stride must be at least 1, got " + sh + "x" + sw);
        }
        if (dh < 1 || dw < 1) {
            throw new GeometryException("dilation", "dilation must be at least 1, got " + dh + "x" + dw);
        }
        if (groups < 1) {
            throw new GeometryException("groups", "groups must be at least 1, got " + groups);
        }
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new GeometryException("padding", "padding must not be negative, got " + paddingString());
        }
        if (h < 1 || w < 1) {
            throw new GeometryException("input", "input must be at least 1x1, got " + h + "x" + w);
        }
        int ph = h + padTop + padBottom;
        int pw = w + padLeft + padRight;
        if (effectiveKh() > ph || effectiveKw() > pw) {
            throw new GeometryException("kernel", "kernel " + effectiveKh() + "x" + effectiveKw()
                    + (isDilated() ? " (dilated)" : "") + " is larger than the padded input "
                    + ph + "x" + pw);
        }
    }

    public String paddingString() {
        return "[" + padTop + "," + padBottom + "," + padLeft + "," + padRight + "]";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("k").append(kh).append('x').append(kw);
        sb.append(" s").append(sh).append('x').append(sw);
        sb.append(" p").append(paddingString());
        if (isDilated()) {
            sb.append(" d").append(dh).append('x').append(dw);
        }
        if (isGrouped()) {
            sb.append(" g").append(groups);
        }
        return sb.toString();
    }
}
