package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.simd.CpuSimdBackend;
import org.dbn4j.tck.HostRbm;
import org.dbn4j.tck.ReferenceBackend;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.Schedule;
import org.dbn4j.training.eval.AnnealedImportanceSampling;
import org.dbn4j.training.eval.ExactPartition;
import org.dbn4j.training.eval.PseudoLikelihood;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The partition function: exact enumeration against the host oracle, and AIS against exact. */
class PartitionFunctionTest {

    private static double hostLogZ(Rbm rbm) {
        HostRbm host = new HostRbm(rbm);
        List<double[]> states = host.visibleStates();
        double[] terms = new double[states.size()];
        for (int s = 0; s < terms.length; s++) {
            terms[s] = -host.freeEnergyByEnumeration(states.get(s));
        }
        return HostRbm.logSumExp(terms);
    }

    @Test
    void enumeratingEitherLayerGivesTheOraclesLogZ() {
        try (Backend b = new ReferenceBackend()) {
            for (RbmSpec spec : List.of(RbmSpec.bernoulli(7, 5), RbmSpec.bernoulli(5, 7), RbmSpec.softmax(6, 4, 3))) {
                Rbm rbm = TestModels.random(spec, 2, 0.8);
                double exact = ExactPartition.logZ(rbm, b);
                assertEquals(hostLogZ(rbm), exact, 1e-6 * Math.abs(exact), spec.toString());
            }
        }
    }

    @Test
    void gaussianVisibleUnitsIntegrateInClosedForm() {
        // One visible Gaussian unit, one hidden unit: Z = sum_h e^{c h} sqrt(2 pi sigma^2) e^{s((b + w h)^2 - b^2)/2}.
        RbmSpec spec = RbmSpec.gaussian(1, 1, true);
        Rbm rbm = new Rbm(spec, new float[] {0.7f}, new float[] {0.3f}, new float[] {-0.4f}, new float[] {0.5f});
        double s = Math.exp(-0.5);
        double z = 0;
        for (int h = 0; h <= 1; h++) {
            double m = 0.3 + 0.7 * h;
            z += Math.exp(-0.4 * h) * Math.sqrt(2 * Math.PI / s) * Math.exp(s * (m * m - 0.09) / 2);
        }
        try (Backend b = new ReferenceBackend()) {
            assertEquals(Math.log(z), ExactPartition.logZ(rbm, b), 1e-6);
        }
    }

