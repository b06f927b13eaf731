package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.RbmGradient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every pair of unit types (softmax groups and Gaussian visible units with fixed and learned
 * variance, with Bernoulli and noisy ReLU hidden units), CD-k and PCD estimate the exact
 * log-likelihood gradient of a tiny model ({@link ExactGradient}), the learned-variance term
 * included; {@link GradientEstimatorTest} does the same for Bernoulli visible and hidden units.
 * Each estimate averages 4,000 copies of 20 training vectors (2,000 with noisy ReLUs), so its
 * sampling noise is a few percent of the gradient. Errors are relative, {@code |g - g*| / |g*|},
 * over the whole gradient vector and over its log-variance block alone.
 */
class UnitTypeGradientTest {

    private static final int EXAMPLES = 20;
    /** The exact gradient of each case, by name: the grid integrals take seconds. */
    private static final java.util.Map<String, double[]> EXACT = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int COPIES = 4000;
    /**
     * Copies for noisy ReLU units, whose exact sampler draws one Bernoulli per binary copy (about
     * 20 per unit here) and so costs that much more; their sampling noise stays below 0.03.
     */
    private static final int RELU_COPIES = 2000;
    /**
     * The most relative error of CD-25 and of PCD at equilibrium. Measured: at most 0.008 for
     * CD-25 and 0.002 for PCD with Bernoulli hidden units, 0.018 and 0.013 with noisy ReLUs (0.028
     * for a log-variance block), where CD-1 is off by 0.25 to 0.7.
     */
    private static final double TOLERANCE = 0.05;

    /** A tiny model and its training vectors. */
    record Case(String name, Rbm rbm, float[][] data) {
        int copies() {
            return rbm.spec().hiddenUnits() == HiddenUnits.NOISY_RELU ? RELU_COPIES : COPIES;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("softmax groups", model(RbmSpec.softmax(9, 4, 3), 1.0, 12), oneHotData(9, 3)));
        cases.add(new Case("gaussian", model(RbmSpec.gaussian(6, 4, false), 0.5, 13), realData(6)));
        cases.add(new Case("gaussian, learned variance", model(RbmSpec.gaussian(6, 4, true), 0.5, 13), realData(6)));
        HiddenUnits relu = HiddenUnits.NOISY_RELU;
        cases.add(new Case("bernoulli, noisy relu", model(RbmSpec.bernoulli(8, 4).withHiddenUnits(relu), 0.5, 11),
                binaryData(8)));
        cases.add(new Case("softmax groups, noisy relu", model(RbmSpec.softmax(9, 4, 3).withHiddenUnits(relu), 0.5, 12),
                oneHotData(9, 3)));
        cases.add(new Case("gaussian, noisy relu", model(new RbmSpec(2, 3, VisibleUnits.GAUSSIAN, relu, 0, false), 0.25,
                13), realData(2)));
        cases.add(new Case("gaussian, learned variance, noisy relu", model(new RbmSpec(2, 3, VisibleUnits.GAUSSIAN, relu,
                0, true), 0.25, 13), realData(2)));
        return TestBackends.eachBackend(cases);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void cdApproachesTheExactGradientAsKGrows(String backend, Case c) {
        double[] cd1 = errorsOf(backend, c, () -> new ContrastiveDivergence(1), 0, 1);
        double[] cd5 = errorsOf(backend, c, () -> new ContrastiveDivergence(5), 0, 1);
        double[] cd25 = errorsOf(backend, c, () -> new ContrastiveDivergence(25), 0, 1);
        String report = String.format(Locale.ROOT, "%s on %s: CD-1 %.3f, CD-5 %.3f, CD-25 %.3f (log-variances %.3f,"
                + " %.3f, %.3f)", c, backend, cd1[0], cd5[0], cd25[0], cd1[1], cd5[1], cd25[1]);
        assertTrue(cd25[0] < TOLERANCE, report);
        assertTrue(cd25[0] < 0.5 * cd1[0], report);
        assertTrue(cd5[0] < cd1[0], report);
        assertTrue(cd25[1] < TOLERANCE, report);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void pcdAtEquilibriumIsCloseToTheExactGradient(String backend, Case c) {
        double[] pcd = errorsOf(backend, c, () -> new PersistentContrastiveDivergence(1, EXAMPLES * c.copies()), 40, 5);
        String report = String.format(Locale.ROOT, "%s on %s: PCD %.3f (log-variances %.3f)", c, backend, pcd[0], pcd[1]);
        assertTrue(pcd[0] < TOLERANCE, report);
        assertTrue(pcd[1] < TOLERANCE, report);
    }

    /** The relative errors of the whole gradient and of its log-variance block (0 without one). */
    static double[] errorsOf(String backend, Case c, Supplier<GradientEstimator> estimator, int burnIn,
                                     int calls) {
        double[] exact = EXACT.computeIfAbsent(c.name(), k -> ExactGradient.of(c.rbm(), c.data()));
        double[] estimate;
        try (Backend b = TestBackends.create(backend)) {
            estimate = estimate(b, c, estimator.get(), burnIn, calls);
        }
        int nv = c.rbm().visible();
        int from = exact.length - nv;
        double logVariance = c.rbm().spec().learnedVariance()
                ? relativeError(Arrays.copyOfRange(estimate, from, exact.length), Arrays.copyOfRange(exact, from, exact.length))
                : 0;
        return new double[] {relativeError(estimate, exact), logVariance};
    }

    /** The estimate averaged over many copies of the data and the given number of calls. */
    private static double[] estimate(Backend b, Case c, GradientEstimator estimator, int burnIn, int calls) {
        int nv = c.rbm().visible();
        int copies = c.copies();
        float[] flat = new float[EXAMPLES * copies * nv];
        for (int copy = 0; copy < copies; copy++) {
            for (int e = 0; e < EXAMPLES; e++) {
                System.arraycopy(c.data()[e], 0, flat, (copy * EXAMPLES + e) * nv, nv);
            }
        }
        double[] total = new double[ExactGradient.length(c.rbm().spec())];
        try (BoundRbm bound = c.rbm().bind(b); Matrix batch = b.matrix(EXAMPLES * copies, nv, flat);
             RbmGradient g = RbmGradient.zerosLike(bound);
             GradientEstimator.State chains = estimator.start(bound, EXAMPLES * copies, b.randomStream(5), batch)) {
            for (int i = 0; i < burnIn; i++) {
                chains.accumulate(batch, 1f, 0f, g);
            }
            for (int i = 0; i < calls; i++) {
                chains.accumulate(batch, 1f, 0f, g);
                int at = 0;
                for (Matrix part : new Matrix[] {g.weights(), g.visibleBias(), g.hiddenBias(), g.visibleLogVariance()}) {
                    if (part != null) {
                        for (float x : part.toArray()) {
                            total[at++] += x / calls;
                        }
                    }
                }
            }
        }
        return total;
    }

    private static double relativeError(double[] estimate, double[] exact) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < exact.length; i++) {
            diff += (estimate[i] - exact[i]) * (estimate[i] - exact[i]);
            norm += exact[i] * exact[i];
        }
        return Math.sqrt(diff / norm);
    }

