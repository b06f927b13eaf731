package org.dbn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dbn4j.data.DataSet;
import org.junit.jupiter.api.Test;

class StandardizationTest {

    @Test
    void fittedColumnsHaveMeanZeroAndDeviationOneAndAConstantColumnMapsToZero() {
        float[] x = {1, 10, 5, 3, 20, 5, 5, 60, 5};
        Standardization s = Standardization.fit(x, 3, 3);
        assertArrayEquals(new float[] {3, 30, 5}, s.mean());
        assertEquals((float) Math.sqrt(8.0 / 3), s.deviation()[0], 1e-6f);
        assertEquals(1f, s.deviation()[2], "a constant column keeps deviation 1");
        float[] z = s.apply(x);
        for (int c = 0; c < 2; c++) {
            double mean = 0;
            double squares = 0;
            for (int r = 0; r < 3; r++) {
                mean += z[r * 3 + c] / 3.0;
                squares += z[r * 3 + c] * z[r * 3 + c] / 3.0;
            }
            assertEquals(0, mean, 1e-6);
            assertEquals(1, squares, 1e-5);
        }
        assertEquals(0f, z[2]);
        s.invertInPlace(z);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], z[i], 1e-5f * Math.abs(x[i]));
        }
    }

    @Test
    void aDataSetKeepsItsLabels() {
        DataSet data = new DataSet(new float[] {1, 2, 3, 4}, 2, 2, new int[] {1, 0}, 2);
        DataSet z = Standardization.fit(data).apply(data);
        assertArrayEquals(new int[] {1, 0}, z.labels());
        assertArrayEquals(new float[] {-1, -1, 1, 1}, z.features());
    }

    @Test
    void badShapesAndValuesAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> new Standardization(new float[] {1}, new float[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Standardization(new float[] {1, Float.NaN}, new float[] {1, 1}));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
        Standardization s = new Standardization(new float[] {0, 0}, new float[] {1, 1});
        e = assertThrows(IllegalArgumentException.class, () -> s.apply(DataSet.unlabelled(new float[3], 1, 3)));
        assertTrue(e.getMessage().contains("2 columns"), e.getMessage());
    }
}
