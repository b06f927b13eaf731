package org.dbn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad input gets exit code 2 and one line on stderr that names the file and the
 * problem, with no stack trace; {@code --verbose} adds the trace.
 */
class BadInputTest {

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void smallModel() {
        CliRun run = CliRun.of("train", "--out", dir.resolve("m").toString(), "--limit", "200", "--layers", "10",
                "--epochs", "1", "--fine-tune-epochs", "1", "--pictures=false");
        assertEquals(0, run.code(), run::toString);
        model = dir.resolve("m/model.safetensors");
    }

    private static String rejected(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.code(), run::toString);
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, run::toString);
        assertTrue(lines[0].startsWith("dbn4j: "), run::toString);
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run::toString);
        return lines[0];
    }

    private static Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void augmentationsThatDoNotFitTheDataAreUsageErrors() throws IOException {
        Path csv = write("sixteen.csv", "0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0\n1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1\n");
        String notImages = rejected("train", "--data", csv.toString(), "--label-column", "0", "--augment", "shifts:1",
                "--layers", "4", "--epochs", "1", "--pictures=false", "--out", dir.resolve("a").toString());
        assertTrue(notImages.contains("--augment moves images") && notImages.contains("sixteen.csv"), notImages);
        String badSpec = rejected("train", "--limit", "50", "--augment", "rotate:3", "--out", dir.resolve("b").toString());
        assertTrue(badSpec.contains("--augment takes none, shifts:N or affine:SHIFT,DEGREES,SCALE"), badSpec);
        String tooFar = rejected("train", "--limit", "50", "--augment", "shifts:30", "--out", dir.resolve("c").toString());
        assertTrue(tooFar.contains("does not fit 28 x 28"), tooFar);
        String recipe = rejected("train", "--limit", "50", "--recipe", "fast", "--out", dir.resolve("d").toString());
        assertTrue(recipe.contains("--recipe") && recipe.contains("[dbn4j, peer]"), recipe);
    }

    @Test
    void aMissingFileIsNamed() {
        assertTrue(rejected("train", "--data", dir.resolve("nothing.csv").toString()).contains("nothing.csv"));
        assertTrue(rejected("inspect", dir.resolve("nope.safetensors").toString())
                .contains("no such model file: " + dir.resolve("nope.safetensors")));
        assertTrue(rejected("evaluate", "--model", dir.resolve("gone.safetensors").toString()).contains("gone.safetensors"));
    }

    @Test
    void anUnreadableFileIsNamed() throws IOException {
        Path locked = write("locked.csv", "1,2\n");
        locked.toFile().setReadable(false);
        if (Files.isReadable(locked)) {
            return; // running as root: permissions do not bind
        }
        assertTrue(rejected("train", "--data", locked.toString()).contains("locked.csv"));
    }

    @Test
    void aWrongIdxMagicNumberOrSizeIsNamed() throws IOException {
        Path idx = Files.createDirectories(dir.resolve("idx"));
        Files.write(idx.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 9, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4});
        Files.write(idx.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 3});
        String magic = rejected("train", "--data", idx.toString());
        assertTrue(magic.contains("train-images-idx3-ubyte"), magic);
        Files.write(idx.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2});
        String size = rejected("train", "--data", idx.toString());
        assertTrue(size.contains("train-images-idx3-ubyte"), size);
    }

    @Test
    void raggedRowsNonNumbersAndNansInCsvAreNamed() throws IOException {
        assertTrue(rejected("train", "--data", write("ragged.csv", "1,2,3\n4,5\n").toString())
                .contains("ragged.csv: line 2 has 2 fields, but the first row has 3"));
        assertTrue(rejected("train", "--data", write("words.csv", "1,2\n3,four\n").toString())
                .contains("words.csv: line 2, column 2: 'four' is not a number"));
        assertTrue(rejected("train", "--data", write("nan.csv", "1,2\nNaN,1\n").toString())
                .contains("nan.csv: line 2, column 1 is NaN"));
    }

    @Test
    void labelsOutOfRangeAreNamed() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            csv.append("0,".repeat(784)).append(i == 2 ? "12" : "1").append('\n');
        }
        Path file = write("labels.csv", csv.toString());
        String line = rejected("evaluate", "--model", model.toString(), "--data", file.toString(), "--label-column", "-1");
        assertTrue(line.contains("the label 12 of example 3 is out of range; the model knows 10 classes"), line);
        assertTrue(rejected("train", "--data", write("neg.csv", "0.5,-1\n").toString(), "--label-column", "1")
                .contains("neg.csv: line 1, column 2: the label -1 is not a class number"));
    }

    @Test
    void layerSizesThatDoNotFitAreNamed() throws IOException {
        assertTrue(rejected("train", "--layers", "0").contains("--layers: a layer needs at least one unit, got 0"));
        assertTrue(rejected("train", "--layers", "50,x").contains("'x' is not a whole number"));
        Path narrow = write("narrow.csv", "0.1,0.2,0.3,1\n0.3,0.2,0.1,0\n");
        String line = rejected("evaluate", "--model", model.toString(), "--data", narrow.toString(), "--label-column", "3");
        assertTrue(line.contains("the model takes 784 features per example but " + narrow + " has 3"), line);
    }

    @Test
    void anUnknownBackendListsTheAvailableOnes() {
        String line = rejected("train", "--backend", "quantum", "--limit", "10");
        assertTrue(line.contains("quantum"), line);
        assertTrue(line.contains("cpu-simd"), line);
    }

    @Test
    void aCorruptModelFileIsNamed() throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
        String line = rejected("inspect", truncated.toString());
        assertTrue(line.contains("truncated.safetensors") && line.contains("truncated"), line);
        byte[] flipped = bytes.clone();
        flipped[flipped.length - 1] ^= 0x40;
        Path changed = dir.resolve("changed.safetensors");
        Files.write(changed, flipped);
        assertTrue(rejected("evaluate", "--model", changed.toString()).contains("checksum"));
        Path text = write("notes.safetensors", "hello, this is not a model");
        assertTrue(rejected("sample", "--model", text.toString()).contains("notes.safetensors"));
    }

    @Test
    void badOptionsGetUsageHints() {
        String unknown = rejected("train", "--epochz", "3");
        assertTrue(unknown.contains("Unknown option") && unknown.contains("'--epochz'"), unknown);
        assertTrue(unknown.endsWith("(try 'dbn4j train --help')"), unknown);
        assertTrue(rejected("bogus").endsWith("(try 'dbn4j --help')"));
        String estimator = rejected("train", "--estimator", "magic");
        assertTrue(estimator.contains("--estimator") && estimator.contains("[cd, pcd, pt]") && estimator.contains("'magic'"),
                estimator);
        assertTrue(rejected("train", "--fine-tune", "backprop", "--data", dir.resolve("m/../m").toString() + "/x.csv")
                .contains("x.csv"));
    }

    @Test
    void everyChoiceIsAnEnumThatNamesItsValuesOnOneLine() {
        String[][] choices = {
            {"train", "--visible-units", "[bernoulli, gaussian]"},
            {"train", "--hidden-units", "[bernoulli, noisy_relu]"},
            {"train", "--task", "[classification, regression]"},
            {"train", "--fine-tune", "[backprop, updown, none]"},
            {"train", "--optimizer", "[adam, sgd]"},
            {"train", "--spark-mode", "[average, sync]"},
            {"features", "--part", "[train, test]"},
            {"score", "--method", "[free-energy, reconstruction]"},
        };
        for (String[] c : choices) {
            String line = c[0].equals("train") ? rejected(c[0], c[1], "nonsense")
                    : rejected(c[0], "--model", model.toString(), c[1], "nonsense");
            assertTrue(line.contains(c[1]) && line.contains(c[2]) && line.contains("'nonsense'"), line);
        }
        // Values match whatever their case: the run gets past parsing and stops at --limit 0.
        assertTrue(rejected("train", "--fine-tune", "NONE", "--optimizer", "Sgd", "--hidden-units", "NOISY_relu",
                "--limit", "0", "--out", dir.resolve("e").toString()).contains("--limit must be at least 1"));
    }

    @Test
    void picocliUsageErrorsTakeOneLine() {
        assertTrue(rejected("train", "--epochs", "many").contains("'many' is not an int"));
        assertTrue(rejected("train", "--epochs").contains("Missing required parameter"));
        assertTrue(rejected("evaluate").contains("Missing required option: '--model=FILE'"));
        assertTrue(rejected("inspect", "a.safetensors", "b.safetensors").contains("Unmatched argument"));
    }

    @Test
    void verboseIsTheParsedOptionNotAnyArgument() {
        // "--verbose" here is a file name: no stack trace.
        String line = rejected("inspect", "--", "--verbose");
        assertTrue(line.contains("--verbose"), line);
    }

    @Test
    void verboseLogsAtInfoInAProcessAndQuietRunsDoNot() throws IOException, InterruptedException {
        String quiet = processErr("evaluate", "--model", model.toString(), "--limit", "40");
        assertFalse(quiet.contains("INFO"), quiet);
        String verbose = processErr("evaluate", "--model", model.toString(), "--limit", "40", "--verbose");
        assertTrue(verbose.contains("INFO org.dbn4j.backend.Backends - backend "), verbose);
    }

    private static String processErr(String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), Dbn4jCli.class.getName()));
        command.addAll(Arrays.asList(args));
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the process did not finish");
        String text = Files.readString(err);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun run = CliRun.of("inspect", dir.resolve("nope.safetensors").toString(), "--verbose");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("\tat "), run.err());
    }
}
