package convbench.bench;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Reduction;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;

/**
 * A tiny loop implementation for the harness's own tests (test scope only): convolution forward
 * and backward and max pooling forward, written for brevity. Average pooling and max-pooling
 * backward are "not supported", so the tests see skipped points too.
 */
public class TestLoops implements Implementation {
    @Override
    public String name() {
        return "test-loops";
    }

    @Override
    public String description() {
        return "test-only plain loops";
    }

    @Override
    public String documentSection() {
        return "none";
    }

    @Override
    public Support supports(Op op, Window window) {
        return switch (op) {
            case CONV2D, CONV2D_BACKWARD, MAXPOOL2D -> Support.yes();
            default -> Support.no("test-loops does not implement " + op.id());
        };
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3), oc = w.dim(0), oh = y.dim(2), ow = y.dim(3);
        float[] xd = x.data(), wt = w.data(), yd = y.data();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < oc; k++) {
                for (int r = 0; r < oh; r++) {
                    for (int s = 0; s < ow; s++) {
                        float sum = b == null ? 0 : b.data()[k];
                        for (int ch = 0; ch < c; ch++) {
                            for (int p = 0; p < g.kh(); p++) {
                                int hi = r * g.sh() - g.padTop() + p * g.dh();
                                if (hi < 0 || hi >= h) {
                                    continue;
                                }
                                for (int q = 0; q < g.kw(); q++) {
                                    int wi = s * g.sw() - g.padLeft() + q * g.dw();
                                    if (wi >= 0 && wi < wd) {
                                        sum += xd[((i * c + ch) * h + hi) * wd + wi]
                                                * wt[((k * c + ch) * g.kh() + p) * g.kw() + q];
                                    }
                                }
                            }
                        }
                        yd[((i * oc + k) * oh + r) * ow + s] = sum;
                    }
                }
            }
        }
    }

    @Override
    public void conv2dBackward(Tensor x, Tensor w, Tensor dy, Window g, Reduction reduction,
                               Tensor dx, Tensor dw, Tensor db) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3), oc = w.dim(0), oh = dy.dim(2), ow = dy.dim(3);
        float[] xd = x.data(), wt = w.data(), dyd = dy.data();
        if (dx != null) {
            java.util.Arrays.fill(dx.data(), 0f);
        }
        if (dw != null) {
            java.util.Arrays.fill(dw.data(), 0f);
        }
        if (db != null) {
            java.util.Arrays.fill(db.data(), 0f);
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < oc; k++) {
                for (int r = 0; r < oh; r++) {
                    for (int s = 0; s < ow; s++) {
                        float gy = dyd[((i * oc + k) * oh + r) * ow + s];
                        if (db != null) {
                            db.data()[k] += gy;
                        }
                        for (int ch = 0; ch < c; ch++) {
                            for (int p = 0; p < g.kh(); p++) {
                                int hi = r * g.sh() - g.padTop() + p * g.dh();
                                if (hi < 0 || hi >= h) {
                                    continue;
                                }
                                for (int q = 0; q < g.kw(); q++) {
                                    int wi = s * g.sw() - g.padLeft() + q * g.dw();
                                    if (wi < 0 || wi >= wd) {
                                        continue;
                                    }
                                    int xi = ((i * c + ch) * h + hi) * wd + wi;
                                    int wj = ((k * c + ch) * g.kh() + p) * g.kw() + q;
                                    if (dx != null) {
                                        dx.data()[xi] += gy * wt[wj];
                                    }
                                    if (dw != null) {
                                        dw.data()[wj] += gy * xd[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void maxPool2d(Tensor x, Window g, Tensor y) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3), oh = y.dim(2), ow = y.dim(3);
        for (int i = 0; i < n * c; i++) {
            for (int r = 0; r < oh; r++) {
                for (int s = 0; s < ow; s++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int p = 0; p < g.kh(); p++) {
                        for (int q = 0; q < g.kw(); q++) {
                            int hi = r * g.sh() - g.padTop() + p * g.dh();
                            int wi = s * g.sw() - g.padLeft() + q * g.dw();
                            if (hi >= 0 && hi < h && wi >= 0 && wi < wd) {
                                m = Math.max(m, x.data()[(i * h + hi) * wd + wi]);
                            }
                        }
                    }
                    y.data()[(i * oh + r) * ow + s] = m;
                }
            }
        }
    }
}
