package convbench.bench;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;

/**
 * Test-only: an implementation whose forward convolution kills its JVM when the system
 * property {@code convbench.test.crash} is set (to test that a dying benchmark JVM is reported
 * and earlier results are kept), and otherwise throws when the batch is 2 (a failing operation).
 */
public class CrashingImpl implements Implementation {
    @Override
    public String name() {
        return "test-crashing";
    }

    @Override
    public String description() {
        return "test-only: fails on purpose";
    }

    @Override
    public String documentSection() {
        return "none";
    }

    @Override
    public Support supports(Op op, Window window) {
        return op == Op.CONV2D ? Support.yes() : Support.no("forward only");
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
        if (x.dim(2) == 17 && Boolean.getBoolean("convbench.test.crash")) {
            Runtime.getRuntime().halt(77);
        }
        if (x.dim(0) == 2 && x.dim(2) == 8) {
            throw new IllegalStateException("deliberate failure on a batch of 2");
        }
        java.util.Arrays.fill(y.data(), 1f);
    }
}
