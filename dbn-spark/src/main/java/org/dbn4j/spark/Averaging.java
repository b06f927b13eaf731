package org.dbn4j.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The driver's combination of the partitions' results, in double precision. */
final class Averaging {

    private Averaging() {
    }

    /**
     * The mean of one kind of array over the partitions, weighted by the rows each processed.
     *
     * @param results the partitions' results
     * @param kind which arrays of a result
     * @return the means, by name
     */
    static Map<String, float[]> mean(List<PartitionResult> results, Function<PartitionResult, Map<String, float[]>> kind) {
        return combine(results, kind, true);
    }

    /**
     * Sums of one kind of array over the partitions, divided by all rows: the mean over the
     * global minibatch of what each partition summed over its rows.
     *
     * @param results the partitions' results
     * @param kind which arrays of a result
     * @return the pooled means, by name
     */
    static Map<String, float[]> pooled(List<PartitionResult> results, Function<PartitionResult, Map<String, float[]>> kind) {
        return combine(results, kind, false);
    }

    private static Map<String, float[]> combine(List<PartitionResult> results,
                                                Function<PartitionResult, Map<String, float[]>> kind, boolean weighted) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        long total = 0;
        for (PartitionResult r : results) {
            if (r.rows == 0) {
                continue;
            }
            total += r.rows;
            double weight = weighted ? r.rows : 1;
            kind.apply(r).forEach((k, v) -> {
                double[] s = sums.computeIfAbsent(k, x -> new double[v.length]);
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
}
