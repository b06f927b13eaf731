package org.dbn4j.spark;

import java.io.Serializable;

/** The examples of one partition, row-major, with their labels when there are any. */
final class RowBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    final float[] features;
    final int rows;
    final int cols;
    final int[] labels;

    RowBlock(float[] features, int rows, int cols, int[] labels) {
        if (features.length != (long) rows * cols || (labels != null && labels.length != rows)) {
            throw new IllegalArgumentException("a block of " + rows + " x " + cols + " got " + features.length
                    + " values and " + (labels == null ? "no" : labels.length) + " labels");
        }
        this.features = features;
        this.rows = rows;
        this.cols = cols;
        this.labels = labels;
    }
}
