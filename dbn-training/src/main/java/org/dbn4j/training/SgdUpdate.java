package org.dbn4j.training;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.RbmGradient;
import org.dbn4j.train.Schedule;
import org.dbn4j.train.UpdateRule;
import org.dbn4j.training.internal.StateArrays;

/**
 * Stochastic gradient ascent on the log-likelihood with momentum, weight decay and a sparsity
 * target, as in Hinton's practical guide (2010):
 *
 * <pre>
 * velocity = momentum * velocity + rate * (gradient - l2 * W - l1 * sign(W) + sparsity)
 * W       += velocity
 * </pre>
 *
 * <p>The estimator accumulates its gradient straight into the velocity (no separate gradient
 * matrix is written). Weight decay applies to the weights only. The sparsity term pulls each
 * hidden unit's running mean activation {@code q_j} (decayed by {@code sparsityDecay} per
 * minibatch) towards {@code sparsityTarget}: {@code sparsityCost * (target - q_j)} is added to the
 * hidden bias's gradient and, times the minibatch's mean visible vector, to the weights'. With
 * zero momentum and no decay or sparsity the estimator adds into the parameters themselves:
 * exactly the textbook CD loop, with no extra pass.
 */
public final class SgdUpdate implements UpdateRule, Serializable {

    private static final long serialVersionUID = 1L;

    private final Schedule learningRate;
    private final Schedule momentum;
    private final double l2;
    private final double l1;
    private final double sparsityTarget;
    private final double sparsityCost;
    private final double sparsityDecay;

    private SgdUpdate(Builder b) {
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.l2 = b.l2;
        this.l1 = b.l1;
        this.sparsityTarget = b.sparsityTarget;
        this.sparsityCost = b.sparsityCost;
        this.sparsityDecay = b.sparsityDecay;
    }

    /**
     * A builder with the defaults: learning rate 0.1, momentum 0.5 for 5 epochs then 0.9, no
     * weight decay, no sparsity.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Plain SGD: a constant learning rate, no momentum, decay or sparsity.
     *
     * @param rate the learning rate
     * @return the rule
     */
    public static SgdUpdate plain(double rate) {
        return builder().learningRate(Schedule.constant(rate)).momentum(Schedule.constant(0)).build();
    }

    /** Configures an {@link SgdUpdate}. */
    public static final class Builder {
        private Schedule learningRate = Schedule.constant(0.1);
        private Schedule momentum = Schedule.step(0.5, 5, 0.9);
        private double l2;
        private double l1;
        private double sparsityTarget;
        private double sparsityCost;
        private double sparsityDecay = 0.95;

        private Builder() {
        }

        /**
         * The learning rate by epoch.
         *
         * @param schedule the schedule
         * @return this builder
         */
        public Builder learningRate(Schedule schedule) {
            this.learningRate = java.util.Objects.requireNonNull(schedule, "learningRate");
            return this;
        }

        /**
         * The momentum by epoch.
         *
         * @param schedule the schedule, values in [0, 1)
         * @return this builder
         */
        public Builder momentum(Schedule schedule) {
            this.momentum = java.util.Objects.requireNonNull(schedule, "momentum");
            return this;
        }

        /**
         * L2 weight decay (Hinton suggests 0.0001 for RBMs).
         *
         * @param coefficient the coefficient, zero or more
         * @return this builder
         */
        public Builder l2(double coefficient) {
            this.l2 = nonNegative("l2", coefficient);
            return this;
        }

        /**
         * L1 weight decay.
         *
         * @param coefficient the coefficient, zero or more
         * @return this builder
         */
        public Builder l1(double coefficient) {
            this.l1 = nonNegative("l1", coefficient);
            return this;
        }

        /**
         * A sparsity target for the hidden units' mean activation.
         *
         * @param target the desired mean activation, in (0, 1)
         * @param cost the weight of the penalty, zero or more
         * @param decay the running mean's decay per minibatch, in [0, 1)
         * @return this builder
         */
        public Builder sparsity(double target, double cost, double decay) {
            if (!(target > 0 && target < 1) || !(decay >= 0 && decay < 1)) {
                throw new IllegalArgumentException("sparsity target must lie in (0, 1) and decay in [0, 1), got "
                        + target + " and " + decay);
            }
            this.sparsityTarget = target;
            this.sparsityCost = nonNegative("sparsity cost", cost);
            this.sparsityDecay = decay;
            return this;
        }

        private static double nonNegative(String name, double value) {
            if (!(value >= 0)) {
                throw new IllegalArgumentException(name + " must be zero or more, got " + value);
            }
            return value;
        }

        /**
         * Builds the rule.
         *
         * @return the rule
         */
        public SgdUpdate build() {
            return new SgdUpdate(this);
        }
    }

    private boolean plainAt(int epoch) {
        return momentum.valueAt(epoch) == 0 && l2 == 0 && l1 == 0 && sparsityCost == 0;
    }

    @Override
    public UpdateRule.State start(BoundRbm rbm) {
        return new Velocity(rbm);
    }

    @Override
    public String toString() {
        return "SGD(rate " + learningRate + ", momentum " + momentum + (l2 > 0 ? ", l2 " + l2 : "")
                + (l1 > 0 ? ", l1 " + l1 : "") + (sparsityCost > 0 ? ", sparsity " + sparsityTarget + " x "
                + sparsityCost : "") + ")";
    }

