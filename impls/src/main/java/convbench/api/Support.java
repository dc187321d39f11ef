package convbench.api;

/** Whether an implementation runs an operation with a given geometry, and if not, why not. */
public record Support(boolean supported, String reason) {
    private static final Support YES = new Support(true, null);

    public static Support yes() {
        return YES;
    }

    public static Support no(String reason) {
        return new Support(false, reason);
    }
}
