package org.dbn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static DataSet read(String text, String label) throws IOException {
        return CsvReader.read(new StringReader(text), "data.csv", label);
    }

    private static String rejection(String text, String label) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(text, label));
        assertTrue(e.getMessage().startsWith("data.csv: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsFeaturesAndALabelColumnByIndexNameOrFromTheEnd() throws IOException {
        DataSet byIndex = read("0.5,1,2\n0.25,0,3\n", "1");
        assertArrayEquals(new float[] {0.5f, 2f, 0.25f, 3f}, byIndex.features());
        assertArrayEquals(new int[] {1, 0}, byIndex.labels());
        DataSet byName = read("a,label,b\n\n0.5,1,2\n0.25,0,3\n", "label");
        assertArrayEquals(byIndex.features(), byName.features());
        DataSet last = read("x,y,digit\n1,2,7\n3,4,9\n", "-1");
        assertArrayEquals(new int[] {7, 9}, last.labels());
        assertEquals(10, last.classes());
        DataSet plain = read("1,2\n3,4\n", null);
        assertFalse(plain.hasLabels());
        assertEquals(2, plain.cols());
    }

    @Test
    void malformedFilesAreRejectedWithTheLineAndColumn() {
        assertTrue(rejection("1,2,3\n4,5\n", null).contains("line 2 has 2 fields, but the first row has 3"));
        assertTrue(rejection("1,2,3\n4,x,6\n", null).contains("line 2, column 2: 'x' is not a number"));
        assertTrue(rejection("1,2\nNaN,1\n", null).contains("line 2, column 1 is NaN"));
        assertTrue(rejection("1,2\n1,Infinity\n", null).contains("finite"));
        assertTrue(rejection("1,2\n1,-1\n", "1").contains("the label -1 is not a class number"));
        assertTrue(rejection("1,2\n1,0.5\n", "1").contains("the label 0.5 is not a class number"));
        assertTrue(rejection("a,b\n1,2\n", "c").contains("no column named 'c' in the header"));
        assertTrue(rejection("1,2\n", "5").contains("label column 5 does not exist"));
        assertTrue(rejection("a,b\n", null).contains("no data rows"));
        assertTrue(rejection("1,2\n3,\n", null).contains("line 2, column 2 is empty"));
    }

    @Test
    void aTargetColumnGivesRealValuedTargetsAndTheOtherColumnsAsFeatures() throws IOException {
        CsvReader.Regression r = CsvReader.readRegression(new StringReader("age,bmi,progression\n0.1,-2,151\n"
                + "0.3,4.5,75.5\n"), "data.csv", "progression");
        assertArrayEquals(new float[] {0.1f, -2f, 0.3f, 4.5f}, r.inputs().features());
        assertArrayEquals(new float[] {151f, 75.5f}, r.targets());
        assertEquals("progression", r.targetName());
        assertFalse(r.inputs().hasLabels());
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvReader.readRegression(
                new StringReader("a,y\n1,2\n3,high\n"), "data.csv", "y"));
        assertTrue(e.getMessage().contains("line 3, column 2: 'high' is not a number"), e.getMessage());
        e = assertThrows(DataFormatException.class, () -> CsvReader.readRegression(
                new StringReader("a,y\n1,NaN\n"), "data.csv", "-1"));
        assertTrue(e.getMessage().contains("line 2, column 2 is NaN"), e.getMessage());
    }
}
