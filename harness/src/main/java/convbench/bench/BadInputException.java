package convbench.bench;

/** The command line or a suite asks for something that cannot run; the CLI exits with 2. */
public class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
