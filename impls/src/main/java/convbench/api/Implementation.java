package convbench.api;

/**
 * One implementation of the operations. Implementations are discovered with
 * {@link java.util.ServiceLoader}: add a class and one line to
 * {@code META-INF/services/convbench.api.Implementation} and the harness, the tests and the
 * benchmarks pick it up.
 *
 * <p>Contract for every operation:
 * <ul>
 *   <li>Inputs are float32 NCHW (data), OIHW (weights), rank 1 (bias). Outputs are preallocated
 *       by the caller with the right shape and arrive with arbitrary contents (the harness fills
 *       them with NaN): an implementation writes every element and never reads them first.</li>
 *   <li>The caller has validated the geometry ({@link Window#validate}); {@link #supports} says
 *       whether this implementation handles it. An unsupported call may throw
 *       {@link UnsupportedOperationException}.</li>
 *   <li>Convolution is cross-correlation (no kernel flip), as in every framework.</li>
 * </ul>
 */
public interface Implementation extends AutoCloseable {

    /** Short unique name used on the command line, e.g. {@code naive}. */
    String name();

    /** One paragraph for learners: what it does and why it is fast or slow. */
    String description();

    /** The document section this implementation follows, e.g. {@code 001 17.2.4 img2col}. */
    String documentSection();

    /** What is active at run time (e.g. "Vector API, 8 lanes"), shown by {@code list impls}. */
    default String variant() {
        return "";
    }

    /** Whether this implementation can run at all here (e.g. no OpenCL device). */
    default Support available() {
        return Support.yes();
    }

    /** Whether this implementation runs {@code op} with {@code window}. */
    Support supports(Op op, Window window);

    /** y[N,OC,OH,OW] = x[N,C,H,W] (*) w[OC,C,KH,KW] + b[OC]; b may be null. */
    default void conv2d(Tensor x, Tensor w, Tensor b, Window window, Tensor y) {
        throw unsupported(Op.CONV2D);
    }

    /**
     * Gradients of conv2d. Any of dx, dw, db may be null: that gradient is not computed (the
     * benchmarks time backward-data and backward-weights separately).
     */
    default void conv2dBackward(Tensor x, Tensor w, Tensor dy, Window window, Reduction reduction,
                                Tensor dx, Tensor dw, Tensor db) {
        throw unsupported(Op.CONV2D_BACKWARD);
    }

    /** Max pooling; padded cells never win. */
    default void maxPool2d(Tensor x, Window window, Tensor y) {
        throw unsupported(Op.MAXPOOL2D);
    }

    /** Average pooling; countIncludePad says whether padded cells count in the divisor. */
    default void avgPool2d(Tensor x, Window window, boolean countIncludePad, Tensor y) {
        throw unsupported(Op.AVGPOOL2D);
    }

    /** Routes each dy to the first maximum of its window in row-major order. */
    default void maxPool2dBackward(Tensor x, Tensor dy, Window window, Tensor dx) {
        throw unsupported(Op.MAXPOOL2D_BACKWARD);
    }

    /** Spreads each dy evenly over the cells of its window that count in the divisor. */
    default void avgPool2dBackward(Tensor dy, Window window, boolean countIncludePad, Tensor dx) {
        throw unsupported(Op.AVGPOOL2D_BACKWARD);
    }

    /** cols[(n,oh,ow), (c,kh,kw)] = padded x at the window tap. */
    default void im2col(Tensor x, Window window, Tensor cols) {
        throw unsupported(Op.IM2COL);
    }

    /** The adjoint of im2col: overlapping cells add up; x's shape is the input shape. */
    default void col2im(Tensor cols, Window window, Tensor x) {
        throw unsupported(Op.COL2IM);
    }

    default void relu(Tensor x, Tensor y) {
        throw unsupported(Op.RELU);
    }

    /** Releases native resources (OpenCL contexts, thread pools). */
    @Override
    default void close() {
    }

    default UnsupportedOperationException unsupported(Op op) {
        return new UnsupportedOperationException(name() + " does not implement " + op.id());
    }
}
