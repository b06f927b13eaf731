package org.dbn4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.dbn4j.data.DataSet;

/**
 * A training set spread over Spark partitions: one block of rows per partition, cached, with the
 * shape known on the driver. Made from a local {@link DataSet} (split into contiguous slices) or
 * from an RDD of rows that lives on the cluster.
 */
public final class SparkData {

    private final JavaRDD<RowBlock> blocks;
    private final int[] partitionRows;
    private final int cols;
    private final int classes;
    private Broadcast<?> source;

    private SparkData(JavaRDD<RowBlock> blocks, int[] partitionRows, int cols, int classes) {
        this.blocks = blocks;
        this.partitionRows = partitionRows;
        this.cols = cols;
        this.classes = classes;
    }

    /**
     * Spreads a local data set over partitions in contiguous slices (partition 0 gets the first
     * rows), keeping its labels.
     *
     * @param context the Spark context
     * @param data the examples
     * @param partitions how many partitions, at least 1 and at most the number of rows
     * @return the distributed data, cached
     */
    public static SparkData of(JavaSparkContext context, DataSet data, int partitions) {
        if (partitions < 1 || partitions > data.rows()) {
            throw new IllegalArgumentException("cannot spread " + data.rows() + " examples over " + partitions
                    + " partitions");
        }
        List<RowBlock> slices = new ArrayList<>();
        float[] features = data.features();
        int cols = data.cols();
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) data.rows() * p / partitions);
            int to = (int) ((long) data.rows() * (p + 1) / partitions);
            int[] labels = data.hasLabels() ? Arrays.copyOfRange(data.labels(), from, to) : null;
            slices.add(new RowBlock(Arrays.copyOfRange(features, from * cols, to * cols), to - from, cols, labels));
        }
        // The slices travel once as a broadcast: a parallelized collection would ship its partition's
        // rows inside every task of every later stage.
        Broadcast<List<RowBlock>> shipped = context.broadcast(slices);
        List<Integer> indices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            indices.add(p);
        }
        JavaRDD<RowBlock> rdd = context.parallelize(indices, partitions)
                .map(p -> shipped.value().get(p)).persist(StorageLevel.MEMORY_ONLY());
        rdd.count();
        int[] rows = slices.stream().mapToInt(b -> b.rows).toArray();
        SparkData out = new SparkData(rdd, rows, cols, data.hasLabels() ? data.classes() : 0);
        out.source = shipped;
        return out;
    }

    /**
     * Uses an RDD of rows as training data: each partition's rows become one cached block.
     *
     * @param rows the examples, all of the same length
     * @param labelColumn the index of the label in each row (a class number stored as a float), or
     *     -1 for unlabelled rows
     * @param classes the number of classes when labelled (labels in {@code 0 .. classes-1})
     * @return the distributed data, cached; ragged rows or a label out of range fail the Spark job
     *     that reads them, with a message that names the row
     * @throws IllegalArgumentException if the RDD holds no rows
     */
    public static SparkData fromRows(JavaRDD<float[]> rows, int labelColumn, int classes) {
        JavaRDD<RowBlock> blocks = rows.mapPartitions((Iterator<float[]> it) -> {
            List<float[]> all = new ArrayList<>();
            it.forEachRemaining(all::add);
            return List.of(block(all, labelColumn, classes)).iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
        List<int[]> shapes = blocks.map(b -> new int[] {b.rows, b.cols}).collect();
        int cols = -1;
        int[] partitionRows = new int[shapes.size()];
        for (int p = 0; p < shapes.size(); p++) {
            partitionRows[p] = shapes.get(p)[0];
            if (shapes.get(p)[0] > 0) {
                if (cols >= 0 && cols != shapes.get(p)[1]) {
                    throw new IllegalArgumentException("partitions hold rows of " + cols + " and of " + shapes.get(p)[1]
                            + " features");
                }
                cols = shapes.get(p)[1];
            }
        }
        if (cols < 0) {
            throw new IllegalArgumentException("the RDD holds no rows");
        }
        return new SparkData(blocks, partitionRows, cols, labelColumn >= 0 ? classes : 0);
    }

    private static RowBlock block(List<float[]> rows, int labelColumn, int classes) {
        if (rows.isEmpty()) {
            return new RowBlock(new float[0], 0, 0, labelColumn >= 0 ? new int[0] : null);
        }
        int width = rows.get(0).length;
        int cols = labelColumn >= 0 ? width - 1 : width;
        float[] features = new float[rows.size() * cols];
        int[] labels = labelColumn >= 0 ? new int[rows.size()] : null;
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            if (row.length != width) {
                throw new IllegalArgumentException("row " + r + " of a partition has " + row.length
                        + " values; the first has " + width);
            }
            int c = 0;
            for (int j = 0; j < width; j++) {
                if (j == labelColumn) {
                    float label = row[j];
                    if (!(label >= 0 && label < classes && label == Math.rint(label))) {
                        throw new IllegalArgumentException("row " + r + " of a partition has label " + label
                                + ", not a class in 0.." + (classes - 1));
                    }
                    labels[r] = (int) label;
                } else {
                    features[r * cols + c++] = row[j];
                }
            }
        }
        return new RowBlock(features, rows.size(), cols, labels);
    }

    /**
     * Replaces the features of every block, keeping labels and partitioning: the next layer's
     * data in greedy pretraining.
     *
     * @param newCols the width of the new features
     * @param blocks the new blocks, one per partition, in partition order
     * @return the new data, not yet cached
     */
    SparkData withBlocks(int newCols, JavaRDD<RowBlock> blocks) {
        return new SparkData(blocks, partitionRows, newCols, classes);
    }

    JavaRDD<RowBlock> blocks() {
        return blocks;
    }

    /**
     * The rows of each partition.
     *
     * @return a copy
     */
    public int[] partitionRows() {
        return partitionRows.clone();
    }

    /**
     * The number of examples.
     *
     * @return rows over all partitions
     */
    public int rows() {
        return Arrays.stream(partitionRows).sum();
    }

    /**
     * The number of features per example.
     *
     * @return the width
     */
    public int cols() {
        return cols;
    }

    /**
     * The number of classes, or 0 for unlabelled data.
     *
     * @return the classes
     */
    public int classes() {
        return classes;
    }

    /**
     * Whether the rows carry labels.
     *
     * @return true for labelled data
     */
    public boolean hasLabels() {
        return classes > 0;
    }

    /**
     * The number of partitions.
     *
     * @return the partitions
     */
    public int partitions() {
        return partitionRows.length;
    }

    /**
     * The mean and variance of every feature, computed on the executors (in double precision,
     * partition by partition in order, so one partition gives the local {@link DataSet}'s values).
     *
     * @return {means, variances}
     */
    double[][] moments() {
        int c = cols;
        double[] sums = blocks.map(b -> {
            double[] s = new double[c];
            for (int r = 0; r < b.rows; r++) {
                for (int j = 0; j < c; j++) {
                    s[j] += b.features[r * c + j];
                }
            }
            return s;
        }).collect().stream().reduce(new double[c], SparkData::plus);
        int n = rows();
        double[] means = new double[c];
        for (int j = 0; j < c; j++) {
            means[j] = sums[j] / Math.max(n, 1);
        }
        double[] squares = blocks.map(b -> {
            double[] s = new double[c];
            for (int r = 0; r < b.rows; r++) {
                for (int j = 0; j < c; j++) {
                    double d = b.features[r * c + j] - means[j];
                    s[j] += d * d;
                }
            }
            return s;
        }).collect().stream().reduce(new double[c], SparkData::plus);
        for (int j = 0; j < c; j++) {
            squares[j] /= Math.max(n, 1);
        }
        return new double[][] {means, squares};
    }

    /**
     * The largest absolute feature value, computed on the executors (for naming the likely cause
     * of a divergence).
     *
     * @return the largest |value|, 0 for no rows
     */
    float maxAbs() {
        return blocks.map(b -> {
            float max = 0;
            for (float v : b.features) {
                max = Math.max(max, Math.abs(v));
            }
            return max;
        }).fold(0f, Math::max);
    }

    private static double[] plus(double[] a, double[] b) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }

    /** Drops the cached blocks (and the broadcast they were made from). */
    public void unpersist() {
        blocks.unpersist(false);
        if (source != null) {
            source.destroy();
            source = null;
        }
    }
}
