package org.dbn4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each example app runs end to end in its quick mode and prints what its README paragraph promises. */
class ExamplesTest {

    @TempDir
    Path dir;

    private PrintStream original;
    private ByteArrayOutputStream captured;

    @BeforeEach
    void capture() {
        System.setProperty("dbn4j.examples.out", dir.toString());
        original = System.out;
        captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(original);
        System.clearProperty("dbn4j.examples.out");
    }

    private String printed() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void mnistClassification() throws Exception {
        MnistClassification.main(new String[] {"quick"});
        Matcher accuracy = Pattern.compile("test accuracy ([0-9.]+)% on 2004 digits").matcher(printed());
        assertTrue(accuracy.find() && printed().contains("saved "), printed());
        assertTrue(Double.parseDouble(accuracy.group(1)) > 70, printed());
        assertTrue(Files.exists(dir.resolve("mnist-dbn.safetensors")));
    }

    @Test
    void digitGeneration() throws Exception {
        DigitGeneration.main(new String[] {"quick"});
        assertTrue(printed().contains("one row per digit"), printed());
        assertTrue(Files.size(dir.resolve("digits.png")) > 1000);
    }

    @Test
    void anomalyDetection() {
        AnomalyDetection.main(new String[] {"quick"});
        Matcher row = Pattern.compile("left out 9 +([0-9.]+) +([0-9.]+) +([0-9.]+) +([0-9.]+)").matcher(printed());
        assertTrue(row.find(), printed());
        // Even a small model tells digits from noise almost perfectly, by either score.
        assertTrue(Double.parseDouble(row.group(1)) > 0.95, printed());
        assertTrue(Double.parseDouble(row.group(2)) > 0.95, printed());
        assertTrue(printed().contains("mean AUC for an unseen digit"), printed());
    }

    @Test
    void rocAucCountsPairsAndTies() {
        assertTrue(AnomalyDetection.auc(new double[] {1, 2}, new double[] {3, 4}) == 1.0);
        assertTrue(AnomalyDetection.auc(new double[] {3, 4}, new double[] {1, 2}) == 0.0);
        assertTrue(AnomalyDetection.auc(new double[] {1, 2}, new double[] {2}) == 0.75);
    }

    @Test
    void featureExtraction() {
        FeatureExtraction.main(new String[] {"quick"});
        Matcher pixels = Pattern.compile("raw pixels: +([0-9.]+)%").matcher(printed());
        Matcher layer2 = Pattern.compile("DBN layer 2: +([0-9.]+)% \\(100 features\\)").matcher(printed());
        assertTrue(pixels.find() && layer2.find(), printed());
        // Far above the 10% of guessing, from pixels and from features alike.
        assertTrue(Double.parseDouble(pixels.group(1)) > 70, printed());
        assertTrue(Double.parseDouble(layer2.group(1)) > 70, printed());
    }

    @Test
    void predictionServer() throws Exception {
        PredictionServer.main(new String[] {"quick"});
        assertTrue(printed().matches("(?s).*latency p50 [0-9.]+ ms, p90 [0-9.]+ ms, p99 [0-9.]+ ms.*throughput \\d+"
                + " predictions/s.*"), printed());
    }

    @Test
    void diabetesRegression() {
        DiabetesRegression.main(new String[] {"quick"});
        Matcher dbn = Pattern.compile("DBN 10-32 \\+ linear head: test RMSE ([0-9.]+), R\\^2 (-?[0-9.]+)").matcher(printed());
        Matcher linear = Pattern.compile("linear regression: +test RMSE ([0-9.]+), R\\^2 (-?[0-9.]+)").matcher(printed());
        assertTrue(dbn.find() && linear.find(), printed());
        // The progression target has a standard deviation of about 77: both explain a good part of it.
        assertTrue(Double.parseDouble(dbn.group(2)) > 0.3, printed());
        assertTrue(Double.parseDouble(linear.group(2)) > 0.3, printed());
    }

    @Test
    void digitsGaussian() {
        DigitsGaussian.main(new String[] {"quick"});
        Matcher density = Pattern.compile("untrained (-?[0-9.]+), pretrained (-?[0-9.]+) nats").matcher(printed());
        Matcher dbn = Pattern.compile("DBN 64-100-100, fine-tuned: test accuracy ([0-9.]+)%").matcher(printed());
        assertTrue(density.find() && dbn.find(), printed());
        assertTrue(Double.parseDouble(density.group(2)) > Double.parseDouble(density.group(1)), printed());
        assertTrue(Double.parseDouble(dbn.group(1)) > 90, printed());
    }
}
