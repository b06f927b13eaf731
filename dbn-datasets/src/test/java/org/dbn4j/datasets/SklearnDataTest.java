package org.dbn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dbn4j.data.CsvReader;
import org.dbn4j.data.DataSet;
import org.junit.jupiter.api.Test;

class SklearnDataTest {

    @Test
    void theDiabetesDataAre442PatientsWithTheirTarget() {
        CsvReader.Regression d = SklearnData.diabetes();
        assertEquals(442, d.inputs().rows());
        assertEquals(10, d.inputs().cols());
        assertEquals("progression", d.targetName());
        // first row of sklearn's diabetes_data_raw and diabetes_target
        assertArrayEquals(new float[] {59, 2, 32.1f, 101, 157, 93.2f, 38, 4, 4.8598f, 87},
                java.util.Arrays.copyOf(d.inputs().features(), 10));
        assertEquals(151f, d.targets()[0]);
        double mean = 0;
        for (float t : d.targets()) {
            mean += t / 442.0;
        }
        assertEquals(152.133, mean, 1e-3);
    }

    @Test
    void theDigitsAre1797ImagesOfTenClasses() {
        DataSet d = SklearnData.digits();
        assertEquals(1797, d.rows());
        assertEquals(64, d.cols());
        assertEquals(10, d.classes());
        int[] perClass = new int[10];
        for (int y : d.labels()) {
            perClass[y]++;
        }
        assertEquals(178, perClass[0]);
        assertEquals(180, perClass[9]);
    }
}
