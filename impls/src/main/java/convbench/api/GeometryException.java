package convbench.api;

/** A geometry that cannot be applied: names the parameter at fault. */
public class GeometryException extends IllegalArgumentException {
    private final String field;

    public GeometryException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
