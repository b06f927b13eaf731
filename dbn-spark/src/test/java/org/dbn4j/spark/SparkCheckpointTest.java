package org.dbn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.dbn4j.backend.Backends;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.Schedule;
import org.dbn4j.train.TrainingEvent;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.Checkpoints;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.SgdUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job that failed after a checkpoint resumes from it to the model an uninterrupted job gives. */
class SparkCheckpointTest {

    private static final DataSet DATA = Mnist10k.train().head(400);
    private static Backend backend;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        backend = Backends.create("cpu-simd");
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    /** Keeps a copy of the checkpoint written after the first epoch, as a job that died then would have. */
    private TrainingListener keepFirst(Path copy) {
        return event -> {
            if (event instanceof TrainingEvent.CheckpointWritten w && w.epoch() == 0 && !Files.exists(copy)) {
                try {
                    Files.copy(w.file(), copy, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @Test
    void pretrainingResumesFromACheckpointToTheUninterruptedModel() throws IOException {
        PretrainingLayer layer = PretrainingLayer.of(16).withEpochs(3).withBatchSize(50)
                .withUpdateRule(SgdUpdate.builder().learningRate(Schedule.constant(0.05)).build());
        Path copy = dir.resolve("after-epoch-1.safetensors");
        SparkData data = SparkData.of(SparkTestContexts.get(), DATA, 2);
        try {
            SparkPretrainer.Builder b = SparkPretrainer.builder().context(SparkTestContexts.get()).mode(SparkMode.SYNCHRONOUS, 1).seed(9)
                    .executorBackend("cpu-simd").layer(layer).checkpoints(new Checkpoints(dir.resolve("ckpt"), 1));
            Dbn uninterrupted = b.listener(keepFirst(copy)).build().pretrain(backend, data);
            assertTrue(Files.exists(copy));
            Dbn resumed = b.listener(null).build().resume(backend, data, ModelFile.loadCheckpoint(copy));
            assertArrayEquals(uninterrupted.layer(0).weights(), resumed.layer(0).weights());
            assertArrayEquals(uninterrupted.layer(0).hiddenBias(), resumed.layer(0).hiddenBias());
        } finally {
            data.unpersist();
        }
    }

    @Test
    void fineTuningResumesFromACheckpointToTheUninterruptedModel() throws IOException {
        Dbn pretrained = GreedyPretrainer.builder().seed(2).layer(PretrainingLayer.of(20).withEpochs(1)).build()
                .pretrain(backend, DATA);
        Path copy = dir.resolve("after-epoch-1.safetensors");
        SparkData data = SparkData.of(SparkTestContexts.get(), DATA, 2);
        try {
            SparkFineTuner.Builder b = SparkFineTuner.builder().context(SparkTestContexts.get())
                    .settings(BackpropFineTuner.builder().epochs(3).batchSize(50).seed(4).build())
                    .executorBackend("cpu-simd").mode(SparkMode.PARAMETER_AVERAGING, 3)
                    .checkpoints(new Checkpoints(dir.resolve("ckpt"), 1));
            Dbn uninterrupted = b.listener(keepFirst(copy)).build().fineTune(backend, pretrained, data, null);
            assertTrue(Files.exists(copy));
            Dbn resumed = b.listener(null).build().resume(backend, data, null, ModelFile.loadCheckpoint(copy));
            assertArrayEquals(uninterrupted.layer(0).weights(), resumed.layer(0).weights());
            assertArrayEquals(uninterrupted.head().weight(), resumed.head().weight());
        } finally {
            data.unpersist();
        }
    }
}
