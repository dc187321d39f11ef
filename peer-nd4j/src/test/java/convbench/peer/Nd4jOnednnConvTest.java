package convbench.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.api.Implementation;
import convbench.api.Implementations;
import convbench.api.Reduction;
import convbench.api.Tensor;
import convbench.api.Tensor64;
import convbench.api.Window;
import convbench.reference.Reference;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Small-integer problems (exact in float32) against the float64 reference. */
class Nd4jOnednnConvTest {
    private final Nd4jOnednnConv impl = new Nd4jOnednnConv();

    private static Tensor ints(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = r.nextInt(7) - 3;
        }
        return t;
    }

    private static void same(Tensor64 expected, Tensor got) {
        assertArrayEquals(expected.shape(), got.shape());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(expected.data()[i], got.data()[i], 1e-4 * (1 + Math.abs(expected.data()[i])), "at " + i);
        }
    }

    @Test
    void isDiscoveredAndAvailable() {
        assertTrue(Implementations.names(Implementations.discover()).contains("nd4j-onednn"));
        assertTrue(impl.available().supported(), impl.available().reason());
        assertTrue(impl.variant().contains("-onednn-avx2"), impl.variant());
    }

    @Test
    void convolutionForwardAndBackward() {
        Random r = new Random(1);
        for (Window g : new Window[] {Window.of(3, 1, 1), Window.of(3, 2, 0),
                new Window(3, 2, 2, 1, 1, 1, 0, 0, 1, 1)}) {
            Tensor x = ints(r, 2, 3, 9, 8);
            Tensor w = ints(r, 4, 3, g.kh(), g.kw());
            Tensor b = ints(r, 4);
            int oh = g.outH(9);
            int ow = g.outW(8);
            Tensor y = Tensor.filled(Float.NaN, 2, 4, oh, ow);
            impl.conv2d(x, w, b, g, y);
            same(Reference.conv2d(Tensor64.of(x), Tensor64.of(w), Tensor64.of(b), g), y);

            Tensor dy = ints(r, 2, 4, oh, ow);
            Tensor dx = Tensor.filled(Float.NaN, 2, 3, 9, 8);
            Tensor dw = Tensor.filled(Float.NaN, w.shape());
            Tensor db = Tensor.filled(Float.NaN, 4);
            impl.conv2dBackward(x, w, dy, g, Reduction.SUM, dx, dw, db);
            Reference.Grads ref = Reference.conv2dBackward(Tensor64.of(x), Tensor64.of(w), Tensor64.of(dy), g,
                    Reduction.SUM);
            same(ref.dx(), dx);
            same(ref.dw(), dw);
            same(ref.db(), db);
        }
    }

    @Test
    void dilationIsRefused() {
        assertTrue(!impl.supports(convbench.api.Op.CONV2D, new Window(3, 3, 1, 1, 0, 0, 0, 0, 2, 2)).supported());
        assertTrue(!impl.supports(convbench.api.Op.CONV2D, new Window(3, 3, 1, 1, 1, 0, 1, 0, 1, 1)).supported());
    }

    @Test
    void pooling() {
        Random r = new Random(2);
        Tensor x = ints(r, 2, 3, 7, 7);
        for (Window g : new Window[] {Window.of(2, 2, 0), Window.of(3, 2, 1)}) {
            int oh = g.outH(7);
            Tensor y = Tensor.filled(Float.NaN, 2, 3, oh, oh);
            impl.maxPool2d(x, g, y);
            same(Reference.maxPool2d(Tensor64.of(x), g), y);
            for (boolean include : new boolean[] {false, true}) {
                impl.avgPool2d(x, g, include, y);
                same(Reference.avgPool2d(Tensor64.of(x), g, include), y);
                Tensor dy = ints(r, 2, 3, oh, oh);
                Tensor dx = Tensor.filled(Float.NaN, 2, 3, 7, 7);
                impl.avgPool2dBackward(dy, g, include, dx);
                same(Reference.avgPool2dBackward(Tensor64.of(dy), x.shape(), g, include), dx);
            }
            Tensor distinct = Tensor.zeros(2, 3, 7, 7);
            for (int i = 0; i < distinct.size(); i++) {
                distinct.data()[i] = (i * 37) % 101; // no ties: the first maximum is the only one
            }
            Tensor dy = ints(r, 2, 3, oh, oh);
            Tensor dx = Tensor.filled(Float.NaN, 2, 3, 7, 7);
            impl.maxPool2dBackward(distinct, dy, g, dx);
            same(Reference.maxPool2dBackward(Tensor64.of(distinct), Tensor64.of(dy), g), dx);
        }
    }

    @Test
    void closesQuietly() {
        Implementation i = new Nd4jOnednnConv();
        i.close();
    }
}
