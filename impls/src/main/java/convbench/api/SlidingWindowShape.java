package convbench.api;

/**
 * What a convolution problem and a pooling problem have in common: a batch of n images of c
 * channels, h x w each, and the window that slides over them. The output's height and width, and
 * the input's shape and size, follow from these alone, so they are computed here for both.
 */
public interface SlidingWindowShape {
    int n();

    int c();

    int h();

    int w();

    Window window();

    default int oh() {
        return window().outH(h());
    }

    default int ow() {
        return window().outW(w());
    }

    default int[] inputShape() {
        return new int[] {n(), c(), h(), w()};
    }

    default long inputElements() {
        return (long) n() * c() * h() * w();
    }
}
