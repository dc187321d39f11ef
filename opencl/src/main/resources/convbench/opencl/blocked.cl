// Register-blocked direct convolution for devices whose "local memory" is just cache (CPUs):
// no im2col matrix, no local memory, no barriers. Each work-item computes VW consecutive
// output columns of RB output rows for OCB output channels, i.e. RB*OCB vector accumulators of
// width VW held in registers. For every tap (c, r, s) it loads RB vectors of VW input values
// and OCB weights, and does RB*OCB vector multiply-adds: every input value is used OCB times
// and every weight VW*RB times, straight from registers.
//
// Two small kernels prepare the operands so the hot loop has no branches:
//   pad_input:    copies x into a zero-bordered buffer, wide enough that the last column block
//                 may read past OW (those lanes are computed and never stored);
//   pack_weights: reorders w[OC][C][KH][KW] into [OC/OCB][C][KH][KW][OCB] (zero-filled channel
//                 tail) so the OCB weights of one tap sit next to each other (one cache line).
//
// The backward pass reuses the same blocking:
//   data gradient:   a transposed convolution is a stride-1 convolution of dy, spread out by
//                    the stride (zeros between its cells: stuff_pad_dy) and bordered, with the
//                    kernel flipped and its two channel axes swapped (pack_weights_flipped);
//                    conv_blocked then runs unchanged with C and OC exchanged;
//   weight gradient: conv_weight_grad keeps OCB output channels x TB taps of dw per work-item
//                    as vector accumulators over VW columns and sweeps its share (1/SPLIT) of
//                    the N*OH rows; batch_sum (im2col.cl) adds the SPLIT partial sums.
//
// Loops over the blocking factors (OCB, RB, TB, VW) are unrolled explicitly: PoCL's clang does not
// unroll them by itself, and then the accumulators live on the stack (a load and a store around
// every multiply-add) instead of in vector registers.
//
// Tuning parameters (the -D defines below) are chosen per device and problem class by
// `convbench tune`; the tuning database in tuning/ holds the winners.

#ifndef VW
#define VW 16       // output columns per work-item: a vector width (2, 4, 8 or 16)
#endif
#ifndef OCB
#define OCB 16      // output channels per work-item (any count)
#endif
#ifndef RB
#define RB 1        // output rows per work-item
#endif
// KFIX=1: the kernel's height and width are compile-time constants (KHF, KWF, set by the host
// from the problem), so the tap loops unroll; KFIX=0: one program serves every kernel size.
#if defined(KFIX) && KFIX && defined(KHF) && defined(KWF)
#define KH_ KHF
#define KW_ KWF
#else
#define KH_ KH
#define KW_ KW
#endif
#ifndef TB
#define TB 1        // weight gradient: consecutive kernel columns (taps) per work-item
#endif
#ifndef SPLIT
#define SPLIT 1     // weight gradient: parts the N*OH rows are split into (partial sums)
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

