package org.dbn4j.model;

/** The kinds of visible units an RBM supports. */
public enum VisibleUnits {
    /** Binary units: {@code p(v_i = 1 | h) = sigmoid(b_i + (W^T h)_i)}; for data in [0, 1]. */
    BERNOULLI,
    /**
     * Real-valued units: {@code v_i | h ~ N(b_i + (W^T h)_i, sigma_i^2)}. With unit variance the
     * data should be standardised; with learned variance each unit has its own {@code sigma_i},
     * and the hidden units see {@code v_i / sigma_i^2} (Cho, Ilin and Raiko 2011).
     */
    GAUSSIAN,
    /**
     * One-hot groups: the visible units form consecutive groups of equal size, each holding
     * exactly one 1, drawn from a softmax over the group (for categories and labels).
     */
    SOFTMAX
}
