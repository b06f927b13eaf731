/**
 * The cpu-simd backend: pure Java on the Vector API ({@code jdk.incubator.vector}), with a blocked
 * FMA GEMM, vectorised activations and a counter-based vectorised random generator.
 *
 * <p>Applications select it with {@code Backends.create("cpu-simd")} (or by priority) and start
 * the JVM with {@code --add-modules jdk.incubator.vector}.
 */
package org.dbn4j.simd;
