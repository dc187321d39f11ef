package convbench.ops;

import convbench.api.Tensor;

/**
 * The tensors of one benchmark point, allocated once per trial by {@link PointDriver#allocate}:
 * only those its direction touches are set, the others stay null.
 */
public final class OpTensors {
    public Tensor x;
    public Tensor w;
    public Tensor b;
    public Tensor y;
    public Tensor dy;
    public Tensor dx;
    public Tensor dw;
    public Tensor db;
}
