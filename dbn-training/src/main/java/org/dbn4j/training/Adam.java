package org.dbn4j.training;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.train.Optimizer;
import org.dbn4j.training.internal.StateArrays;

/**
 * Adam (Kingma and Ba 2015) as PyTorch computes it, one fused backend pass per parameter
 * ({@link Backend#adamUpdate}); each parameter counts its own steps, so a parameter that stays
 * frozen for a while starts with a fresh bias correction.
 *
 * @param rate the learning rate
 * @param beta1 decay of the first moment (0.9 usually)
 * @param beta2 decay of the second moment (0.999 usually)
 * @param epsilon added to the denominator (1e-8 usually)
 */
public record Adam(double rate, double beta1, double beta2, double epsilon) implements Optimizer, Serializable {

    /**
     * Validates the configuration.
     *
     * @param rate the learning rate
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param epsilon added to the denominator
     */
    public Adam {
        if (!(rate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("Adam needs rate > 0, betas in [0, 1) and epsilon > 0, got " + rate
                    + ", " + beta1 + ", " + beta2 + ", " + epsilon);
        }
    }

    /**
     * Adam with PyTorch's defaults (betas 0.9 and 0.999, epsilon 1e-8).
     *
     * @param rate the learning rate, for example 1e-3
     * @return the optimiser
     */
    public static Adam of(double rate) {
        return new Adam(rate, 0.9, 0.999, 1e-8);
    }

    @Override
    public Optimizer.State start(List<Matrix> parameters) {
        return new Moments(parameters);
    }

    @Override
    public String toString() {
        return "Adam(rate " + rate + ", betas " + beta1 + "/" + beta2 + ")";
    }

    /** The first and second moments and the step count of each parameter. */
    private final class Moments implements Optimizer.State {
        private final List<Matrix> first = new ArrayList<>();
        private final List<Matrix> second = new ArrayList<>();
        private final int[] steps;

        Moments(List<Matrix> parameters) {
            for (Matrix p : parameters) {
                Backend b = p.backend();
                Matrix m = b.matrix(p.rows(), p.cols());
                Matrix v = b.matrix(p.rows(), p.cols());
                b.fill(0f, m);
                b.fill(0f, v);
                first.add(m);
                second.add(v);
            }
            steps = new int[parameters.size()];
        }

        @Override
        public void update(int index, Matrix parameter, Matrix gradient, int epoch) {
            steps[index]++;
            parameter.backend().adamUpdate((float) rate, (float) beta1, (float) beta2, (float) epsilon, steps[index],
                    gradient, first.get(index), second.get(index), parameter);
        }

        @Override
        public Map<String, float[]> saveState() {
            Map<String, float[]> out = new LinkedHashMap<>();
            float[] counts = new float[steps.length];
            for (int i = 0; i < steps.length; i++) {
                counts[i] = steps[i];
                out.put("m." + i, first.get(i).toArray());
                out.put("v." + i, second.get(i).toArray());
            }
            out.put("steps", counts);
            return out;
        }

        @Override
        public void restoreState(Map<String, float[]> state) {
            float[] counts = StateArrays.get(state, "steps", steps.length);
            for (int i = 0; i < steps.length; i++) {
                steps[i] = (int) counts[i];
                first.get(i).copyFrom(StateArrays.get(state, "m." + i, first.get(i)));
                second.get(i).copyFrom(StateArrays.get(state, "v." + i, second.get(i)));
            }
        }

        @Override
        public void close() {
            first.forEach(Matrix::close);
            second.forEach(Matrix::close);
            first.clear();
            second.clear();
        }

        @Override
        public String toString() {
            return Adam.this.toString();
        }
    }
}
