package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.tck.ReferenceBackend;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.Optimizer;
import org.dbn4j.train.Schedule;
import org.dbn4j.train.UpdateRule;
import org.junit.jupiter.api.Test;

/**
 * Strategies are immutable configuration: one instance serves any number of runs, at once or in
 * turn, and a serialised copy (what travels to a Spark executor) trains exactly as the original.
 */
class StrategyConfigurationTest {

    private static final DataSet DATA = Mnist10k.train().head(200).binarize(0.5f);

    private static final List<GradientEstimator> ESTIMATORS = List.of(new ContrastiveDivergence(1),
            new ContrastiveDivergence(3), new PersistentContrastiveDivergence(1, 20),
            new ParallelTempering(ParallelTempering.linearLadder(3, 0.5), 10));

    private static final UpdateRule RULE = SgdUpdate.builder().learningRate(Schedule.constant(0.05)).l2(1e-4).l1(1e-5)
            .sparsity(0.1, 0.01, 0.9).build();

    @Test
    void oneEstimatorAndRuleServeConcurrentRunsAndTheirSerialisedCopiesTrainAlike() throws Exception {
        for (GradientEstimator estimator : ESTIMATORS) {
            RbmTrainer trainer = trainer(estimator, RULE);
            Rbm sequential = train(trainer);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Rbm> a = pool.submit(() -> train(trainer));
                Future<Rbm> b = pool.submit(() -> train(trainer));
                assertArrayEquals(sequential.weights(), a.get().weights(), estimator + ", concurrent run A");
                assertArrayEquals(sequential.weights(), b.get().weights(), estimator + ", concurrent run B");
            } finally {
                pool.shutdown();
            }
            Rbm copied = train(trainer(roundTrip(estimator), roundTrip(RULE)));
            assertArrayEquals(sequential.weights(), copied.weights(), estimator + " after serialisation");
            assertArrayEquals(sequential.hiddenBias(), copied.hiddenBias(), estimator + " after serialisation");
        }
    }

    @Test
    void optimisersServeConcurrentRunsAndTheirSerialisedCopiesTrainAlike() throws Exception {
        Dbn pretrained = GreedyPretrainer.builder().seed(2).layer(PretrainingLayer.of(16).withEpochs(1)).build()
                .pretrain(new ReferenceBackend(), DATA);
        for (Optimizer optimizer : List.of(Adam.of(3e-3), new MomentumSgd(Schedule.step(0.1, 1, 0.05),
                Schedule.constant(0.5)))) {
            BackpropFineTuner tuner = BackpropFineTuner.builder().optimizer(optimizer).epochs(2).batchSize(40).seed(3)
                    .build();
            Dbn sequential = tuner.fineTune(new ReferenceBackend(), pretrained, DATA, null);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Dbn> a = pool.submit(() -> tuner.fineTune(new ReferenceBackend(), pretrained, DATA, null));
                Future<Dbn> b = pool.submit(() -> tuner.fineTune(new ReferenceBackend(), pretrained, DATA, null));
                assertArrayEquals(sequential.head().weight(), a.get().head().weight(), optimizer + ", run A");
                assertArrayEquals(sequential.head().weight(), b.get().head().weight(), optimizer + ", run B");
            } finally {
                pool.shutdown();
            }
            Dbn copied = BackpropFineTuner.builder().optimizer(roundTrip(optimizer)).epochs(2).batchSize(40).seed(3)
                    .build().fineTune(new ReferenceBackend(), pretrained, DATA, null);
            assertArrayEquals(sequential.layer(0).weights(), copied.layer(0).weights(), optimizer + " after serialisation");
            assertArrayEquals(sequential.head().weight(), copied.head().weight(), optimizer + " after serialisation");
        }
    }

    @Test
    void runTimeStateIsNotSerialisableAndConfigurationsCompareByValue() {
        Backend b = new ReferenceBackend();
        try (BoundRbm rbm = RbmInitializer.initial(RbmSpec.bernoulli(784, 8), DATA, 0.01, 1).bind(b);
             Matrix start = DATA.head(10).toMatrix(b)) {
            for (GradientEstimator estimator : ESTIMATORS) {
                try (GradientEstimator.State state = estimator.start(rbm, 50, b.randomStream(1), start)) {
                    assertFalse(state instanceof Serializable, estimator + "'s state");
                }
            }
            try (UpdateRule.State state = RULE.start(rbm)) {
                assertFalse(state instanceof Serializable, "the update rule's state");
            }
            try (Optimizer.State state = Adam.of(1e-3).start(List.of(rbm.weights()))) {
                assertFalse(state instanceof Serializable, "Adam's state");
            }
        }
        assertEquals(new ContrastiveDivergence(2), new ContrastiveDivergence(2, true));
        assertEquals(Adam.of(1e-3), new Adam(1e-3, 0.9, 0.999, 1e-8));
        assertEquals(new PersistentContrastiveDivergence(1, 20), roundTrip(new PersistentContrastiveDivergence(1, 20)));
    }

    private static RbmTrainer trainer(GradientEstimator estimator, UpdateRule rule) {
        return RbmTrainer.builder().estimator(estimator).updateRule(rule).epochs(2).batchSize(50).seed(5).build();
    }

    private static Rbm train(RbmTrainer trainer) {
        return trainer.train(new ReferenceBackend(), DATA, 12);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(value + " does not survive serialisation", e);
        }
    }
}
