/**
 * Evaluation of RBMs: reconstruction error, free energies and the overfitting gap,
 * pseudo-log-likelihood, the partition function by annealed importance sampling (with its
 * standard error) and exactly by enumeration for small layers, and the average log-likelihood
 * in nats.
 */
package org.dbn4j.training.eval;
