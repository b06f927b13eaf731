package org.dbn4j.tensor;

/**
 * The element-wise (or, for {@link #SOFTMAX}, row-wise) non-linearities a backend applies.
 */
public enum Activation {
    /** {@code f(x) = x}. */
    IDENTITY,
    /** The logistic function {@code f(x) = 1 / (1 + exp(-x))}, the mean of a Bernoulli unit. */
    SIGMOID,
    /** {@code f(x) = max(0, x)}, the mean-field value of a rectified linear unit. */
    RELU,
    /** {@code f(x) = log(1 + exp(x))}, computed without overflow for large {@code |x|}. */
    SOFTPLUS,
    /** {@code f(x)_j = exp(x_j) / sum_k exp(x_k)} over each row: the mean of a one-hot group. */
    SOFTMAX;

    /**
     * Tells whether the activation couples the elements of a row.
     *
     * @return true for {@link #SOFTMAX}, false for the element-wise activations
     */
    public boolean isRowWise() {
        return this == SOFTMAX;
    }
}
