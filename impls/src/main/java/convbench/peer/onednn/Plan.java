package convbench.peer.onednn;

import convbench.api.Window;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;

/**
 * What oneDNN's documentation asks a user to build once per problem and reuse: the primitive
 * descriptors (created with {@code format_tag::any}, so that oneDNN picks the layouts its fastest
 * kernel wants), the primitives, the memories and the reorders. Subclasses build one operation
 * each in their constructor and run it in {@code run}; everything native they create is
 * registered with {@link #own} and released by {@link #close}.
 */
abstract class Plan implements AutoCloseable {
    private final List<Pointer> owned = new ArrayList<>();
    /** oneDNN's name of the implementation it picked, e.g. {@code brg_conv_fwd:avx512_core}. */
    private final List<String> implementations = new ArrayList<>();

    <T extends Pointer> T own(T p) {
        owned.add(p);
        return p;
    }

    /** Records the implementation oneDNN chose for a primitive descriptor. */
    void chose(String what, org.bytedeco.dnnl.primitive_desc_base pd) {
        implementations.add(what + " " + pd.impl_info_str().getString());
    }

    /** E.g. {@code fwd jit:avx512_core}; several primitives are separated by commas. */
    String implementation() {
        return String.join(", ", implementations);
    }

    /** Runs one primitive and waits for it; returns its wall time in nanoseconds. */
    static long execute(primitive p, stream s, IntMemoryMap args) {
        long t0 = System.nanoTime();
        p.execute(s, args);
        s._wait();
        return System.nanoTime() - t0;
    }

    /**
     * An argument the primitive reads ({@code argument}: its key, e.g. {@code DNNL_ARG_SRC}), given
     * in the plain layout {@code plain} (nchw, oihw, x).
     */
    Operand input(Onednn dnn, int argument, int[] dims, memory.format_tag plain, memory.desc chosen) {
        return new Operand(this, dnn.engine, argument, own(desc(dims, plain)), own(chosen), Operand.Direction.IN);
    }

    /** An argument the primitive writes, handed back in the plain layout {@code plain}. */
    Operand output(Onednn dnn, int argument, int[] dims, memory.format_tag plain, memory.desc chosen) {
        return new Operand(this, dnn.engine, argument, own(desc(dims, plain)), own(chosen), Operand.Direction.OUT);
    }

    /** A primitive's arguments: each operand's memory under its key; a null operand (no bias) is left out. */
    IntMemoryMap args(Operand... operands) {
        IntMemoryMap args = own(new IntMemoryMap());
        for (Operand o : operands) {
            if (o != null) {
                args.put(o.argument(), o.inner());
            }
        }
        return args;
    }

    // ------------------------------------------------------------ geometry in oneDNN's terms

    /** A memory descriptor of float32 with the given dimensions and layout. */
    static memory.desc desc(int[] dims, memory.format_tag layout) {
        long[] d = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = dims[i];
        }
        return new memory.desc(d, memory.data_type.f32, layout);
    }

    /**
     * Convolution weights as oneDNN wants them described. Weights of shape {@code [OC, C/G, KH, KW]}
     * with an input of C channels mean G = C / (C/G) groups (PyTorch's convention): oneDNN then takes
     * {@code [G, OC/G, C/G, KH, KW]} with the plain layout {@code goihw}, which is the very same
     * memory as OIHW. Without groups: {@code [OC, C, KH, KW]}, {@code oihw}.
     */
    record ConvWeights(int[] dims, memory.format_tag plain) {
        static ConvWeights of(int[] xShape, int[] wShape) {
            int groups = xShape[1] / wShape[1];
            if (groups == 1) {
                return new ConvWeights(wShape, memory.format_tag.oihw);
            }
            return new ConvWeights(new int[] {groups, wShape[0] / groups, wShape[1], wShape[2], wShape[3]},
                    memory.format_tag.goihw);
        }
    }

    /** Let the primitive choose the layout. */
    static memory.desc any(int[] dims) {
        return desc(dims, memory.format_tag.any);
    }

    static long[] strides(Window g) {
        return new long[] {g.sh(), g.sw()};
    }

    static long[] kernel(Window g) {
        return new long[] {g.kh(), g.kw()};
    }

    /** oneDNN counts dilation from 0 (no gap between taps), the documents from 1. */
    static long[] dilation(Window g) {
        return new long[] {g.dh() - 1, g.dw() - 1};
    }

    static long[] paddingTopLeft(Window g) {
        return new long[] {g.padTop(), g.padLeft()};
    }

    static long[] paddingBottomRight(Window g) {
        return new long[] {g.padBottom(), g.padRight()};
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
    }
}
