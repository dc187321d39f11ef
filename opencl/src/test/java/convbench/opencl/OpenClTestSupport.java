package convbench.opencl;

import convbench.api.Shapes;
import convbench.api.Tensor;
import convbench.ops.SmallIntegers;
import convbench.api.Tensor64;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Device gate and helpers shared by the OpenCL tests. */
final class OpenClTestSupport {
    private OpenClTestSupport() {
    }

    /**
     * Skips the calling test when there is no OpenCL device, with the reason; with CI=true a
     * missing device is a failure instead, so CI always runs the OpenCL tests.
     */
    static void requireDevice() {
        Devices.Discovery d = Devices.discover();
        if (d.devices().isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but no OpenCL device is available: " + d.problem());
            }
            assumeTrue(false, d.problem());
        }
    }

    /** The project's one fill: non-zero integers in [-range, range], so float32 sums of them are exact. */
    static Tensor randomInts(SplittableRandom rnd, int range, int... shape) {
        return SmallIntegers.tensor(rnd, range, shape);
    }

    static Tensor poisoned(int... shape) {
        return Tensor.filled(Float.NaN, shape);
    }

    /**
     * Every element within atol + rtol*|expected|; a NaN (an element never written) always fails.
     * The message names the first mismatches with their coordinates.
     */
    static void assertClose(String what, Tensor64 expected, Tensor got, double rtol) {
        if (!java.util.Arrays.equals(expected.shape(), got.shape())) {
            fail(what + ": shape " + Shapes.format(got.shape()) + ", expected " + Shapes.format(expected.shape()));
        }
        StringBuilder bad = new StringBuilder();
        int count = 0;
        for (int i = 0; i < got.size(); i++) {
            double e = expected.data()[i];
            double g = got.data()[i];
            boolean ok = e == g || Math.abs(g - e) <= rtol * Math.abs(e);
            if (!ok) {
                if (count < 5) {
                    bad.append("\n  at ").append(Shapes.coordinates(got.shape(), i))
                            .append(": got ").append(g).append(", expected ").append(e);
                }
                count++;
            }
        }
        if (count > 0) {
            fail(what + ": " + count + " of " + got.size() + " elements differ" + bad);
        }
    }
}
