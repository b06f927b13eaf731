package org.dbn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.dbn4j.backend.Backends;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PersistentContrastiveDivergence;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.SgdUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SparkPretrainerTest {

    private static Backend backend;

    @BeforeAll
    static void start() {
        backend = Backends.create("cpu-simd");
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static final DataSet DATA = Mnist10k.train().head(600);

    private static PretrainingLayer[] layers() {
        return new PretrainingLayer[] {
            PretrainingLayer.of(24).withEpochs(2).withBatchSize(50)
                    .withUpdateRule(SgdUpdate.builder().learningRate(org.dbn4j.train.Schedule.constant(0.05)).build()),
            PretrainingLayer.of(12).withEpochs(2).withBatchSize(50)
        };
    }

    @Test
    void onePartitionSynchronousIsLocalPretraining() {
        GreedyPretrainer.Builder local = GreedyPretrainer.builder().seed(3);
        SparkPretrainer.Builder spark = SparkPretrainer.builder().context(SparkTestContexts.get()).mode(SparkMode.SYNCHRONOUS, 1).partitions(1).seed(3)
                .executorBackend("cpu-simd");
        for (PretrainingLayer l : layers()) {
            local.layer(l);
            spark.layer(l);
        }
        Dbn expected = local.build().pretrain(backend, DATA);
        Dbn actual = spark.build().pretrain(backend, DATA);
        assertSameParameters(expected, actual, 2e-5f);
    }

    @Test
    void sparkTakesEveryModelSettingFromTheLocalPretrainerSampledStatesIncluded() {
        GreedyPretrainer.Builder local = GreedyPretrainer.builder().seed(3).sampledStates(true);
        for (PretrainingLayer l : layers()) {
            local.layer(l);
        }
        GreedyPretrainer settings = local.build();
        Dbn expected = settings.pretrain(backend, DATA);
        Dbn actual = SparkPretrainer.builder().context(SparkTestContexts.get()).mode(SparkMode.SYNCHRONOUS, 1)
                .partitions(1).executorBackend("cpu-simd").settings(settings).build().pretrain(backend, DATA);
        assertSameParameters(expected, actual, 2e-5f);
        Dbn probabilities = GreedyPretrainer.builder().seed(3).layer(layers()[0]).layer(layers()[1]).build()
                .pretrain(backend, DATA);
        assertFalse(java.util.Arrays.equals(probabilities.layer(1).weights(), actual.layer(1).weights()),
                "sampled states change what the second RBM learns");
    }

    @Test
    void sparkRefusesWhatLocalPretrainingRefuses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkPretrainer.builder()
                .context(SparkTestContexts.get()).inputUnits(org.dbn4j.model.VisibleUnits.SOFTMAX, false));
        assertTrue(e.getMessage().contains("softmax input units need a group size"), e.getMessage());
    }

    @Test
    void aFailedAttemptIsRetriedWithoutChangingTheResult() {
        PretrainingLayer pcd = PretrainingLayer.of(16).withEpochs(2).withBatchSize(40)
                .withEstimator(new PersistentContrastiveDivergence(1, 20));
        SparkPretrainer.Builder clean = SparkPretrainer.builder().context(SparkTestContexts.get()).mode(SparkMode.SYNCHRONOUS, 1).partitions(2).seed(5)
                .executorBackend("cpu-simd").layer(pcd);
        SparkPretrainer.Builder failing = SparkPretrainer.builder().context(SparkTestContexts.get()).mode(SparkMode.SYNCHRONOUS, 1).partitions(2).seed(5)
                .executorBackend("cpu-simd").layer(pcd).injectFault(new FaultInjection(0, 3, 1));
        Dbn expected = clean.build().pretrain(backend, DATA);
        int before = ExecutorSide.injectedFailures();
        Dbn retried = failing.build().pretrain(backend, DATA);
        assertEquals(before + 1, ExecutorSide.injectedFailures(), "the fault was injected once");
        assertSameParameters(expected, retried, 0f);
    }

    static void assertSameParameters(Dbn expected, Dbn actual, float tolerance) {
        assertEquals(expected.depth(), actual.depth());
        for (int i = 0; i < expected.depth(); i++) {
            Map<String, float[]> e = expected.layer(i).parameters();
            Map<String, float[]> a = actual.layer(i).parameters();
            assertEquals(e.keySet(), a.keySet());
            for (String name : e.keySet()) {
                if (tolerance == 0f) {
                    assertArrayEquals(e.get(name), a.get(name), "layer " + i + " " + name);
                } else {
                    float worst = 0;
                    for (int j = 0; j < e.get(name).length; j++) {
                        worst = Math.max(worst, Math.abs(e.get(name)[j] - a.get(name)[j]));
                    }
                    assertTrue(worst <= tolerance, "layer " + i + " " + name + " differs by " + worst);
                }
            }
        }
    }
}
