/**
 * JMH benchmarks: the machine's FMA peak, SGEMM on the shapes that matter, and a full CD-1 step,
 * each across backends. Rates are JMH auxiliary counters in FLOP per nanosecond, that is GFLOP/s.
 */
package org.dbn4j.bench;
