package org.dbn4j.spark;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The driver's combination of the partitions' results. */
final class Averaging {

    private Averaging() {
    }

    /**
     * Averages named arrays over partitions, weighted by the rows each processed, in double
     * precision; arrays named {@code ..._sum} are summed and divided by all rows (means over the
     * global minibatch). With {@code names} given, only those (and the sums) are combined.
     */
    static Map<String, float[]> combine(List<PartitionResult> results, String... names) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        long total = 0;
        List<String> only = names.length == 0 ? null : Arrays.asList(names);
        for (PartitionResult r : results) {
            if (r.rows == 0) {
                continue;
            }
            total += r.rows;
            r.values.forEach((k, v) -> {
                boolean isSum = k.endsWith("_sum");
                if (only != null && !isSum && !only.contains(k)) {
                    return;
                }
                double[] s = sums.computeIfAbsent(k, x -> new double[v.length]);
                double weight = isSum ? 1 : r.rows;
                for (int i = 0; i < v.length; i++) {
                    s[i] += weight * v[i];
                }
            });
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] s = e.getValue();
            float[] f = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                f[i] = (float) (s[i] / total);
            }
            out.put(e.getKey(), f);
        }
        return out;
    }

    /** The arrays whose names start with a prefix, under their names without it. */
    static Map<String, float[]> prefixed(Map<String, float[]> values, String prefix) {
        Map<String, float[]> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
