package org.dbn4j.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;

/**
 * GFLOP/s of {@code C = op(A) op(B)} on the shapes of {@link GemmBenchmark}, timed the way
 * {@code scripts/torch_gemm.py} times torch.mm, so that the two print comparable figures in one
 * session: rounds of about 2 GFLOP each, then the median and the best of the last eight (the first
 * four are the JIT's warm-up; torch.mm needs none and discards two of eight).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp dbn-benchmarks/target/benchmarks.jar \
 *     org.dbn4j.bench.GemmSpeed [backend] [threads] [shape,shape,...]
 * </pre>
 */
public final class GemmSpeed {

    /** The cube and the three products of a CD step of a 784-500 RBM with minibatches of 100. */
    static final String SHAPES = "NN2048x2048x2048,NT100x500x784,NN100x784x500,TN500x784x100";
    private static final int ROUNDS = 12;
    private static final int DISCARDED = 4;

    private GemmSpeed() {
    }

    /**
     * Runs the measurement and prints one RESULT line per shape.
     *
     * @param args backend (default cpu-simd), threads (default 1), shapes (default {@value #SHAPES})
     */
    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "cpu-simd";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String shapes = args.length > 2 ? args[2] : SHAPES;
        try (Backend backend = BenchBackends.create(name, threads)) {
            for (String shape : shapes.split(",")) {
                measure(backend, shape);
            }
        }
    }

    private static void measure(Backend backend, String shape) {
        boolean transposeA = shape.charAt(0) == 'T';
        boolean transposeB = shape.charAt(1) == 'T';
        String[] dims = shape.substring(2).split("x");
        int m = Integer.parseInt(dims[0]);
        int n = Integer.parseInt(dims[1]);
        int k = Integer.parseInt(dims[2]);
        double flop = 2.0 * m * n * k;
        int calls = (int) Math.max(3, 2e9 / flop);
        try (Matrix a = random(backend, transposeA ? k : m, transposeA ? m : k, 1);
             Matrix b = random(backend, transposeB ? n : k, transposeB ? k : n, 2);
             Matrix c = backend.matrix(m, n)) {
            List<Double> rates = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    backend.gemm(transposeA, transposeB, 1f, a, b, 0f, c);
                }
                double rate = flop * calls / (System.nanoTime() - start);
                if (round >= DISCARDED) {
                    rates.add(rate);
                }
            }
            Collections.sort(rates);
            System.out.printf(Locale.ROOT, "RESULT gemm %s on %s (%s): GFLOP/s median %.1f best %.1f%n", shape,
                    backend.name(), backend.description(), rates.get(rates.size() / 2), rates.get(rates.size() - 1));
        }
    }

    private static Matrix random(Backend backend, int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextDouble(-1, 1);
        }
        return backend.matrix(rows, cols, data);
    }
}
