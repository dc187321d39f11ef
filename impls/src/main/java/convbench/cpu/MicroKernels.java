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

    /** The output-channel tiles of {@link ChannelTiledConv}; null without the Vector API. */
    static ChannelTiles channelTiles() {
        return CHANNEL_TILES;
    }

    static boolean vectorApiPresent() {
        return !(BEST instanceof ScalarMicroKernel);
    }

    private static MicroKernel load() {
        try {
            Class.forName("jdk.incubator.vector.FloatVector");
            return (MicroKernel) Class.forName("convbench.cpu.VectorMicroKernel")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return new ScalarMicroKernel();
        }
    }

    private static DepthwiseRows loadDepthwise() {
        if (BEST instanceof ScalarMicroKernel) {
            return new ScalarDepthwiseRows();
        }
        try {
            return (DepthwiseRows) Class.forName("convbench.cpu.VectorDepthwiseRows")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return new ScalarDepthwiseRows();
        }
    }

    private static ChannelTiles loadChannelTiles() {
        if (BEST instanceof ScalarMicroKernel) {
            return null;
        }
        try {
            // 6 x 4 vectors needs 24 accumulators: with 16 lanes (AVX-512) there are 32 vector registers
            String name = BEST.nr >= 32 ? "convbench.cpu.VectorChannelTiles4" : "convbench.cpu.VectorChannelTiles";
            return (ChannelTiles) Class.forName(name).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return null;
        }
    }
}
