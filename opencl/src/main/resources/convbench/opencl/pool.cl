// Pooling, forward and backward, one work-item per output (forward) or per input cell
// (backward, a gather: no two work-items write the same cell, so no atomics are needed).
// The global size is rounded up to the work-group size: every kernel guards its tail.
// GEOM (the geometry arguments) and the helpers come from geometry.cl.

// Forward pooling: output gid, an index into y[NC][OH][OW], reads input plane nc = gid / (OH*OW)
// through these taps: those of the window of output cell (gid / OW % OH, gid % OW) inside the input.
inline taps pooled_taps(int gid, GEOM) {
    const int j = gid % OW, i = (gid / OW) % OH;
    return taps_inside(i, j, H, W, OH, OW, KH, KW, SH, SW, PT, PL, DH, DW);
}

// Max pooling. Padded cells never win: they are skipped, not read as 0.
__kernel void max_pool(__global const float* x, __global float* y, int NC, GEOM) {
    const int gid = get_global_id(0);
    if (gid >= NC * OH * OW) return;
    const __global float* xp = x + gid / (OW * OH) * H * W;   // plane nc = gid / (OH*OW)
    const taps t = pooled_taps(gid, H, W, OH, OW, KH, KW, SH, SW, PT, PL, DH, DW);
    float best = -INFINITY;
    FOR_EACH_TAP_INSIDE(t, xp, xr, r, s,
        best = fmax(best, xr[s * DW]);
    )
    y[gid] = best;
}

// Index (hi*W + wi) of the first maximum of each window in row-major order, -1 if none.
__kernel void max_pool_argmax(__global const float* x, __global int* arg, int NC, GEOM) {
    const int gid = get_global_id(0);
    if (gid >= NC * OH * OW) return;
    const __global float* xp = x + gid / (OW * OH) * H * W;   // plane nc = gid / (OH*OW)
    const taps t = pooled_taps(gid, H, W, OH, OW, KH, KW, SH, SW, PT, PL, DH, DW);
    int best = -1;
    float bestV = -INFINITY;
    for (int r = t.r0; r < t.r1; r++) {
        const int hi = t.top + r * DH;
        for (int s = t.s0; s < t.s1; s++) {
            const int wi = t.left + s * DW;
            const float v = xp[hi * W + wi];
            if (best < 0 || v > bestV) {   // strict '>' keeps the first maximum
                best = hi * W + wi;
                bestV = v;
            }
        }
    }
    arg[gid] = best;
}

// dx[nc, hi, wi] = sum of dy over the windows whose first maximum is (hi, wi).
__kernel void max_pool_backward(__global const int* arg, __global const float* dy, __global float* dx,
                                int NC, GEOM) {
    const int gid = get_global_id(0);
    if (gid >= NC * H * W) return;
    const int wi = gid % W, hi = (gid / W) % H, nc = gid / (W * H);
    const int self = hi * W + wi;
    float sum = 0.0f;
    FOR_EACH_WINDOW_COVERING(hi, wi, r, s, i, j,
        const int o = (nc * OH + i) * OW + j;
        if (arg[o] == self) sum += dy[o];
    )
    dx[gid] = sum;
}

__kernel void avg_pool(__global const float* x, __global float* y, int NC, int includePad, GEOM) {
    const int gid = get_global_id(0);
    if (gid >= NC * OH * OW) return;
    const __global float* xp = x + gid / (OW * OH) * H * W;   // plane nc = gid / (OH*OW)
    const taps t = pooled_taps(gid, H, W, OH, OW, KH, KW, SH, SW, PT, PL, DH, DW);
    float sum = 0.0f;
    FOR_EACH_TAP_INSIDE(t, xp, xr, r, s,
        sum += xr[s * DW];
    )
    y[gid] = sum / (float) (includePad ? KH * KW : taps_count(t));
}

// dx[nc, hi, wi] = sum over the windows that cover (hi, wi) of dy / divisor(window).
__kernel void avg_pool_backward(__global const float* dy, __global float* dx, int NC, int includePad, GEOM) {
    const int gid = get_global_id(0);
    if (gid >= NC * H * W) return;
    const int wi = gid % W, hi = (gid / W) % H, nc = gid / (W * H);
    float sum = 0.0f;
    FOR_EACH_WINDOW_COVERING(hi, wi, r, s, i, j,
        const int div = includePad ? KH * KW
                : taps_count(taps_inside(i, j, H, W, OH, OW, KH, KW, SH, SW, PT, PL, DH, DW));
        sum += dy[(nc * OH + i) * OW + j] / (float) div;
    )
    dx[gid] = sum;
}

// y = max(0, x); NaN stays NaN as in Math.max.
__kernel void relu(__global const float* x, __global float* y, int n) {
    const int gid = get_global_id(0);
    if (gid >= n) return;
    const float v = x[gid];
    y[gid] = v < 0.0f ? 0.0f : v;
}
