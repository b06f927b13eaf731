package org.dbn4j.train;

import org.dbn4j.model.BoundRbm;
import org.dbn4j.tensor.Matrix;

/**
 * Turns gradient estimates into parameter changes: the learning rate, momentum, weight decay and
 * sparsity of RBM training.
 *
 * <p>Lifecycle: {@link #init} once per training run (allocates velocity buffers), {@link #step}
 * once per minibatch, {@link #reset()} to release the buffers, {@link #copy()} for a fresh
 * instance with the same configuration.
 */
public interface UpdateRule {

    /**
     * Prepares to update a model.
     *
     * @param rbm the model being trained
     */
    void init(BoundRbm rbm);

    /**
     * One update from one minibatch: asks the estimator for the gradient (accumulated straight
     * into the rule's own buffers where it can) and changes the model's parameters in place.
     *
     * @param rbm the model
     * @param estimator the gradient estimator, already initialised
     * @param batch the minibatch
     * @param epoch the current epoch, from 0
     */
    void step(BoundRbm rbm, GradientEstimator estimator, Matrix batch, int epoch);

    /** Releases the buffers; {@link #init} may be called again afterwards. */
    void reset();

    /**
     * A fresh rule with the same configuration and no state.
     *
     * @return the copy
     */
    UpdateRule copy();

    /**
     * The state that carries over between minibatches (momentum buffers and running averages), for checkpoints: empty for a
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
