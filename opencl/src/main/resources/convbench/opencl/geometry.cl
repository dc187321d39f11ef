// Geometry helpers shared by the kernel files. OpenCL C cannot #include our resources, so
// ClSession puts this text in front of every program's source, followed by a `#line 1` so that
// build logs still count the lines of the kernel file itself. The compiler inlines these helpers.
//
// Geometry arguments, in this order in every kernel of this project:
//   H, W        input height and width        OH, OW   output height and width
//   KH, KW      window                        SH, SW   stride
//   PT, PL      padding before (top, left)    DH, DW   dilation

#define GEOM int H, int W, int OH, int OW, int KH, int KW, int SH, int SW, int PT, int PL, int DH, int DW

// The coordinates of flat index `index` in a row-major array [*][C][H][W].
typedef struct { int n, c, h, w; } nchw;

inline nchw nchw_of(int index, int C, int H, int W) {
    nchw p;
    p.w = index % W;
    p.h = (index / W) % H;
    p.c = (index / (W * H)) % C;
    p.n = index / (W * H * C);
    return p;
}

// The taps of the window of output (i, j) that land inside the input: rows r in [r0, r1) and
// columns s in [s0, s1); tap (r, s) reads input cell (top + r*DH, left + s*DW). Looping over
// these ranges replaces a test per tap (padding cells are skipped), which lets the compiler
// vectorize across work-items. A range may be empty, with its end before its start.
typedef struct { int top, left, r0, r1, s0, s1; } taps;

inline taps taps_inside(int i, int j, GEOM) {
    taps t;
    t.top = i * SH - PT;
    t.left = j * SW - PL;
    t.r0 = t.top >= 0 ? 0 : (-t.top + DH - 1) / DH;
    t.r1 = min(KH, (H - t.top + DH - 1) / DH);
    t.s0 = t.left >= 0 ? 0 : (-t.left + DW - 1) / DW;
    t.s1 = min(KW, (W - t.left + DW - 1) / DW);
    return t;
}

// How many cells of the window lie inside the input.
inline int taps_count(taps t) {
    return max(0, t.r1 - t.r0) * max(0, t.s1 - t.s0);
}

// Backward gathers run the other way: the output position o (a row or a column) whose window
// puts tap k on input position p, i.e. o*S - P + k*D == p, or -1 when that o is not a whole
// number or lies outside [0, O).
inline int window_covering(int p, int k, int S, int P, int D, int O) {
    const int t = p + P - k * D;   // = o * S
    return (t < 0 || t % S != 0 || t / S >= O) ? -1 : t / S;
}

// The loops of a forward window: the statements `...` run for each tap (r, s) of `t` (from
// taps_inside) with `row` pointing at `plane`'s input row of tap r, from the window's left edge,
// so the tap's value is row[s * DW]. The macro declares r, s and row under the names given.
#define FOR_EACH_TAP_INSIDE(t, plane, row, r, s, ...) \
    for (int r = (t).r0; r < (t).r1; r++) { \
        const __global float* row = (plane) + ((t).top + r * DH) * W + (t).left; \
        for (int s = (t).s0; s < (t).s1; s++) { \
            __VA_ARGS__ \
        } \
    }

// The loops of a backward gather: the statements `...` run for each tap (r, s) of each output
// window (i, j) that covers input cell (hi, wi), i.e. i = window_covering(hi, r, ...) and
// j = window_covering(wi, s, ...) are both valid. The macro declares r, s, i and j under the
// names given. (Statements as a macro argument, since OpenCL C has no closures.)
#define FOR_EACH_WINDOW_COVERING(hi, wi, r, s, i, j, ...) \
    for (int r = 0; r < KH; r++) { \
        const int i = window_covering(hi, r, SH, PT, DH, OH); \
        if (i < 0) continue; \
        for (int s = 0; s < KW; s++) { \
            const int j = window_covering(wi, s, SW, PL, DW, OW); \
            if (j < 0) continue; \
            __VA_ARGS__ \
        } \
    }
