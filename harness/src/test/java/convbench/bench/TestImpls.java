package convbench.bench;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Makes the test-only implementations ({@link TestLoops}, {@link CrashingImpl}) visible to this
 * thread's ServiceLoader and to the benchmark JVMs, and to nothing else: their services file is
 * kept out of the test class path so that other tests of this module (verification over every
 * implementation) never meet an implementation that fails on purpose.
 */
final class TestImpls {
    static final Path SERVICES_ROOT = Path.of("src/test/test-impls").toAbsolutePath();

    private TestImpls() {
    }

    /** Call in {@code @BeforeEach}; undo with {@link #uninstall}. */
    static ClassLoader install() throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        URLClassLoader loader = new URLClassLoader(new URL[] {SERVICES_ROOT.toUri().toURL()}, previous);
        Thread.currentThread().setContextClassLoader(loader);
        System.setProperty(BenchRun.EXTRA_CLASSPATH_PROPERTY, SERVICES_ROOT.toString());
        return previous;
    }

    static void uninstall(ClassLoader previous) {
        Thread.currentThread().setContextClassLoader(previous);
        System.clearProperty(BenchRun.EXTRA_CLASSPATH_PROPERTY);
    }
}
