// im2col and col2im, with the matrix layout given by two strides so that the same kernels
// serve the API layout (rows (n,oh,ow), columns (c,kh,kw): sRow = K, sCol = 1) and the
// transposed layout the forward GEMM reads (sRow = 1, sCol = N*OH*OW).
// GEOM (the geometry arguments) and the helpers come from geometry.cl.

// One work-item per output row i and matrix column (n, c, r, s), global size (OH, N*K): the
// index arithmetic (divisions) is done once per row, then the work-item copies OW values along
// the row: contiguous writes in the transposed layout, strided ones in the API layout.
__kernel void im2col(__global const float* x, __global float* cols, int N, int C,
                     int sRow, int sCol, GEOM) {
    const int K = C * KH * KW;
    const int i = get_global_id(0), z = get_global_id(1);
    if (i >= OH || z >= N * K) return;
    const int n = z / K, col = z % K;
    const int s = col % KW, r = (col / KW) % KH, c = col / (KW * KH);
    __global float* out = cols + ((n * OH + i) * OW) * sRow + col * sCol;
    const int hi = i * SH - PT + r * DH;
    if (hi < 0 || hi >= H) {
        for (int j = 0; j < OW; j++) out[j * sRow] = 0.0f;
        return;
    }
    const __global float* in = x + ((n * C + c) * H + hi) * W;
    for (int j = 0; j < OW; j++) {
        const int wi = j * SW - PL + s * DW;
        out[j * sRow] = (wi >= 0 && wi < W) ? in[wi] : 0.0f;
    }
}

// x[n,c,hi,wi] = sum of the matrix entries that im2col would have copied from (hi, wi): a
// gather, one work-item per input cell, so overlapping windows need no atomics.
__kernel void col2im(__global const float* cols, __global float* x, int N, int C, int sRow, int sCol, GEOM) {
    const int gid = get_global_id(0);
    if (gid >= N * C * H * W) return;
    const nchw cell = nchw_of(gid, C, H, W);
    const int n = cell.n, c = cell.c, hi = cell.h, wi = cell.w;
    float sum = 0.0f;
    FOR_EACH_WINDOW_COVERING(hi, wi, r, s, i, j,
        const int row = (n * OH + i) * OW + j;
        const int col = (c * KH + r) * KW + s;
        sum += cols[row * sRow + col * sCol];
    )
    x[gid] = sum;
}

// out[i] = sum over b of in[b * count + i], divided by `divisor`: folds per-image weight
// gradients into one (SUM or MEAN over the batch).
__kernel void batch_sum(__global const float* in, __global float* out, int batches, int count, int divisor) {
    const int i = get_global_id(0);
    if (i >= count) return;
    float acc = 0.0f;
    for (int b = 0; b < batches; b++) {
        acc += in[b * count + i];
    }
    out[i] = acc / (float) divisor;
}
