package convbench.opencl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tuning parameters of a kernel file: the defaults chosen for CPU devices (measured on PoCL, see
 * the kernel files), overridable without rebuilding through a system property
 * {@code convbench.opencl.tune.FAMILY=KEY=V,KEY=V}, e.g.
 * {@code -Dconvbench.opencl.tune.gemm=TSM=64,TSN=64,WPTM=8}. The values reach the kernel as -D
 * defines, and programs are cached per set of defines.
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
