/**
 * The nd4j backend: the backend contract on ND4J's {@code nd4j-native} (OpenBLAS for products,
 * ND4J's OpenMP kernels for the rest), for applications that already run ND4J or want native
 * BLAS.
 */
package org.dbn4j.nd4j;
