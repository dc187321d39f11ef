// Register-blocked direct convolution for devices whose "local memory" is just cache (CPUs):
// no im2col matrix, no local memory, no barriers. Each work-item computes VW consecutive
// output columns of one output row for OCB output channels, i.e. OCB vector accumulators of
// width VW held in registers. For every tap (c, r, s) it loads one vector of VW input values
// and OCB weights, and does OCB vector multiply-adds: every input value is used OCB times and
// every weight VW times, straight from registers.
//
// Two small kernels prepare the operands so the hot loop has no branches:
//   pad_input:    copies x into a zero-bordered buffer, wide enough that the last column block
//                 may read past OW (those lanes are computed and never stored);
//   pack_weights: reorders w[OC][C][KH][KW] into [OC/OCB][C][KH][KW][OCB] (zero-filled channel
//                 tail) so the OCB weights of one tap sit next to each other (one cache line).

#ifndef VW
#define VW 16       // output columns per work-item: a vector width (2, 4, 8 or 16)
#endif
#ifndef OCB
#define OCB 16      // output channels per work-item (any count)
#endif

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define floatV CAT(float, VW)
#define vloadV CAT(vload, VW)
#define vstoreV CAT(vstore, VW)

// xp[nc][HP][WP] = x[nc][hh - PT][ww - PL], zero outside x. Global size (WP, HP, NC): no
// index division, neighbouring work-items copy neighbouring columns.
__kernel void pad_input(__global const float* x, __global float* xp, int NC, int H, int W,
                        int HP, int WP, int PT, int PL) {
    const int ww = get_global_id(0), hh = get_global_id(1), nc = get_global_id(2);
    if (ww >= WP || hh >= HP || nc >= NC) return;
    const int h = hh - PT, w = ww - PL;
    xp[(nc * HP + hh) * WP + ww] = (h >= 0 && h < H && w >= 0 && w < W) ? x[(nc * H + h) * W + w] : 0.0f;
}

// wp[ob][q][o] = w[ob*OCB + o][q] for q over (c, r, s); zero for channels past OC.
__kernel void pack_weights(__global const float* w, __global float* wp, int OC, int OCBLOCKS, int CKK) {
    const int gid = get_global_id(0);
    if (gid >= OCBLOCKS * CKK * OCB) return;
    const int o = gid % OCB, q = (gid / OCB) % CKK, ob = gid / (OCB * CKK);
    const int oc = ob * OCB + o;
    wp[gid] = oc < OC ? w[oc * CKK + q] : 0.0f;
}

// Global size: (OWBLOCKS, OH, N * OCBLOCKS).
__kernel void conv_blocked(__global const float* xp, __global const float* wp, __global const float* bias,
                           int hasBias, __global float* y, int N, int C, int OC, int HP, int WP,
                           int OH, int OW, int KH, int KW, int SH, int SW, int DH, int DW,
                           int OCBLOCKS, int OWBLOCKS) {
    const int owb = get_global_id(0), oh = get_global_id(1), z = get_global_id(2);
    if (owb >= OWBLOCKS || oh >= OH || z >= N * OCBLOCKS) return;
    const int n = z / OCBLOCKS, ob = z % OCBLOCKS;
    const int ow0 = owb * VW;

    floatV acc[OCB];
    for (int o = 0; o < OCB; o++) acc[o] = (floatV) 0.0f;

    const __global float* wq = wp + ob * C * KH * KW * OCB;
    for (int c = 0; c < C; c++) {
        for (int r = 0; r < KH; r++) {
            const __global float* row = xp + ((n * C + c) * HP + oh * SH + r * DH) * WP + ow0 * SW;
            for (int s = 0; s < KW; s++) {
                floatV xv;
                if (SW == 1) {
                    xv = vloadV(0, row + s * DW);
                } else {
                    float t[VW];
                    for (int v = 0; v < VW; v++) t[v] = row[s * DW + v * SW];
                    xv = vloadV(0, t);
                }
                for (int o = 0; o < OCB; o++) acc[o] = fma(xv, (floatV) wq[o], acc[o]);
                wq += OCB;
            }
        }
    }

    const int lanes = min(VW, OW - ow0);
    for (int o = 0; o < OCB; o++) {
        const int oc = ob * OCB + o;
        if (oc >= OC) break;
        const floatV out = acc[o] + (floatV) (hasBias ? bias[oc] : 0.0f);
        __global float* yo = y + ((n * OC + oc) * OH + oh) * OW + ow0;
        if (lanes == VW) {
            vstoreV(out, 0, yo);
        } else {
            float t[VW];
            vstoreV(out, 0, t);
            for (int v = 0; v < lanes; v++) yo[v] = t[v];
        }
    }
}
