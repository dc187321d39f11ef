// Pooling, forward and backward, one work-item per output (forward) or per input cell
// (backward, a gather: no two work-items write the same cell, so no atomics are needed).
// Geometry arguments, in this order in every kernel of this project:
//   H, W        input height and width        OH, OW   output height and width
//   KH, KW      window                        SH, SW   stride
//   PT, PL      padding before (top, left)    DH, DW   dilation
// The global size is rounded up to the work-group size: every kernel guards its tail.

#define GEOM int H, int W, int OH, int OW, int KH, int KW, int SH, int SW, int PT, int PL, int DH, int DW

// Max pooling. Padded cells never win: they are skipped, not read as 0.
__kernel void max_pool(__global const float* x, __global float* y, int NC, GEOM) {
    const int gid = get_global_id(0);
    if (gid >= NC * OH * OW) return;
    const int j = gid % OW, i = (gid / OW) % OH, nc = gid / (OW * OH);
    const __global float* xp = x + nc * H * W;
    float best = -INFINITY;
    for (int r = 0; r < KH; r++) {
        const int hi = i * SH - PT + r * DH;
        if (hi < 0 || hi >= H) continue;
        for (int s = 0; s < KW; s++) {
            const int wi = j * SW - PL + s * DW;
            if (wi < 0 || wi >= W) continue;
            best = fmax(best, xp[hi * W + wi]);
        }
    }
    y[gid] = best;
}

// Index (hi*W + wi) of the first maximum of each window in row-major order, -1 if none.
__kernel void max_pool_argmax(__global const float* x, __global int* arg, int NC, GEOM) {
    const int gid = get_global_id(0);
    if (gid >= NC * OH * OW) return;
    const int j = gid % OW, i = (gid / OW) % OH, nc = gid / (OW * OH);
    const __global float* xp = x + nc * H * W;
    int best = -1;
    float bestV = -INFINITY;
    for (int r = 0; r < KH; r++) {
        const int hi = i * SH - PT + r * DH;
        if (hi < 0 || hi >= H) continue;
        for (int s = 0; s < KW; s++) {
            const int wi = j * SW - PL + s * DW;
            if (wi < 0 || wi >= W) continue;
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
    for (int r = 0; r < KH; r++) {
        const int t = hi + PT - r * DH;            // = i * SH for the window i that puts tap r here
        if (t < 0 || t % SH != 0 || t / SH >= OH) continue;
        const int i = t / SH;
        for (int s = 0; s < KW; s++) {
            const int u = wi + PL - s * DW;
            if (u < 0 || u % SW != 0 || u / SW >= OW) continue;
            const int o = (nc * OH + i) * OW + u / SW;
            if (arg[o] == self) sum += dy[o];
        }
    }
    dx[gid] = sum;
}

// Cells of window (i, j) that lie inside the input: rows times columns (the window is separable).
inline int valid_cells(int i, int j, GEOM) {
    int rows = 0, cols = 0;
    for (int r = 0; r < KH; r++) {
        const int hi = i * SH - PT + r * DH;
        rows += (hi >= 0 && hi < H);
    }
    for (int s = 0; s < KW; s++) {
        const int wi = j * SW - PL + s * DW;
        cols += (wi >= 0 && wi < W);
    }
    return rows * cols;
}

__kernel void avg_pool(__global const float* x, __global float* y, int NC, int includePad, GEOM) {
    const int gid = get_global_id(0);
    if (gid >= NC * OH * OW) return;
    const int j = gid % OW, i = (gid / OW) % OH, nc = gid / (OW * OH);
    const __global float* xp = x + nc * H * W;
    float sum = 0.0f;
    int count = 0;
    for (int r = 0; r < KH; r++) {
        const int hi = i * SH - PT + r * DH;
        if (hi < 0 || hi >= H) continue;
        for (int s = 0; s < KW; s++) {
            const int wi = j * SW - PL + s * DW;
            if (wi < 0 || wi >= W) continue;
            sum += xp[hi * W + wi];
            count++;
        }
    }
    y[gid] = sum / (float) (includePad ? KH * KW : count);
}

// dx[nc, hi, wi] = sum over the windows that cover (hi, wi) of dy / divisor(window).
__kernel void avg_pool_backward(__global const float* dy, __global float* dx, int NC, int includePad, GEOM) {
    const int gid = get_global_id(0);
    if (gid >= NC * H * W) return;
    const int wi = gid % W, hi = (gid / W) % H, nc = gid / (W * H);
    float sum = 0.0f;
    for (int r = 0; r < KH; r++) {
        const int t = hi + PT - r * DH;
        if (t < 0 || t % SH != 0 || t / SH >= OH) continue;
        const int i = t / SH;
        for (int s = 0; s < KW; s++) {
            const int u = wi + PL - s * DW;
            if (u < 0 || u % SW != 0 || u / SW >= OW) continue;
            const int j = u / SW;
            const int div = includePad ? KH * KW : valid_cells(i, j, H, W, OH, OW, KH, KW, SH, SW, PT, PL, DH, DW);
            sum += dy[(nc * OH + i) * OW + j] / (float) div;
        }
    }
    dx[gid] = sum;
}

// y = max(0, x); NaN stays NaN as in Math.max.
__kernel void relu(__global const float* x, __global float* y, int n) {
    const int gid = get_global_id(0);
    if (gid >= n) return;
    const float v = x[gid];
    y[gid] = v < 0.0f ? 0.0f : v;
}
