package convbench.peer.onednn;

import java.util.Map;
import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Loader;

/**
 * The loaded library: oneDNN's CPU engine and one stream on it, its version and its OpenMP
 * threads. Created once per process ({@link #get}); loading extracts the natives from the preset's
 * jar into JavaCPP's cache ({@code ~/.javacpp/cache}) the first time, so it is kept out of the
 * constructor of the implementation (which the ServiceLoader calls for every command).
 */
final class Onednn {
    private static Onednn instance;
    private static Throwable failure;

    final engine engine;
    final stream stream;
    final OpenMpThreads threads;
    final String version;

    private Onednn(int threadCount) {
        Loader.load(dnnl.class);
        if (dnnl.DNNL_CPU_THREADING_RUNTIME != dnnl.DNNL_RUNTIME_OMP) {
            throw new IllegalStateException("this oneDNN build does not use OpenMP threads (runtime "
                    + dnnl.DNNL_CPU_THREADING_RUNTIME + "), so its thread count cannot be set");
        }
        this.threads = new OpenMpThreads(loadedLibrary("gomp"), threadCount);
        // Threads first: oneDNN reads the count when it creates engines and primitives.
        threads.applyToThisThread();
        this.engine = new engine(org.bytedeco.dnnl.engine.kind.cpu, 0);
        this.stream = new stream(engine);
        dnnl_version_t v = dnnl.dnnl_version();
        String hash = v.hash() == null ? "" : v.hash().getString();
        this.version = v.major() + "." + v.minor() + "." + v.patch()
                + (hash.isBlank() || hash.equals("N/A") ? "" : " (" + hash + ")");
    }

    /** The process's oneDNN; throws (the same error every time) when it cannot be loaded. */
    static synchronized Onednn get() {
        if (instance == null && failure == null) {
            try {
                instance = new Onednn(OpenMpThreads.configuredThreads());
            } catch (Throwable t) {
                failure = t;
            }
        }
        if (failure != null) {
            throw new IllegalStateException("oneDNN could not be loaded: " + failure, failure);
        }
        return instance;
    }

    /** The path JavaCPP loaded a library from, e.g. "gomp" for its libgomp.so.1. */
    private static String loadedLibrary(String name) {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().startsWith(name + "@") || e.getKey().equals(name)) {
                return e.getValue();
            }
        }
        throw new IllegalStateException("JavaCPP did not load lib" + name + " with oneDNN; loaded: "
                + Loader.getLoadedLibraries().keySet());
    }
}
