package org.dbn4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SGEMM {@code C = op(A) op(B)} in GFLOP/s (the {@code flop} counter). Shapes are
 * {@code <op><m>x<n>x<k>}: {@code NN2048x2048x2048} is the classic cube, and the three products
 * of a CD step on a 784-500 RBM with batch 100 are the up pass {@code NT100x500x784}
 * ({@code [100x784] [500x784]^T}), the down pass {@code NN100x784x500} ({@code [100x500] [500x784]})
 * and the weight gradient {@code TN500x784x100} ({@code [500x100] [100x784]}, A stored 100x500).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m"})
public class GemmBenchmark {

    /** The backend under test. */
    @Param({"cpu-simd", "nd4j"})
    public String backend;

    /** Threads per operation. */
    @Param({"1", "2"})
    public int threads;

    /** Transposes and dimensions, for example {@code NT100x500x784}. */
    @Param({"NN2048x2048x2048", "NT100x500x784", "NN100x784x500", "TN500x784x100"})
    public String shape;

    private Backend b;
    private Matrix a;
    private Matrix bm;
    private Matrix c;
    private boolean transposeA;
    private boolean transposeB;
    private long flopPerCall;

    /** Allocates the operands with random values. */
    @Setup
    public void setUp() {
        transposeA = shape.charAt(0) == 'T';
        transposeB = shape.charAt(1) == 'T';
        String[] dims = shape.substring(2).split("x");
        int m = Integer.parseInt(dims[0]);
        int n = Integer.parseInt(dims[1]);
        int k = Integer.parseInt(dims[2]);
        flopPerCall = 2L * m * n * k;
        b = BenchBackends.create(backend, threads);
        a = transposeA ? random(k, m, 1) : random(m, k, 1);
        bm = transposeB ? random(n, k, 2) : random(k, n, 2);
        c = b.matrix(m, n);
    }

    private Matrix random(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextDouble(-1, 1);
        }
        return b.matrix(rows, cols, data);
    }

    /** Closes the backend. */
    @TearDown
    public void tearDown() {
        b.close();
    }

    /**
     * One product.
     *
     * @param flops the counter
     */
    @Benchmark
    public void gemm(Flops flops) {
        b.gemm(transposeA, transposeB, 1f, a, bm, 0f, c);
        flops.flop += flopPerCall;
    }
}
