package convbench.ops;

import convbench.api.ConvShape;
import convbench.api.Window;
import java.util.List;

/**
 * The one dataset of awkward geometries that every implementation is tested on (as ARM
 * ComputeLibrary declares a dataset once and runs one test body over every backend): the
 * generated verification cases, the CPU implementations' tests and the OpenCL implementations'
 * tests all draw from these lists. Odd sizes (17x13), 1x1 kernels and a 1x1 input, a kernel
 * equal to the input, stride larger than the kernel, asymmetric padding, dilation, rectangular
 * windows, batch 1 and > 1, 1, 3 and 16+ channels, channel counts that are no multiple of a
 * vector or a register tile, several cache blocks, and grouped convolution (2-4 groups,
 * depthwise with stride 1, 2 and 3, dilation, a channel multiplier, rows that end in a partial
 * vector).
 */
public final class OddGeometries {
    private OddGeometries() {
    }

    /**
     * A convolution case.
     *
     * @param large tens of millions of FLOPs: worth running on every implementation, but the
     *              slowest for naive loops and an emulated device
     */
    public record Conv(String label, ConvShape shape, boolean large) {
        @Override
        public String toString() {
            ConvShape s = shape;
            return label + " mb" + s.n() + "ic" + s.c() + "ih" + s.h() + "iw" + s.w() + "oc" + s.oc() + " " + s.window();
        }
    }

    /** A pooling case (both countIncludePad settings apply to it). */
    public record Pool(String label, int n, int c, int h, int w, Window window) {
        public int[] inputShape() {
            return new int[] {n, c, h, w};
        }

        @Override
        public String toString() {
            return label + " mb" + n + "ic" + c + "ih" + h + "iw" + w + " " + window;
        }
    }

    public static final List<Conv> CONVOLUTIONS = List.of(
            conv("single channel 3x3 on 17x13", 1, 1, 17, 13, 1, Window.of(3, 1, 0)),
            conv("17x13 pad 1, batch 4", 4, 3, 17, 13, 5, Window.of(3, 1, 1)),
            conv("1x1 kernel", 2, 3, 9, 11, 4, Window.of(1, 1, 0)),
            conv("1x1 kernel stride 2 padded", 2, 16, 17, 13, 17, win(1, 1, 2, 2, 1, 0, 0, 1, 1, 1)),
            conv("1x1 input", 1, 3, 1, 1, 2, Window.of(1, 1, 0)),
            conv("kernel equal to input", 2, 3, 17, 13, 7, win(17, 13, 1, 1, 0, 0, 0, 0, 1, 1)),
            conv("stride larger than kernel", 1, 16, 13, 17, 7, Window.of(2, 3, 0)),
            conv("asymmetric padding", 4, 16, 17, 13, 33, win(3, 3, 1, 1, 2, 0, 1, 3, 1, 1)),
            conv("asymmetric padding, stride 2x1", 2, 4, 10, 9, 3, win(3, 2, 2, 1, 2, 0, 1, 3, 1, 1)),
            conv("dilation 2 stride 2", 1, 17, 17, 13, 19, win(3, 3, 2, 2, 2, 2, 2, 2, 2, 2)),
            conv("dilation 2, batch 4", 4, 3, 17, 13, 17, win(3, 3, 1, 1, 2, 2, 2, 2, 2, 2)),
            conv("rectangular everything", 4, 3, 17, 13, 8, win(3, 5, 2, 1, 1, 2, 0, 1, 2, 1)),
            conv("wide row, stride 2", 1, 2, 5, 41, 3, win(3, 3, 2, 2, 1, 1, 1, 1, 1, 1)),
            conv("stride 2, batch 4, 16 channels", 4, 16, 8, 8, 16, Window.of(3, 2, 1)),
            conv("33 out channels (no vector multiple)", 1, 20, 7, 7, 33, Window.of(3, 1, 1)),
            conv("more out channels than a reduction block", 1, 2, 5, 5, 300, Window.of(3, 1, 1)),
            conv("batch 5, few positions", 5, 8, 6, 7, 3, win(2, 2, 1, 1, 0, 1, 1, 0, 1, 1)),
            large("larger, several blocks", 2, 64, 20, 20, 64, Window.of(3, 1, 1)),
            large("larger, K over two blocks, stride 2", 1, 64, 20, 20, 70, Window.of(3, 2, 1)),
            // grouped: a GEMM per group (groups < C) and depthwise kernels (groups = C)
            conv("groups 2", 2, 4, 9, 11, 6, Window.of(3, 1, 1).withGroups(2)),
            conv("groups 3 odd, stride 2, asymmetric padding", 1, 6, 17, 13, 9,
                    win(3, 3, 2, 2, 1, 0, 2, 1, 1, 1).withGroups(3)),
            conv("groups 2 1x1, batch 3", 3, 8, 7, 5, 4, Window.of(1, 1, 0).withGroups(2)),
            large("groups 4, 16 channels per group, several panels", 1, 64, 20, 20, 64, Window.of(3, 1, 1).withGroups(4)),
            conv("groups 2, 15 out channels per group (ragged tiles)", 3, 6, 8, 9, 30,
                    win(2, 3, 1, 1, 0, 1, 1, 0, 1, 1).withGroups(2)),
            conv("depthwise 3x3 pad 1", 2, 16, 17, 13, 16, Window.of(3, 1, 1).withGroups(16)),
            conv("depthwise stride 2 pad 1", 1, 8, 17, 13, 8, Window.of(3, 2, 1).withGroups(8)),
            conv("depthwise dilated, stride 1x2, asymmetric padding", 2, 5, 13, 17, 5,
                    win(3, 3, 1, 2, 2, 0, 1, 3, 2, 1).withGroups(5)),
            conv("depthwise channel multiplier 2", 1, 3, 9, 40, 6, Window.of(3, 1, 1).withGroups(3)),
            conv("depthwise channel multiplier 3, row of 41", 1, 3, 9, 41, 9, Window.of(3, 1, 1).withGroups(3)),
            conv("depthwise row of 37 (vectors and an overlapping tail)", 3, 4, 6, 37, 4, Window.of(3, 1, 1).withGroups(4)),
            conv("depthwise stride 2x1, asymmetric padding", 2, 4, 13, 19, 4, win(3, 3, 2, 1, 2, 0, 1, 3, 1, 1).withGroups(4)),
            conv("depthwise stride 3 larger than kernel", 1, 2, 17, 13, 2, Window.of(2, 3, 0).withGroups(2)),
            conv("depthwise 5x5 stride 2 pad 2, wide", 2, 2, 23, 45, 2, Window.of(5, 2, 2).withGroups(2)),
            // last, so that the cases above keep their generated data (seeded by position)
            conv("padding wider than the kernel (stride 1)", 2, 3, 9, 7, 5, win(2, 2, 1, 1, 2, 1, 0, 3, 1, 1)));

