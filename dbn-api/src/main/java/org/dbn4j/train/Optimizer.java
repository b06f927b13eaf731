package org.dbn4j.train;

import java.util.List;
import java.util.Map;
import org.dbn4j.tensor.Matrix;

/**
 * How loss gradients become parameter changes during supervised fine-tuning (SGD with momentum,
 * Adam).
 *
 * <p>An optimiser is immutable configuration; {@link #start} creates the run-time {@link State}
 * of one training run (moments, velocities, step counts), which the run closes when it ends.
 */
public interface Optimizer {

    /**
     * Starts optimising parameters, with zero moments.
     *
     * @param parameters the parameters, in a fixed order that {@link State#update}'s index
     *     refers to
     * @return the run-time state, to be closed by the caller
     */
    State start(List<Matrix> parameters);

    /** The run-time state of one optimiser in one training run. Not thread-safe. */
    interface State extends AutoCloseable {

        /**
         * Moves one parameter against its gradient.
         *
         * @param index the parameter's position in the list given to {@link Optimizer#start}
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
         * Restores what {@link #saveState()} returned.
         *
         * @param state the saved arrays
         * @throws IllegalArgumentException if an array is missing or has the wrong length
         */
        void restoreState(Map<String, float[]> state);

        /** Releases the moments. */
        @Override
        void close();
    }
}
