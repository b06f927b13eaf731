package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.io.ModelFile;
import org.dbn4j.simd.CpuSimdBackend;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.TrainingEvent;
import org.dbn4j.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline resumes a run in whichever stage its checkpoint was written, to the uninterrupted result. */
class DbnPipelineTest {

    private static final DataSet DATA = Mnist10k.train().head(300);

    @TempDir
    Path dir;

    @Test
    void aPipelineResumesInEitherStageToTheUninterruptedModel() throws IOException {
        Checkpoints policy = new Checkpoints(dir.resolve("run"), 1);
        Path pretraining = dir.resolve("pretraining.safetensors");
        Path fineTuning = dir.resolve("fine-tuning.safetensors");
        TrainingListener keep = e -> {
            if (e instanceof TrainingEvent.CheckpointWritten c && c.epoch() == 0) {
                copy(c.file(), c.stage().startsWith("pretraining") ? pretraining : fineTuning);
            }
        };
        try (Backend b = new CpuSimdBackend(2)) {
            DbnPipeline.Result straight = pipeline(policy, keep).train(b, DATA, DATA, null);
            assertNotNull(straight.pretrained());
            assertNull(straight.pretrained().head(), "the pretrained stack has no head");

            DbnPipeline.Result fromPretraining = pipeline(null, null).resume(b, DATA, DATA, null,
                    ModelFile.loadCheckpoint(pretraining));
            assertArrayEquals(straight.pretrained().layer(0).weights(), fromPretraining.pretrained().layer(0).weights());
            assertArrayEquals(straight.model().head().weight(), fromPretraining.model().head().weight());

            DbnPipeline.Result fromFineTuning = pipeline(null, null).resume(b, DATA, DATA, null,
                    ModelFile.loadCheckpoint(fineTuning));
            assertNull(fromFineTuning.pretrained(), "a run resumed in fine-tuning did not pretrain");
            assertArrayEquals(straight.model().layer(0).weights(), fromFineTuning.model().layer(0).weights());
            assertArrayEquals(straight.model().head().weight(), fromFineTuning.model().head().weight());

            DbnPipeline pretrainingOnly = new DbnPipeline(pretrainer(null, null), null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pretrainingOnly.resume(b,
                    DATA, DATA, null, ModelFile.loadCheckpoint(fineTuning)));
            assertTrue(e.getMessage().contains("has no fine-tuner"), e.getMessage());
            DbnPipeline.Result stack = pretrainingOnly.train(b, DATA, DATA, null);
            assertSame(stack.pretrained(), stack.model(), "without a fine-tuner the model is the pretrained stack");
        }
    }

    private static DbnPipeline pipeline(Checkpoints policy, TrainingListener listener) {
        return new DbnPipeline(pretrainer(policy, listener), BackpropFineTuner.builder().epochs(2).batchSize(50).seed(4)
                .checkpoints(policy).listener(listener).build());
    }

    private static GreedyPretrainer pretrainer(Checkpoints policy, TrainingListener listener) {
        return GreedyPretrainer.builder().seed(3).layer(PretrainingLayer.of(16).withEpochs(2).withBatchSize(50))
                .checkpoints(policy).listener(listener).build();
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
