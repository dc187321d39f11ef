package convbench.peer.onednn;

/**
 * Where the time of one operation went, in nanoseconds:
 * <ul>
 *   <li>{@code primitiveNanos}: the convolution or pooling primitives alone, on operands already in
 *       the layouts they chose: what benchdnn times and what a network whose layers all agree on
 *       those layouts pays.</li>
 *   <li>{@code reorderNanos}: the reorders between the plain layouts (NCHW, OIHW) and the
 *       primitives' own ones, in and out: what a user holding plain arrays pays on top.</li>
 *   <li>{@code helperNanos}: primitives run only to produce what the timed one needs: the
 *       forward pass of max pooling that writes the workspace (the arg-max indices) that max
 *       pooling backward reads. In a network that forward pass has already run.</li>
 *   <li>{@code copyNanos}: copies between Java arrays and native buffers (a Java user's extra).</li>
 * </ul>
 */
final class CallTimes {
    long primitiveNanos;
    long reorderNanos;
    long helperNanos;
    long copyNanos;

    /** What a oneDNN user holding NCHW/OIHW buffers pays: primitive, reorders and helpers (no Java copies). */
    long endToEndNanos() {
        return primitiveNanos + reorderNanos + helperNanos;
    }
}
