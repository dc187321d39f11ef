package convbench.bench;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Test-only: an implementation whose speed depends on the JVM, as a JIT outcome can: JVMs number
 * themselves through the file named by {@code convbench.test.jitterFile} (one line appended per
 * JVM), and every other JVM spins four times as long per call. Its points stay unstable however
 * many forks they get.
 */
public class JitteryImpl implements Implementation {
    private static final int FACTOR = factor();

    private static int factor() {
        String file = System.getProperty("convbench.test.jitterFile");
        if (file == null) {
            return 1;
        }
        try {
            Path p = Path.of(file);
            Files.writeString(p, "jvm\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return Files.readAllLines(p).size() % 2 == 0 ? 4 : 1;
        } catch (IOException e) {
            return 1;
        }
    }

    @Override
    public String name() {
        return "test-jittery";
    }

    @Override
    public String description() {
        return "test-only: every other JVM is four times slower";
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
        long until = System.nanoTime() + 200_000L * FACTOR;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        java.util.Arrays.fill(y.data(), 1f);
    }
}
