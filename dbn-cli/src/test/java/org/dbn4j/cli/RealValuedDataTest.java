package org.dbn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dbn4j.data.CsvReader;
import org.dbn4j.datasets.SklearnData;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.backend.Backends;
import org.dbn4j.tensor.Backend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-valued data through the command line: regression with {@code --task regression}, scored
 * by {@code evaluate} and written out by {@code predict}; Gaussian inputs with learned variance,
 * standardised by the model itself; and one line with exit status 2 for each bad input.
 */
class RealValuedDataTest {

    @TempDir
    static Path dir;

    static Path train;
    static Path test;
    static Path regressor;
    static CliRun training;

    @BeforeAll
    static void trainARegressor() throws IOException {
        Path all = dir.resolve("diabetes.csv");
        SklearnData.copy("diabetes.csv", all);
        List<String> lines = Files.readAllLines(all);
        train = dir.resolve("diabetes-train.csv");
        test = dir.resolve("diabetes-test.csv");
        Files.write(train, lines.subList(0, 354));
        Files.write(test, concat(lines.get(0), lines.subList(354, lines.size())));
        training = CliRun.of("train", "--task", "regression", "--data", train.toString(), "--test-data", test.toString(),
                "--target", "progression", "--visible-units", "gaussian", "--layers", "16", "--epochs", "5",
                "--batch-size", "10", "--learning-rate", "0.01", "--fine-tune-epochs", "30", "--pictures=false",
                "--out", dir.resolve("run").toString());
        assertEquals(0, training.code(), training::toString);
        regressor = dir.resolve("run/model.safetensors");
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new java.util.ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    private static double rSquared(String text, String part) {
        Matcher m = Pattern.compile(part + " RMSE [0-9.e+]+, R\\^2 (-?[0-9.]+)").matcher(text);
        assertTrue(m.find(), text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void regressionTrainsALinearHeadOnStandardisedDataAndReportsRmseAndRSquared() throws IOException {
        assertTrue(rSquared(training.out(), "test") > 0.2, training::toString);
        Dbn dbn = ModelFile.load(regressor);
        assertEquals(Head.Kind.LINEAR, dbn.head().kind());
        assertNotNull(dbn.inputScaling(), "gaussian inputs are standardised by default");
        assertEquals(1, dbn.outputScaling().columns());
        // The model predicts in the target's units from raw inputs: about the mean of 152.
        CsvReader.Regression raw = CsvReader.readRegression(test, "progression");
        try (Backend b = Backends.create("cpu-simd"); BoundDbn bound = dbn.bind(b)) {
            double mean = 0;
            for (float p : bound.predict(raw.inputs())) {
                mean += p / raw.inputs().rows();
            }
            assertTrue(mean > 100 && mean < 200, "mean prediction " + mean);
        }
    }

    @Test
    void evaluateAndPredictScoreTheSameModel() throws IOException {
        CliRun evaluated = CliRun.of("evaluate", "--model", regressor.toString(), "--data", test.toString(),
                "--target", "progression");
        assertEquals(0, evaluated.code(), evaluated::toString);
        double r2 = rSquared(evaluated.out(), "evaluation");
        assertEquals(rSquared(training.out(), "test"), r2, 1e-3, evaluated::toString);
        Path out = dir.resolve("predictions.csv");
        CliRun predicted = CliRun.of("predict", "--model", regressor.toString(), "--data", test.toString(), "--target",
                "progression", "--output", out.toString());
        assertEquals(0, predicted.code(), predicted::toString);
        List<String> rows = Files.readAllLines(out);
        assertEquals("index,prediction,target", rows.get(0));
        assertEquals(90, rows.size());
        CsvReader.Regression raw = CsvReader.readRegression(test, "progression");
        float[] expected;
        try (Backend b = Backends.create("cpu-simd"); BoundDbn bound = ModelFile.load(regressor).bind(b)) {
            expected = bound.predict(raw.inputs());
        }
        float[] written = new float[89];
        for (int i = 0; i < 89; i++) {
            String[] f = rows.get(i + 1).split(",");
            assertEquals(i, Integer.parseInt(f[0]));
            written[i] = Float.parseFloat(f[1]);
            assertEquals(raw.targets()[i], Float.parseFloat(f[2]));
        }
        assertArrayEquals(expected, written, 1e-3f);
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }

    @Test
    void gaussianInputsWithLearnedVarianceTrainAClassifierThatStandardisesItsInputs() throws IOException {
        Path digits = dir.resolve("digits.csv");
        SklearnData.copy("digits.csv", digits);
        Path out = dir.resolve("digits");
        CliRun run = CliRun.of("train", "--data", digits.toString(), "--label-column", "digit", "--visible-units",
                "gaussian", "--learned-variance", "--learning-rate", "0.005", "--layers", "50", "--epochs", "3",
                "--fine-tune-epochs", "5", "--batch-size", "20", "--pictures=false", "--out", out.toString());
        assertEquals(0, run.code(), run::toString);
        Dbn dbn = ModelFile.load(out.resolve("model.safetensors"));
        assertTrue(dbn.layer(0).spec().learnedVariance());
        assertEquals(64, dbn.inputScaling().columns());
        CliRun predicted = CliRun.of("predict", "--model", out.resolve("model.safetensors").toString(), "--data",
                digits.toString(), "--label-column", "digit", "--output", dir.resolve("classes.csv").toString());
        assertEquals(0, predicted.code(), predicted::toString);
        Matcher accuracy = Pattern.compile("accuracy ([0-9.]+)%").matcher(predicted.out());
        assertTrue(accuracy.find() && Double.parseDouble(accuracy.group(1)) > 80, predicted::toString);
        assertEquals("index,class,probability,label", Files.readAllLines(dir.resolve("classes.csv")).get(0));
    }

    private static String rejected(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.code(), run::toString);
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        return lines[0];
    }

    @Test
    void badRealValuedInputGetsOneLineNamingTheProblem() throws IOException {
        Path empty = dir.resolve("empty-cell.csv");
        Files.writeString(empty, "a,b,y\n1,2,3\n4,,6\n");
        assertTrue(rejected("train", "--task", "regression", "--data", empty.toString(), "--target", "y")
                .contains("line 3, column 2 is empty"));
        Path text = dir.resolve("text.csv");
        Files.writeString(text, "a,b,y\n1,2,3\n4,5,high\n");
        assertTrue(rejected("train", "--task", "regression", "--data", text.toString(), "--target", "y")
                .contains("line 3, column 3: 'high' is not a number"));
        Path nan = dir.resolve("nan.csv");
        Files.writeString(nan, "a,b,y\n1,NaN,3\n");
        assertTrue(rejected("predict", "--model", regressor.toString(), "--data", nan.toString(), "--target", "y")
                .contains("line 2, column 2 is NaN"));
        assertTrue(rejected("train", "--task", "regression").contains("--target"));
        assertTrue(rejected("train", "--task", "regression", "--target", "y").contains("needs --data FILE.csv"));
        assertTrue(rejected("train", "--task", "regression", "--data", train.toString(), "--target", "nope")
                .contains("no column named 'nope'"));
        assertTrue(rejected("train", "--learned-variance").contains("--learned-variance needs --visible-units gaussian"));
        assertTrue(rejected("evaluate", "--model", regressor.toString(), "--data", test.toString())
                .contains("give the CSV column of true values with --target"));
        assertTrue(rejected("train", "--task", "clustering").contains("[classification, regression]"));
    }
}
