package convbench.results;

/** A result or verification file that cannot be read: says which file and why. */
public class ResultFormatException extends Exception {
    public ResultFormatException(String message) {
        super(message);
    }

    public ResultFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
