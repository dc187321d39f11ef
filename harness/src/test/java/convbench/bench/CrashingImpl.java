package convbench.bench;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;

/**
 * Test-only: an implementation that fails on purpose, chosen by the input height: 23 kills its
 * JVM (exit code 77), 29 crashes it (SIGSEGV), 11 throws from its first call outside the probe (inside JMH; the probe's
 * calls, however many, pass), 8 with a batch of 2 throws at once. Anything else fills the output with ones.
 */
public class CrashingImpl implements Implementation {
    private static boolean calledByProbe() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().equals(Probe.class.getName())));
    }

    /** A real native crash (SIGSEGV), as a broken OpenCL driver would cause. */
    private static void segfault() {
        try {
            java.lang.reflect.Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            unsafe.getClass().getMethod("putAddress", long.class, long.class).invoke(unsafe, 0L, 0L);
        } catch (ReflectiveOperationException e) {
            Runtime.getRuntime().halt(78);
        }
    }

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
        if (x.dim(2) == 23) {
            Runtime.getRuntime().halt(77);
        }
        if (x.dim(2) == 29) {
            segfault();
        }
        if (x.dim(2) == 11 && !calledByProbe()) {
            throw new IllegalStateException("deliberate failure inside JMH");
        }
        if (x.dim(0) == 2 && x.dim(2) == 8) {
            throw new IllegalStateException("deliberate failure on a batch of 2");
        }
        java.util.Arrays.fill(y.data(), 1f);
    }
}
