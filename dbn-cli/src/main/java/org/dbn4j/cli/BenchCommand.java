package org.dbn4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.dbn4j.backend.Backends;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dbn4j bench}: a short speed check of every available backend on this machine: a square
 * matrix product and a CD-1 step of a 784-500 RBM. For careful figures use the JMH benchmarks.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Check the speed of the available backends on this machine.",
            "SGEMM GFLOP/s and the time of one CD-1 step of a 784-500 RBM on minibatches of 100: rough figures;",
            "the JMH benchmarks in dbn-benchmarks are the careful ones."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "1", description = "Time per measurement. Default: ${DEFAULT-VALUE}.")
    private double seconds;

    @Option(names = "--size", defaultValue = "1024", description = "Side of the square product. Default: ${DEFAULT-VALUE}.")
    private int size;

    @Mixin
    private VerboseOption verbose;

    /** Creates the command (picocli instantiates it). */
    public BenchCommand() {
    }

    @Override
    public Integer call() {
        if (!(seconds > 0) || size < 1) {
            throw new UserException("--seconds must be positive and --size at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-10s %-60s %14s %14s%n", "backend", "description", "SGEMM GFLOP/s", "CD-1 step ms");
        for (Backends.ProviderStatus status : Backends.providers()) {
            if (!status.available()) {
                out.printf(Locale.ROOT, "%-10s unavailable: %s%n", status.name(), status.unavailableReason());
                continue;
            }
            try (Backend b = Backends.create(status.name())) {
                double gflops = gemm(b);
                double step = cdStep(b);
                out.printf(Locale.ROOT, "%-10s %-60s %14.1f %14.3f%n", status.name(), b.description(), gflops, step);
            }
        }
        return 0;
    }

    private double gemm(Backend b) {
        try (Matrix x = b.matrix(size, size, random(size * size, 1));
             Matrix y = b.matrix(size, size, random(size * size, 2));
             Matrix z = b.matrix(size, size)) {
            b.gemm(false, false, 1f, x, y, 0f, z);
            long calls = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                b.gemm(false, false, 1f, x, y, 0f, z);
                calls++;
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            return 2.0 * size * size * size * calls / elapsed / 1e9;
        }
    }

    private double cdStep(Backend b) {
        try (Matrix v0 = b.matrix(100, 784, random(100 * 784, 3));
             Matrix w = b.matrix(500, 784, random(500 * 784, 4));
             Matrix vb = b.matrix(1, 784);
             Matrix hb = b.matrix(1, 500);
             Matrix h0 = b.matrix(100, 500);
             Matrix hs = b.matrix(100, 500);
             Matrix v1 = b.matrix(100, 784);
             Matrix h1 = b.matrix(100, 500)) {
            RandomStream random = b.randomStream(5);
            long calls = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end || calls < 3) {
                b.affine(v0, w, true, hb, Activation.SIGMOID, h0);
                b.sampleBernoulli(random, h0, hs);
                b.affine(hs, w, false, vb, Activation.SIGMOID, v1);
                b.affine(v1, w, true, hb, Activation.SIGMOID, h1);
                b.gemm(true, false, 1e-5f, h0, v0, 1f, w);
                b.gemm(true, false, -1e-5f, h1, v1, 1f, w);
                calls++;
            }
            return (System.nanoTime() - t0) / 1e6 / calls;
        }
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (r.nextDouble() - 0.5);
        }
        return out;
    }
}
