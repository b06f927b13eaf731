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
}
