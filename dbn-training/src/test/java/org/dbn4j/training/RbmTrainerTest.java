package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.simd.CpuSimdBackend;
import org.dbn4j.tck.ReferenceBackend;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.train.Schedule;
import org.dbn4j.train.TrainingDivergedException;
import org.dbn4j.train.TrainingEvent;
import org.junit.jupiter.api.Test;

class RbmTrainerTest {

    private static final DataSet MNIST = Mnist10k.train();

    @Test
    void a784x500RbmOnMnistLowersItsReconstructionErrorEveryEpochAndLearnsDistinctFilters() {
        List<Double> errors = new ArrayList<>();
        try (Backend b = new CpuSimdBackend(2)) {
            Rbm rbm = RbmTrainer.builder().epochs(5).batchSize(100).seed(1)
                    .listener(e -> {
                        if (e instanceof TrainingEvent.EpochFinished f) {
                            errors.add(f.metrics().get("reconstructionError"));
                        }
                    })
                    .build().train(b, MNIST, 500);
            assertEquals(5, errors.size());
            for (int e = 1; e < errors.size(); e++) {
                assertTrue(errors.get(e) < errors.get(e - 1), "reconstruction errors by epoch: " + errors);
            }
            assertTrue(errors.get(4) < 0.6 * errors.get(0), "reconstruction errors by epoch: " + errors);
            // Filters differ: the weights of a visible pixel vary across hidden units, and
            // random pairs of filters are far from parallel.
            float[] w = rbm.weights();
            double meanAbsCosine = 0;
            java.util.SplittableRandom r = new java.util.SplittableRandom(2);
            for (int pair = 0; pair < 200; pair++) {
                int a = r.nextInt(500);
                int c = (a + 1 + r.nextInt(499)) % 500;
                double dot = 0;
                double na = 0;
                double nc = 0;
                for (int i = 0; i < 784; i++) {
                    dot += w[a * 784 + i] * w[c * 784 + i];
                    na += w[a * 784 + i] * w[a * 784 + i];
                    nc += w[c * 784 + i] * w[c * 784 + i];
                }
                meanAbsCosine += Math.abs(dot / Math.sqrt(na * nc)) / 200;
            }
            assertTrue(meanAbsCosine < 0.5, "filters are too alike: mean |cosine| " + meanAbsCosine);
            double acrossUnits = 0;
            for (int i = 0; i < 784; i++) {
                double mean = 0;
                double squares = 0;
                for (int j = 0; j < 500; j++) {
                    mean += w[j * 784 + i] / 500.0;
                    squares += (double) w[j * 784 + i] * w[j * 784 + i] / 500.0;
                }
                acrossUnits += (squares - mean * mean) / 784;
            }
            // Identical filters would give 0; the initial N(0, 0.01^2) weights give 1e-4.
            assertTrue(acrossUnits > 10 * 0.01 * 0.01, "weights hardly vary across hidden units: " + acrossUnits);
        }
    }

    @Test
    void theSameSeedGivesTheSameModelAndAnotherSeedAnother() {
        DataSet data = MNIST.head(600);
        try (Backend b = new CpuSimdBackend(2)) {
            RbmTrainer.Builder builder = RbmTrainer.builder().epochs(2).batchSize(50);
            Rbm one = builder.seed(7).build().train(b, data, 40);
            Rbm two = builder.seed(7).build().train(b, data, 40);
            Rbm other = builder.seed(8).build().train(b, data, 40);
            assertArrayEquals(one.weights(), two.weights());
            assertArrayEquals(one.hiddenBias(), two.hiddenBias());
            assertFalse(Arrays.equals(one.weights(), other.weights()));
        }
    }

    @Test
    void resumingAfterAnEpochContinuesAsTheUninterruptedRun() {
        DataSet data = MNIST.head(500);
        try (Backend b = new CpuSimdBackend(2)) {
            RbmTrainer.Builder builder = RbmTrainer.builder().batchSize(50).seed(3)
                    .updateRule(SgdUpdate.plain(0.1));
            Rbm straight = builder.epochs(4).build().train(b, data, 30);
            Rbm half = builder.epochs(2).build().train(b, data, 30);
            Rbm resumed = builder.epochs(2).firstEpoch(2).build().train(b, half, data);
            assertArrayEquals(straight.weights(), resumed.weights());
            assertArrayEquals(straight.visibleBias(), resumed.visibleBias());
        }
    }

