package org.dbn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.junit.jupiter.api.Test;

class SparkDataTest {

    @Test
    void rowsOfAnRddBecomeOneCachedBlockPerPartitionWithLabels() {
        DataSet digits = Mnist10k.train().head(90);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < digits.rows(); i++) {
            float[] row = new float[digits.cols() + 1];
            row[0] = digits.label(i);
            System.arraycopy(digits.features(), i * digits.cols(), row, 1, digits.cols());
            rows.add(row);
        }
        SparkData data = SparkData.fromRows(SparkTestContexts.get().parallelize(rows, 3), 0, 10);
        try {
            assertEquals(3, data.partitions());
            assertEquals(90, data.rows());
            assertEquals(784, data.cols());
            assertTrue(data.hasLabels());
            assertArrayEquals(new int[] {30, 30, 30}, data.partitionRows());
            List<RowBlock> blocks = data.blocks().collect();
            assertEquals(digits.label(30), blocks.get(1).labels[0]);
            assertEquals(digits.feature(31, 400), blocks.get(1).features[784 + 400]);
            double[][] moments = data.moments();
            assertEquals(digits.columnMeans()[400], moments[0][400], 1e-9);
        } finally {
            data.unpersist();
        }
    }

    @Test
    void raggedRowsAndLabelsOutOfRangeAreRejectedWithTheirRow() {
        List<float[]> ragged = List.of(new float[] {1, 0.5f, 0.5f}, new float[] {2, 0.5f});
        SparkException e = assertThrows(SparkException.class,
                () -> SparkData.fromRows(SparkTestContexts.get().parallelize(ragged, 1), 0, 3));
        assertTrue(e.getMessage().contains("row 1 of a partition has 2 values; the first has 3"), e.getMessage());
        List<float[]> badLabel = List.of(new float[] {7, 0.5f, 0.5f});
        SparkException f = assertThrows(SparkException.class,
                () -> SparkData.fromRows(SparkTestContexts.get().parallelize(badLabel, 1), 0, 3));
        assertTrue(f.getMessage().contains("has label 7.0, not a class in 0..2"), f.getMessage());
    }
}
