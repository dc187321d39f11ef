package convbench.cpu;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;
import java.util.Arrays;

/**
 * The documents' "method 1": plain loop nests that read like the formula
 * {@code y[n,k,i,j] = b[k] + sum_{c,r,s} x[n,c, i*sh - pt + r*dh, j*sw - pl + s*dw] * w[k,c,r,s]}.
 * Every operation of the fixture format, every geometry, dilation and groups included (with g
 * groups the sum over c runs over the C/g input channels of output channel k's group only).
 */
public final class NaiveImpl implements Implementation {

    @Override
    public String name() {
        return "naive";
    }

    @Override
    public String description() {
        return "Plain loops, one per index of the formula: for every output element, walk the "
                + "kernel window over every input channel and add up products. It is the document's "
                + "method 1; the JIT compiles these loops to machine code, which makes it the "
                + "counterpart of method 2 (numba) rather than of interpreted Python. It touches each "
                + "weight once per output element and never reuses a loaded value from a register, so "
                + "it is limited by loads, not by arithmetic, and it uses one core.";
    }

    @Override
    public String documentSection() {
        return "001_ff6b80459da32d29.txt 17.2.2 方法1 (17.2.3 方法2 compiles the same loops), 17.4.1 方法1, 17.5.4 实现方法1";
    }

    @Override
    public String variant() {
        return "scalar loops, 1 thread";
    }

    @Override
    public Support supports(Op op, Window window) {
        return op == Op.OUTPUT_SHAPE ? Support.no("output_shape is geometry, not a kernel") : Support.yes();
    }

