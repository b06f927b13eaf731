package org.dbn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.dbn4j.data.DataSet;
import org.junit.jupiter.api.Test;

class Mnist10kTest {

    @Test
    void theEmbeddedFilesAreTheOnesTheirChecksumsName() throws Exception {
        List<String> sums;
        try (InputStream in = Mnist10k.class.getResourceAsStream("mnist10k/SHA256SUMS")) {
            sums = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines().toList();
        }
        assertEquals(4, sums.size());
        for (String line : sums) {
            String[] parts = line.split("\\s+");
            try (InputStream in = Mnist10k.class.getResourceAsStream("mnist10k/" + parts[1])) {
                String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
                assertEquals(parts[0], actual, parts[1]);
            }
        }
    }

    @Test
    void thePartsHaveTheDocumentedSizesAndBalancedClasses() {
        DataSet train = Mnist10k.train();
        DataSet test = Mnist10k.test();
        assertEquals(7996, train.rows());
        assertEquals(2004, test.rows());
        assertEquals(784, train.cols());
        assertEquals(10, train.classes());
        int[] counts = new int[10];
        for (int label : train.labels()) {
            counts[label]++;
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(counts[c] >= 690 && counts[c] <= 901, "class " + c + " has " + counts[c]);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(i, train.label(i), "classes take turns");
        }
        float max = 0;
        for (float v : train.features()) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max, "pixels are scaled to [0, 1]");
    }
}
