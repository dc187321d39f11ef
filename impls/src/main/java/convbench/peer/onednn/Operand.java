package convbench.peer.onednn;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;

/**
 * One tensor argument of a primitive, as a oneDNN user holding plain arrays handles it: a native
 * buffer in the plain layout (NCHW, OIHW or a vector), the memory in the layout the primitive
 * chose for itself when it was created with {@code format_tag::any} (often a blocked layout such
 * as {@code nChw16c}), and the reorder primitive between the two, created once. When the primitive
 * chose the plain layout there is one memory and no reorder.
 *
 * <p>Moving data between the Java array and the native buffer ({@link #load}, {@link #store}) is
 * timed as copy time, the reorders as reorder time (see {@link CallTimes}).
 */
final class Operand {
    /** Whether the primitive reads this argument (reorder plain to inner) or writes it (inner to plain). */
    enum Direction { IN, OUT }

    private final memory plain;
    private final memory inner;
    private final reorder reorder;
    private final Direction direction;
    /** The primitive's name for this argument, e.g. {@code DNNL_ARG_SRC}. */
    private final int argument;
    private final FloatPointer plainData;
    private final int size;

    /**
     * @param plainDesc the user's layout, e.g. {@code {N,C,H,W}} with {@code format_tag::nchw}
     * @param chosenDesc the layout the primitive descriptor reports for this argument
     */
    Operand(Plan owner, engine eng, int argument, memory.desc plainDesc, memory.desc chosenDesc, Direction direction) {
        this.direction = direction;
        this.argument = argument;
        this.plain = owner.own(new memory(plainDesc, eng));
        this.size = Math.toIntExact(plainDesc.get_size() / Float.BYTES);
        this.plainData = new FloatPointer(plain.get_data_handle()).capacity(size);
        if (chosenDesc.equals(plainDesc)) {
            this.inner = plain;
            this.reorder = null;
        } else {
            this.inner = owner.own(new memory(chosenDesc, eng));
            this.reorder = owner.own(direction == Direction.IN ? new reorder(plain, inner) : new reorder(inner, plain));
        }
    }

    /** The memory to hand to the primitive. */
    memory inner() {
        return inner;
    }

    int argument() {
        return argument;
    }

    boolean reorders() {
        return reorder != null;
    }

    /** Java array into the plain native buffer. */
    private void load(float[] values, CallTimes times) {
        long t0 = System.nanoTime();
        plainData.put(values, 0, size);
        times.copyNanos += System.nanoTime() - t0;
    }

    /** Plain native buffer into the Java array. */
    private void store(float[] values, CallTimes times) {
        long t0 = System.nanoTime();
        plainData.get(values, 0, size);
        times.copyNanos += System.nanoTime() - t0;
    }

    /** Plain to the primitive's layout (inputs), if they differ. */
    private void reorderIn(stream s, CallTimes times) {
        if (reorder != null && direction == Direction.IN) {
            times.reorderNanos += run(s);
        }
    }

    /** The primitive's layout back to plain (outputs), if they differ. */
    private void reorderOut(stream s, CallTimes times) {
        if (reorder != null && direction == Direction.OUT) {
            times.reorderNanos += run(s);
        }
    }

    /** An input's way in: the Java array into the plain buffer, then into the primitive's layout. */
    void loadAndReorder(float[] values, stream s, CallTimes times) {
        load(values, times);
        reorderIn(s, times);
    }

    /** An output's way back: from the primitive's layout into the plain buffer, then into the Java array. */
    void reorderAndStore(float[] values, stream s, CallTimes times) {
        reorderOut(s, times);
        store(values, times);
    }

    private long run(stream s) {
        long t0 = System.nanoTime();
        reorder.execute(s, direction == Direction.IN ? plain : inner, direction == Direction.IN ? inner : plain);
        s._wait();
        return System.nanoTime() - t0;
    }
}
