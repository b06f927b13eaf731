/**
 * Example applications of dbn4j, each a small main class: MNIST classification, digit
 * generation, anomaly detection, feature extraction for another classifier, and prediction
 * serving; plus {@link org.dbn4j.examples.Pictures} for PNG grids and training curves.
 */
package org.dbn4j.examples;
