package org.dbn4j.spark;

import java.util.Map;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.Rbm;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.RbmGradient;

/**
 * A gradient estimator's state on the driver that hands the update rule a gradient the partitions
 * already computed and the driver averaged, so that the local rule (learning rate, momentum,
 * decay, sparsity) applies it unchanged.
 */
final class FixedGradient implements GradientEstimator.State, AutoCloseable {

    /** The name of the positive phase's hidden means among a round's column sums. */
    static final String HIDDEN_MEANS = "h_mean";
    /** The name of the minibatch's visible values among a round's column sums. */
    static final String VISIBLE_MEANS = "v_mean";

    private final Backend backend;
    private final RbmGradient gradient;
    private final Matrix hiddenMean;
    private final Matrix visibleMean;
    private double squaredError;

    FixedGradient(BoundRbm rbm) {
        this.backend = rbm.backend();
        this.gradient = RbmGradient.zerosLike(rbm);
        this.hiddenMean = backend.matrix(1, rbm.spec().hidden());
        this.visibleMean = backend.matrix(1, rbm.spec().visible());
    }

    /** Sets the averaged gradient (named as {@link Rbm#parameters()}) and the batch's mean activations. */
    void set(Map<String, float[]> averaged, Map<String, float[]> means, double squaredError) {
        gradient.weights().copyFrom(averaged.get(Rbm.WEIGHTS));
        gradient.visibleBias().copyFrom(averaged.get(Rbm.VISIBLE_BIAS));
        gradient.hiddenBias().copyFrom(averaged.get(Rbm.HIDDEN_BIAS));
        if (gradient.visibleLogVariance() != null) {
            gradient.visibleLogVariance().copyFrom(averaged.get(Rbm.VISIBLE_LOG_VARIANCE));
        }
        hiddenMean.copyFrom(means.get(HIDDEN_MEANS));
        visibleMean.copyFrom(means.get(VISIBLE_MEANS));
        this.squaredError = squaredError;
    }

    /** A one-row "minibatch" of the global minibatch's mean visible values, for the sparsity term. */
    Matrix meanBatch() {
        return visibleMean;
    }

    @Override
    public void reseed(RandomStream random) {
        // Sampling happens on the partitions.
    }

    @Override
    public void accumulate(Matrix batch, float scale, float beta, RbmGradient target) {
        add(gradient.weights(), scale, beta, target.weights());
        add(gradient.visibleBias(), scale, beta, target.visibleBias());
        add(gradient.hiddenBias(), scale, beta, target.hiddenBias());
        if (target.visibleLogVariance() != null) {
            add(gradient.visibleLogVariance(), scale, beta, target.visibleLogVariance());
        }
    }

    private void add(Matrix g, float scale, float beta, Matrix target) {
        if (beta == 0f) {
            backend.fill(0f, target);
        } else if (beta != 1f) {
            backend.scale(beta, target, target);
        }
        backend.axpy(scale, g, target);
    }

    @Override
    public Matrix positiveHiddenMeans() {
        return hiddenMean;
    }

    @Override
    public double lastReconstructionError() {
        return squaredError;
    }

    @Override
    public void close() {
        gradient.close();
        hiddenMean.close();
        visibleMean.close();
    }
}
