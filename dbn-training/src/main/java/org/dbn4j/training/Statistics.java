package org.dbn4j.training;

import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.train.RbmGradient;

/**
 * Adds one phase's sufficient statistics to a gradient accumulator:
 * {@code target += factor * (h^T v, column sums of v and of h)}, the derivatives of
 * {@code -E(v, h)}, averaged over the rows by the caller's factor. The first phase written in a
 * step passes the accumulator's decay as {@code beta}; later phases pass 1.
 */
final class Statistics {

    private Statistics() {
    }

    /**
     * Adds {@code factor} times the statistics of the pairs (rows of v, rows of h).
     *
     * @param rbm the model (for its unit types and variances)
     * @param v visible states, n x visible
     * @param h hidden means or states, n x hidden
     * @param factor scale, typically {@code +-rate / n}
     * @param beta decay of the accumulator's old contents
     * @param target the accumulator
     */
    static void add(BoundRbm rbm, Matrix v, Matrix h, float factor, float beta, RbmGradient target) {
        Backend b = rbm.backend();
        Matrix precision = rbm.visiblePrecision();
        if (precision == null) {
            b.gemm(true, false, factor, h, v, beta, target.weights());
            b.columnSums(factor, v, beta, target.visibleBias());
        } else {
            // With learned variances -E involves v_i / sigma_i^2: dW_ji = h_j v_i s_i and
            // db_i = s_i (v_i - b_i), whose b_i cancels between the phases.
            try (Matrix scaled = b.matrix(v.rows(), v.cols())) {
                b.multiplyRowVector(v, precision, scaled);
                b.gemm(true, false, factor, h, scaled, beta, target.weights());
                b.columnSums(factor, scaled, beta, target.visibleBias());
                logVarianceTerm(rbm, v, h, factor, beta, target.visibleLogVariance());
            }
        }
        b.columnSums(factor, h, beta, target.hiddenBias());
    }

    /**
     * Adds the statistics of visible means rather than states: the expectations of the statistics
     * over {@code v ~ N(v, sigma^2)}. They differ from {@link #add}'s only in the log-variance
     * term, by {@code 1/2} per unit and row: without it a mean-field reconstruction has no spread
     * and the learned variances shrink at every step.
     *
     * @param rbm the model
     * @param means visible means, n x visible
     * @param h hidden means or states, n x hidden
     * @param factor scale
     * @param beta decay of the accumulator's old contents
     * @param target the accumulator
     */
    static void addOfMeans(BoundRbm rbm, Matrix means, Matrix h, float factor, float beta, RbmGradient target) {
        add(rbm, means, h, factor, beta, target);
        if (rbm.visiblePrecision() != null) {
            Backend b = rbm.backend();
            try (Matrix spread = b.matrix(1, means.cols())) {
                b.fill(0.5f * means.rows(), spread);
                b.axpby(factor, spread, 1f, target.visibleLogVariance());
            }
        }
    }

    /**
     * {@code d(-E)/dz_i} for {@code z_i = log sigma_i^2}:
     * {@code s_i ((v_i - b_i)^2 / 2 - v_i (h W)_i)}, summed over rows.
     */
    private static void logVarianceTerm(BoundRbm rbm, Matrix v, Matrix h, float factor, float beta, Matrix target) {
        Backend b = rbm.backend();
        try (Matrix hw = b.matrix(v.rows(), v.cols());
             Matrix d = b.matrix(v.rows(), v.cols());
             Matrix negBias = b.matrix(1, v.cols());
             Matrix sums = b.matrix(1, v.cols())) {
            b.gemm(false, false, 1f, h, rbm.weights(), 0f, hw);
            b.multiplyElementwise(v, hw, hw);
            b.scale(-1f, rbm.visibleBias(), negBias);
            b.addRowVector(v, negBias, d);
            b.multiplyElementwise(d, d, d);
            b.axpby(-1f, hw, 0.5f, d);
            b.columnSums(1f, d, 0f, sums);
            b.multiplyRowVector(sums, rbm.visiblePrecision(), sums);
            b.axpby(factor, sums, beta, target);
        }
    }

    /**
     * The smallest variance training leaves a learned-variance Gaussian unit: a tenth of a
     * standardised input's. A column the training data hold constant (a pixel that is always
     * blank) has a likelihood that grows without bound as its variance shrinks; without a floor
     * its precision, and with it every step of its weights, grew until training diverged (on
     * scikit-learn's digits within 4 minibatches; with a floor of 0.01 within 19).
     */
    static final float MIN_VARIANCE = 1e-1f;

    /** Raises learned log-variances below {@link #MIN_VARIANCE}'s to it, then refreshes the precisions. */
    static void floorVarianceAndRefresh(BoundRbm rbm) {
        Matrix logVariance = rbm.visibleLogVariance();
        if (logVariance == null) {
            return;
        }
        float floor = (float) Math.log(MIN_VARIANCE);
        float[] z = logVariance.toArray();
        boolean changed = false;
        for (int i = 0; i < z.length; i++) {
            if (!(z[i] >= floor) && !Float.isNaN(z[i])) {
                z[i] = floor;
                changed = true;
            }
        }
        if (changed) {
            logVariance.copyFrom(z);
        }
        rbm.refreshVariance();
    }

    /** Whether the model's visible units are modelled with a Gaussian. */
    static boolean gaussian(BoundRbm rbm) {
        return rbm.spec().visibleUnits() == VisibleUnits.GAUSSIAN;
    }
}
