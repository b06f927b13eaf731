package org.dbn4j.training;

import java.util.SplittableRandom;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;

/** Random models for tests. */
final class TestModels {

    private TestModels() {
    }

    static Rbm random(RbmSpec spec, long seed, double weightStd) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[spec.hidden() * spec.visible()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (weightStd * r.nextGaussian());
        }
        float[] vb = new float[spec.visible()];
        for (int i = 0; i < vb.length; i++) {
            vb[i] = (float) (0.5 * r.nextGaussian());
        }
        float[] hb = new float[spec.hidden()];
        for (int i = 0; i < hb.length; i++) {
            hb[i] = (float) (0.5 * r.nextGaussian());
        }
        float[] logVar = spec.learnedVariance() ? new float[spec.visible()] : null;
        return new Rbm(spec, w, vb, hb, logVar);
    }
}
