package convbench.report;

import convbench.results.BenchResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kinds of layer, read from a problem's descriptor, so the report can say which implementation is
 * fastest for which kind. The rules are tried in order; the first that matches names the family.
 */
final class Families {
    enum Family {
        LARGE_3X3("large 3x3", "3x3 kernels with at least 16 input channels (VGG, ResNet bodies)"),
        ONE_BY_ONE("1x1", "1x1 kernels: a plain matrix product per image"),
        SMALL_CHANNEL("small-channel", "at most 4 input channels (first layers on grey or RGB images)"),
        DEPTHWISE("depthwise", "one group per input channel (g = ic)"),
        OTHER("other convolutions", "everything else: 5x5, 7x7, 11x11, strided, few-channel 3x3, grouped"),
        POOLING("pooling", "max and average pooling, in GB/s of minimum bytes moved");

        final String label;
        final String rule;

        Family(String label, String rule) {
            this.label = label;
            this.rule = rule;
        }
    }

    static final List<Family> ORDER = List.of(Family.LARGE_3X3, Family.ONE_BY_ONE, Family.SMALL_CHANNEL,
            Family.DEPTHWISE, Family.OTHER, Family.POOLING);

    private static final Pattern FIELD = Pattern.compile("(mb|g|ic|ih|iw|oc|oh|ow|kh|kw|sh|sw|ph|pw|dh|dw)(\\d+)");

    private Families() {
    }

    /** The descriptor's fields (mb, g, ic, kh, ...) with benchdnn's defaults for g, kw. */
    static Map<String, Integer> fields(String descriptor) {
        Map<String, Integer> f = new HashMap<>();
        if (descriptor == null) {
            return f;
        }
        String d = descriptor.replaceFirst("^pool:\\S+\\s+", "").replaceFirst("n\".*$", "");
        Matcher m = FIELD.matcher(d);
        while (m.find()) {
            f.putIfAbsent(m.group(1), Integer.parseInt(m.group(2)));
        }
        f.putIfAbsent("g", 1);
        if (f.containsKey("kh")) {
            f.putIfAbsent("kw", f.get("kh"));
        }
        return f;
    }

    static Family of(BenchResult r) {
        if (Results.isPool(r)) {
            return Family.POOLING;
        }
        Map<String, Integer> f = fields(r.problem());
        int g = f.get("g");
        int ic = f.getOrDefault("ic", 0);
        int kh = f.getOrDefault("kh", 0);
        int kw = f.getOrDefault("kw", kh);
        if (g > 1 && g == ic) {
            return Family.DEPTHWISE;
        }
        if (g == 1 && ic > 0 && ic <= 4) {
            return Family.SMALL_CHANNEL;
        }
        if (g == 1 && kh == 1 && kw == 1) {
            return Family.ONE_BY_ONE;
        }
        if (g == 1 && kh == 3 && kw == 3 && ic >= 16) {
            return Family.LARGE_3X3;
        }
        return Family.OTHER;
    }
}
