package convbench.cli;

/** An environment problem the user must fix (e.g. no OpenCL device): exit code 3. */
public class EnvironmentException extends RuntimeException {
    public EnvironmentException(String message) {
        super(message);
    }
}
