package org.dbn4j.train;

import org.dbn4j.model.BoundRbm;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;

/**
 * Accumulators shaped like an RBM's parameters, on its backend: the target that gradient
 * estimators add into and update rules read.
 */
public final class RbmGradient implements AutoCloseable {

    private final Matrix weights;
    private final Matrix visibleBias;
    private final Matrix hiddenBias;
    private final Matrix visibleLogVariance;
    private final boolean owned;

    private RbmGradient(Matrix weights, Matrix visibleBias, Matrix hiddenBias, Matrix visibleLogVariance,
                        boolean owned) {
        this.owned = owned;
        this.weights = weights;
        this.visibleBias = visibleBias;
        this.hiddenBias = hiddenBias;
        this.visibleLogVariance = visibleLogVariance;
    }

    /**
     * Allocates zero accumulators shaped like a model's parameters.
     *
     * @param rbm the model
     * @return the accumulators, which the caller closes
     */
    public static RbmGradient zerosLike(BoundRbm rbm) {
        Backend b = rbm.backend();
        return new RbmGradient(b.matrix(rbm.spec().hidden(), rbm.spec().visible()), b.matrix(1, rbm.spec().visible()),
                b.matrix(1, rbm.spec().hidden()), rbm.spec().learnedVariance() ? b.matrix(1, rbm.spec().visible()) : null,
                true);
    }

    /**
     * Accumulators for a model's parameters themselves: estimating into these changes the model
     * directly (plain SGD without momentum, as in the textbook CD-1 loop).
     *
     * @param rbm the model
     * @return a view on the model's live parameters; closing it does nothing
     */
    public static RbmGradient parametersOf(BoundRbm rbm) {
        return new RbmGradient(rbm.weights(), rbm.visibleBias(), rbm.hiddenBias(), rbm.visibleLogVariance(), false);
    }

    /**
     * The weight accumulator, hidden x visible.
     *
     * @return the matrix
     */
    public Matrix weights() {
        return weights;
    }

    /**
     * The visible bias accumulator, 1 x visible.
     *
     * @return the matrix
     */
    public Matrix visibleBias() {
        return visibleBias;
    }

    /**
     * The hidden bias accumulator, 1 x hidden.
     *
     * @return the matrix
     */
    public Matrix hiddenBias() {
        return hiddenBias;
    }

    /**
     * The visible log-variance accumulator, 1 x visible.
     *
     * @return the matrix, or null without a learned variance
     */
    public Matrix visibleLogVariance() {
        return visibleLogVariance;
    }

    /** Sets every accumulator to zero. */
    public void clear() {
        Backend b = weights.backend();
        b.fill(0f, weights);
        b.fill(0f, visibleBias);
        b.fill(0f, hiddenBias);
        if (visibleLogVariance != null) {
            b.fill(0f, visibleLogVariance);
        }
    }

    @Override
    public void close() {
        if (!owned) {
            return;
        }
        weights.close();
        visibleBias.close();
        hiddenBias.close();
        if (visibleLogVariance != null) {
            visibleLogVariance.close();
        }
    }
}
