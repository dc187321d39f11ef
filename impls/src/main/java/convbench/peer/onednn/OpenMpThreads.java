package convbench.peer.onednn;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import convbench.cpu.CpuThreads;

/**
 * The OpenMP thread count of oneDNN. The preset's libdnnl runs its parallel loops on the GNU
 * OpenMP runtime it ships ({@code libgomp.so.1}), which starts as many threads as there are
 * cores unless told otherwise. The Java preset has no call for it, so this class calls
 * {@code omp_set_num_threads} in that very library (the copy JavaCPP extracted and loaded) through
 * JNA.
 *
 * <p>Two properties of OpenMP shape how it is used:
 * <ul>
 *   <li>The count is a per-thread setting (an ICV of the calling thread's implicit task): every
 *       Java thread that creates or runs primitives must set it itself, so {@link #applyToThisThread}
 *       is called at the start of every operation (it does the native call once per thread).</li>
 *   <li>oneDNN fixes a primitive's thread count when the primitive descriptor is created, so the
 *       count must be set before the first primitive is created on a thread.</li>
 * </ul>
 */
final class OpenMpThreads {
    private final int threads;
    private final Function setNumThreads;
    private final Function getMaxThreads;
    private final ThreadLocal<Boolean> applied = ThreadLocal.withInitial(() -> false);

    /** @param libgompPath absolute path of the libgomp.so.1 that libdnnl was loaded with */
    OpenMpThreads(String libgompPath, int threads) {
        NativeLibrary gomp = NativeLibrary.getInstance(libgompPath);
        this.setNumThreads = gomp.getFunction("omp_set_num_threads");
        this.getMaxThreads = gomp.getFunction("omp_get_max_threads");
        this.threads = threads;
    }

    int threads() {
        return threads;
    }

    /** Sets this Java thread's OpenMP thread count (once per thread). */
    void applyToThisThread() {
        if (!applied.get()) {
            setNumThreads.invokeVoid(new Object[] {threads});
            applied.set(true);
        }
    }

    /** What OpenMP will use for the next parallel region started from this thread. */
    int maxThreadsOfThisThread() {
        return getMaxThreads.invokeInt(new Object[0]);
    }

    /** The thread count {@code blocked} uses too: see {@link convbench.cpu.CpuThreads}. */
    static int configuredThreads() {
        return CpuThreads.configured();
    }
}
