package org.dbn4j.train;

import java.util.List;
import java.util.Map;
import org.dbn4j.tensor.Matrix;

/**
 * Turns loss gradients into parameter changes during supervised fine-tuning (SGD with momentum,
 * Adam). Lifecycle: {@link #init} with the parameters, then {@link #update} for each trainable
 * parameter after each minibatch, {@link #reset()} to release the state, {@link #copy()} for a
 * fresh instance with the same configuration.
 */
public interface Optimizer {

    /**
     * Creates the state for each parameter (zero moments).
     *
     * @param parameters the parameters, in a fixed order that {@link #update}'s index refers to
     */
    void init(List<Matrix> parameters);

    /**
     * Moves one parameter against its gradient.
     *
     * @param index the parameter's position in the list given to {@link #init}
     * @param parameter the parameter, changed in place
     * @param gradient the gradient of the loss with respect to it (not changed)
     * @param epoch the current epoch, for schedules
     */
    void update(int index, Matrix parameter, Matrix gradient, int epoch);

    /**
     * The state that carries over between minibatches, for checkpoints.
     *
     * @return named row-major arrays, copies
     */
    Map<String, float[]> saveState();

    /**
     * Restores what {@link #saveState()} returned, after {@link #init}.
     *
     * @param state the saved arrays
     */
    void restoreState(Map<String, float[]> state);

    /** Releases the state; {@link #init} may be called again. */
    void reset();

    /**
     * A fresh optimiser with the same configuration and no state.
     *
     * @return the copy
     */
    Optimizer copy();
}
