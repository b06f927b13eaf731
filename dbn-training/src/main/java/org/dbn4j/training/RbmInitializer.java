package org.dbn4j.training;

import java.util.SplittableRandom;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;

/**
 * The starting point of RBM training (Hinton's practical guide, 2010): weights drawn from
 * {@code N(0, std^2)} with a seed, hidden biases 0, visible biases from the data's marginals:
 * {@code log(p / (1 - p))} for Bernoulli units, {@code log p} for softmax groups (p clipped to
 * [0.001, 0.999]), the mean for Gaussian units, whose log-variances start at the data's.
 */
public final class RbmInitializer {

    private static final double CLIP = 0.001;

    private RbmInitializer() {
    }

    /**
     * Creates the initial model.
     *
     * @param spec the structure
     * @param data training data to take the visible biases from, or null for zero biases
     * @param weightStd the standard deviation of the initial weights (0.01 in the guide)
     * @param seed the seed of the weights
     * @return the initial model
     */
    public static Rbm initial(RbmSpec spec, DataSet data, double weightStd, long seed) {
        if (data != null && data.cols() != spec.visible()) {
            throw new IllegalArgumentException("the data have " + data.cols() + " features but the RBM has "
                    + spec.visible() + " visible units");
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] w = new float[spec.hidden() * spec.visible()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (weightStd * random.nextGaussian());
        }
        float[] vb = new float[spec.visible()];
        float[] logVar = spec.learnedVariance() ? new float[spec.visible()] : null;
        if (data != null && data.rows() > 0) {
            double[] means = data.columnMeans();
            for (int i = 0; i < vb.length; i++) {
                double p = Math.min(1 - CLIP, Math.max(CLIP, means[i]));
                switch (spec.visibleUnits()) {
                    case BERNOULLI:
                        vb[i] = (float) Math.log(p / (1 - p));
                        break;
                    case SOFTMAX:
                        vb[i] = (float) Math.log(p);
                        break;
                    case GAUSSIAN:
                        vb[i] = (float) means[i];
                        break;
                    default:
                        throw new IllegalStateException(String.valueOf(spec.visibleUnits()));
                }
            }
            if (logVar != null) {
                double[] variance = new double[spec.visible()];
                for (int r = 0; r < data.rows(); r++) {
                    for (int i = 0; i < variance.length; i++) {
                        double d = data.feature(r, i) - means[i];
                        variance[i] += d * d;
                    }
                }
                for (int i = 0; i < variance.length; i++) {
                    logVar[i] = (float) Math.log(Math.max(variance[i] / data.rows(), 1e-4));
                }
            }
        }
        return new Rbm(spec, w, vb, new float[spec.hidden()], logVar);
    }
}
