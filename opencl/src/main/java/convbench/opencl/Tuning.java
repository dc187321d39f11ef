package convbench.opencl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manual override of a kernel's parameters, on top of what the tuning database chose
 * ({@link TuningDatabase#choose}) or of fixed defaults (the im2col work-group): a system property
 * {@code convbench.opencl.tune.KERNEL=KEY=V,KEY=V}, e.g.
 * {@code -Dconvbench.opencl.tune.gemm=TSM=64,TSN=64,WPTM=8}. The values reach the kernel as -D
 * defines (or launch sizes), and programs are cached per set of defines.
 */
final class Tuning {
    private Tuning() {
    }

    static Map<String, Integer> of(String family, Map<String, Integer> defaults) {
        Map<String, Integer> out = new LinkedHashMap<>(defaults);
        String spec = System.getProperty("convbench.opencl.tune." + family);
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",")) {
                String[] kv = part.trim().split("=");
                if (kv.length != 2 || !out.containsKey(kv[0].trim())) {
                    throw new OpenClException("bad tuning parameter '" + part + "' for " + family
                            + ": expected KEY=INT with KEY one of " + defaults.keySet());
                }
                out.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
            }
        }
        return out;
    }
}
