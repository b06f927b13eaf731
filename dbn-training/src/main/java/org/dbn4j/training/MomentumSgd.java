package org.dbn4j.training;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.train.Optimizer;
import org.dbn4j.train.Schedule;
import org.dbn4j.training.internal.StateArrays;

/**
 * Stochastic gradient descent with momentum for fine-tuning:
 * {@code velocity = momentum * velocity - rate * gradient; parameter += velocity}, with the rate
 * and the momentum following {@link Schedule}s over epochs.
 *
 * @param rate the learning rate per epoch
 * @param momentum the momentum per epoch (0 for plain SGD)
 */
public record MomentumSgd(Schedule rate, Schedule momentum) implements Optimizer, Serializable {

    /**
     * Validates the configuration.
     *
     * @param rate the learning rate per epoch
     * @param momentum the momentum per epoch
     */
    public MomentumSgd {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(momentum, "momentum");
    }

    /**
     * SGD with a constant rate and momentum.
     *
     * @param rate the learning rate
     * @param momentum the momentum
     * @return the optimiser
     */
    public static MomentumSgd of(double rate, double momentum) {
        return new MomentumSgd(Schedule.constant(rate), Schedule.constant(momentum));
    }

    @Override
    public Optimizer.State start(List<Matrix> parameters) {
        return new Velocities(parameters);
    }

    @Override
    public String toString() {
        return "SGD(rate " + rate + ", momentum " + momentum + ")";
    }

    /** One velocity per parameter. */
    private final class Velocities implements Optimizer.State {
        private final List<Matrix> velocities = new ArrayList<>();

        Velocities(List<Matrix> parameters) {
            for (Matrix p : parameters) {
                Backend b = p.backend();
                Matrix v = b.matrix(p.rows(), p.cols());
                b.fill(0f, v);
                velocities.add(v);
            }
        }

        @Override
        public void update(int index, Matrix parameter, Matrix gradient, int epoch) {
            Matrix v = velocities.get(index);
            Backend b = parameter.backend();
            b.axpby((float) -rate.valueAt(epoch), gradient, (float) momentum.valueAt(epoch), v);
            b.axpy(1f, v, parameter);
        }

        @Override
        public Map<String, float[]> saveState() {
            Map<String, float[]> out = new LinkedHashMap<>();
            for (int i = 0; i < velocities.size(); i++) {
                out.put("velocity." + i, velocities.get(i).toArray());
            }
            return out;
        }

        @Override
        public void restoreState(Map<String, float[]> state) {
            for (int i = 0; i < velocities.size(); i++) {
                velocities.get(i).copyFrom(StateArrays.get(state, "velocity." + i, velocities.get(i)));
            }
        }

        @Override
        public void close() {
            velocities.forEach(Matrix::close);
            velocities.clear();
        }

        @Override
        public String toString() {
            return MomentumSgd.this.toString();
        }
    }
}