// Global size: (OWBLOCKS, OHBLOCKS, N * OCBLOCKS); each work-item computes RB output rows, so
// every weight it loads serves VW*RB outputs. xp must hold OHBLOCKS*RB rows' worth of input
// (the Java side pads it; rows past OH are computed and never stored).
__kernel void conv_blocked(__global const float* xp, __global const float* wp, __global const float* bias,
                           int hasBias, __global float* y, int N, int C, int OC, int HP, int WP,
                           int OH, int OW, int KH, int KW, int SH, int SW, int DH, int DW,
                           int OCBLOCKS, int OWBLOCKS, int OHBLOCKS) {
    const int owb = get_global_id(0), ohb = get_global_id(1), z = get_global_id(2);
    if (owb >= OWBLOCKS || ohb >= OHBLOCKS || z >= N * OCBLOCKS) return;
    const int n = z / OCBLOCKS, ob = z % OCBLOCKS;
    const int ow0 = owb * VW, oh0 = ohb * RB;

    floatV acc[RB][OCB];
    #pragma unroll
    for (int i = 0; i < RB; i++)
        #pragma unroll
        for (int o = 0; o < OCB; o++) acc[i][o] = (floatV) 0.0f;

    const __global float* wq = wp + ob * C * KH_ * KW_ * OCB;
    for (int c = 0; c < C; c++) {
        for (int r = 0; r < KH_; r++) {
            const __global float* row = xp + ((n * C + c) * HP + oh0 * SH + r * DH) * WP + ow0 * SW;
            for (int s = 0; s < KW_; s++) {
                floatV xv[RB];
                #pragma unroll
                for (int i = 0; i < RB; i++) {
                    const __global float* at = row + i * SH * WP + s * DW;
                    if (SW == 1) {
                        xv[i] = vloadV(0, at);
                    } else {
                        float t[VW];
                        #pragma unroll
                        for (int v = 0; v < VW; v++) t[v] = at[v * SW];
                        xv[i] = vloadV(0, t);
                    }
                }
                #pragma unroll
                for (int o = 0; o < OCB; o++) {
                    const floatV wv = (floatV) wq[o];
                    #pragma unroll
                    for (int i = 0; i < RB; i++) acc[i][o] = fma(xv[i], wv, acc[i][o]);
                }
                wq += OCB;
            }
        }
    }

    const int lanes = min(VW, OW - ow0);
    #pragma unroll
    for (int i = 0; i < RB; i++) {
        const int oh = oh0 + i;
        if (oh >= OH) break;
        #pragma unroll
        for (int o = 0; o < OCB; o++) {
            const int oc = ob * OCB + o;
            if (oc >= OC) break;
            const floatV out = acc[i][o] + (floatV) (hasBias ? bias[oc] : 0.0f);
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
}

// Data gradient, step 1: zp[nc][hh][ww] = dy[nc][t / SH][u / SW] with t = hh + BT, u = ww + BL,
// where t and u are multiples of the stride inside dy; zero elsewhere. BT = PT - (KH-1)*DH and
// BL = PL - (KW-1)*DW may be negative (then the border is zero). Global size (WP, HP, NC).
__kernel void stuff_pad_dy(__global const float* dy, __global float* zp, int NC, int OH, int OW,
                           int HP, int WP, int BT, int BL, int SH, int SW) {
    const int ww = get_global_id(0), hh = get_global_id(1), nc = get_global_id(2);
    if (ww >= WP || hh >= HP || nc >= NC) return;
    const int t = hh + BT, u = ww + BL;
    float v = 0.0f;
    if (t >= 0 && u >= 0 && t % SH == 0 && u % SW == 0 && t / SH < OH && u / SW < OW) {
        v = dy[(nc * OH + t / SH) * OW + u / SW];
    }
    zp[(nc * HP + hh) * WP + ww] = v;
}

// Data gradient, step 2: the flipped, channel-swapped kernel in the packed layout of
// pack_weights: wp[cb][oc][r][s][o] = w[oc][cb*OCB + o][KH-1-r][KW-1-s], zero past C.
__kernel void pack_weights_flipped(__global const float* w, __global float* wp, int OC, int C,
                                   int KH, int KW, int CBLOCKS) {
    const int gid = get_global_id(0);
    const int q_count = OC * KH * KW;
    if (gid >= CBLOCKS * q_count * OCB) return;
    const int o = gid % OCB, q = (gid / OCB) % q_count, cb = gid / (OCB * q_count);
    const int s = q % KW, r = (q / KW) % KH, oc = q / (KW * KH);
    const int c = cb * OCB + o;
    wp[gid] = c < C ? w[((oc * C + c) * KH + (KH - 1 - r)) * KW + (KW - 1 - s)] : 0.0f;
}

// Weight gradient: part[split][oc][c][r][s] = sum over the rows (n, oh) of this split and all
// columns ow of dyp[n][oc][oh][ow] * xp[n][c][oh*SH + r*DH][ow*SW + s*DW].
// dyp is dy with its rows padded with zeros to OWBLOCKS*VW columns (pad_input), xp the padded
// input, wide enough for the last column block and for TB taps past KW (their sums are dropped).
// Global size (OCBLOCKS * C * KH * SBLOCKS, SPLIT).
__kernel void conv_weight_grad(__global const float* xp, __global const float* dyp, __global float* part,
                               int N, int C, int OC, int HP, int WP, int OH, int OWP,
                               int KH, int KW, int SH, int SW, int DH, int DW,
                               int OCBLOCKS, int SBLOCKS) {
    const int id = get_global_id(0), split = get_global_id(1);
    if (id >= OCBLOCKS * C * KH * SBLOCKS || split >= SPLIT) return;
    const int sb = id % SBLOCKS, r = (id / SBLOCKS) % KH, c = (id / (SBLOCKS * KH)) % C;
    const int ob = id / (SBLOCKS * KH * C);
    const int s0 = sb * TB;
    const int rows = N * OH;
    const int chunk = (rows + SPLIT - 1) / SPLIT;
    const int first = split * chunk, last = min(rows, first + chunk);

    floatV acc[OCB][TB];
    #pragma unroll
    for (int o = 0; o < OCB; o++)
        #pragma unroll
        for (int t = 0; t < TB; t++) acc[o][t] = (floatV) 0.0f;

    // output channels past OC read the first channel's rows; their sums are never stored
    int ocRow[OCB];
    #pragma unroll
    for (int o = 0; o < OCB; o++) ocRow[o] = min(ob * OCB + o, OC - 1);

    for (int row = first; row < last; row++) {
        const int n = row / OH, oh = row % OH;
        const __global float* xr = xp + ((n * C + c) * HP + oh * SH + r * DH) * WP + s0 * DW;
        const __global float* dyr = dyp + (n * OC * OH + oh) * OWP;
        for (int ow0 = 0; ow0 < OWP; ow0 += VW) {
            floatV xv[TB];
            #pragma unroll
            for (int t = 0; t < TB; t++) {
                if (SW == 1) {
                    xv[t] = vloadV(0, xr + ow0 + t * DW);
                } else {
                    float tmp[VW];
                    #pragma unroll
                    for (int v = 0; v < VW; v++) tmp[v] = xr[(ow0 + v) * SW + t * DW];
                    xv[t] = vloadV(0, tmp);
                }
            }
            #pragma unroll
            for (int o = 0; o < OCB; o++) {
                const floatV d = vloadV(0, dyr + ocRow[o] * OH * OWP + ow0);
                #pragma unroll
                for (int t = 0; t < TB; t++) acc[o][t] = fma(d, xv[t], acc[o][t]);
            }
        }
    }

    #pragma unroll

    for (int o = 0; o < OCB; o++) {
        const int oc = ob * OCB + o;
        if (oc >= OC) break;
        #pragma unroll
        for (int t = 0; t < TB; t++) {
            const int s = s0 + t;
            if (s >= KW) break;
            float lanes[VW];
            vstoreV(acc[o][t], 0, lanes);
            float sum = 0.0f;
            #pragma unroll
            for (int v = 0; v < VW; v++) sum += lanes[v];
            part[(((split * OC + oc) * C + c) * KH + r) * KW + s] = sum;
        }
    }
}
