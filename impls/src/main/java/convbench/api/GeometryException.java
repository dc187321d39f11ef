package convbench.api;

/** A geometry that cannot be applied: names the parameter at fault. */
public class GeometryException extends IllegalArgumentException {
    private final String field;
    private final String reason;

    public GeometryException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
        this.reason = message;
    }

    public String field() {
        return field;
    }

    /** What is wrong, without the field's name (the message is "FIELD: REASON"). */
    public String reason() {
        return reason;
    }
}
