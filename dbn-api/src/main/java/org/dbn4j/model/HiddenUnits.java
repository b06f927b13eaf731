package org.dbn4j.model;

/** The kinds of hidden units an RBM supports. */
public enum HiddenUnits {
    /** Binary units: {@code p(h_j = 1 | v) = sigmoid(x_j)}, with {@code x_j} the total input. */
    BERNOULLI,
    /**
     * Noisy rectified linear units (Nair and Hinton 2010): samples {@code max(0, x + N(0,
     * sigmoid(x)))}, mean approximated by {@code max(0, x)}. They stand for many binary copies
     * with shared weights and biases offset by -0.5, -1.5, ...; the free energy is that of
     * {@value BoundRbm#NOISY_RELU_COPIES} such copies.
     */
    NOISY_RELU
}