    /** Input row/column of kernel tap t for output position o, or -1 if it lands in the padding. */
    private static int at(int o, int t, int stride, int padBefore, int dilation, int size) {
        int i = o * stride - padBefore + t * dilation;
        return i >= 0 && i < size ? i : -1;
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oc = w.dim(0), oh = y.dim(2), ow = y.dim(3);
        int cg = c / g.groups(), og = oc / g.groups();   // channels per group, in and out
        float[] xs = x.data(), ws = w.data(), ys = y.data();
        for (int in = 0; in < n; in++) {
            for (int k = 0; k < oc; k++) {
                int group = k / og;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float sum = b == null ? 0f : b.data()[k];
                        for (int ch = group * cg; ch < (group + 1) * cg; ch++) {
                            for (int r = 0; r < g.kh(); r++) {
                                int hi = at(i, r, g.sh(), g.padTop(), g.dh(), h);
                                for (int s = 0; s < g.kw(); s++) {
                                    int wi = at(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                    if (hi >= 0 && wi >= 0) {
                                        sum += xs[((in * c + ch) * h + hi) * wd + wi]
                                                * ws[((k * cg + ch - group * cg) * g.kh() + r) * g.kw() + s];
                                    }
                                }
                            }
                        }
                        ys[((in * oc + k) * oh + i) * ow + j] = sum;
                    }
                }
            }
        }
    }

    /**
     * The same loop nest run backwards: each forward product x*w sends dy*w to dx and dy*x to dw
     * (17.3), and db adds up dy.
     */
    @Override
    public void conv2dBackward(Tensor x, Tensor w, Tensor dy, Window g, Reduction reduction,
                               Tensor dx, Tensor dw, Tensor db) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oc = w.dim(0), oh = dy.dim(2), ow = dy.dim(3);
        int cg = c / g.groups(), og = oc / g.groups();
        float[] xs = x.data(), ws = w.data(), dys = dy.data();
        float[] dxs = dx == null ? null : dx.data();
        float[] dws = dw == null ? null : dw.data();
        if (dxs != null) {
            Arrays.fill(dxs, 0f);
        }
        if (dws != null) {
            Arrays.fill(dws, 0f);
        }
        if (db != null) {
            Arrays.fill(db.data(), 0f);
        }
        for (int in = 0; in < n; in++) {
            for (int k = 0; k < oc; k++) {
                int group = k / og;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float d = dys[((in * oc + k) * oh + i) * ow + j];
                        if (db != null) {
                            db.data()[k] += d;
                        }
                        for (int ch = group * cg; ch < (group + 1) * cg; ch++) {
                            for (int r = 0; r < g.kh(); r++) {
                                int hi = at(i, r, g.sh(), g.padTop(), g.dh(), h);
                                for (int s = 0; s < g.kw(); s++) {
                                    int wi = at(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                    if (hi < 0 || wi < 0) {
                                        continue;
                                    }
                                    int xIdx = ((in * c + ch) * h + hi) * wd + wi;
                                    int wIdx = ((k * cg + ch - group * cg) * g.kh() + r) * g.kw() + s;
                                    if (dxs != null) {
                                        dxs[xIdx] += d * ws[wIdx];
                                    }
                                    if (dws != null) {
                                        dws[wIdx] += d * xs[xIdx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (reduction == Reduction.MEAN) {
            if (dws != null) {
                divide(dws, n);
            }
            if (db != null) {
                divide(db.data(), n);
            }
        }
    }

    private static void divide(float[] a, int n) {
        for (int i = 0; i < a.length; i++) {
            a[i] /= n;
        }
    }

    @Override
    public void maxPool2d(Tensor x, Window g, Tensor y) {
        pool(x, g, true, true, y);
    }

    @Override
    public void avgPool2d(Tensor x, Window g, boolean countIncludePad, Tensor y) {
        pool(x, g, false, countIncludePad, y);
    }

    private static void pool(Tensor x, Window g, boolean max, boolean countIncludePad, Tensor y) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oh = y.dim(2), ow = y.dim(3);
        float[] xs = x.data(), ys = y.data();
        for (int in = 0; in < n; in++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = (in * c + ch) * h * wd;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                        int inside = 0;
                        for (int r = 0; r < g.kh(); r++) {
                            int hi = at(i, r, g.sh(), g.padTop(), g.dh(), h);
                            for (int s = 0; s < g.kw(); s++) {
                                int wi = at(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                if (hi < 0 || wi < 0) {
                                    continue; // padded cells never win and add nothing
                                }
                                float v = xs[plane + hi * wd + wi];
                                acc = max ? StableMax.max(acc, v) : acc + v;
                                inside++;
                            }
                        }
                        if (!max) {
                            acc /= countIncludePad ? g.kh() * g.kw() : inside;
                        }
                        ys[((in * c + ch) * oh + i) * ow + j] = acc;
                    }
                }
            }
        }
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor dy, Window g, Tensor dx) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oh = dy.dim(2), ow = dy.dim(3);
        float[] xs = x.data(), dys = dy.data(), dxs = dx.data();
        Arrays.fill(dxs, 0f);
        for (int in = 0; in < n; in++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = (in * c + ch) * h * wd;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int argmax = -1;
                        for (int r = 0; r < g.kh(); r++) {
                            int hi = at(i, r, g.sh(), g.padTop(), g.dh(), h);
                            for (int s = 0; s < g.kw(); s++) {
                                int wi = at(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                if (hi < 0 || wi < 0) {
                                    continue;
                                }
                                int idx = plane + hi * wd + wi;
                                if (argmax < 0 || xs[idx] > xs[argmax]) { // '>' keeps the first maximum
                                    argmax = idx;
                                }
                            }
                        }
                        if (argmax >= 0) {
                            dxs[argmax] += dys[((in * c + ch) * oh + i) * ow + j];
                        }
                    }
                }
            }
        }
    }

    @Override
    public void avgPool2dBackward(Tensor dy, Window g, boolean countIncludePad, Tensor dx) {
        int n = dx.dim(0), c = dx.dim(1), h = dx.dim(2), wd = dx.dim(3);
        int oh = dy.dim(2), ow = dy.dim(3);
        float[] dys = dy.data(), dxs = dx.data();
        Arrays.fill(dxs, 0f);
        for (int in = 0; in < n; in++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = (in * c + ch) * h * wd;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int divisor = countIncludePad ? g.kh() * g.kw() : g.rowsInside(i, h) * g.colsInside(j, wd);
                        float share = dys[((in * c + ch) * oh + i) * ow + j] / divisor;
                        for (int r = 0; r < g.kh(); r++) {
                            int hi = at(i, r, g.sh(), g.padTop(), g.dh(), h);
                            for (int s = 0; s < g.kw(); s++) {
                                int wi = at(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                if (hi >= 0 && wi >= 0) {
                                    dxs[plane + hi * wd + wi] += share;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void im2col(Tensor x, Window g, Tensor cols) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oh = g.outH(h), ow = g.outW(wd);
        float[] xs = x.data(), out = cols.data();
        int width = c * g.kh() * g.kw();
        for (int in = 0; in < n; in++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int row = ((in * oh + i) * ow + j) * width;
                    for (int ch = 0; ch < c; ch++) {
                        for (int r = 0; r < g.kh(); r++) {
                            int hi = at(i, r, g.sh(), g.padTop(), g.dh(), h);
                            for (int s = 0; s < g.kw(); s++) {
                                int wi = at(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                out[row + (ch * g.kh() + r) * g.kw() + s] =
                                        hi < 0 || wi < 0 ? 0f : xs[((in * c + ch) * h + hi) * wd + wi];
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void col2im(Tensor cols, Window g, Tensor x) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oh = g.outH(h), ow = g.outW(wd);
        float[] in = cols.data(), xs = x.data();
        int width = c * g.kh() * g.kw();
        Arrays.fill(xs, 0f);
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int row = ((b * oh + i) * ow + j) * width;
                    for (int ch = 0; ch < c; ch++) {
                        for (int r = 0; r < g.kh(); r++) {
                            int hi = at(i, r, g.sh(), g.padTop(), g.dh(), h);
                            for (int s = 0; s < g.kw(); s++) {
                                int wi = at(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                if (hi >= 0 && wi >= 0) {
                                    xs[((b * c + ch) * h + hi) * wd + wi] += in[row + (ch * g.kh() + r) * g.kw() + s];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void relu(Tensor x, Tensor y) {
        float[] xs = x.data(), ys = y.data();
        for (int i = 0; i < xs.length; i++) {
            ys[i] = Math.max(0f, xs[i]);
        }
    }
}
