/**
 * Example applications of dbn4j, each a small main class: MNIST classification, digit
 * generation, anomaly detection, feature extraction for another classifier, and prediction
 * serving, regression, Gaussian visible units.
 */
package org.dbn4j.examples;
