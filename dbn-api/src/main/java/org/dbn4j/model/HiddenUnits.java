package org.dbn4j.model;

/** The kinds of hidden units an RBM supports. */
public enum HiddenUnits {
    /** Binary units: {@code p(h_j = 1 | v) = sigmoid(x_j)}, with {@code x_j} the total input. */
    BERNOULLI,
    /**
     * Noisy rectified linear units (Nair and Hinton 2010): each stands for
     * {@value BoundRbm#NOISY_RELU_COPIES} binary copies with shared weights and biases offset by
     * -0.5, -1.5, ..., and the free energy is theirs. Samples are exact (the number of copies
     * on); training averages their expectation, {@code softplus(x)}; inference and fine-tuning
     * use the rectified mean {@code max(0, x)}.
     */
    NOISY_RELU
}