    private static Rbm model(RbmSpec spec, double weightScale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int nv = spec.visible();
        int nh = spec.hidden();
        float[] w = new float[nh * nv];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (weightScale * r.nextGaussian());
        }
        float[] vb = new float[nv];
        float[] hb = new float[nh];
        for (int i = 0; i < nv; i++) {
            vb[i] = (float) (0.5 * r.nextGaussian());
        }
        for (int j = 0; j < nh; j++) {
            hb[j] = (float) (0.5 * r.nextGaussian());
        }
        float[] logVariance = null;
        if (spec.learnedVariance()) {
            logVariance = new float[nv];
            for (int i = 0; i < nv; i++) {
                logVariance[i] = (float) (r.nextDouble() - 0.5);
            }
        }
        return new Rbm(spec, w, vb, hb, logVariance);
    }

    /** Binary training vectors, each unit on with probability 1/3. */
    static float[][] binaryData(int nv) {
        SplittableRandom r = new SplittableRandom(4);
        float[][] d = new float[EXAMPLES][nv];
        for (float[] row : d) {
            for (int i = 0; i < nv; i++) {
                row[i] = r.nextInt(3) == 0 ? 1f : 0f;
            }
        }
        return d;
    }

    private static float[][] oneHotData(int nv, int group) {
        SplittableRandom r = new SplittableRandom(5);
        float[][] d = new float[EXAMPLES][nv];
        for (float[] row : d) {
            for (int g = 0; g < nv; g += group) {
                // skewed towards the first state of each group, so the data differ from the model
                row[g + (r.nextInt(2) == 0 ? 0 : r.nextInt(group))] = 1f;
            }
        }
        return d;
    }

    private static float[][] realData(int nv) {
        SplittableRandom r = new SplittableRandom(6);
        float[][] d = new float[EXAMPLES][nv];
        for (float[] row : d) {
            for (int i = 0; i < nv; i++) {
                row[i] = (float) (1.2 * r.nextGaussian() + 0.3 * (i % 3) - 0.2);
            }
        }
        return d;
    }
}
