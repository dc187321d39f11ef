package convbench.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.api.ConvShape;
import convbench.api.Direction;
import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.PoolShape;
import convbench.api.Reduction;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.api.Window;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriversTest {
    @Test
    void everyTensorOpHasItsDriverAndOutputShapeHasNone() {
        for (Op op : Op.values()) {
            if (op == Op.OUTPUT_SHAPE) {
                assertTrue(!Drivers.hasDriver(op));
                assertThrows(IllegalArgumentException.class, () -> Drivers.of(op));
            } else {
                assertEquals(op, Drivers.of(op).op());
                assertTrue(Drivers.of(op).inputs().containsAll(Drivers.of(op).requiredInputs()));
            }
        }
        assertEquals(java.util.Set.of("x", "w"), Drivers.of(Op.CONV2D).requiredInputs());
        // names in FORMAT.md's order, so that messages listing them read the same in every JVM
        assertEquals(java.util.List.of("x", "w", "b"), java.util.List.copyOf(Drivers.of(Op.CONV2D).inputs()));
        assertEquals("[dx, dw, db]", Drivers.of(Op.CONV2D_BACKWARD).outputs().toString());
    }

    @Test
    void smallIntegersAreNonZeroBoundedAndReproducible() {
        Tensor64 a = SmallIntegers.tensor64(new SplittableRandom(7), 3, 4, 5, 6);
        Tensor b = SmallIntegers.tensor(new SplittableRandom(7), 3, 4, 5, 6);
        int[] seen = new int[7];
        for (int i = 0; i < a.size(); i++) {
            double v = a.data()[i];
            assertTrue(v != 0 && Math.abs(v) <= 3 && v == Math.rint(v), "value " + v);
            assertEquals(v, b.data()[i]);
            seen[(int) v + 3]++;
        }
        for (int v = -3; v <= 3; v++) {
            assertTrue(v == 0 ? seen[3] == 0 : seen[v + 3] > 0, "value " + v + " drawn " + seen[v + 3] + " times");
        }
    }

    /** The drivers' output shapes are the shapes the float64 reference produces, on every dataset geometry. */
    @Test
    void outputShapesAreTheReferencesShapesOnTheDataset() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (OddGeometries.Conv cc : OddGeometries.CONVOLUTIONS) {
            ConvShape s = cc.shape();
            for (Op op : new Op[] {Op.CONV2D, Op.CONV2D_BACKWARD}) {
                OpParams p = new OpParams(op, s.window(), Reduction.SUM, true, null);
                Map<String, Tensor64> in = p.driver().generate(p, s.inputShape(), s.oc(), rnd);
                assertArrayEquals(s.weightShape(), in.get("w").shape(), cc + ": w");
                if (op == Op.CONV2D_BACKWARD) {
                    assertArrayEquals(s.outputShape(), in.get("dy").shape(), cc + ": dy");
                    assertArrayEquals(s.outputShape(), p.driver().impliedInputShapes(p, shapes(in)).get("dy").shape());
                }
                sameShapes(cc + " " + op, p.driver().outputShapes(p, shapes(in)), p.driver().reference(p, in));
            }
        }
        for (OddGeometries.Pool pc : OddGeometries.POOLINGS) {
            for (Op op : new Op[] {Op.MAXPOOL2D, Op.AVGPOOL2D, Op.MAXPOOL2D_BACKWARD, Op.AVGPOOL2D_BACKWARD}) {
                for (boolean include : new boolean[] {true, false}) {
                    OpParams p = new OpParams(op, pc.window(), Reduction.SUM, include, null);
                    Map<String, Tensor64> in = p.driver().generate(p, pc.inputShape(), 0, rnd);
                    sameShapes(pc + " " + op, p.driver().outputShapes(p, shapes(in)), p.driver().reference(p, in));
                }
            }
        }
        Window g = Window.of(3, 2, 1);
        int[] x = {2, 3, 9, 8};
        OpParams col2im = new OpParams(Op.COL2IM, g, Reduction.SUM, true, x);
        Map<String, Tensor64> cols = col2im.driver().generate(col2im, x, 0, rnd);
        assertArrayEquals(new int[] {2 * 5 * 4, 3 * 9}, cols.get("cols").shape());
        sameShapes("col2im", col2im.driver().outputShapes(col2im, shapes(cols)), col2im.driver().reference(col2im, cols));
        OpParams im2col = OpParams.of(Op.IM2COL, g);
        Map<String, Tensor64> xs = im2col.driver().generate(im2col, x, 0, rnd);
        sameShapes("im2col", im2col.driver().outputShapes(im2col, shapes(xs)), im2col.driver().reference(im2col, xs));
    }

    /**
     * Generated inputs keep the exact result an integer where the op divides: conv backward with
     * MEAN divides dw and db by N, average pooling backward divides each dy by its window's count.
     */
    @Test
    void generatedInputsKeepDividingOpsExact() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (OddGeometries.Conv cc : OddGeometries.CONVOLUTIONS) {
            ConvShape s = cc.shape();
            OpParams p = new OpParams(Op.CONV2D_BACKWARD, s.window(), Reduction.MEAN, true, null);
            Map<String, Tensor64> out = p.driver().reference(p, p.driver().generate(p, s.inputShape(), s.oc(), rnd));
            allIntegers(cc + " dw", out.get("dw"));
            allIntegers(cc + " db", out.get("db"));
        }
        for (OddGeometries.Pool pc : OddGeometries.POOLINGS) {
            for (boolean include : new boolean[] {true, false}) {
                OpParams p = new OpParams(Op.AVGPOOL2D_BACKWARD, pc.window(), Reduction.SUM, include, null);
                Map<String, Tensor64> out = p.driver().reference(p, p.driver().generate(p, pc.inputShape(), 0, rnd));
                allIntegers(pc + " countIncludePad " + include, out.get("dx"));
            }
        }
        assertEquals(1e-6, Drivers.of(Op.AVGPOOL2D).generatedTolerance(OpParams.of(Op.AVGPOOL2D, Window.of(2, 2, 0))));
        assertEquals(0, Drivers.of(Op.MAXPOOL2D).generatedTolerance(OpParams.of(Op.MAXPOOL2D, Window.of(2, 2, 0))));
    }

    /** An implementation that writes nothing leaves NaN in every output: it cannot pass by accident. */
    @Test
    void runPoisonsOutputsWithNaN() {
        Implementation lazy = new Implementation() {
            public String name() {
                return "lazy";
            }

            public String description() {
                return "writes nothing";
            }

            public String documentSection() {
                return "";
            }

            public Support supports(Op op, Window window) {
                return Support.yes();
            }

            @Override
            public void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
            }
        };
        OpParams p = OpParams.of(Op.CONV2D, Window.of(3, 1, 1));
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("x", Tensor.zeros(1, 2, 5, 5));
        in.put("w", Tensor.zeros(3, 2, 3, 3));
        Tensor y = p.driver().run(lazy, p, in).get("y");
        assertArrayEquals(new int[] {1, 3, 5, 5}, y.shape());
        for (float v : y.data()) {
            assertTrue(Float.isNaN(v));
        }
    }

    @Test
    void benchmarkPointsAllocateWhatTheirDirectionTouches() {
        ConvShape c = new ConvShape(2, 3, 9, 8, 4, Window.of(3, 1, 1));
        OpTensors f = new ConvPoint(c, Direction.FORWARD).allocate();
        assertTrue(f.x != null && f.w != null && f.b != null && f.y != null);
        assertNull(f.dy);
        assertTrue(Float.isNaN(f.y.data()[0]) && f.x.data()[0] != 0);
        OpTensors bd = new ConvPoint(c, Direction.BACKWARD_DATA).allocate();
        assertTrue(bd.dy != null && bd.dx != null && bd.dw == null && bd.db == null && bd.b == null);
        OpTensors bw = new ConvPoint(c, Direction.BACKWARD_WEIGHTS).allocate();
        assertTrue(bw.dy != null && bw.dx == null && bw.dw != null && bw.db != null);
        OpTensors both = new ConvPoint(c, Direction.BACKWARD).allocate();
        assertTrue(both.dx != null && both.dw != null && both.db != null);
        assertArrayEquals(new ConvPoint(c, Direction.FORWARD).allocate().x.data(), f.x.data(), "same inputs every time");
        assertEquals(Op.CONV2D_BACKWARD, new ConvPoint(c, Direction.BACKWARD_WEIGHTS).op());
        assertThrows(IllegalArgumentException.class, () -> new ConvPoint(c, Direction.POOL_FORWARD));
        // forward: x 2*3*9*8, w 4*3*3*3, b 4, y 2*4*9*8, plus one im2col matrix (2*9*8) x (3*3*3)
        assertEquals(4L * (432 + 108 + 4 + 576 + 144 * 27), new ConvPoint(c, Direction.FORWARD).estimatedBytes());
        // depthwise (16 groups of 1 channel): the im2col matrix of one group, (N*OH*OW) x 9
        ConvShape dw = new ConvShape(1, 16, 10, 10, 16, Window.of(3, 1, 1).withGroups(16));
        assertEquals(4L * (1600 + 144 + 16 + 1600 + 100 * 9), new ConvPoint(dw, Direction.FORWARD).estimatedBytes());

        PoolShape ps = new PoolShape(2, 3, 9, 8, Window.of(2, 2, 0), false);
        PoolPoint back = new PoolPoint(ps, Direction.POOL_BACKWARD, false);
        assertEquals(Op.AVGPOOL2D_BACKWARD, back.op());
        OpTensors pb = back.allocate();
        assertTrue(pb.x != null && pb.dy != null && pb.dx != null && pb.y == null);
        assertArrayEquals(new int[] {2, 3, 4, 4}, pb.dy.shape());
        assertThrows(IllegalArgumentException.class, () -> new PoolPoint(ps, Direction.FORWARD, true));
        // 2x2 windows, stride 2: 4 comparisons per output; max backward reads x and dy, writes dx
        Workload w = new PoolPoint(ps, Direction.POOL_BACKWARD, true).workload();
        assertEquals(2 * 3 * 4 * 4 * 4, w.flops());
        assertEquals(4.0 * (2 * 2 * 3 * 9 * 8 + 2 * 3 * 4 * 4), w.bytes());
    }

    private static Map<String, int[]> shapes(Map<String, Tensor64> in) {
        Map<String, int[]> s = new LinkedHashMap<>();
        in.forEach((k, v) -> s.put(k, v.shape()));
        return s;
    }

    private static void sameShapes(String what, Map<String, int[]> shapes, Map<String, Tensor64> reference) {
        assertEquals(reference.keySet(), shapes.keySet(), what);
        reference.forEach((k, v) -> assertArrayEquals(v.shape(), shapes.get(k), what + ": " + k));
    }

    private static void allIntegers(String what, Tensor64 t) {
        for (double v : t.data()) {
            assertEquals(Math.rint(v), v, what + ": " + v + " is not an integer");
        }
    }
}
