package convbench.api;

import java.util.Locale;

/** The operations of the fixture format, with the tensor names each one reads and writes. */
public enum Op {
    CONV2D("conv2d", "2D convolution (cross-correlation) forward, optional bias"),
    CONV2D_BACKWARD("conv2d_backward", "2D convolution backward: dx, dw and db from dy"),
    IM2COL("im2col", "unfold the input windows into a (N*OH*OW) x (C*KH*KW) matrix"),
    COL2IM("col2im", "fold an im2col matrix back into an input tensor, overlapping cells add up"),
    MAXPOOL2D("maxpool2d", "max pooling forward"),
    AVGPOOL2D("avgpool2d", "average pooling forward"),
    MAXPOOL2D_BACKWARD("maxpool2d_backward", "max pooling backward: each gradient goes to the first maximum"),
    AVGPOOL2D_BACKWARD("avgpool2d_backward", "average pooling backward: each gradient is spread over its window"),
    RELU("relu", "rectified linear unit, y = max(0, x)"),
    OUTPUT_SHAPE("output_shape", "output shape (and parameter and multiply-add counts) of a conv or pool layer");

    private final String id;
    private final String description;

    Op(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name used in fixture files and on the command line. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public boolean isPooling() {
        return this == MAXPOOL2D || this == AVGPOOL2D || this == MAXPOOL2D_BACKWARD || this == AVGPOOL2D_BACKWARD;
    }

    /** Null when there is no such op. */
    public static Op fromId(String id) {
        for (Op op : values()) {
            if (op.id.equals(id) || op.name().equals(id.toUpperCase(Locale.ROOT))) {
                return op;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return id;
    }
}
