package org.dbn4j.train;

import java.util.Map;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.tensor.Matrix;

/**
 * How gradient estimates become parameter changes: the learning rate, momentum, weight decay and
 * sparsity of RBM training.
 *
 * <p>A rule is immutable configuration; {@link #start} creates the run-time {@link State} of one
 * training run (velocity buffers, running averages), which the run closes when it ends.
 */
public interface UpdateRule {

    /**
     * Starts updating a model.
     *
     * @param rbm the model being trained
     * @return the run-time state, to be closed by the caller
     */
    State start(BoundRbm rbm);

    /** The run-time state of one update rule in one training run. Not thread-safe. */
    interface State extends AutoCloseable {

        /**
         * One update from one minibatch: asks the estimator for the gradient (accumulated straight
         * into the rule's own buffers where it can) and changes the model's parameters in place.
         *
         * @param rbm the model
         * @param estimator the estimator's state in the same run
         * @param batch the minibatch
         * @param epoch the current epoch, from 0
         */
        void step(BoundRbm rbm, GradientEstimator.State estimator, Matrix batch, int epoch);

        /**
         * The state that carries over between minibatches (momentum buffers and running
         * averages), for checkpoints: empty for a stateless rule.
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

        /** Releases the buffers. */
        @Override
        void close();
    }
}