    @Test
    void pseudoLikelihoodIsTheSumOfExactConditionalsOfEachVariable() {
        Rbm rbm = TestModels.random(RbmSpec.bernoulli(6, 4), 3, 0.8);
        HostRbm host = new HostRbm(rbm);
        float[] data = {1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
        double expected = 0;
        for (int r = 0; r < 3; r++) {
            double[] v = new double[6];
            for (int i = 0; i < 6; i++) {
                v[i] = data[r * 6 + i];
            }
            double f = host.freeEnergyByEnumeration(v);
            for (int i = 0; i < 6; i++) {
                double[] flipped = v.clone();
                flipped[i] = 1 - flipped[i];
                double g = host.freeEnergyByEnumeration(flipped);
                expected += -Math.log1p(Math.exp(f - g));
            }
        }
        expected /= 3;
        try (Backend b = new ReferenceBackend(); BoundRbm bound = rbm.bind(b)) {
            PseudoLikelihood.Result result = PseudoLikelihood.of(bound, DataSet.unlabelled(data, 3, 6));
            assertEquals(expected, result.sumPerExample(), 1e-5);
            assertEquals(expected / 6, result.meanPerVariable(), 1e-6);
        }
    }

    private static void assertAisAgrees(Rbm rbm, DataSet data, Backend b, String what) {
        double exact = ExactPartition.logZ(rbm, b);
        try (BoundRbm bound = rbm.bind(b)) {
            AnnealedImportanceSampling.Estimate ais = AnnealedImportanceSampling.logZ(bound,
                    AnnealedImportanceSampling.baseBias(rbm.spec(), data), 100, AnnealedImportanceSampling.schedule(3000), 9);
            String report = String.format(Locale.ROOT, "%s: exact log Z %.4f, AIS %.4f +- %.4f", what, exact,
                    ais.logZ(), ais.standardError());
            assertTrue(Math.abs(ais.logZ() - exact) <= 3 * ais.standardError(),
                    report + " (not within three standard errors)");
            assertTrue(Math.abs(ais.logZ() - exact) <= 0.5, report + " (not within 0.5 nats)");
            assertTrue(ais.standardError() < 0.5, report + " (standard error too large to mean anything)");
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> varianceOnEachBackend() {
        return TestBackends.eachBackend(List.of(false, true));
    }

    @ParameterizedTest(name = "on {0}, learned variance {1}")
    @MethodSource("varianceOnEachBackend")
    void aisAgreesWithTheExactLogZOfAGaussianRbmTrainedOnStandardisedPixels(String backend, boolean learnedVariance) {
        DataSet data = PixelData.standardised(Mnist10k.train().head(2000), Mnist10k.train().head(2000));
        try (Backend b = TestBackends.create(backend)) {
            Rbm rbm = RbmTrainer.builder().epochs(10).batchSize(50).seed(4)
                    .updateRule(SgdUpdate.builder().learningRate(Schedule.constant(0.02)).build()).build()
                    .train(b, RbmSpec.gaussian(data.cols(), 14, learnedVariance), data);
            assertAisAgrees(rbm, data, b, "60 x 14 Gaussian" + (learnedVariance ? ", learned variance" : "") + " on "
                    + backend);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"reference", "cpu-simd"})
    void aisAgreesWithTheExactLogZOfASoftmaxRbmTrainedOnQuantisedPixels(String backend) {
        DataSet data = PixelData.quantised(Mnist10k.train().head(2000));
        try (Backend b = TestBackends.create(backend)) {
            Rbm rbm = RbmTrainer.builder().epochs(3).batchSize(50).seed(4)
                    .updateRule(SgdUpdate.builder().learningRate(Schedule.constant(0.05)).build()).build()
                    .train(b, RbmSpec.softmax(data.cols(), 14, 3), data);
            assertAisAgrees(rbm, data, b, "120 x 14 softmax groups of 3 on " + backend);
        }
    }

    @Test
    void aisRefusesNoisyReluHiddenUnitsWithTheReason() {
        Rbm rbm = TestModels.random(new RbmSpec(6, 4, VisibleUnits.BERNOULLI, HiddenUnits.NOISY_RELU, 0, false), 3, 0.5);
        try (Backend b = new ReferenceBackend(); BoundRbm bound = rbm.bind(b)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AnnealedImportanceSampling.logZ(bound, new float[6], 10, AnnealedImportanceSampling.schedule(10), 1));
            assertTrue(e.getMessage().contains("Bernoulli hidden units"), e.getMessage());
        }
    }

    @Test
    void aisAgreesWithTheExactLogZOfA784x15RbmTrainedOnMnist() {
        DataSet data = Mnist10k.train().head(3000).binarize(0.5f);
        try (Backend b = new CpuSimdBackend(2)) {
            Rbm rbm = RbmTrainer.builder().epochs(5).batchSize(100).seed(4)
                    .updateRule(SgdUpdate.builder().learningRate(Schedule.constant(0.05)).build()).build()
                    .train(b, data, 15);
            assertAisAgrees(rbm, data, b, "784 x 15 on MNIST");
        }
    }

    @Test
    void aisAgreesWithTheExactLogZOfA20x20RbmTrainedOnMnistPixels() {
        DataSet mnist = Mnist10k.train().head(4000).binarize(0.5f);
        int[] pixels = new int[20];
        for (int i = 0; i < 20; i++) {
            pixels[i] = (10 + i / 5) * 28 + 10 + i % 5 * 2;
        }
        float[] x = new float[mnist.rows() * 20];
        for (int r = 0; r < mnist.rows(); r++) {
            for (int i = 0; i < 20; i++) {
                x[r * 20 + i] = mnist.feature(r, pixels[i]);
            }
        }
        DataSet data = DataSet.unlabelled(x, mnist.rows(), 20);
        try (Backend b = new CpuSimdBackend(2)) {
            Rbm rbm = RbmTrainer.builder().epochs(20).batchSize(50).seed(5)
                    .updateRule(SgdUpdate.builder().learningRate(Schedule.constant(0.1)).build()).build()
                    .train(b, data, 20);
            assertAisAgrees(rbm, data, b, "20 x 20 on MNIST pixels");
        }
    }

    @Test
    void exactLogZRefusesModelsWithoutASmallLayer() {
        assertTrue(!ExactPartition.feasible(RbmSpec.bernoulli(784, 500)));
        assertTrue(!ExactPartition.feasible(new RbmSpec(30, 10, VisibleUnits.GAUSSIAN, HiddenUnits.NOISY_RELU, 0, false)));
        assertTrue(!ExactPartition.feasible(RbmSpec.bernoulli(30, 10).withHiddenUnits(HiddenUnits.NOISY_RELU)));
        assertTrue(ExactPartition.feasible(RbmSpec.bernoulli(20, 10).withHiddenUnits(HiddenUnits.NOISY_RELU)));
        assertTrue(ExactPartition.feasible(RbmSpec.bernoulli(784, 15)));
    }

    @Test
    void noisyReluLogZSumsTheFreeEnergyOfEveryVisibleState() {
        Rbm rbm = TestModels.random(RbmSpec.bernoulli(7, 3).withHiddenUnits(HiddenUnits.NOISY_RELU), 8, 1.5);
        List<double[]> states = new HostRbm(rbm).visibleStates();
        double[] terms = new double[states.size()];
        for (int s = 0; s < terms.length; s++) {
            terms[s] = -ExactGradient.freeEnergy(rbm, states.get(s));
        }
        for (Backend b : List.of(new ReferenceBackend(), new CpuSimdBackend(2))) {
            try (b) {
                assertEquals(HostRbm.logSumExp(terms), ExactPartition.logZ(rbm, b), 1e-4);
            }
        }
    }
}
