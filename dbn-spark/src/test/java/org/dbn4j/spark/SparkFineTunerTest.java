package org.dbn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.dbn4j.training.Adam;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SparkFineTunerTest {

    private static Backend backend;

    @BeforeAll
    static void start() {
        backend = Backends.create("cpu-simd");
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void onePartitionSynchronousIsLocalFineTuningExactly() {
        DataSet data = Mnist10k.train().head(500);
        // Two hidden layers, so that deltas passed back through a hidden layer's weights are part
        // of the exact comparison.
        Dbn pretrained = GreedyPretrainer.builder().seed(2).layer(PretrainingLayer.of(30).withEpochs(1))
                .layer(PretrainingLayer.of(20).withEpochs(1)).build().pretrain(backend, data);
        BackpropFineTuner settings = BackpropFineTuner.builder().epochs(2).batchSize(40).dropout(0.1, 0.2)
                .weightDecay(1e-4).seed(4).build();
        Dbn expected = settings.fineTune(backend, pretrained, data, null);
        Dbn actual = SparkFineTuner.builder().context(SparkTestContexts.get()).mode(SparkMode.SYNCHRONOUS, 1).settings(settings).partitions(1)
                .executorBackend("cpu-simd").build().fineTune(backend, pretrained, data, null);
        assertArrayEquals(expected.layer(0).weights(), actual.layer(0).weights());
        assertArrayEquals(expected.layer(0).hiddenBias(), actual.layer(0).hiddenBias());
        assertArrayEquals(expected.layer(1).weights(), actual.layer(1).weights());
        assertArrayEquals(expected.head().weight(), actual.head().weight());
        assertArrayEquals(expected.head().bias(), actual.head().bias());
    }

    @Test
    void sparkFineTuningHonoursEarlyStoppingAndKeepsTheBestModelAsLocalFineTuningDoes() {
        DataSet data = Mnist10k.train().head(300);
        DataSet validation = Mnist10k.test().head(200);
        Dbn pretrained = GreedyPretrainer.builder().seed(2).layer(PretrainingLayer.of(20).withEpochs(1)).build()
                .pretrain(backend, data);
        List<Map<String, Double>> localEpochs = new ArrayList<>();
        List<Map<String, Double>> sparkEpochs = new ArrayList<>();
        int epochs = 30;
        BackpropFineTuner.Builder settings = BackpropFineTuner.builder().optimizer(Adam.of(1e-2)).epochs(epochs)
                .batchSize(30).earlyStopping(2).seed(4);
        Dbn expected = settings.listener(validationScores(localEpochs)).build()
                .fineTune(backend, pretrained, data, validation);
        Dbn actual = SparkFineTuner.builder().context(SparkTestContexts.get()).mode(SparkMode.SYNCHRONOUS, 1)
                .settings(settings.listener(null).build()).listener(validationScores(sparkEpochs)).partitions(1)
                .executorBackend("cpu-simd").build().fineTune(backend, pretrained, data, validation);
        assertTrue(localEpochs.size() < epochs, "local early stopping ended the run after " + localEpochs.size()
                + " of " + epochs + " epochs");
        assertEquals(localEpochs.size(), sparkEpochs.size(), "Spark stopped after as many epochs as local training");
        for (int e = 0; e < localEpochs.size(); e++) {
            assertEquals(localEpochs.get(e).get("validationAccuracy"), sparkEpochs.get(e).get("validationAccuracy"));
            assertEquals(localEpochs.get(e).get("validationLoss"), sparkEpochs.get(e).get("validationLoss"));
        }
        // Both return the best epoch's model, not the last one's.
        assertArrayEquals(expected.layer(0).weights(), actual.layer(0).weights());
        assertArrayEquals(expected.head().weight(), actual.head().weight());
        double best = localEpochs.stream().mapToDouble(m -> m.get("validationAccuracy")).max().orElseThrow();
        try (BoundDbn net = actual.bind(backend)) {
            assertEquals(best, net.accuracy(validation), 1e-12, "the returned model scores the best validation accuracy");
        }
    }

    private static TrainingListener validationScores(List<Map<String, Double>> into) {
        return event -> {
            if (event instanceof TrainingEvent.EpochFinished f && "fine-tuning".equals(f.stage())) {
                into.add(f.metrics());
            }
        };
    }

    @Test
    void aFailedFineTuningAttemptIsRetriedWithoutChangingTheResult() {
        DataSet data = Mnist10k.train().head(400);
        Dbn pretrained = GreedyPretrainer.builder().seed(2).layer(PretrainingLayer.of(20).withEpochs(1)).build()
                .pretrain(backend, data);
        BackpropFineTuner settings = BackpropFineTuner.builder().epochs(1).batchSize(50).dropout(0, 0.2).seed(4).build();
        SparkFineTuner.Builder b = SparkFineTuner.builder().context(SparkTestContexts.get()).settings(settings)
                .partitions(2).executorBackend("cpu-simd").mode(SparkMode.PARAMETER_AVERAGING, 2);
        Dbn expected = b.build().fineTune(backend, pretrained, data, null);
        int before = ExecutorSide.injectedFailures();
        Dbn retried = b.injectFault(new FaultInjection(-1, 1, 0)).build().fineTune(backend, pretrained, data, null);
        assertEquals(before + 1, ExecutorSide.injectedFailures(), "the fault was injected once");
        assertArrayEquals(expected.layer(0).weights(), retried.layer(0).weights());
        assertArrayEquals(expected.head().weight(), retried.head().weight());
    }

    @Test
    void severalPartitionsReachTheAccuracyOfLocalTraining() {
        DataSet train = Mnist10k.train();
        DataSet test = Mnist10k.test();
        PretrainingLayer layer = PretrainingLayer.of(100).withEpochs(2);
        BackpropFineTuner fineTuning = BackpropFineTuner.builder().optimizer(Adam.of(2e-3)).epochs(3).seed(7).build();
        double local = accuracy(fineTuning.fineTune(backend,
                GreedyPretrainer.builder().seed(7).layer(layer).build().pretrain(backend, train), train, null), test);
        assertTrue(local > 0.85, "local accuracy " + local);
        SparkData data = SparkData.of(SparkTestContexts.get(), train, 2);
        try {
            for (SparkMode mode : SparkMode.values()) {
                Dbn pretrained = SparkPretrainer.builder().context(SparkTestContexts.get()).seed(7).mode(mode, 10)
                        .executorBackend("cpu-simd").layer(layer).build().pretrain(backend, data);
                Dbn tuned = SparkFineTuner.builder().context(SparkTestContexts.get()).settings(fineTuning).mode(mode, 10)
                        .executorBackend("cpu-simd").build().fineTune(backend, pretrained, data, null);
                double spark = accuracy(tuned, test);
                System.out.printf("local %.4f, Spark %s on 2 partitions %.4f%n", local, mode, spark);
                // Synchronous averaging is local training's algorithm; parameter averaging makes half as
                // many (averaged) steps per epoch, so it trails by a few points after so few epochs.
                double allowed = mode == SparkMode.SYNCHRONOUS ? 0.01 : 0.04;
                assertTrue(Math.abs(spark - local) <= allowed, mode + ": Spark " + spark + " vs local " + local);
            }
        } finally {
            data.unpersist();
        }
    }

    private static double accuracy(Dbn dbn, DataSet test) {
        try (BoundDbn net = dbn.bind(backend)) {
            return net.accuracy(test);
        }
    }
}