    /** The velocity of one run and the running mean activation that sparsity tracks. */
    private final class Velocity implements UpdateRule.State {
        private final RbmGradient velocity;
        private Matrix runningHidden;
        private Matrix meanVisible;
        private Matrix meanHidden;
        private Matrix sign;
        private Matrix signNegative;
        private Matrix ones;

        Velocity(BoundRbm rbm) {
            Backend b = rbm.backend();
            velocity = RbmGradient.zerosLike(rbm);
            if (sparsityCost > 0) {
                runningHidden = b.matrix(1, rbm.spec().hidden());
                b.fill((float) sparsityTarget, runningHidden);
                meanVisible = b.matrix(1, rbm.spec().visible());
                meanHidden = b.matrix(1, rbm.spec().hidden());
            }
            if (l1 > 0) {
                sign = b.matrix(rbm.spec().hidden(), rbm.spec().visible());
                signNegative = b.matrix(rbm.spec().hidden(), rbm.spec().visible());
                ones = b.matrix(rbm.spec().hidden(), rbm.spec().visible());
                b.fill(1f, ones);
            }
        }

        @Override
        public void step(BoundRbm rbm, GradientEstimator.State estimator, Matrix batch, int epoch) {
            Backend b = rbm.backend();
            float rate = (float) learningRate.valueAt(epoch);
            if (plainAt(epoch)) {
                estimator.accumulate(batch, rate, 1f, RbmGradient.parametersOf(rbm));
                Statistics.floorVarianceAndRefresh(rbm);
                return;
            }
            float m = (float) momentum.valueAt(epoch);
            estimator.accumulate(batch, rate, m, velocity);
            if (l2 > 0) {
                b.axpy((float) (-rate * l2), rbm.weights(), velocity.weights());
            }
            if (l1 > 0) {
                // sign(W) = step(W) - step(-W), with step taken from the ReLU's derivative.
                b.activationGradient(Activation.RELU, rbm.weights(), ones, sign);
                b.scale(-1f, rbm.weights(), signNegative);
                b.activationGradient(Activation.RELU, signNegative, ones, signNegative);
                b.subtract(sign, signNegative, sign);
                b.axpy((float) (-rate * l1), sign, velocity.weights());
            }
            if (sparsityCost > 0) {
                addSparsity(rbm, estimator, batch, rate);
            }
            b.axpy(1f, velocity.weights(), rbm.weights());
            b.axpy(1f, velocity.visibleBias(), rbm.visibleBias());
            b.axpy(1f, velocity.hiddenBias(), rbm.hiddenBias());
            if (velocity.visibleLogVariance() != null) {
                b.axpy(1f, velocity.visibleLogVariance(), rbm.visibleLogVariance());
                Statistics.floorVarianceAndRefresh(rbm);
            }
        }

        private void addSparsity(BoundRbm rbm, GradientEstimator.State estimator, Matrix batch, float rate) {
            Backend b = rbm.backend();
            Matrix h = estimator.positiveHiddenMeans();
            float decay = (float) sparsityDecay;
            b.columnSums((1f - decay) / h.rows(), h, decay, runningHidden);
            // meanHidden becomes (target - q), the direction that brings q to the target.
            b.fill((float) sparsityTarget, meanHidden);
            b.subtract(meanHidden, runningHidden, meanHidden);
            float factor = (float) (rate * sparsityCost);
            b.axpy(factor, meanHidden, velocity.hiddenBias());
            b.columnSums(1f / batch.rows(), batch, 0f, meanVisible);
            b.gemm(true, false, factor, meanHidden, meanVisible, 1f, velocity.weights());
        }

        @Override
        public Map<String, float[]> saveState() {
            Map<String, float[]> out = new LinkedHashMap<>();
            out.put("velocity.W", velocity.weights().toArray());
            out.put("velocity.v_bias", velocity.visibleBias().toArray());
            out.put("velocity.h_bias", velocity.hiddenBias().toArray());
            if (velocity.visibleLogVariance() != null) {
                out.put("velocity.v_log_var", velocity.visibleLogVariance().toArray());
            }
            if (runningHidden != null) {
                out.put("sparsity.q", runningHidden.toArray());
            }
            return out;
        }

        @Override
        public void restoreState(Map<String, float[]> state) {
            velocity.weights().copyFrom(StateArrays.get(state, "velocity.W", velocity.weights()));
            velocity.visibleBias().copyFrom(StateArrays.get(state, "velocity.v_bias", velocity.visibleBias()));
            velocity.hiddenBias().copyFrom(StateArrays.get(state, "velocity.h_bias", velocity.hiddenBias()));
            if (velocity.visibleLogVariance() != null) {
                velocity.visibleLogVariance().copyFrom(StateArrays.get(state, "velocity.v_log_var",
                        velocity.visibleLogVariance()));
            }
            if (runningHidden != null) {
                runningHidden.copyFrom(StateArrays.get(state, "sparsity.q", runningHidden));
            }
        }

        private void requireInit() {
        }

        @Override
        public void close() {
            velocity.close();
            for (Matrix m : new Matrix[] {runningHidden, meanVisible, meanHidden, sign, signNegative, ones}) {
                if (m != null) {
                    m.close();
                }
            }
        }

        @Override
        public String toString() {
            return SgdUpdate.this.toString();
        }
    }
}
