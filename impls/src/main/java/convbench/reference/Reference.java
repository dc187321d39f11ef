package convbench.reference;

import convbench.api.Reduction;
import convbench.api.Tensor64;
import convbench.api.Window;

/**
 * The float64 reference: the judge of every generated case and of every document statement.
 * Written for obviousness, not speed. Every output element is computed from its definition as a
 * gather over the input (forward) or, for gradients, as the sum over the forward terms that
 * touch it, so it shares no loop structure with the implementations under test.
 */
public final class Reference {
    private Reference() {
    }

    /** Index along one axis of the tap t of output position o, or -1 when it falls in padding. */
    private static int tap(int o, int t, int stride, int padBefore, int dilation, int size) {
        int i = o * stride - padBefore + t * dilation;
        return i >= 0 && i < size ? i : -1;
    }

    public static Tensor64 conv2d(Tensor64 x, Tensor64 w, Tensor64 b, Window g) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oc = w.dim(0);
        int oh = g.outH(h), ow = g.outW(wd);
        int cg = c / g.groups(), og = oc / g.groups();   // channels per group, in and out
        Tensor64 y = Tensor64.zeros(n, oc, oh, ow);
        int o = 0;
        for (int in = 0; in < n; in++) {
            for (int k = 0; k < oc; k++) {
                int firstChannel = (k / og) * cg;          // output channel k sees only its group's inputs
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = b == null ? 0.0 : b.data()[k];
                        for (int ch = 0; ch < cg; ch++) {
                            for (int r = 0; r < g.kh(); r++) {
                                int hi = tap(i, r, g.sh(), g.padTop(), g.dh(), h);
                                if (hi < 0) {
                                    continue;
                                }
                                for (int s = 0; s < g.kw(); s++) {
                                    int wi = tap(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                    if (wi >= 0) {
                                        sum += x.get(in, firstChannel + ch, hi, wi) * w.get(k, ch, r, s);
                                    }
                                }
                            }
                        }
                        y.data()[o++] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** The three gradients of conv2d; dw and db are averaged over the batch for MEAN. */
    public record Grads(Tensor64 dx, Tensor64 dw, Tensor64 db) {
    }

    public static Grads conv2dBackward(Tensor64 x, Tensor64 w, Tensor64 dy, Window g, Reduction reduction) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oc = w.dim(0);
        int oh = dy.dim(2), ow = dy.dim(3);
        int cg = c / g.groups(), og = oc / g.groups();
        Tensor64 dx = Tensor64.zeros(n, c, h, wd);
        Tensor64 dw = Tensor64.zeros(oc, cg, g.kh(), g.kw());
        Tensor64 db = Tensor64.zeros(oc);
        // Each forward term y[n,k,i,j] += x[n,first+ch,hi,wi] * w[k,ch,r,s] (first = the first
        // input channel of k's group) contributes dy*w to dx[n,first+ch,hi,wi] and dy*x to dw[k,ch,r,s].
        for (int in = 0; in < n; in++) {
            for (int k = 0; k < oc; k++) {
                int firstChannel = (k / og) * cg;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double d = dy.get(in, k, i, j);
                        db.data()[k] += d;
                        for (int ch = 0; ch < cg; ch++) {
                            for (int r = 0; r < g.kh(); r++) {
                                int hi = tap(i, r, g.sh(), g.padTop(), g.dh(), h);
                                if (hi < 0) {
                                    continue;
                                }
                                for (int s = 0; s < g.kw(); s++) {
                                    int wi = tap(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                    if (wi < 0) {
                                        continue;
                                    }
                                    int xi = ((in * c + firstChannel + ch) * h + hi) * wd + wi;
                                    int wIdx = ((k * cg + ch) * g.kh() + r) * g.kw() + s;
                                    dx.data()[xi] += d * w.data()[wIdx];
                                    dw.data()[wIdx] += d * x.data()[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        if (reduction == Reduction.MEAN) {
            scale(dw, 1.0 / n);
            scale(db, 1.0 / n);
        }
        return new Grads(dx, dw, db);
    }

    private static void scale(Tensor64 t, double f) {
        for (int i = 0; i < t.data().length; i++) {
            t.data()[i] *= f;
        }
    }

    /** Max pooling: padded cells never win (a window entirely in padding would give -inf). */
    public static Tensor64 maxPool2d(Tensor64 x, Window g) {
        return pool(x, g, true, true);
    }

    public static Tensor64 avgPool2d(Tensor64 x, Window g, boolean countIncludePad) {
        return pool(x, g, false, countIncludePad);
    }

    private static Tensor64 pool(Tensor64 x, Window g, boolean max, boolean countIncludePad) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oh = g.outH(h), ow = g.outW(wd);
        Tensor64 y = Tensor64.zeros(n, c, oh, ow);
        int o = 0;
        for (int in = 0; in < n; in++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0.0;
                        int count = 0;
                        for (int r = 0; r < g.kh(); r++) {
                            int hi = tap(i, r, g.sh(), g.padTop(), g.dh(), h);
                            for (int s = 0; s < g.kw(); s++) {
                                int wi = tap(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                if (hi < 0 || wi < 0) {
                                    continue;
                                }
                                double v = x.get(in, ch, hi, wi);
                                acc = max ? Math.max(acc, v) : acc + v;
                                count++;
                            }
                        }
                        if (!max) {
                            acc /= countIncludePad ? g.kh() * g.kw() : count;
                        }
                        y.data()[o++] = acc;
                    }
                }
            }
        }
        return y;
    }

    public static Tensor64 maxPool2dBackward(Tensor64 x, Tensor64 dy, Window g) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int oh = dy.dim(2), ow = dy.dim(3);
        Tensor64 dx = Tensor64.zeros(n, c, h, wd);
        for (int in = 0; in < n; in++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        // first maximum in row-major order of the window: strict '>' keeps the first
                        int best = -1;
                        double bestV = Double.NEGATIVE_INFINITY;
                        for (int r = 0; r < g.kh(); r++) {
                            int hi = tap(i, r, g.sh(), g.padTop(), g.dh(), h);
                            for (int s = 0; s < g.kw(); s++) {
                                int wi = tap(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                if (hi < 0 || wi < 0) {
                                    continue;
                                }
                                int xi = ((in * c + ch) * h + hi) * wd + wi;
                                if (best < 0 || x.data()[xi] > bestV) {
                                    best = xi;
                                    bestV = x.data()[xi];
                                }
                            }
                        }
                        if (best >= 0) {
                            dx.data()[best] += dy.get(in, ch, i, j);
                        }
                    }
                }
            }
        }
        return dx;
    }

    public static Tensor64 avgPool2dBackward(Tensor64 dy, int[] inputShape, Window g, boolean countIncludePad) {
        int n = inputShape[0], c = inputShape[1], h = inputShape[2], wd = inputShape[3];
        int oh = dy.dim(2), ow = dy.dim(3);
        Tensor64 dx = Tensor64.zeros(n, c, h, wd);
        for (int in = 0; in < n; in++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int count = 0;
                        for (int r = 0; r < g.kh(); r++) {
                            for (int s = 0; s < g.kw(); s++) {
                                if (tap(i, r, g.sh(), g.padTop(), g.dh(), h) >= 0
                                        && tap(j, s, g.sw(), g.padLeft(), g.dw(), wd) >= 0) {
                                    count++;
                                }
                            }
                        }
                        double share = dy.get(in, ch, i, j) / (countIncludePad ? g.kh() * g.kw() : count);
                        for (int r = 0; r < g.kh(); r++) {
                            int hi = tap(i, r, g.sh(), g.padTop(), g.dh(), h);
                            for (int s = 0; s < g.kw(); s++) {
                                int wi = tap(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                if (hi >= 0 && wi >= 0) {
                                    dx.data()[((in * c + ch) * h + hi) * wd + wi] += share;
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    /** Rows (n, oh, ow), columns (c, kh, kw); padding taps are 0. */
    public static Tensor64 im2col(Tensor64 x, Window g) {
        int rows = x.dim(0) * g.outH(x.dim(2)) * g.outW(x.dim(3)), cols = x.dim(1) * g.kh() * g.kw();
        Tensor64 out = Tensor64.zeros(rows, cols);
        int[] source = tapSources(x.shape(), g);
        for (int e = 0; e < source.length; e++) {
            out.data()[e] = source[e] < 0 ? 0.0 : x.data()[source[e]];
        }
        return out;
    }

    /** The adjoint of im2col: every entry of cols is added back into the input cell it was read from. */
    public static Tensor64 col2im(Tensor64 cols, int[] inputShape, Window g) {
        int[] source = tapSources(inputShape, g);
        Tensor64 x = Tensor64.zeros(inputShape[0], inputShape[1], inputShape[2], inputShape[3]);
        for (int e = 0; e < source.length; e++) {
            if (source[e] >= 0) {
                x.data()[source[e]] += cols.data()[e];
            }
        }
        return x;
    }

    /**
     * For each entry of the im2col matrix of an input of this shape (row-major: rows (n, oh, ow),
     * columns (c, kh, kw)), the flat NCHW index of the input cell it holds, or -1 for a padding tap.
     * One table serves im2col (a gather) and col2im (the scatter back), so the two stay adjoint.
     */
    private static int[] tapSources(int[] inputShape, Window g) {
        int n = inputShape[0], c = inputShape[1], h = inputShape[2], wd = inputShape[3];
        int oh = g.outH(h), ow = g.outW(wd);
        int[] source = new int[n * oh * ow * c * g.kh() * g.kw()];
        int e = 0;
        for (int in = 0; in < n; in++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int r = 0; r < g.kh(); r++) {
                            int hi = tap(i, r, g.sh(), g.padTop(), g.dh(), h);
                            for (int s = 0; s < g.kw(); s++) {
                                int wi = tap(j, s, g.sw(), g.padLeft(), g.dw(), wd);
                                source[e++] = hi < 0 || wi < 0 ? -1 : ((in * c + ch) * h + hi) * wd + wi;
                            }
                        }
                    }
                }
            }
        }
        return source;
    }

    public static Tensor64 relu(Tensor64 x) {
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0.0, x.data()[i]);
        }
        return new Tensor64(x.shape().clone(), out);
    }
}
