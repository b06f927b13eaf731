package org.dbn4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
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
 * One CD-1 step of a 784-500 Bernoulli RBM on a batch of 100, written with backend operations
 * only, in microseconds per step: the positive and negative phases (three fused layer passes),
 * Bernoulli sampling of the hidden units, the weight-gradient products, the bias gradients and a
 * momentum update of all parameters. The gradient products accumulate straight into the
 * momentum buffers ({@code v = momentum v + rate (h0^T v0 - h1^T v1)} through gemm's alpha and
 * beta), so no separate gradient matrix is written and read back.
 *
 * <p>{@code products} runs only the five matrix products of the step (the same three layer
 * passes without activation, and the two gradient products); the ratio of the two times is the
 * share of the step spent in the products. The products are {@value #PRODUCT_FLOP} FLOP, so the
 * step's effective rate in GFLOP/s is {@code 392 000 / (microseconds per step)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m"})
public class CdStepBenchmark {

    private static final int BATCH = 100;
    private static final int VISIBLE = 784;
    private static final int HIDDEN = 500;
    /** Three layer passes and two gradient products, each 2 * 100 * 784 * 500 FLOP. */
    static final long PRODUCT_FLOP = 5L * 2 * BATCH * VISIBLE * HIDDEN;

    /** The backend under test. */
    @Param({"cpu-simd", "nd4j"})
    public String backend;

    /** Threads per operation. */
    @Param({"1", "2"})
    public int threads;

    private Backend b;
    private RandomStream random;
    private Matrix v0;
    private Matrix w;
    private Matrix vb;
    private Matrix hb;
    private Matrix h0;
    private Matrix h0s;
    private Matrix v1;
    private Matrix h1;
    private Matrix gw;
    private Matrix vw;
    private Matrix vvb;
    private Matrix vhb;

    /** Allocates the model, a binary batch and every buffer the step needs. */
    @Setup
    public void setUp() {
        b = BenchBackends.create(backend, threads);
        random = b.randomStream(7);
        SplittableRandom r = new SplittableRandom(3);
        float[] pixels = new float[BATCH * VISIBLE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextInt(4) == 0 ? 1f : 0f;
        }
        float[] weights = new float[HIDDEN * VISIBLE];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (0.01 * r.nextGaussian());
        }
        v0 = b.matrix(BATCH, VISIBLE, pixels);
        w = b.matrix(HIDDEN, VISIBLE, weights);
        vb = b.matrix(1, VISIBLE);
        hb = b.matrix(1, HIDDEN);
        h0 = b.matrix(BATCH, HIDDEN);
        h0s = b.matrix(BATCH, HIDDEN);
        v1 = b.matrix(BATCH, VISIBLE);
        h1 = b.matrix(BATCH, HIDDEN);
        gw = b.matrix(HIDDEN, VISIBLE);
        vw = b.matrix(HIDDEN, VISIBLE);
        vvb = b.matrix(1, VISIBLE);
        vhb = b.matrix(1, HIDDEN);
    }

    /** Closes the backend. */
    @TearDown
    public void tearDown() {
        b.close();
    }

    /**
     * A full CD-1 step with a momentum update.
     */
    @Benchmark
    public void step() {
        float rate = 0.1f / BATCH;
        float momentum = 0.5f;
        b.affine(v0, w, true, hb, Activation.SIGMOID, h0);
        b.sampleBernoulli(random, h0, h0s);
        b.affine(h0s, w, false, vb, Activation.SIGMOID, v1);
        b.affine(v1, w, true, hb, Activation.SIGMOID, h1);
        b.gemm(true, false, rate, h0, v0, momentum, vw);
        b.gemm(true, false, -rate, h1, v1, 1f, vw);
        b.columnSums(rate, v0, momentum, vvb);
        b.columnSums(-rate, v1, 1f, vvb);
        b.columnSums(rate, h0, momentum, vhb);
        b.columnSums(-rate, h1, 1f, vhb);
        b.axpy(1f, vw, w);
        b.axpy(1f, vvb, vb);
        b.axpy(1f, vhb, hb);
    }

    /**
     * The five matrix products of a step alone.
     */
    @Benchmark
    public void products() {
        b.gemm(false, true, 1f, v0, w, 0f, h0);
        b.gemm(false, false, 1f, h0, w, 0f, v1);
        b.gemm(false, true, 1f, v1, w, 0f, h1);
        b.gemm(true, false, 1f, h0, v0, 0f, gw);
        b.gemm(true, false, -1f, h1, v1, 1f, gw);
    }
}