    @Test
    void divergenceStopsTrainingWithTheEpochBatchCauseAndTheLastGoodModel() {
        DataSet unscaled = MNIST.head(400).scale(255f);
        List<TrainingEvent> events = new ArrayList<>();
        try (Backend b = new CpuSimdBackend(2)) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> RbmTrainer.builder()
                    .epochs(3).batchSize(50).seed(1).listener(events::add)
                    .updateRule(SgdUpdate.builder().learningRate(Schedule.constant(1e36)).build())
                    .build().train(b, unscaled, 20));
            assertTrue(e.getMessage().startsWith("rbm diverged in epoch 0, minibatch "), e.getMessage());
            assertTrue(e.getMessage().contains("not scaled to [0, 1] (the largest value is 255.0)"), e.getMessage());
            assertEquals(0, e.epoch());
            Rbm lastGood = e.lastGoodModel();
            for (float v : lastGood.weights()) {
                assertTrue(Float.isFinite(v));
            }
            assertInstanceOf(TrainingEvent.DivergenceDetected.class, events.get(events.size() - 1));
        }
    }

    @Test
    void outliersInStandardisedDataAreNamedAsTheCauseNotMissingStandardisation() {
        RbmSpec gaussian = RbmSpec.gaussian(2, 3, false);
        float[] x = new float[2 * 1000];
        x[0] = 1;
        for (int r = 0; r < 1000; r++) {
            x[2 * r + 1] = r % 2 == 0 ? 1 : -1;
        }
        DataSet outlier = org.dbn4j.model.Standardization.fit(DataSet.unlabelled(x, 1000, 2))
                .apply(DataSet.unlabelled(x, 1000, 2));
        String cause = org.dbn4j.training.internal.Divergence.likelyCause(outlier, gaussian, "SGD(rate 0.1)");
        assertTrue(cause.contains("standardised but hold outliers"), cause);
        DataSet raw = DataSet.unlabelled(new float[] {0, 50, 1, 70}, 2, 2);
        cause = org.dbn4j.training.internal.Divergence.likelyCause(raw, gaussian, "SGD(rate 0.1)");
        assertTrue(cause.contains("the data are not standardised"), cause);
    }

    @Test
    void aTooHighLearningRateOnScaledDataIsNamedAsTheCause() {
        try (Backend b = new ReferenceBackend()) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> RbmTrainer.builder()
                    .epochs(3).batchSize(20).seed(1)
                    .updateRule(SgdUpdate.builder().learningRate(Schedule.constant(1e30)).build())
                    .build().train(b, RbmSpec.gaussian(784, 8, false), MNIST.head(100)));
            assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
        }
    }

    @Test
    void eventsComeInOrderWithMetricsAndHeldOutFigures() {
        List<TrainingEvent> events = new ArrayList<>();
        try (Backend b = new CpuSimdBackend(2)) {
            RbmTrainer.builder().epochs(2).batchSize(100).seed(1).stage("layer 1").listener(events::add)
                    .heldOut(Mnist10k.test().head(200)).build().train(b, MNIST.head(300), 20);
        }
        assertInstanceOf(TrainingEvent.EpochStarted.class, events.get(0));
        assertEquals(2 * (1 + 3 + 1), events.size());
        TrainingEvent.EpochFinished last = (TrainingEvent.EpochFinished) events.get(events.size() - 1);
        assertEquals("layer 1", last.stage());
        assertEquals(1, last.epoch());
        assertTrue(last.metrics().keySet().containsAll(List.of("reconstructionError", "heldOutReconstructionError",
                "freeEnergyTrain", "freeEnergyHeldOut", "freeEnergyGap")), last.metrics().toString());
        TrainingEvent.BatchFinished batch = (TrainingEvent.BatchFinished) events.get(3);
        assertEquals(2, batch.batch());
        assertEquals(3, batch.batches());
    }

    @Test
    void aSparsityTargetPullsTheMeanHiddenActivationTowardsIt() {
        DataSet data = MNIST.head(1000);
        try (Backend b = new CpuSimdBackend(2)) {
            double free = meanActivation(b, RbmTrainer.builder().epochs(4).seed(2).build().train(b, data, 50), data);
            Rbm sparse = RbmTrainer.builder().epochs(4).seed(2)
                    .updateRule(SgdUpdate.builder().sparsity(0.05, 1.0, 0.9).build()).build().train(b, data, 50);
            double withTarget = meanActivation(b, sparse, data);
            assertTrue(Math.abs(withTarget - 0.05) < Math.abs(free - 0.05) && withTarget < 0.12,
                    "mean hidden activation " + withTarget + " with a 0.05 target, " + free + " without");
        }
    }

    private static double meanActivation(Backend b, Rbm rbm, DataSet data) {
        try (BoundRbm bound = rbm.bind(b); Matrix v = data.toMatrix(b); Matrix h = b.matrix(data.rows(), rbm.hidden())) {
            bound.hiddenMeans(v, h);
            return b.sum(h) / h.size();
        }
    }

    @Test
    void weightDecayShrinksTheWeights() {
        DataSet data = MNIST.head(500);
        try (Backend b = new CpuSimdBackend(2)) {
            RbmTrainer.Builder builder = RbmTrainer.builder().epochs(3).batchSize(50).seed(4);
            double plain = norm(builder.build().train(b, data, 30));
            double l2 = norm(builder.updateRule(SgdUpdate.builder().l2(0.05).build()).build().train(b, data, 30));
            double l1 = norm(builder.updateRule(SgdUpdate.builder().l1(0.002).build()).build().train(b, data, 30));
            assertTrue(l2 < plain && l1 < plain, "weight norms: none " + plain + ", l2 " + l2 + ", l1 " + l1);
        }
    }

    private static double norm(Rbm rbm) {
        double s = 0;
        for (float w : rbm.weights()) {
            s += w * w;
        }
        return Math.sqrt(s);
    }

    /**
     * Persistent chains need slowly changing parameters: with momentum 0.9 PCD and PT lose their
     * way here (the chains fall behind the model), so this uses plain SGD, as Tieleman (2008) did.
     * Measured: untrained (the base rate) -204.8 nats, PCD -178.0, PT -177.1, CD-1 -176.0.
     */
    @Test
    void persistentAndTemperedTrainingRaiseTheExactLogLikelihood() {
        DataSet data = MNIST.head(2000).binarize(0.5f);
        try (Backend b = new CpuSimdBackend(2)) {
            Rbm untrained = RbmInitializer.initial(RbmSpec.bernoulli(784, 15), data, 0.01, 5);
            RbmTrainer.Builder builder = RbmTrainer.builder().epochs(10).seed(5).updateRule(SgdUpdate.plain(0.1));
            Rbm pcd = builder.estimator(new PersistentContrastiveDivergence(1, 100)).build().train(b, data, 15);
            ParallelTempering pt = new ParallelTempering(ParallelTempering.linearLadder(5, 0.6), 50);
            Rbm tempered = builder.estimator(pt).build().train(b, data, 15);
            double before = exactLogLikelihood(b, untrained, data);
            double afterPcd = exactLogLikelihood(b, pcd, data);
            double afterPt = exactLogLikelihood(b, tempered, data);
            String report = "average log-likelihood: untrained " + before + ", PCD " + afterPcd + ", PT " + afterPt;
            assertTrue(afterPcd > before + 20, report);
            assertTrue(afterPt > before + 20, report);
        }
    }

    private static double exactLogLikelihood(Backend b, Rbm rbm, DataSet data) {
        double logZ = org.dbn4j.training.eval.ExactPartition.logZ(rbm, b);
        try (BoundRbm bound = rbm.bind(b)) {
            return org.dbn4j.training.eval.AnnealedImportanceSampling.averageLogLikelihood(bound, data, logZ);
        }
    }

    @Test
    void swapStatisticsAreRatesBetweenNeighbours() {
        DataSet data = MNIST.head(200).binarize(0.5f);
        try (Backend b = new CpuSimdBackend(2); BoundRbm bound = RbmInitializer.initial(RbmSpec.bernoulli(784, 20),
                data, 0.01, 1).bind(b); Matrix batch = data.toMatrix(b);
             org.dbn4j.train.RbmGradient g = org.dbn4j.train.RbmGradient.zerosLike(bound)) {
            ParallelTempering config = new ParallelTempering(ParallelTempering.linearLadder(4, 0.5), 30);
            try (ParallelTempering.Ladder pt = config.start(bound, 200, b.randomStream(1), batch)) {
                for (int i = 0; i < 20; i++) {
                    pt.accumulate(batch, 0.01f, 0f, g);
                }
                double[] rates = pt.swapAcceptanceRates();
                assertEquals(3, rates.length);
                for (double rate : rates) {
                    assertTrue(rate >= 0 && rate <= 1, Arrays.toString(rates));
                }
                assertTrue(rates[0] > 0, "neighbours close in temperature should swap sometimes: " + Arrays.toString(rates));
            }
        }
    }
}
