package org.dbn4j.training;

import java.util.SplittableRandom;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;

/**
 * The starting point of RBM training (Hinton's practical guide, 2010): weights drawn from
 * {@code N(0, std^2)} with a seed, hidden biases 0, visible biases from the data's marginals:
 * {@code log(p / (1 - p))} for Bernoulli units, {@code log p} for softmax groups (p clipped to
 * [0.001, 0.999]), the mean for Gaussian units, whose log-variances start at the data's (at
 * least the training floor, a variance of 0.1).
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
        double[] means = null;
        double[] variances = null;
        if (data != null && data.rows() > 0) {
            means = data.columnMeans();
            if (spec.learnedVariance()) {
                variances = new double[spec.visible()];
                for (int r = 0; r < data.rows(); r++) {
                    for (int i = 0; i < variances.length; i++) {
                        double d = data.feature(r, i) - means[i];
                        variances[i] += d * d;
                    }
                }
                for (int i = 0; i < variances.length; i++) {
                    variances[i] /= data.rows();
                }
            }
        }
        return initial(spec, means, variances, weightStd, seed);
    }

    /**
     * The same from the data's statistics instead of the data, for data that live elsewhere (a
     * distributed data set).
     *
     * @param spec the structure
     * @param means the mean of each feature, or null for zero visible biases
     * @param variances the variance of each feature, or null; needed for a learned variance
     * @param weightStd the standard deviation of the initial weights
     * @param seed the seed of the weights
     * @return the initial RBM
     */
    public static Rbm initial(RbmSpec spec, double[] means, double[] variances, double weightStd, long seed) {
        if (means != null && means.length != spec.visible()) {
            throw new IllegalArgumentException("there are " + means.length + " feature means for "
                    + spec.visible() + " visible units");
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] w = new float[spec.hidden() * spec.visible()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (weightStd * random.nextGaussian());
        }
        float[] vb = new float[spec.visible()];
        float[] logVar = spec.learnedVariance() ? new float[spec.visible()] : null;
        if (means != null) {
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
            if (logVar != null && variances != null) {
                for (int i = 0; i < variances.length; i++) {
                    logVar[i] = (float) Math.log(Math.max(variances[i], Statistics.MIN_VARIANCE));
                }
            }
        }
        return new Rbm(spec, w, vb, new float[spec.hidden()], logVar);
    }

    /**
     * A stack of RBMs with the random weights of an untrained feed-forward network, as PyTorch's
     * {@code nn.Linear} draws them (uniform in {@code +-1/sqrt(inputs)}, biases too): the
     * baseline of fine-tuning without pretraining.
     *
     * @param sizes layer sizes, input first
     * @param seed the seed
     * @return the DBN, tied, without head
     */
    public static org.dbn4j.model.Dbn uniformStack(int[] sizes, long seed) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a stack needs at least two layer sizes");
        }
        SplittableRandom random = new SplittableRandom(seed);
        java.util.List<Rbm> rbms = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            double bound = 1 / Math.sqrt(sizes[i]);
            float[] w = new float[sizes[i] * sizes[i + 1]];
            for (int j = 0; j < w.length; j++) {
                w[j] = (float) random.nextDouble(-bound, bound);
            }
            float[] hb = new float[sizes[i + 1]];
            for (int j = 0; j < hb.length; j++) {
                hb[j] = (float) random.nextDouble(-bound, bound);
            }
            rbms.add(new Rbm(RbmSpec.bernoulli(sizes[i], sizes[i + 1]), w, new float[sizes[i]], hb, null));
        }
        return org.dbn4j.model.Dbn.of(rbms);
    }
}
