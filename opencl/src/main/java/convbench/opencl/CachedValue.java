package convbench.opencl;

import java.util.function.Supplier;

/**
 * A value computed on first use and then kept, safe to share between threads; {@link #forget()}
 * makes the next {@link #get()} compute it again.
 */
final class CachedValue<T> {
    private final Supplier<T> compute;
    private volatile T value;

    CachedValue(Supplier<T> compute) {
        this.compute = compute;
    }

    T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = compute.get();
                    value = v;
                }
            }
        }
        return v;
    }

    void forget() {
        synchronized (this) {
            value = null;
        }
    }
}
