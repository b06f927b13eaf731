package org.dbn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataSetTest {

    private final DataSet data = new DataSet(new float[] {0.1f, 0.9f, 0.5f, 0.6f, 0f, 1f}, 3, 2, new int[] {0, 1, 1}, 2);

    @Test
    void invalidContentsAreRejectedWithTheirPosition() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> DataSet.unlabelled(new float[] {0, Float.NaN}, 1, 2));
        assertTrue(nan.getMessage().contains("feature 1 of row 0 is NaN"), nan.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> new DataSet(new float[2], 2, 1, new int[] {0, 3}, 3));
        assertTrue(label.getMessage().contains("label 3 of row 1 is outside 0..2"), label.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataSet.unlabelled(new float[5], 2, 3));
    }

    @Test
    void binarisationScalingAndMeans() {
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 1}, data.binarize(0.5f).features());
        assertArrayEquals(new float[] {0.2f, 1.8f, 1f, 1.2f, 0f, 2f}, data.scale(2f).features());
        assertArrayEquals(new double[] {0.2, 0.8333333}, data.columnMeans(), 1e-6);
        DataSet sampled = data.binarizeStochastically(1);
        assertEquals(0f, sampled.feature(2, 0));
        assertEquals(1f, sampled.feature(2, 1));
    }

    @Test
    void permutationsAreSeededAndComplete() {
        int[] p = DataSet.permutation(1000, 7);
        assertArrayEquals(p, DataSet.permutation(1000, 7));
        assertFalse(Arrays.equals(p, DataSet.permutation(1000, 8)));
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void splitsPartitionTheRowsAndKeepLabels() {
        DataSet.Split split = data.split(2.0 / 3, 5);
        assertEquals(2, split.first().rows());
        assertEquals(1, split.second().rows());
        float total = 0;
        for (DataSet part : new DataSet[] {split.first(), split.second()}) {
            for (float v : part.features()) {
                total += v;
            }
        }
        assertEquals(3.1f, total, 1e-6);
        assertEquals(2, data.head(2).rows());
        assertEquals(1, data.subset(new int[] {2, 2}).label(1));
    }

    @Test
    void translationMovesPixelsAndFillsTheBorderWithZeros() {
        // one 3 x 2 image: rows (1 2 3) and (4 5 6)
        DataSet image = new DataSet(new float[] {1, 2, 3, 4, 5, 6}, 1, 6, new int[] {1}, 2);
        assertArrayEquals(new float[] {0, 1, 2, 0, 4, 5}, image.translate(3, 2, 1, 0).features());
        assertArrayEquals(new float[] {2, 3, 0, 5, 6, 0}, image.translate(3, 2, -1, 0).features());
        assertArrayEquals(new float[] {0, 0, 0, 1, 2, 3}, image.translate(3, 2, 0, 1).features());
        assertArrayEquals(new float[] {4, 5, 6, 0, 0, 0}, image.translate(3, 2, 0, -1).features());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, image.translate(3, 2, 3, 0).features());
        assertEquals(1, image.translate(3, 2, 1, 1).label(0));
        assertThrows(IllegalArgumentException.class, () -> image.translate(4, 2, 0, 0));
    }

    @Test
    void concatenationKeepsTheOrderAndTheLabels() {
        DataSet both = DataSet.concat(data.head(1), data);
        assertEquals(data.rows() + 1, both.rows());
        assertEquals(data.label(0), both.label(0));
        assertEquals(data.label(0), both.label(1));
        assertEquals(data.feature(2, 1), both.feature(3, 1));
        assertThrows(IllegalArgumentException.class,
                () -> DataSet.concat(data, DataSet.unlabelled(new float[] {0, 0}, 1, 2)));
    }

    @Test
    void balancedRowsTakeAsManyOfEachClassWithoutRepeats() {
        int n = 60;
        float[] f = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i < 40 ? 0 : i < 52 ? 1 : 2;   // 40, 12 and 8 examples
        }
        DataSet skewed = new DataSet(f, n, 1, labels, 3);
        int[] rows = skewed.balancedRows(24, 5);
        assertEquals(24, rows.length);
        assertEquals(24, Arrays.stream(rows).distinct().count());
        for (int i = 0; i < rows.length; i++) {
            assertEquals(i / 8, skewed.label(rows[i]), "grouped class by class");
        }
        assertArrayEquals(rows, skewed.balancedRows(24, 5));
        assertFalse(Arrays.equals(rows, skewed.balancedRows(24, 6)));
        int[] tooMany = skewed.balancedRows(30, 5);   // class 2 has 8 < 10: the permutation's first 30
        assertArrayEquals(Arrays.copyOf(DataSet.permutation(n, 5), 30), tooMany);
        assertArrayEquals(Arrays.copyOf(DataSet.permutation(3, 1), 2), DataSet.unlabelled(new float[3], 3, 1)
                .balancedRows(2, 1));
        assertThrows(IllegalArgumentException.class, () -> skewed.balancedRows(0, 1));
    }
}
