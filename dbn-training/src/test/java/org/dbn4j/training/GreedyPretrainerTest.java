package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.simd.CpuSimdBackend;
import org.dbn4j.tck.ReferenceBackend;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.TrainingEvent;
import org.dbn4j.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GreedyPretrainerTest {

    private static final DataSet DATA = DbnFixtures.TRAIN.head(600);

    @TempDir
    Path dir;

    private static GreedyPretrainer.Builder small() {
        return GreedyPretrainer.builder().seed(5)
                .layer(PretrainingLayer.of(40).withEpochs(3).withBatchSize(50))
                .layer(PretrainingLayer.of(30).withEpochs(2).withBatchSize(50)
                        .withUpdateRule(SgdUpdate.builder().l2(0.001).build()));
    }

    @Test
    void eachRbmTrainsOnThePreviousRbmsHiddenProbabilitiesWithItsOwnSettings() {
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn dbn = small().build().pretrain(b, DATA);
            assertArrayEquals(new int[] {784, 40, 30}, dbn.sizes());
            // The second RBM is exactly an RBM trained alone on the first one's features.
            DataSet features;
            try (BoundDbn bound = Dbn.of(dbn.layer(0)).bind(b)) {
                features = bound.features(DATA, 1);
            }
            Rbm alone = RbmTrainer.builder().epochs(2).batchSize(50).seed(TrainingSeeds.layer(5, 1))
                    .updateRule(SgdUpdate.builder().l2(0.001).build()).build()
                    .train(b, RbmSpec.bernoulli(40, 30), features);
            assertArrayEquals(alone.weights(), dbn.layer(1).weights());
            assertEquals("5", dbn.provenance().get("seed"));
            assertTrue(dbn.provenance().get("pretraining").contains("CD-1"), dbn.provenance().toString());
        }
    }

    @Test
    void theSameSeedGivesTheSameStackAndSampledStatesGiveAnother() {
        try (Backend b = new CpuSimdBackend(2)) {
            Dbn one = small().build().pretrain(b, DATA);
            Dbn two = small().build().pretrain(b, DATA);
            Dbn sampled = small().sampledStates(true).build().pretrain(b, DATA);
            assertArrayEquals(one.layer(1).weights(), two.layer(1).weights());
            assertArrayEquals(one.layer(0).weights(), sampled.layer(0).weights());
            assertFalse(Arrays.equals(one.layer(1).weights(), sampled.layer(1).weights()));
        }
    }

    @Test
    void eventsNameTheLayer() {
        List<String> stages = new ArrayList<>();
        try (Backend b = new ReferenceBackend()) {
            small().listener(e -> {
                if (e instanceof TrainingEvent.EpochFinished f) {
                    stages.add(f.stage() + "/" + f.epoch());
                }
            }).build().pretrain(b, DATA.head(100));
        }
        assertEquals(List.of("pretraining rbm 1 of 2/0", "pretraining rbm 1 of 2/1", "pretraining rbm 1 of 2/2",
                "pretraining rbm 2 of 2/0", "pretraining rbm 2 of 2/1"), stages);
    }

    @Test
    void resumingFromACheckpointInTheMiddleGivesTheUninterruptedResult() throws IOException {
        Path saved = dir.resolve("mid.safetensors");
        Checkpoints policy = new Checkpoints(dir.resolve("run"), 1);
        GreedyPretrainer.Builder builder = GreedyPretrainer.builder().seed(9)
                .layer(PretrainingLayer.of(30).withEpochs(3).withBatchSize(50)
                        .withUpdateRule(SgdUpdate.builder().build()))
                .layer(PretrainingLayer.of(20).withEpochs(3).withBatchSize(50)
                        .withEstimator(new PersistentContrastiveDivergence(1, 40))
                        .withUpdateRule(SgdUpdate.builder().momentum(org.dbn4j.train.Schedule.constant(0.5)).build()));
        List<Integer> written = new ArrayList<>();
        try (Backend b = new CpuSimdBackend(2)) {
            // The uninterrupted run keeps a copy of the checkpoint written after epoch 1 of layer 2,
            // which is what an interrupted run would have left behind.
            Dbn straight = builder.checkpoints(policy).listener(e -> {
                if (e instanceof TrainingEvent.CheckpointWritten c) {
                    written.add(c.epoch());
                    if (c.stage().startsWith("pretraining rbm 2") && c.epoch() == 1) {
                        try {
                            Files.copy(c.file(), saved, StandardCopyOption.REPLACE_EXISTING);
                        } catch (IOException ex) {
                            throw new java.io.UncheckedIOException(ex);
                        }
                    }
                }
            }).build().pretrain(b, DATA);
            assertEquals(List.of(0, 1, 2, 0, 1, 2), written);
            ModelFile.Checkpoint checkpoint = ModelFile.loadCheckpoint(saved);
            assertEquals(TrainingState.PRETRAINING, checkpoint.state().phase());
            assertEquals(1, checkpoint.state().layer());
            assertEquals(2, checkpoint.state().nextEpoch());
            assertNotNull(checkpoint.state().strategies().estimator().get("chains"));
            assertNotNull(checkpoint.state().strategies().updateRule().get("velocity.W"));

            Dbn resumed = builder.checkpoints(null).listener(null).build().resume(b, DATA, checkpoint);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(straight.layer(i).weights(), resumed.layer(i).weights(), "layer " + i);
                assertArrayEquals(straight.layer(i).hiddenBias(), resumed.layer(i).hiddenBias(), "layer " + i);
            }
        }
    }
}
