package convbench.opencl;

/** A setting read from a system property, else from an environment variable. */
final class PropertyOrEnv {
    private PropertyOrEnv() {
    }

    /** The property's value, else the variable's, trimmed; null when neither is set to more than blanks. */
    static String value(String property, String env) {
        String s = System.getProperty(property);
        if (s == null || s.isBlank()) {
            s = System.getenv(env);
        }
        return s == null || s.isBlank() ? null : s.trim();
    }
}
