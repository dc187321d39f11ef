package convbench.api;

/** How conv2d_backward reduces dw and db over the batch. dx is never averaged. */
public enum Reduction {
    SUM, MEAN;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
