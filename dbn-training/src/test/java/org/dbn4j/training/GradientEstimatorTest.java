package org.dbn4j.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.train.GradientEstimator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On a tiny RBM whose exact log-likelihood gradient can be enumerated, the estimators average
 * to it as they should. The model (8 x 4, weights N(0, 1)) is coupled enough that CD-1 is
 * visibly biased. Each estimate is averaged over 4,000 copies of the 20 training vectors, so
 * sampling noise is a few percent. Tolerances, as relative errors {@code |g - g*| / |g*|} of the
 * whole gradient vector: CD-25 within 0.10 and at most half of CD-1's error; PCD (chains burnt in
 * with the parameters frozen) within 0.06; parallel tempering within 0.06.
 */
class GradientEstimatorTest {

    private static final int VISIBLE = 8;
    private static final int HIDDEN = 4;
    private static final int EXAMPLES = 20;
    private static final int COPIES = 4000;

    private static Rbm tinyModel() {
        SplittableRandom r = new SplittableRandom(3);
        float[] w = new float[HIDDEN * VISIBLE];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        float[] vb = new float[VISIBLE];
        float[] hb = new float[HIDDEN];
        for (int i = 0; i < VISIBLE; i++) {
            vb[i] = (float) (0.5 * r.nextGaussian());
        }
        for (int j = 0; j < HIDDEN; j++) {
            hb[j] = (float) (0.5 * r.nextGaussian());
        }
        return new Rbm(RbmSpec.bernoulli(VISIBLE, HIDDEN), w, vb, hb, null);
    }

    private static double errorOf(String backend, Supplier<GradientEstimator> estimator, int burnIn, int calls) {
        return UnitTypeGradientTest.errorsOf(backend, new UnitTypeGradientTest.Case("bernoulli", tinyModel(),
                UnitTypeGradientTest.binaryData(VISIBLE)),
                estimator, burnIn, calls)[0];
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu-simd"})
    void cdApproachesTheExactGradientAsKGrows(String backend) {
        double cd1 = errorOf(backend, () -> new ContrastiveDivergence(1), 0, 1);
        double cd5 = errorOf(backend, () -> new ContrastiveDivergence(5), 0, 1);
        double cd25 = errorOf(backend, () -> new ContrastiveDivergence(25), 0, 1);
        String report = String.format(Locale.ROOT, "relative errors on %s: CD-1 %.3f, CD-5 %.3f, CD-25 %.3f", backend,
                cd1, cd5, cd25);
        assertTrue(cd25 < 0.10, report);
        assertTrue(cd25 < 0.5 * cd1, report);
        assertTrue(cd5 < cd1, report);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu-simd"})
    void pcdAtEquilibriumIsCloseToTheExactGradient(String backend) {
        double pcd = errorOf(backend, () -> new PersistentContrastiveDivergence(1, EXAMPLES * COPIES), 200, 20);
        assertTrue(pcd < 0.06, String.format(Locale.ROOT, "PCD relative error on %s: %.3f", backend, pcd));
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu-simd"})
    void parallelTemperingAtEquilibriumIsCloseToTheExactGradient(String backend) {
        double pt = errorOf(backend, () -> new ParallelTempering(ParallelTempering.linearLadder(4, 0.25),
                EXAMPLES * COPIES / 4), 100, 20);
        assertTrue(pt < 0.06, String.format(Locale.ROOT, "PT relative error on %s: %.3f", backend, pt));
    }
}
