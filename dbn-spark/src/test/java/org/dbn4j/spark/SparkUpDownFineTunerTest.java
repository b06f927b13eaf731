package org.dbn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dbn4j.backend.Backends;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.TrainingEvent;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.UpDownFineTuner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Up-down fine-tuning on Spark: the local loop, with rounds of partitions for minibatches. */
class SparkUpDownFineTunerTest {

    private static final DataSet TRAIN = Mnist10k.train().head(600);
    private static final DataSet VALIDATION = Mnist10k.test().head(300);

    private static Backend backend;
    private static Dbn pretrained;

    @BeforeAll
    static void start() {
        backend = Backends.create("cpu-simd");
        pretrained = GreedyPretrainer.builder().seed(2).layer(PretrainingLayer.of(40).withEpochs(2))
                .layer(PretrainingLayer.of(40).withEpochs(2)).build().pretrain(backend, TRAIN);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void onePartitionSynchronousIsLocalUpDownInBothStages() {
        UpDownFineTuner settings = UpDownFineTuner.builder().labelEpochs(2).epochs(2).batchSize(50).seed(6).build();
        List<Map<String, Double>> localEpochs = new ArrayList<>();
        List<Map<String, Double>> sparkEpochs = new ArrayList<>();
        Dbn expected = settings.toBuilder().listener(validationScores(localEpochs)).build()
                .fineTune(backend, pretrained, TRAIN, VALIDATION);
        Dbn actual = SparkUpDownFineTuner.builder().context(SparkTestContexts.get()).mode(SparkMode.SYNCHRONOUS, 1)
                .partitions(1).executorBackend("cpu-simd").settings(settings).listener(validationScores(sparkEpochs))
                .build().fineTune(backend, pretrained, TRAIN, VALIDATION);
        assertEquals(4, localEpochs.size(), "two label epochs and two up-down epochs");
        assertEquals(localEpochs, sparkEpochs, "every epoch's validation accuracy");
        for (int i = 0; i < expected.depth(); i++) {
            assertArrayEquals(expected.layer(i).weights(), actual.layer(i).weights(), "recognition weights " + i);
            assertArrayEquals(expected.layer(i).hiddenBias(), actual.layer(i).hiddenBias(), "hidden biases " + i);
            assertArrayEquals(expected.layer(i).visibleBias(), actual.layer(i).visibleBias(), "visible biases " + i);
        }
        assertArrayEquals(expected.generativeWeights(0), actual.generativeWeights(0), "generative weights");
        assertArrayEquals(expected.labels().weights(), actual.labels().weights(), "label weights");
        assertArrayEquals(expected.labels().bias(), actual.labels().bias(), "label biases");
    }

    @Test
    void parameterAveragingOnTwoPartitionsLearnsAndRepeatsARetriedRound() {
        DataSet train = Mnist10k.train().head(1500);
        Dbn stack = GreedyPretrainer.builder().seed(3).layer(PretrainingLayer.of(200).withEpochs(5))
                .layer(PretrainingLayer.of(200).withEpochs(5)).build().pretrain(backend, train);
        UpDownFineTuner settings = UpDownFineTuner.builder().labelEpochs(15).epochs(1).seed(6).build();
        double local;
        try (BoundDbn net = settings.fineTune(backend, stack, train, null).bind(backend)) {
            local = net.accuracy(VALIDATION);
        }
        SparkUpDownFineTuner.Builder spark = SparkUpDownFineTuner.builder().context(SparkTestContexts.get())
                .mode(SparkMode.PARAMETER_AVERAGING, 3).partitions(2).executorBackend("cpu-simd").settings(settings);
        Dbn clean = spark.build().fineTune(backend, stack, train, null);
        double distributed;
        try (BoundDbn net = clean.bind(backend)) {
            distributed = net.accuracy(VALIDATION);
        }
        System.out.printf("up-down: local %.4f, Spark parameter averaging on 2 partitions %.4f%n", local, distributed);
        assertTrue(distributed > 0.5 && distributed > local - 0.1, "Spark " + distributed + ", local " + local);
        int before = ExecutorSide.injectedFailures();
        Dbn retried = spark.injectFault(new FaultInjection(-1, 2, 1)).build().fineTune(backend, stack, train, null);
        assertEquals(before + 1, ExecutorSide.injectedFailures(), "the fault was injected once");
        assertArrayEquals(clean.layer(0).weights(), retried.layer(0).weights());
        assertArrayEquals(clean.generativeWeights(0), retried.generativeWeights(0));
        assertArrayEquals(clean.labels().weights(), retried.labels().weights());
    }

    @Test
    void persistentLabelChainsAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkUpDownFineTuner.builder()
                .context(SparkTestContexts.get()).settings(UpDownFineTuner.builder().persistentLabelChains(true).build())
                .build());
        assertTrue(e.getMessage().contains("persistent label chains are not offered on Spark"), e.getMessage());
    }

    private static TrainingListener validationScores(List<Map<String, Double>> into) {
        return event -> {
            if (event instanceof TrainingEvent.EpochFinished f) {
                into.add(f.metrics());
            }
        };
    }
}
