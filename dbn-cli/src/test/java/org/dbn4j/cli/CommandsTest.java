package org.dbn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.Dbn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every subcommand, in this process, on small data. */
class CommandsTest {

    @TempDir
    static Path dir;

    static Path classifier;

    static CliRun first;

    static final String[] SMALL = {"--limit", "400", "--layers", "30,20", "--epochs", "1", "--fine-tune-epochs", "2",
        "--batch-size", "50"};

    @BeforeAll
    static void trainOnce() {
        CliRun run = CliRun.of(concat(new String[] {"train", "--out", dir.resolve("run").toString()}, SMALL));
        assertEquals(0, run.code(), run::toString);
        first = run;
        classifier = dir.resolve("run/model.safetensors");
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void trainWritesTheModelItsPicturesAndCurvesAndPrintsTheTestAccuracy() throws IOException {
        Path run = dir.resolve("run");
        Dbn dbn = ModelFile.load(classifier);
        assertEquals(List.of(784, 30, 20), java.util.Arrays.stream(dbn.sizes()).boxed().toList());
        assertEquals(10, dbn.head().outputs());
        for (String picture : new String[] {"filters.png", "samples.png", "curves.png"}) {
            assertTrue(ImageIO.read(run.resolve(picture).toFile()).getWidth() > 100, picture);
        }
        List<String> curves = Files.readAllLines(run.resolve("curves.csv"));
        assertEquals("stage,metric,epoch,value", curves.get(0));
        assertTrue(curves.stream().anyMatch(l -> l.startsWith("fine-tuning,loss,2,")), curves.toString());
        assertTrue(Files.exists(run.resolve("checkpoint/checkpoint.safetensors")));
        assertTrue(dbn.provenance().get("command").startsWith("dbn4j train --out"), dbn.provenance().toString());
        // the default recipe: hidden dropout and images moved, turned and scaled afresh every minibatch
        String tuning = dbn.provenance().get("fine-tuning");
        assertTrue(tuning.contains("dropout 0.0/0.2") && tuning.contains("rotations of up to 10.0 degrees"), tuning);
        assertTrue(first.out().matches("(?s).*samples\\.png, judged by the fine-tuned classifier: 100 samples: \\d+%"
                + " classified with confidence >= 0\\.90; classes \\d\\.\\d\\d of 3\\.32 bits.*"), first.out());
    }

    @Test
    void thePeerRecipeIsThePyTorchReferencesBareCd1AndAdam() {
        CliRun run = CliRun.of(concat(new String[] {"train", "--out", dir.resolve("peer").toString(), "--pictures=false",
            "--recipe", "PEER"}, SMALL));
        assertEquals(0, run.code(), run::toString);
        Dbn dbn;
        try {
            dbn = ModelFile.load(dir.resolve("peer/model.safetensors"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String tuning = dbn.provenance().get("fine-tuning");
        assertTrue(tuning.contains("dropout 0.0/0.0") && !tuning.contains("random"), tuning);
        assertTrue(dbn.provenance().get("command").contains("--recipe PEER"), dbn.provenance().toString());
    }

    @Test
    void trainPrintsItsAccuracy() {
        CliRun run = CliRun.of(concat(new String[] {"train", "--out", dir.resolve("again").toString(),
            "--pictures=false"}, SMALL));
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().matches("(?s).*test accuracy \\d+\\.\\d\\d% \\(100 examples\\).*"), run.out());
    }

    @Test
    void aConfigFileSetsOptionsAndFlagsOverrideIt() throws IOException {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "layers: [25, 15]\nepochs: 1\nfine-tune-epochs: 1\nlimit: 300\npictures: false\n");
        CliRun yaml = CliRun.of("train", "--config", config.toString(), "--out", dir.resolve("yaml").toString(),
                "--layers", "12");
        assertEquals(0, yaml.code(), yaml::toString);
        Path json = dir.resolve("config.json");
        Files.writeString(json, "{\"layers\": \"16\", \"epochs\": 1, \"fine-tune\": \"none\", \"limit\": 200,"
                + " \"pictures\": false}");
        CliRun fromJson = CliRun.of("train", "--config", json.toString(), "--out", dir.resolve("json").toString());
        assertEquals(0, fromJson.code(), fromJson::toString);
        try {
            assertEquals(12, ModelFile.load(dir.resolve("yaml/model.safetensors")).layer(0).hidden());
            assertEquals(16, ModelFile.load(dir.resolve("json/model.safetensors")).layer(0).hidden());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Files.writeString(config, "layerz: 3\n");
        CliRun bad = CliRun.of("train", "--config", config.toString());
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.err().contains("unknown key 'layerz'"), bad.err());
    }

    @Test
    void resumingAFinishedRunReproducesItsModel() throws IOException {
        Path out = dir.resolve("resumed");
        String[] args = concat(new String[] {"train", "--out", out.toString(), "--pictures=false"}, SMALL);
        assertEquals(0, CliRun.of(args).code());
        byte[] first = ModelFile.toBytes(ModelFile.load(out.resolve("model.safetensors")).withProvenance(java.util.Map.of()));
        CliRun again = CliRun.of(concat(args, "--resume"));
        assertEquals(0, again.code(), again::toString);
        assertTrue(again.out().contains("resuming fine-tuning"), again.out());
        byte[] second = ModelFile.toBytes(ModelFile.load(out.resolve("model.safetensors")).withProvenance(java.util.Map.of()));
        assertTrue(java.util.Arrays.equals(first, second));
    }

    @Test
    void resumingFineTuningWithoutAFineTunerIsAUsageErrorAndUpDownResumesItsOwnCheckpoint() throws IOException {
        Path out = dir.resolve("resume-kinds");
        String[] args = concat(new String[] {"train", "--out", out.toString(), "--pictures=false"}, SMALL);
        assertEquals(0, CliRun.of(args).code());
        CliRun none = CliRun.of(concat(args, "--resume", "--fine-tune", "none"));
        assertEquals(2, none.code(), none::toString);
        assertTrue(none.err().contains("is a checkpoint of fine-tuning, but --fine-tune is none"), none.err());
        assertEquals(1, none.err().strip().lines().count(), none.err());
        CliRun other = CliRun.of(concat(args, "--resume", "--fine-tune", "updown"));
        assertEquals(2, other.code(), other::toString);
        assertTrue(other.err().contains("not one of up-down fine-tuning"), other.err());

        Path upDown = dir.resolve("resume-updown");
        String[] generative = concat(new String[] {"train", "--out", upDown.toString(), "--pictures=false",
                "--fine-tune", "updown"}, SMALL);
        assertEquals(0, CliRun.of(generative).code());
        byte[] first = ModelFile.toBytes(ModelFile.load(upDown.resolve("model.safetensors"))
                .withProvenance(java.util.Map.of()));
        CliRun again = CliRun.of(concat(generative, "--resume"));
        assertEquals(0, again.code(), again::toString);
        assertTrue(again.out().contains("resuming fine-tuning"), again.out());
        byte[] second = ModelFile.toBytes(ModelFile.load(upDown.resolve("model.safetensors"))
                .withProvenance(java.util.Map.of()));
        assertTrue(java.util.Arrays.equals(first, second), "resuming the finished up-down run reproduces its model");
    }

    @Test
    void evaluatePrintsAccuracyConfusionMatrixAndPrecisionRecall() {
        CliRun run = CliRun.of("evaluate", "--model", classifier.toString(), "--limit", "400");
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().startsWith("accuracy "), run.out());
        assertTrue(run.out().contains("confusion matrix (rows: true class, columns: predicted class)"));
        assertTrue(run.out().contains(" class  precision  recall  support"));
    }

    @Test
    void sparkTrainAppIsDbn4jTrainOnTheMasterSparkSubmitGives() throws IOException {
        String[] options = {"--limit", "300", "--layers", "12", "--epochs", "1", "--fine-tune-epochs", "1",
            "--pictures=false"};
        Path viaCli = dir.resolve("spark-cli");
        CliRun cli = CliRun.of(concat(concat(new String[] {"train", "--spark", "local[2]"}, options), "--out",
                viaCli.toString()));
        assertEquals(0, cli.code(), cli::toString);
        Path viaApp = dir.resolve("spark-app");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = SparkTrainApp.run(concat(options, "--out", viaApp.toString()), "local[2]",
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0, code, err::toString);
        assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("Spark 4.0.1 on local[2]"));
        // Same options, same defaults (seed included): the same model, whatever the provenance says.
        assertTrue(java.util.Arrays.equals(
                ModelFile.toBytes(ModelFile.load(viaCli.resolve("model.safetensors")).withProvenance(java.util.Map.of())),
                ModelFile.toBytes(ModelFile.load(viaApp.resolve("model.safetensors")).withProvenance(java.util.Map.of()))));

        java.io.ByteArrayOutputStream refusal = new java.io.ByteArrayOutputStream();
        java.io.PrintStream refused = new java.io.PrintStream(refusal, true, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, SparkTrainApp.run(options, null, refused, refused));
        assertEquals(2, SparkTrainApp.run(concat(options, "--spark", "local[1]"), "local[2]", refused, refused));
        assertTrue(refusal.toString(java.nio.charset.StandardCharsets.UTF_8).contains("no Spark master"));
        assertTrue(refusal.toString(java.nio.charset.StandardCharsets.UTF_8).contains("leave it out"));
    }

