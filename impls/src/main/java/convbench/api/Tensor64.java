package convbench.api;

/**
 * A float64 tensor: what fixtures state and what the reference computes. Kept separate from
 * {@link Tensor} so the judge never shares a rounding step with the code it judges.
 */
public record Tensor64(int[] shape, double[] data) {

    public Tensor64 {
        long n = Shapes.elementCount(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Shapes.format(shape) + " holds " + n
                    + " elements but the data has " + data.length);
        }
    }

    public static Tensor64 zeros(int... shape) {
        return new Tensor64(shape.clone(), new double[Shapes.checkedElementCount(shape)]);
    }

    public static Tensor64 of(Tensor t) {
        return new Tensor64(t.shape(), t.toDoubles());
    }

    public Tensor toFloat() {
        return Tensor.ofDoubles(shape, data);
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    public double get(int n, int c, int h, int w) {
        return data[((n * shape[1] + c) * shape[2] + h) * shape[3] + w];
    }
}
