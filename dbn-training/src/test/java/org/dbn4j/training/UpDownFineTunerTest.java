package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.simd.CpuSimdBackend;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpDownFineTunerTest {

    @TempDir
    Path dir;

    /**
     * Checkpoints in the label phase (with its persistent chains) and in the up-down phase each
     * resume to the uninterrupted run's model, to the bit.
     */
    @Test
    void upDownCheckpointsResumeBitIdenticallyInEitherPhase() throws IOException {
        DataSet train = DbnFixtures.TRAIN.head(400);
        Path inLabels = dir.resolve("labels.safetensors");
        Path inUpDown = dir.resolve("up-down.safetensors");
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn pretrained = GreedyPretrainer.builder().layers(40, 30).seed(3).build().pretrain(b, train);
            UpDownFineTuner.Builder settings = UpDownFineTuner.builder().labelEpochs(3).epochs(3).batchSize(50)
                    .persistentLabelChains(true).seed(5);
            Dbn straight = settings.checkpoints(new Checkpoints(dir.resolve("run"), 1)).listener(e -> {
                if (e instanceof TrainingEvent.CheckpointWritten c && c.epoch() == 1) {
                    copy(c.file(), c.stage().equals("labels") ? inLabels : inUpDown);
                }
            }).build().fineTune(b, pretrained, train, DbnFixtures.VALIDATION.head(100));
            UpDownFineTuner plain = settings.checkpoints(null).listener(null).build();
            for (Path saved : new Path[] {inLabels, inUpDown}) {
                Dbn resumed = plain.resume(b, train, DbnFixtures.VALIDATION.head(100), ModelFile.loadCheckpoint(saved));
                for (int i = 0; i < straight.depth(); i++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(straight.layer(i).weights(),
                            resumed.layer(i).weights(), saved + " layer " + i);
                }
                org.junit.jupiter.api.Assertions.assertArrayEquals(straight.generativeWeights(0),
                        resumed.generativeWeights(0), saved.toString());
                org.junit.jupiter.api.Assertions.assertArrayEquals(straight.labels().weights(),
                        resumed.labels().weights(), saved.toString());
            }
            // A backprop checkpoint is refused by name.
            BackpropFineTuner.builder().epochs(1).checkpoints(new Checkpoints(dir.resolve("bp"), 1)).build()
                    .fineTune(b, pretrained, train, null);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> plain.resume(b, train, null, ModelFile.loadCheckpoint(dir.resolve("bp").resolve(
                            Checkpoints.FILE_NAME))));
            assertTrue(e.getMessage().contains("not one of up-down fine-tuning"), e.getMessage());
            e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> BackpropFineTuner.builder().build().resume(b, train, null, ModelFile.loadCheckpoint(inUpDown)));
            assertTrue(e.getMessage().contains("not one of backprop fine-tuning (its phase is fine-tuning, up-down)"),
                    e.getMessage());
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void upDownWithLabelsClassifiesAndGeneratesTheAskedClass() {
        DataSet train = DbnFixtures.TRAIN;
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn pretrained = GreedyPretrainer.builder().layers(200, 200).seed(3).build().pretrain(b, train);
            Dbn generative = UpDownFineTuner.builder().labelEpochs(15).epochs(5).seed(3).build()
                    .fineTune(b, pretrained, train, null);
            assertNotNull(generative.labels());
            assertNull(generative.head());
            assertFalse(generative.tied(0), "up-down unties the lower layer");

            // An independent judge: the same pretrained stack fine-tuned by backprop.
            Dbn judge = BackpropFineTuner.builder().epochs(10).build().fineTune(b, pretrained, train, null);
            try (BoundDbn model = generative.bind(b); BoundDbn classifier = judge.bind(b)) {
                double byLabels = model.accuracy(DbnFixtures.VALIDATION);
                assertTrue(byLabels > 0.6, "classification by the label units' free energy: " + byLabels);
                int recognised = 0;
                int total = 0;
                for (int digit = 0; digit < 10; digit++) {
                    DataSet samples = model.generate(10, 200, digit, 11 + digit);
                    assertEquals(digit, samples.label(0));
                    int[] seen = classifier.classify(samples);
                    for (int s : seen) {
                        recognised += s == digit ? 1 : 0;
                        total++;
                    }
                }
                double share = (double) recognised / total;
                // chance is 0.1
                assertTrue(share > 0.3, "generated digits recognised as the asked class: " + share);

                // Strength 1 is the model's own conditional; a stronger label holds the chains to its class.
                assertArrayEquals(model.generate(10, 200, 4, 15).features(), model.generate(10, 200, 4, 1.0, 15).features());
                int sharpened = 0;
                for (int digit = 0; digit < 10; digit++) {
                    for (int seen : classifier.classify(model.generate(10, 200, digit, 3.0, 11 + digit))) {
                        sharpened += seen == digit ? 1 : 0;
                    }
                }
                System.out.println("label strength 1: " + recognised + ", 3: " + sharpened);
                assertTrue(sharpened > recognised + 10 && sharpened >= 70,
                        "recognised as asked: " + recognised + " of 100 at label strength 1, " + sharpened + " at 3");
                DataSet starts = DbnFixtures.VALIDATION.head(5);
                assertArrayEquals(model.generateFrom(starts, 20, 2, 7).features(),
                        model.generateFrom(starts, 20, 2, 1.0, 7).features());
                assertFalse(java.util.Arrays.equals(model.generateFrom(starts, 20, 2, 7).features(),
                        model.generateFrom(starts, 20, 2, 3.0, 7).features()), "the strength reaches chains from data");
                assertThrows(IllegalArgumentException.class, () -> model.generateFrom(starts, 5, -1, 3.0, 1));
                assertThrows(IllegalArgumentException.class, () -> model.generate(2, 5, -1, 3.0, 1));
                assertThrows(IllegalArgumentException.class, () -> model.generate(2, 5, 1, 0.0, 1));
                assertThrows(IllegalArgumentException.class, () -> model.generate(2, 5, 1, Double.NaN, 1));
            }
        }
    }
    @Test
    void persistentLabelChainsTrainATopRbmWhoseLabelSteersGeneration() {
        DataSet train = DbnFixtures.TRAIN;
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn pretrained = GreedyPretrainer.builder().seed(3).layer(PretrainingLayer.of(200))
                    .layer(PretrainingLayer.of(200).withEpochs(1)).build().pretrain(b, train);
            UpDownFineTuner.Builder settings = UpDownFineTuner.builder().labelEpochs(15).epochs(3).seed(3);
            Dbn persistent = settings.persistentLabelChains(true).build().fineTune(b, pretrained, train, null);
            Dbn meanField = settings.persistentLabelChains(false).build().fineTune(b, pretrained, train, null);
            assertFalse(java.util.Arrays.equals(persistent.labels().weights(), meanField.labels().weights()),
                    "the option changes the label phase");
            assertTrue(persistent.provenance().get("fine-tuning").contains("(PCD)"));
            Dbn judge = BackpropFineTuner.builder().epochs(10).build().fineTune(b, pretrained, train, null);
            try (BoundDbn model = persistent.bind(b); BoundDbn classifier = judge.bind(b)) {
                assertTrue(model.accuracy(DbnFixtures.VALIDATION) > 0.5);
                int recognised = 0;
                for (int digit = 0; digit < 10; digit++) {
                    for (int seen : classifier.classify(model.generate(10, 200, digit, 11 + digit))) {
                        recognised += seen == digit ? 1 : 0;
                    }
                }
                assertTrue(recognised > 30, "generated digits recognised as the asked class: " + recognised + " of 100");
            }
        }
    }
}
