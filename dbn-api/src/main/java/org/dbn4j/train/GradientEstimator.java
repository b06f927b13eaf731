package org.dbn4j.train;

import java.util.Map;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;

/**
 * How to estimate the log-likelihood gradient of an RBM from a minibatch: the difference between
 * statistics under the data and under the model (from Gibbs chains).
 *
 * <p>An estimator is immutable configuration (CD-k's k, PCD's chain count): it can be shared
 * between threads, trainers and Spark executors. {@link #start} creates the run-time
 * {@link State} of one training run (buffers, persistent chains, the sampling stream), which the
 * run closes when it ends.
 */
public interface GradientEstimator {

    /**
     * Starts estimating for a model and minibatches of up to {@code batchSize} rows.
     *
     * @param rbm the model being trained
     * @param batchSize the largest minibatch
     * @param random the stream for the Gibbs chains
     * @param initialVisible a few data rows to start persistent chains from, or null
     * @return the run-time state, to be closed by the caller
     */
    State start(BoundRbm rbm, int batchSize, RandomStream random, Matrix initialVisible);

    /** The run-time state of one estimator in one training run. Not thread-safe. */
    interface State extends AutoCloseable {

        /**
         * Replaces the sampling stream, keeping any chains: trainers give each epoch its own
         * stream derived from the seed, so that a run resumed at an epoch boundary samples what
         * the uninterrupted run would have.
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

        /**
         * The state that carries over between minibatches (persistent chains), for checkpoints:
         * empty for a stateless strategy.
         *
         * @return named row-major arrays, copies
         */
        default Map<String, float[]> saveState() {
            return Map.of();
        }

        /**
         * Restores what {@link #saveState()} returned, to resume a run.
         *
         * @param state the saved arrays
         * @throws IllegalArgumentException if an array is missing or has the wrong length
         */
        default void restoreState(Map<String, float[]> state) {
            if (!state.isEmpty()) {
                throw new IllegalArgumentException(this + " keeps no state but was given " + state.keySet());
            }
        }

        /** Releases the buffers and chains. */
        @Override
        void close();
    }
}
