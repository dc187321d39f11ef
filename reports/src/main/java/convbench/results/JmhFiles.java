package convbench.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import convbench.stats.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * JMH's own JSON result format ({@code -rf json}: an array of runs, each with {@code benchmark},
 * {@code mode}, {@code params} and {@code primaryMetric} holding {@code score}, {@code scoreError},
 * {@code scoreConfidence}, {@code scoreUnit} and {@code rawData}, one list of iteration scores per
 * fork), in both directions: {@link #toJmh} writes convbench's results so that JMH Visualizer and
 * the CI actions that read JMH files take them; {@link #fromJmh} reads the file of any JMH project
 * as a result file (key: the benchmark and its parameters; samples: {@code rawData}).
 */
public final class JmhFiles {
    /** The benchmark class whose methods convbench's directions are. */
    public static final String OP_BENCHMARK = "convbench.bench.OpBenchmark";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JmhFiles() {
    }

    /** Whether a parsed JSON document looks like a JMH result file. */
    public static boolean isJmh(JsonNode node) {
        return node != null && node.isArray() && (node.isEmpty() || node.get(0).has("benchmark"));
    }

    /** The JMH benchmark method of a convbench direction id. */
    static String methodOf(String direction) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : direction.toCharArray()) {
            if (ch == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }

    static String directionOf(String method) {
        StringBuilder sb = new StringBuilder();
        for (char ch : method.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                sb.append('-').append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** convbench results in JMH's format: one run per measured point, {@code rawData} per fork. */
    public static ArrayNode toJmh(ResultFile file) {
        ArrayNode out = F.arrayNode();
        Environment env = file.environment();
        Map<String, Object> s = file.settings() == null ? Map.of() : file.settings();
        for (BenchResult r : file.results()) {
            if (!r.ok() || r.score() == null) {
                continue;
            }
            List<List<Double>> forks = r.stats() != null && r.stats().forkSamples() != null
                    ? r.stats().forkSamples() : r.samples() == null ? List.of(List.of(r.score())) : List.of(r.samples());
            ObjectNode run = out.addObject();
            run.put("jmhVersion", "1.37");
            run.put("benchmark", OP_BENCHMARK + "." + methodOf(r.direction()));
            run.put("mode", "avgt");
            run.put("threads", 1);
            run.put("forks", forks.size());
            run.put("jvm", env == null ? null : "java");
            run.putArray("jvmArgs");
            run.put("jdkVersion", env == null ? null : env.jvmVersion());
            run.put("vmName", env == null ? null : env.jvmVendor());
            run.put("warmupIterations", number(s.get("warmupIterations")));
            run.put("warmupTime", s.get("warmupMs") + " ms (at least; scaled up for slow operations)");
            run.put("measurementIterations", forks.isEmpty() ? 0 : forks.get(0).size());
            run.put("measurementTime", s.get("measurementMs") + " ms (at least; scaled up for slow operations)");
            ObjectNode params = run.putObject("params");
            params.put("impl", r.impl());
            params.put("problem", r.problem());
            params.put("device", r.device() == null ? "cpu" : r.device());
            ObjectNode pm = run.putObject("primaryMetric");
            // JMH's own definitions: the mean of all samples and a 99.9% Student-t interval.
            List<Double> all = new ArrayList<>();
            forks.forEach(all::addAll);
            double mean = all.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double err = studentHalfWidth999(all, mean);
            pm.put("score", mean);
            pm.put("scoreError", Double.isFinite(err) ? err : Double.NaN);
            ArrayNode conf = pm.putArray("scoreConfidence");
            conf.add(Double.isFinite(err) ? mean - err : mean);
            conf.add(Double.isFinite(err) ? mean + err : mean);
            ObjectNode pct = pm.putObject("scorePercentiles");
            double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            for (double q : new double[] {0, 50, 90, 95, 99, 99.9, 99.99, 100}) {
                pct.put(String.format(Locale.ROOT, q == Math.rint(q) ? "%.1f" : "%s", q),
                        sorted[(int) Math.min(sorted.length - 1, Math.floor(q / 100 * (sorted.length - 1) + 0.5))]);
            }
            pm.put("scoreUnit", r.unit() == null ? "ms/op" : r.unit());
            ArrayNode raw = pm.putArray("rawData");
            for (List<Double> f : forks) {
                ArrayNode fa = raw.addArray();
                f.forEach(fa::add);
            }
            run.putObject("secondaryMetrics");
        }
        return out;
    }

    /** Reads a JMH result file as a convbench result file; {@code file} names it in messages. */
    public static ResultFile fromJmh(JsonNode root, Path file) throws ResultFormatException {
        List<BenchResult> results = new ArrayList<>();
        int i = 0;
        for (JsonNode run : root) {
            i++;
            String where = file + ": run " + i;
            String benchmark = run.path("benchmark").asText(null);
            if (benchmark == null || benchmark.isBlank()) {
                throw new ResultFormatException(where + ": field \"benchmark\" is missing");
            }
            JsonNode pm = run.path("primaryMetric");
            if (!pm.isObject()) {
                throw new ResultFormatException(where + " (" + benchmark + "): field \"primaryMetric\" is missing");
            }
            String unit = pm.path("scoreUnit").asText(null);
            String mode = run.path("mode").asText("avgt");
            Map<String, String> params = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = run.path("params").fields(); it.hasNext(); ) {
                var e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            List<List<Double>> forks = new ArrayList<>();
            for (JsonNode fork : pm.path("rawData")) {
                List<Double> f = new ArrayList<>();
                for (JsonNode v : fork) {
                    f.add(number(where + " (" + benchmark + "): primaryMetric.rawData", v));
                }
                if (!f.isEmpty()) {
                    forks.add(f);
                }
            }
            Double score = pm.has("score") ? number(where + " (" + benchmark + "): primaryMetric.score", pm.get("score"))
                    : null;
            if (forks.isEmpty() && score != null) {
                forks.add(List.of(score)); // a file without raw data: one sample, never judged stable enough
            }
            String impl;
            String problem;
            String direction;
            String device;
            boolean ours = benchmark.startsWith(OP_BENCHMARK + ".") && params.containsKey("impl")
                    && params.containsKey("problem");
            if (ours) {
                impl = params.get("impl");
                problem = params.get("problem");
                direction = directionOf(benchmark.substring(OP_BENCHMARK.length() + 1));
                device = params.getOrDefault("device", "cpu");
            } else {
                impl = benchmark;
                StringBuilder p = new StringBuilder();
                params.forEach((k, v) -> p.append(p.length() == 0 ? "" : ",").append(k).append('=').append(v));
                problem = p.length() == 0 ? "-" : p.toString();
                direction = mode;
                device = "cpu";
            }
            PointStats stats = null;
            String status = BenchResult.OK;
            String message = null;
            if (!forks.isEmpty()) {
                try {
                    stats = Samples.summarize(forks, null, Samples.DEFAULT_UNSTABLE_LIMIT);
                } catch (IllegalArgumentException e) {
                    throw new ResultFormatException(where + " (" + benchmark + "): primaryMetric.rawData: "
                            + e.getMessage());
                }
            } else {
                status = BenchResult.ERROR;
                message = "no score in the JMH file";
            }
            List<Double> flat = new ArrayList<>();
            forks.forEach(flat::addAll);
            Double med = stats == null ? null : stats.location();
            results.add(new BenchResult(impl, problem, problem, "jmh", direction, device, status, message, mode, unit,
                    med, stats == null ? null : (stats.high() - stats.low()) / 2,
                    stats == null ? null : List.of(stats.low(), stats.high()), flat, null, null, null, null, null,
                    null, null, null, null, null, null, stats));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("source", "JMH result file");
        settings.put("complete", true);
        return new ResultFile(ResultFile.FORMAT_VERSION, ResultFile.KIND, null, settings, List.of(), results);
    }

    private static Double number(String where, JsonNode v) throws ResultFormatException {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) { // JMH writes NaN and infinities as strings
            String t = v.asText();
            if (t.equals("NaN") || t.endsWith("Infinity")) {
                return Double.parseDouble(t);
            }
        }
        throw new ResultFormatException(where + ": " + v + " is not a number");
    }

    private static Integer number(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    /** Half-width of the 99.9% Student-t interval of the mean, as JMH prints it. */
    static double studentHalfWidth999(List<Double> v, double mean) {
        int n = v.size();
        if (n < 2) {
            return Double.NaN;
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        return t999(n - 1) * sd / Math.sqrt(n);
    }

    /** Two-sided 99.9% quantile of Student's t (0.9995), tabulated; large df tend to 3.29. */
    static double t999(int df) {
        double[] t = {636.62, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587, 4.437, 4.318, 4.221,
                4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850, 3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690,
                3.674, 3.659, 3.646};
        if (df <= t.length) {
            return t[df - 1];
        }
        return df <= 60 ? 3.46 : df <= 120 ? 3.373 : 3.291;
    }
}
