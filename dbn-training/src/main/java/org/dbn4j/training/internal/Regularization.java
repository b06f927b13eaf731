package org.dbn4j.training.internal;

import java.io.Serializable;

/**
 * The regularisation of backpropagation, the part of a fine-tuner's configuration that a
 * replica of its network needs on a distributed executor.
 *
 * @param weightDecay the L2 coefficient of the weights
 * @param inputDropout the dropout probability of the inputs
 * @param hiddenDropout the dropout probability of the hidden layers
 */
public record Regularization(double weightDecay, double inputDropout, double hiddenDropout) implements Serializable {
}
