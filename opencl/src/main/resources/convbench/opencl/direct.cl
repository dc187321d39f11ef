// Direct convolution: one work-item per output element, the formula as it is written.
//   y[n,k,i,j] = b[k] + sum_{c,r,s} x[n, c, i*SH - PT + r*DH, j*SW - PL + s*DW] * w[k,c,r,s]
// Taps that fall in the padding are skipped (zero padding). Consecutive work-items compute
// consecutive output columns, so a CPU driver such as PoCL can vectorize across work-items.
// Backward: every gradient element is a gather over the forward terms that touch it.
// Groups (G): channels split into G groups, output channel k sees only the CG = C/G input
// channels of its group g = k / (OC/G), and w is [OC, CG, KH, KW]. G = 1 is the plain convolution.
// GEOM and the helpers come from geometry.cl.

__kernel void conv_forward(__global const float* x, __global const float* w, __global const float* b,
                           int hasBias, __global float* y, int N, int C, int OC, int G, GEOM) {
    const int gid = get_global_id(0);
    if (gid >= N * OC * OH * OW) return;
    const nchw out = nchw_of(gid, OC, OH, OW);
    const int n = out.n, k = out.c;
    const taps t = taps_inside(out.h, out.w, H, W, OH, OW, KH, KW, SH, SW, PT, PL, DH, DW);
    const int CG = C / G;
    const int firstChannel = k / (OC / G) * CG;
    float acc = hasBias ? b[k] : 0.0f;
    for (int c = 0; c < CG; c++) {
        const __global float* xc = x + (n * C + firstChannel + c) * H * W;
        const __global float* wc = w + (k * CG + c) * KH * KW;
        FOR_EACH_TAP_INSIDE(t, xc, xr, r, s,
            acc += xr[s * DW] * wc[r * KW + s];
        )
    }
    y[gid] = acc;
}

// dx[n,c,hi,wi] = sum over (k, r, s) of dy[n,k,i,j] * w[k,c,r,s] where i*SH - PT + r*DH == hi
// (and the same for columns); k runs over the output channels of c's group only.
__kernel void conv_backward_data(__global const float* dy, __global const float* w, __global float* dx,
                                 int N, int C, int OC, int G, GEOM) {
    const int gid = get_global_id(0);
    if (gid >= N * C * H * W) return;
    const nchw in = nchw_of(gid, C, H, W);
    const int n = in.n, c = in.c, hi = in.h, wi = in.w;
    const int CG = C / G, OG = OC / G;
    const int group = c / CG;
    float acc = 0.0f;
    for (int k = group * OG; k < (group + 1) * OG; k++) {
        const __global float* dyk = dy + (n * OC + k) * OH * OW;
        const __global float* wk = w + (k * CG + c % CG) * KH * KW;
        FOR_EACH_WINDOW_COVERING(hi, wi, r, s, i, j,
            acc += dyk[i * OW + j] * wk[r * KW + s];
        )
    }
    dx[gid] = acc;
}

// dw[k,c,r,s] = sum over (n, i, j) of dy[n,k,i,j] * x[n,c',hi,wi], divided by `divisor`
// (1 for the SUM reduction, N for MEAN); c < C/G and c' = c + the first input channel of k's group.
__kernel void conv_backward_weights(__global const float* x, __global const float* dy, __global float* dw,
                                    int N, int C, int OC, int G, int divisor, GEOM) {
    const int CG = C / G;
    const int gid = get_global_id(0);
    if (gid >= OC * CG * KH * KW) return;
    const nchw tap = nchw_of(gid, CG, KH, KW);   // dw is [OC][CG][KH][KW]
    const int k = tap.n, c = tap.c, r = tap.h, s = tap.w;
    const int inputChannel = k / (OC / G) * CG + c;
    float acc = 0.0f;
    for (int n = 0; n < N; n++) {
        const __global float* xc = x + (n * C + inputChannel) * H * W;
        const __global float* dyk = dy + (n * OC + k) * OH * OW;
        for (int i = 0; i < OH; i++) {
            const int hi = i * SH - PT + r * DH;
            if (hi < 0 || hi >= H) continue;
            for (int j = 0; j < OW; j++) {
                const int wi = j * SW - PL + s * DW;
                if (wi < 0 || wi >= W) continue;
                acc += dyk[i * OW + j] * xc[hi * W + wi];
            }
        }
    }
    dw[gid] = acc / (float) divisor;
}

// db[k] = sum over (n, i, j) of dy[n,k,i,j], divided by `divisor`.
__kernel void conv_backward_bias(__global const float* dy, __global float* db, int N, int OC, int P, int divisor) {
    const int k = get_global_id(0);
    if (k >= OC) return;
    float acc = 0.0f;
    for (int n = 0; n < N; n++) {
        const __global float* dyk = dy + (n * OC + k) * P;
        for (int p = 0; p < P; p++) {
            acc += dyk[p];
        }
    }
    db[k] = acc / (float) divisor;
}
