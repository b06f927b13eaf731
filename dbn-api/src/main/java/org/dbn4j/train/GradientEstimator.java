package org.dbn4j.train;

import org.dbn4j.model.BoundRbm;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;

/**
 * Estimates the log-likelihood gradient of an RBM from a minibatch: the difference between
 * statistics under the data and under the model (from Gibbs chains).
 *
 * <p>Lifecycle: {@link #init} once per training run (it allocates buffers and any persistent
 * chains), then {@link #accumulate} once per minibatch, {@link #reset()} to drop chains and
 * buffers, {@link #copy()} for a fresh instance with the same configuration. An instance serves
 * one training run at a time.
 */
public interface GradientEstimator {

    /**
     * Prepares to estimate for a model and minibatches of up to {@code batchSize} rows.
     *
     * @param rbm the model being trained
     * @param batchSize the largest minibatch
     * @param random the stream for the Gibbs chains
     * @param initialVisible a few data rows to start persistent chains from, or null
     */
    void init(BoundRbm rbm, int batchSize, RandomStream random, Matrix initialVisible);

    /**
     * Replaces the sampling stream, keeping any chains: trainers give each epoch its own stream
     * derived from the seed, so that a run resumed at an epoch boundary samples what the
     * uninterrupted run would have.
     *
     * @param random the new stream
     */
    void reseed(RandomStream random);

    /**
     * Adds the scaled gradient estimate into an accumulator:
     * {@code target = beta * target + scale * (data statistics - model statistics)}, each
     * statistic averaged over its examples (so {@code scale} is a learning rate). With
     * {@code beta == 0} the target's old contents are not read.
     *
     * @param batch the minibatch, one example per row
     * @param scale the factor of the estimate (a learning rate)
     * @param beta the factor of the accumulator's old contents (a momentum)
     * @param target where to add
     */
    void accumulate(Matrix batch, float scale, float beta, RbmGradient target);

    /**
     * The hidden units' conditional means given the last minibatch (the positive phase), for
     * sparsity and monitoring.
     *
     * @return a matrix with the last minibatch's rows first; valid until the next call
     */
    Matrix positiveHiddenMeans();

    /**
     * The sum over the last minibatch of the squared difference between each example and its
     * one-step mean-field reconstruction: a free by-product of the estimate.
     *
     * @return the squared reconstruction error of the last minibatch, summed over its rows
     */
    double lastReconstructionError();

    /** Releases the buffers and chains; {@link #init} may be called again afterwards. */
    void reset();

    /**
     * A fresh estimator with the same configuration and no state.
     *
     * @return the copy
     */
    GradientEstimator copy();

    /**
     * The state that carries over between minibatches (persistent chains), for checkpoints: empty for a
     * stateless strategy. Called after {@code init}.
     *
     * @return named row-major arrays, copies
     */
    default java.util.Map<String, float[]> saveState() {
        return java.util.Map.of();
    }

    /**
     * Restores what {@link #saveState()} returned, after {@code init}, to resume a run.
     *
     * @param state the saved arrays
     * @throws IllegalArgumentException if an array is missing or has the wrong length
     */
    default void restoreState(java.util.Map<String, float[]> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException(this + " keeps no state but was given " + state.keySet());
        }
    }
}
