/**
 * Data sets for training and evaluation: an immutable {@link org.dbn4j.data.DataSet} of feature
 * rows with optional labels, the IDX reader for MNIST-format files, scaling and binarisation,
 * seeded shuffling and splits.
 */
package org.dbn4j.data;
