package convbench.opencl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The parameter sets the tuner tries for one kernel, defaults first (all valid sets when there
 * are few enough, else a seeded random sample), the refused ones counted per reason, and how
 * the space is searched, in words.
 */
record TuningCandidates(List<Map<String, Integer>> list, Map<String, Integer> refused, String search) {

    int refusedCount() {
        return refused.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The candidates of {@code space} on {@code device}: every valid set when there are at most
     * {@code maxCandidates}, else {@code maxCandidates} of them (the defaults and a sample drawn
     * with {@code rnd}); {@code seed} only names the sampling in {@link #search()}.
     */
    static TuningCandidates of(TuningSpace space, DeviceInfo device, int maxCandidates, long seed, Random rnd) {
        Map<String, Integer> defaults = space.defaults(device);
        List<Map<String, Integer>> valid = new ArrayList<>();
        Map<String, Integer> refused = new TreeMap<>();
        for (Map<String, Integer> p : space.allCombinations()) {
            String why = space.refuses(p, device);
            if (why != null) {
                refused.merge(why.replaceAll("\\d+", "N"), 1, Integer::sum);
            } else if (!p.equals(defaults)) {
                valid.add(p);
            }
        }
        int total = valid.size() + 1;
        Collections.shuffle(valid, rnd);   // a budget cut still leaves an even sample
        String search;
        if (total <= maxCandidates) {
            search = "exhaustive, " + total + " sets";
        } else {
            valid = valid.subList(0, maxCandidates - 1);
            search = "random " + maxCandidates + " of " + total + " sets, seed " + seed;
        }
        List<Map<String, Integer>> list = new ArrayList<>();
        list.add(defaults);
        list.addAll(valid);
        return new TuningCandidates(list, refused, search);
    }

    boolean exhaustive() {
        return search.startsWith("exhaustive");
    }

    /** The parameter sets one step away from {@code p}: one parameter moved to an adjacent value. */
    static List<Map<String, Integer>> neighbours(TuningSpace space, Map<String, Integer> p) {
        List<Map<String, Integer>> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : space.values().entrySet()) {
            List<Integer> vals = e.getValue();
            int i = vals.indexOf(p.get(e.getKey()));
            for (int j : new int[] {i - 1, i + 1}) {
                if (i >= 0 && j >= 0 && j < vals.size()) {
                    Map<String, Integer> m = new LinkedHashMap<>(p);
                    m.put(e.getKey(), vals.get(j));
                    out.add(m);
                }
            }
        }
        return out;
    }
}
