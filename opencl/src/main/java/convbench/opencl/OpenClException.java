package convbench.opencl;

/**
 * An OpenCL failure, with one message a user can act on: the implementation, the geometry and
 * the OpenCL call that failed (e.g. {@code clEnqueueNDRangeKernel(gemm): CL_OUT_OF_RESOURCES}).
 */
public class OpenClException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OpenClException(String message) {
        super(message);
    }

    public OpenClException(String message, Throwable cause) {
        super(message, cause);
    }
}
