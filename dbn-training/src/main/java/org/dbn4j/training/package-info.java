/**
 * RBM training: gradient estimators (CD-k, persistent CD, parallel tempering), the momentum SGD
 * update rule with weight decay and sparsity, initialisation, and the training loop with its
 * divergence guard and events.
 */
package org.dbn4j.training;
