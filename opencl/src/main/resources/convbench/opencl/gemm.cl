// Tiled matrix multiplication with local memory and register blocking, the structure of
// CLBlast's xgemm and ComputeLibrary's gemm kernels, reduced to its core:
//
//   C[b](m, n) = sum_k A[b](m, k) * B[b](k, n)   (+ bias[m] when hasBias)
//
// Each work-group computes a TSM x TSN tile of C. For every slice of TSK along k it copies the
// TSM x TSK block of A and the TSK x TSN block of B into local memory (zero outside the matrix),
// then every work-item accumulates WPTM x WPTN results in registers: each value read from local
// memory is used WPTN (or WPTM) times. Work-item (tn, tm) owns rows tm + a*RTSM and columns
// tn + b*RTSN, so neighbouring work-items touch neighbouring columns.
//
// The WPTM x WPTN loops are unrolled explicitly so the accumulators stay in registers (PoCL's
// clang does not unroll them by itself).
//
// Matrices are addressed through strides (element (m, k) of A is A[m*sAm + k*sAk]) plus a batch
// stride per matrix for dimension 2 of the launch: the forward pass, the data gradient and the
// weight gradient of a convolution are all this one kernel with different strides.

#ifndef TSM
#define TSM 64      // tile rows per work-group
#endif
#ifndef TSN
#define TSN 128     // tile columns per work-group
#endif
#ifndef TSK
#define TSK 16      // depth of one local-memory slice
#endif
#ifndef WPTM
#define WPTM 8      // rows per work-item
#endif
#ifndef WPTN
#define WPTN 8      // columns per work-item
#endif

#define RTSM (TSM / WPTM)   // work-group size in dimension 1
#define RTSN (TSN / WPTN)   // work-group size in dimension 0

#if TSM % WPTM != 0 || TSN % WPTN != 0
#error "TSM must be a multiple of WPTM and TSN of WPTN"
#endif

__kernel __attribute__((reqd_work_group_size(RTSN, RTSM, 1)))
void gemm(const int M, const int N, const int K,
          __global const float* A, const int sAm, const int sAk, const int bA,
          __global const float* B, const int sBk, const int sBn, const int bB,
          __global float* C, const int sCm, const int sCn, const int bC,
          __global const float* bias, const int hasBias) {
    const int tn = get_local_id(0);
    const int tm = get_local_id(1);
    const int n0 = get_group_id(0) * TSN;
    const int m0 = get_group_id(1) * TSM;
    const int batch = get_global_id(2);
    A += batch * bA;
    B += batch * bB;
    C += batch * bC;

    __local float As[TSK][TSM];
    __local float Bs[TSK][TSN];

    float acc[WPTM][WPTN];
    #pragma unroll
    for (int a = 0; a < WPTM; a++)
        #pragma unroll
        for (int b = 0; b < WPTN; b++)
            acc[a][b] = 0.0f;

    const int tid = tm * RTSN + tn;
    for (int k0 = 0; k0 < K; k0 += TSK) {
        // Cooperative copy of the two blocks; the tail of every dimension reads as zero.
        for (int l = tid; l < TSK * TSM; l += RTSM * RTSN) {
            const int kk = l / TSM, mm = l % TSM;
            const int gm = m0 + mm, gk = k0 + kk;
            As[kk][mm] = (gm < M && gk < K) ? A[gm * sAm + gk * sAk] : 0.0f;
        }
        for (int l = tid; l < TSK * TSN; l += RTSM * RTSN) {
            const int kk = l / TSN, nn = l % TSN;
            const int gn = n0 + nn, gk = k0 + kk;
            Bs[kk][nn] = (gn < N && gk < K) ? B[gk * sBk + gn * sBn] : 0.0f;
        }
        barrier(CLK_LOCAL_MEM_FENCE);

        for (int kk = 0; kk < TSK; kk++) {
            float bv[WPTN];
            #pragma unroll
            for (int b = 0; b < WPTN; b++)
                bv[b] = Bs[kk][tn + b * RTSN];
            #pragma unroll
            for (int a = 0; a < WPTM; a++) {
                const float av = As[kk][tm + a * RTSM];
                #pragma unroll
                for (int b = 0; b < WPTN; b++)
                    acc[a][b] = fma(av, bv[b], acc[a][b]);
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }

    #pragma unroll

    for (int a = 0; a < WPTM; a++) {
        const int gm = m0 + tm + a * RTSM;
        if (gm >= M) continue;
        const float add = hasBias ? bias[gm] : 0.0f;
        #pragma unroll
        for (int b = 0; b < WPTN; b++) {
            const int gn = n0 + tn + b * RTSN;
            if (gn < N) C[gm * sCm + gn * sCn] = acc[a][b] + add;
        }
    }
}
