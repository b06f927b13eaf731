package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.Schedule;
import org.dbn4j.training.eval.AnnealedImportanceSampling;
import org.dbn4j.training.eval.ExactPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Training with each unit type learns real data: the exact average log-likelihood of held-out
 * MNIST digits (2,000 training and 1,000 test digits, turned into each unit type's inputs by
 * {@link PixelData}) rises from the untrained model to 2 epochs of CD-1 and again to 8, and ends
 * above the untrained model by each case's margin (nats per digit, about half the gain
 * measured: 13.5 to 13.8 nats with fixed variances, 16.0 to 18.9 learned, 11.5 for softmax
 * groups, 2.5 to 2.7 for noisy ReLU hidden units on 16 binary pixels). Log Z is exact,
 * enumerated over the 14 Bernoulli hidden units, or for noisy ReLUs over the 65,536 visible
 * states; Bernoulli visible and hidden units are covered by {@code RbmTrainerTest}.
 */
class UnitTypeTrainingTest {

    /** A model's structure, its inputs, its learning rate, the two epochs measured and the margin. */
    record Case(String name, RbmSpec spec, DataSet train, DataSet heldOut, double learningRate, int earlyEpochs,
                int lateEpochs, double margin) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        DataSet train = Mnist10k.train().head(2000);
        DataSet test = Mnist10k.test().head(1000);
        DataSet real = PixelData.standardised(train, train);
        DataSet realTest = PixelData.standardised(test, train);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("gaussian", RbmSpec.gaussian(60, 14, false), real, realTest, 0.02, 2, 8, 6));
        cases.add(new Case("gaussian, learned variance", RbmSpec.gaussian(60, 14, true), real, realTest, 0.02, 2, 8, 6));
        cases.add(new Case("softmax groups", RbmSpec.softmax(120, 14, 3), PixelData.quantised(train),
                PixelData.quantised(test), 0.05, 2, 8, 5));
        cases.add(new Case("noisy relu", RbmSpec.bernoulli(16, 10).withHiddenUnits(HiddenUnits.NOISY_RELU),
                PixelData.binarySixteen(train), PixelData.binarySixteen(test), 0.05, 2, 8, 1.2));
        return TestBackends.eachBackend(cases);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void trainingRaisesTheExactHeldOutLogLikelihood(String backend, Case c) {
        try (Backend b = TestBackends.create(backend)) {
            Rbm untrained = RbmInitializer.initial(c.spec(), c.train(), 0.01, 5);
            RbmTrainer.Builder trainer = RbmTrainer.builder().batchSize(50).seed(5)
                    .updateRule(SgdUpdate.builder().learningRate(Schedule.constant(c.learningRate())).build());
            double before = logLikelihood(b, untrained, c.heldOut());
            double early = logLikelihood(b, trainer.epochs(c.earlyEpochs()).build().train(b, c.spec(), c.train()),
                    c.heldOut());
            double late = logLikelihood(b, trainer.epochs(c.lateEpochs()).build().train(b, c.spec(), c.train()),
                    c.heldOut());
            String report = String.format(Locale.ROOT, "%s on %s: held-out log-likelihood untrained %.3f, %d epochs %.3f,"
                    + " %d epochs %.3f nats", c, backend, before, c.earlyEpochs(), early, c.lateEpochs(), late);
            assertTrue(early > before, report);
            assertTrue(late > early, report);
            assertTrue(late > before + c.margin(), report);
        }
    }

    private static double logLikelihood(Backend b, Rbm rbm, DataSet data) {
        double logZ = ExactPartition.logZ(rbm, b);
        try (BoundRbm bound = rbm.bind(b)) {
            return AnnealedImportanceSampling.averageLogLikelihood(bound, data, logZ);
        }
    }
}
