package convbench.cpu;

/**
 * Picks the micro-kernel once, when this class loads: the Vector API one when the incubator
 * module {@code jdk.incubator.vector} was added to the JVM ({@code --add-modules}), otherwise the
 * scalar one. The vector class is reached only by reflection, so a JVM without the module never
 * tries to link it and cannot fail with NoClassDefFoundError.
 */
final class MicroKernels {
    private static final MicroKernel BEST = load();
    private static final DepthwiseRows BEST_DEPTHWISE = loadDepthwise();
    private static final ChannelTiles CHANNEL_TILES = loadChannelTiles();

    private MicroKernels() {
    }

    /** The fastest kernel available in this JVM. */
    static MicroKernel best() {
        return BEST;
    }

    static MicroKernel scalar() {
        return new ScalarMicroKernel();
    }

    /** The fastest depthwise row loops available in this JVM. */
    static DepthwiseRows bestDepthwiseRows() {
        return BEST_DEPTHWISE;
    }

    /** The output-channel tiles of {@link ChannelTiledConv}; null without the Vector API or without 512-bit vectors. */
    static ChannelTiles channelTiles() {
        return CHANNEL_TILES;
    }

    static boolean vectorApiPresent() {
        return !(BEST instanceof ScalarMicroKernel);
    }

    private static MicroKernel load() {
        MicroKernel k = instance("convbench.cpu.VectorMicroKernel", MicroKernel.class);
        return k != null ? k : new ScalarMicroKernel();
    }

    private static DepthwiseRows loadDepthwise() {
        DepthwiseRows rows = BEST instanceof ScalarMicroKernel ? null
                : instance("convbench.cpu.VectorDepthwiseRows", DepthwiseRows.class);
        return rows != null ? rows : new ScalarDepthwiseRows();
    }

    /** The 6 x 4-vector tile needs 24 accumulators: only with 16 lanes (AVX-512) are there 32 vector registers. */
    private static ChannelTiles loadChannelTiles() {
        return BEST instanceof ScalarMicroKernel || BEST.nr < 32 ? null
                : instance("convbench.cpu.VectorChannelTiles", ChannelTiles.class);
    }

    /** A new instance of the named class (reached by reflection only), or null when it cannot be loaded. */
    private static <T> T instance(String className, Class<T> type) {
        try {
            return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return null;
        }
    }
}
