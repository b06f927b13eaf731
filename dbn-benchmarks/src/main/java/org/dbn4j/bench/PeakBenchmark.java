package org.dbn4j.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.dbn4j.simd.CpuSimdBackend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceiling: fused multiply-adds on registers only, no memory traffic, on one thread and on
 * every core, in GFLOP/s. It uses cpu-simd's vectors ({@link CpuSimdBackend#vectorBits()}) and
 * as many independent accumulators as the register file holds beside the two operands: 14 with
 * AVX2's 16 registers, 30 with AVX-512's 32 ({@link CpuSimdBackend#vectorRegisters()}). Each
 * update is {@code c = a * b + c}, which compiles to one FMA into the accumulator; the form
 * {@code c * a + b} needs a copy of {@code b} per update and spilled on 16 registers.
 * {@code scripts/fma_peak.c} measures the same loop in C as a cross-check.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PeakBenchmark {

    private static final VectorSpecies<Float> S =
            VectorSpecies.of(float.class, VectorShape.forBitSize(CpuSimdBackend.vectorBits()));
    /** Independent accumulators: the registers less the two operands; at least 12, at most 30. */
    private static final int ACCUMULATORS = Math.max(12, Math.min(30, CpuSimdBackend.vectorRegisters() - 2));
    private static final int ITERATIONS = 100_000;
    private static final long FLOP_PER_CALL = 2L * ACCUMULATORS * S.length() * ITERATIONS;

    /** Creates the benchmark; JMH calls this. */
    public PeakBenchmark() {
    }

    /**
     * FMA peak of one thread.
     *
     * @param flops the counter
     * @return a value JMH consumes
     */
    @Benchmark
    @Threads(1)
    public float oneThread(Flops flops) {
        flops.flop += FLOP_PER_CALL;
        return fmaLoop();
    }

    /**
     * FMA peak of all cores together (one thread per available processor).
     *
     * @param flops the counter, one per thread; JMH sums them
     * @return a value JMH consumes
     */
    @Benchmark
    @Threads(Threads.MAX)
    public float allThreads(Flops flops) {
        flops.flop += FLOP_PER_CALL;
        return fmaLoop();
    }

    /** Accumulators past {@link #ACCUMULATORS} sit behind constant conditions the JIT folds away. */
    private static float fmaLoop() {
        FloatVector a = FloatVector.broadcast(S, 0.999f);
        FloatVector b = FloatVector.broadcast(S, 0.001f);
        FloatVector c0 = FloatVector.broadcast(S, 1f);
        FloatVector c1 = c0.add(1f);
        FloatVector c2 = c0.add(2f);
        FloatVector c3 = c0.add(3f);
        FloatVector c4 = c0.add(4f);
        FloatVector c5 = c0.add(5f);
        FloatVector c6 = c0.add(6f);
        FloatVector c7 = c0.add(7f);
        FloatVector c8 = c0.add(8f);
        FloatVector c9 = c0.add(9f);
        FloatVector c10 = c0.add(10f);
        FloatVector c11 = c0.add(11f);
        FloatVector c12 = c0.add(12f);
        FloatVector c13 = c0.add(13f);
        FloatVector c14 = c0.add(14f);
        FloatVector c15 = c0.add(15f);
        FloatVector c16 = c0.add(16f);
        FloatVector c17 = c0.add(17f);
        FloatVector c18 = c0.add(18f);
        FloatVector c19 = c0.add(19f);
        FloatVector c20 = c0.add(20f);
        FloatVector c21 = c0.add(21f);
        FloatVector c22 = c0.add(22f);
        FloatVector c23 = c0.add(23f);
        FloatVector c24 = c0.add(24f);
        FloatVector c25 = c0.add(25f);
        FloatVector c26 = c0.add(26f);
        FloatVector c27 = c0.add(27f);
        FloatVector c28 = c0.add(28f);
        FloatVector c29 = c0.add(29f);
        for (int i = 0; i < ITERATIONS; i++) {
            c0 = a.fma(b, c0);
            c1 = a.fma(b, c1);
            c2 = a.fma(b, c2);
            c3 = a.fma(b, c3);
            c4 = a.fma(b, c4);
            c5 = a.fma(b, c5);
            c6 = a.fma(b, c6);
            c7 = a.fma(b, c7);
            c8 = a.fma(b, c8);
            c9 = a.fma(b, c9);
            c10 = a.fma(b, c10);
            c11 = a.fma(b, c11);
            if (ACCUMULATORS > 12) {
                c12 = a.fma(b, c12);
            }
            if (ACCUMULATORS > 13) {
                c13 = a.fma(b, c13);
            }
            if (ACCUMULATORS > 14) {
                c14 = a.fma(b, c14);
            }
            if (ACCUMULATORS > 15) {
                c15 = a.fma(b, c15);
            }
            if (ACCUMULATORS > 16) {
                c16 = a.fma(b, c16);
            }
            if (ACCUMULATORS > 17) {
                c17 = a.fma(b, c17);
            }
            if (ACCUMULATORS > 18) {
                c18 = a.fma(b, c18);
            }
            if (ACCUMULATORS > 19) {
                c19 = a.fma(b, c19);
            }
            if (ACCUMULATORS > 20) {
                c20 = a.fma(b, c20);
            }
            if (ACCUMULATORS > 21) {
                c21 = a.fma(b, c21);
            }
            if (ACCUMULATORS > 22) {
                c22 = a.fma(b, c22);
            }
            if (ACCUMULATORS > 23) {
                c23 = a.fma(b, c23);
            }
            if (ACCUMULATORS > 24) {
                c24 = a.fma(b, c24);
            }
            if (ACCUMULATORS > 25) {
                c25 = a.fma(b, c25);
            }
            if (ACCUMULATORS > 26) {
                c26 = a.fma(b, c26);
            }
            if (ACCUMULATORS > 27) {
                c27 = a.fma(b, c27);
            }
            if (ACCUMULATORS > 28) {
                c28 = a.fma(b, c28);
            }
            if (ACCUMULATORS > 29) {
                c29 = a.fma(b, c29);
            }
        }
        FloatVector sum = c0;
        sum = sum.add(c1);
        sum = sum.add(c2);
        sum = sum.add(c3);
        sum = sum.add(c4);
        sum = sum.add(c5);
        sum = sum.add(c6);
        sum = sum.add(c7);
        sum = sum.add(c8);
        sum = sum.add(c9);
        sum = sum.add(c10);
        sum = sum.add(c11);
        if (ACCUMULATORS > 12) {
            sum = sum.add(c12);
        }
        if (ACCUMULATORS > 13) {
            sum = sum.add(c13);
        }
        if (ACCUMULATORS > 14) {
            sum = sum.add(c14);
        }
        if (ACCUMULATORS > 15) {
            sum = sum.add(c15);
        }
        if (ACCUMULATORS > 16) {
            sum = sum.add(c16);
        }
        if (ACCUMULATORS > 17) {
            sum = sum.add(c17);
        }
        if (ACCUMULATORS > 18) {
            sum = sum.add(c18);
        }
        if (ACCUMULATORS > 19) {
            sum = sum.add(c19);
        }
        if (ACCUMULATORS > 20) {
            sum = sum.add(c20);
        }
        if (ACCUMULATORS > 21) {
            sum = sum.add(c21);
        }
        if (ACCUMULATORS > 22) {
            sum = sum.add(c22);
        }
        if (ACCUMULATORS > 23) {
            sum = sum.add(c23);
        }
        if (ACCUMULATORS > 24) {
            sum = sum.add(c24);
        }
        if (ACCUMULATORS > 25) {
            sum = sum.add(c25);
        }
        if (ACCUMULATORS > 26) {
            sum = sum.add(c26);
        }
        if (ACCUMULATORS > 27) {
            sum = sum.add(c27);
        }
        if (ACCUMULATORS > 28) {
            sum = sum.add(c28);
        }
        if (ACCUMULATORS > 29) {
            sum = sum.add(c29);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }
}
