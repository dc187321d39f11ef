package convbench.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The verification output ({@code verify --json FILE}), as the fixture format specifies it. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VerificationFile(
        Integer formatVersion,
        Environment environment,
        List<FixtureVerdict> fixtures,
        List<ImplResult> results,
        Summary summary) {

    public static final int FORMAT_VERSION = 1;

    /**
     * A fixture and its document status: HOLDS, ERRATUM, UNEXPECTED_ERRATUM,
     * ERRATUM_NOT_REPRODUCED, or GENERATED for generated cases (judged by the reference only).
     * {@code stated} and {@code reference} give, for a disagreement, the first differing element
     * as the document states it and as the reference computes it.
     */
    @ResultRecord
    public record FixtureVerdict(String id, String title, String op, String documentStatus,
                                 Map<String, Object> source, String file, String erratumReason,
                                 String stated, String reference, String message) {
    }

    /** One implementation on one fixture: PASS, FAIL, SKIPPED, ERROR, MISTRUSTED. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImplResult(String fixture, String impl, String status, Double maxAbsError,
                             Double maxRelError, String message) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Summary(int fixtures, int passed, int failed, int skipped, int errors,
                          int errata, int unexpectedErrata, int mistrusted, int staleErrata) {
    }
}
