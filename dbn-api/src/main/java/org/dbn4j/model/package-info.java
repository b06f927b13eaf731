/**
 * RBM and DBN models: immutable parameter values ({@link org.dbn4j.model.Rbm}) that are bound to
 * a backend ({@link org.dbn4j.model.BoundRbm}) to compute conditionals, samples, energies and
 * free energies. Weights are stored hidden x visible, as in the reference PyTorch model.
 */
package org.dbn4j.model;