    public static final List<Pool> POOLINGS = List.of(
            new Pool("2x2 stride 2 on 17x13", 2, 3, 17, 13, Window.of(2, 2, 0)),
            new Pool("3x3 stride 2 pad 1", 1, 5, 17, 13, Window.of(3, 2, 1)),
            new Pool("3x3 stride 2, asymmetric padding", 4, 2, 9, 10, win(3, 3, 2, 2, 1, 0, 0, 1, 1, 1)),
            new Pool("asymmetric padding, overlapping", 4, 1, 17, 13, win(3, 3, 1, 1, 2, 0, 1, 2, 1, 1)),
            new Pool("stride larger than kernel, dilated", 1, 2, 17, 13, win(2, 3, 3, 4, 0, 0, 0, 0, 2, 2)),
            new Pool("stride larger than kernel", 2, 3, 11, 11, Window.of(2, 3, 0)),
            new Pool("window equal to input", 3, 2, 17, 13, win(17, 13, 1, 1, 0, 0, 0, 0, 1, 1)),
            new Pool("global 7x7, 16 channels", 1, 16, 7, 7, Window.of(7, 1, 0)),
            new Pool("1x1", 1, 3, 17, 13, Window.of(1, 1, 0)),
            new Pool("larger", 2, 64, 20, 20, Window.of(3, 2, 1)));

    private static Conv conv(String label, int n, int c, int h, int w, int oc, Window g) {
        return new Conv(label, new ConvShape(n, c, h, w, oc, g), false);
    }

    private static Conv large(String label, int n, int c, int h, int w, int oc, Window g) {
        return new Conv(label, new ConvShape(n, c, h, w, oc, g), true);
    }

    private static Window win(int kh, int kw, int sh, int sw, int pt, int pb, int pl, int pr, int dh, int dw) {
        return new Window(kh, kw, sh, sw, pt, pb, pl, pr, dh, dw);
    }
}