    @Test
    void trainRunsOnSparkWithTheSparkOption() throws IOException {
        Path out = dir.resolve("spark");
        CliRun run = CliRun.of("train", "--spark", "local[2]", "--spark-mode", "average", "--average-every", "2",
                "--out", out.toString(), "--limit", "400", "--layers", "16", "--epochs", "1", "--fine-tune-epochs", "1",
                "--pictures=false");
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("Spark 4.0.1 on local[2], 2 partitions, parameter averaging every 2 minibatches"),
                run.out());
        Dbn model = ModelFile.load(out.resolve("model.safetensors"));
        assertTrue(model.provenance().get("spark").contains("2 partitions"), model.provenance().toString());
        assertEquals(16, model.layer(0).hidden());

        Path upDown = dir.resolve("spark-updown");
        CliRun generative = CliRun.of("train", "--spark", "local[2]", "--fine-tune", "updown", "--out",
                upDown.toString(), "--limit", "300", "--layers", "16,16", "--epochs", "1", "--fine-tune-epochs", "1",
                "--pictures=false");
        assertEquals(0, generative.code(), generative::toString);
        Dbn tuned = ModelFile.load(upDown.resolve("model.safetensors"));
        assertTrue(tuned.labels() != null && !tuned.tied(0), "up-down ran on Spark: " + tuned);
        assertTrue(tuned.provenance().get("fine-tuning spark").contains("2 partitions"), tuned.provenance().toString());
    }

    @Test
    void evaluateEstimatesTheLogLikelihoodOfAnRbm() {
        Path out = dir.resolve("rbm");
        CliRun train = CliRun.of("train", "--out", out.toString(), "--limit", "300", "--layers", "10", "--epochs", "1",
                "--fine-tune", "none", "--pictures=false");
        assertEquals(0, train.code(), train::toString);
        CliRun run = CliRun.of("evaluate", "--model", out.resolve("model.safetensors").toString(), "--limit", "300",
                "--ais-runs", "10", "--ais-temperatures", "200");
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().matches("(?s)log Z = -?\\d+\\.\\d+ \\+- \\d+\\.\\d+ .*average log-likelihood of 75 examples.*"),
                run.out());
    }

    @Test
    void sampleWritesAGrid() throws IOException {
        Path png = dir.resolve("samples/grid.png");
        CliRun run = CliRun.of("sample", "--model", classifier.toString(), "--count", "9", "--gibbs-steps", "5",
                "--output", png.toString());
        assertEquals(0, run.code(), run::toString);
        assertEquals(3 * (28 * 2 + 1) + 1, ImageIO.read(png.toFile()).getWidth());
        CliRun perClass = CliRun.of("sample", "--model", classifier.toString(), "--per-class");
        assertEquals(2, perClass.code());
        assertTrue(perClass.err().contains("--per-class needs label units; train with --fine-tune updown"),
                perClass.err());
        CliRun unclamped = CliRun.of("sample", "--model", classifier.toString(), "--label-strength", "3");
        assertEquals(2, unclamped.code());
        assertTrue(unclamped.err().contains("--label-strength needs --per-class"), unclamped.err());
    }

    @Test
    void samplePerClassWithAStrongerLabel() throws IOException {
        Path out = dir.resolve("updown-sample");
        CliRun train = CliRun.of("train", "--out", out.toString(), "--limit", "300", "--layers", "16,16", "--epochs", "1",
                "--fine-tune", "updown", "--fine-tune-epochs", "1", "--pictures=false");
        assertEquals(0, train.code(), train::toString);
        String model = out.resolve("model.safetensors").toString();
        Path png = dir.resolve("per-class.png");
        CliRun run = CliRun.of("sample", "--model", model, "--per-class", "--label-strength", "3", "--count", "2",
                "--gibbs-steps", "5", "--output", png.toString());
        assertEquals(0, run.code(), run::toString);
        assertEquals(10 * (28 * 2 + 1) + 1, ImageIO.read(png.toFile()).getHeight(), "one row per class");
        CliRun zero = CliRun.of("sample", "--model", model, "--per-class", "--label-strength", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--label-strength must be positive, got 0.0"), zero.err());
    }

    @Test
    void featuresAreWrittenAsCsvAndNpy() throws IOException {
        Path csv = dir.resolve("f.csv");
        CliRun run = CliRun.of("features", "--model", classifier.toString(), "--limit", "50", "--layer", "1",
                "--output", csv.toString());
        assertEquals(0, run.code(), run::toString);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(51, lines.size());
        assertTrue(lines.get(0).startsWith("h0,h1,") && lines.get(0).endsWith(",h29,label"), lines.get(0));
        Path npy = dir.resolve("f.npy");
        assertEquals(0, CliRun.of("features", "--model", classifier.toString(), "--limit", "50",
                "--output", npy.toString()).code());
        byte[] bytes = Files.readAllBytes(npy);
        assertEquals((byte) 0x93, bytes[0]);
        int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        String header = new String(bytes, 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (50, 20)") && header.contains("'<f4'"), header);
        assertEquals(0, (10 + headerLength) % 64);
        assertEquals(10 + headerLength + 50 * 20 * 4, bytes.length);
        assertTrue(Files.exists(dir.resolve("f.labels.npy")));
    }

    @Test
    void scoreSetsAThresholdOnHeldOutDataAndFlagsExamples() throws IOException {
        Path scores = dir.resolve("scores.csv");
        CliRun run = CliRun.of("score", "--model", classifier.toString(), "--limit", "400", "--quantile", "0.9",
                "--output", scores.toString());
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("free-energy threshold"), run.out());
        List<String> lines = Files.readAllLines(scores);
        assertEquals("index,score,anomalous", lines.get(0));
        assertEquals(101, lines.size());
    }

    @Test
    void inspectValidatesAndDescribes() {
        CliRun run = CliRun.of("inspect", classifier.toString());
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("valid dbn4j dbn file, format version 1"), run.out());
        assertTrue(run.out().contains("classifier.weight [10, 20]"), run.out());
        assertTrue(run.out().contains("(verified)"), run.out());
    }

    @Test
    void benchMeasuresEveryBackend() {
        CliRun run = CliRun.of("bench", "--seconds", "0.05", "--size", "64");
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("cpu-simd"), run.out());
        assertTrue(run.out().contains("nd4j"), run.out());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : Dbn4jCli.subcommandNames()) {
            CliRun run = CliRun.of(command, "--help");
            assertEquals(0, run.code(), command);
            assertTrue(run.out().startsWith("Usage: dbn4j " + command), run.out());
        }
        CliRun completion = CliRun.of("generate-completion");
        assertEquals(0, completion.code());
        assertTrue(completion.out().contains("complete -F"), completion.out());
    }
}
