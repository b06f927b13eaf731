/**
 * The strategies of training, as interfaces: a {@link org.dbn4j.train.GradientEstimator}
 * (contrastive divergence, persistent CD, parallel tempering) estimates the log-likelihood
 * gradient of an RBM; an {@link org.dbn4j.train.UpdateRule} turns it into parameter changes; a
 * {@link org.dbn4j.train.Schedule} varies a hyperparameter over epochs; a
 * {@link org.dbn4j.train.TrainingListener} receives typed {@link org.dbn4j.train.TrainingEvent}s.
 * Strategies are immutable configuration: each {@code start} method creates the run-time state
 * of one training run (buffers, chains, moments), which stays on the machine that trains, so only
 * configuration travels to Spark executors.
 * Implementations live in the {@code dbn-training} module.
 */
package org.dbn4j.train;
