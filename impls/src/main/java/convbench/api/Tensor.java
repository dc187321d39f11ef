package convbench.api;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major order. Data tensors are NCHW, weights OIHW, biases rank 1,
 * im2col matrices rank 2. The shape is fixed; the data array is exposed on purpose so that
 * implementations can run tight loops over it without accessor overhead.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    public Tensor(int[] shape, float[] data) {
        this.shape = shape.clone();
        long n = Shapes.elementCount(this.shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Shapes.format(shape) + " holds " + n
                    + " elements but the data has " + data.length);
        }
        this.data = data;
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(int... shape) {
        return new Tensor(shape, new float[Shapes.checkedElementCount(shape)]);
    }

    /** A tensor filled with one value (used to poison outputs before a run). */
    public static Tensor filled(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    public static Tensor ofDoubles(int[] shape, double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return new Tensor(shape, f);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public float[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    public double[] toDoubles() {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return d;
    }

    /** Element (n, c, h, w) of a rank-4 tensor. */
    public float get(int n, int c, int h, int w) {
        return data[((n * shape[1] + c) * shape[2] + h) * shape[3] + w];
    }

    public Tensor copy() {
        return new Tensor(shape, data.clone());
    }

    @Override
    public String toString() {
        return "Tensor" + Shapes.format(shape);
    }
}
