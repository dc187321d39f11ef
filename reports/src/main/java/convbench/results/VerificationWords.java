package convbench.results;

import java.util.List;

/**
 * The status words of a verification file ({@link VerificationFile}), defined once for the verifier
 * that writes them ({@code convbench.verify.VerifyEngine}) and the report that reads them. They
 * stay strings in the file (the fixture format's verdicts, FORMAT.md), so older files and other
 * tools read the same words.
 */
public final class VerificationWords {
    /** What the float64 reference says of the document's statement. */
    public static final String HOLDS = "HOLDS";
    public static final String ERRATUM = "ERRATUM";
    public static final String UNEXPECTED_ERRATUM = "UNEXPECTED_ERRATUM";
    public static final String ERRATUM_NOT_REPRODUCED = "ERRATUM_NOT_REPRODUCED";
    public static final String GENERATED = "GENERATED";

    /** An implementation's result on a fixture. */
    public static final String PASS = "PASS";
    public static final String FAIL = "FAIL";
    public static final String SKIPPED = "SKIPPED";
    public static final String ERROR = "ERROR";
    public static final String MISTRUSTED = "MISTRUSTED";

    /** Implementation results from best to worst (the report colours and summarises by it). */
    public static final List<String> BY_SEVERITY = List.of(PASS, SKIPPED, MISTRUSTED, FAIL, ERROR);

    private VerificationWords() {
    }
}
