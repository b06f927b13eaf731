package org.dbn4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;

/**
 * Statistical checks of the samplers. Every bound is six standard deviations of the statistic
 * under a correct sampler (a false alarm has probability below 1e-8 per check), and the seeds are
 * fixed, so a correct backend passes every time.
 */
final class SamplerChecks {

    private static final double SIGMAS = 6.0;

    private SamplerChecks() {
    }

    private static void within(String what, double actual, double expected, double sd) {
        double bound = SIGMAS * sd;
        if (!(Math.abs(actual - expected) <= bound)) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: got %.6g, expected %.6g +- %.3g (6 sd)", what,
                    actual, expected, bound));
        }
    }

    /** Per-column and per-row frequencies of Bernoulli samples match the probabilities. */
    static void bernoulliFollowsProbabilities(Backend backend) {
        for (boolean byColumn : new boolean[] {true, false}) {
            int rows = byColumn ? 3001 : 37;
            int cols = byColumn ? 37 : 3001;
            int groups = 37;
            float[] p = new float[rows * cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    p[i * cols + j] = (float) (byColumn ? j : i) / (groups - 1);
                }
            }
            try (Matrix probabilities = backend.matrix(rows, cols, p); Matrix out = backend.matrix(rows, cols)) {
                backend.sampleBernoulli(backend.randomStream(11), probabilities, out);
                float[] x = out.toArray();
                long[] ones = new long[groups];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        float v = x[i * cols + j];
                        if (v != 0f && v != 1f) {
                            throw new AssertionError("sampleBernoulli: element [" + i + "][" + j + "] is " + v
                                    + ", not 0 or 1");
                        }
                        ones[byColumn ? j : i] += (long) v;
                    }
                }
                int n = byColumn ? rows : cols;
                for (int g = 0; g < groups; g++) {
                    double prob = (double) g / (groups - 1);
                    String what = String.format(Locale.ROOT, "sampleBernoulli %dx%d: ones in %s %d (p = %.4f)",
                            rows, cols, byColumn ? "column" : "row", g, prob);
                    if (g == 0 || g == groups - 1) {
                        assertEquals((long) (prob * n), ones[g], what + " must be exact for p = 0 and p = 1");
                    } else {
                        within(what, ones[g], n * prob, Math.sqrt(n * prob * (1 - prob)));
                    }
                }
            }
        }
    }

    /**
     * Neighbouring samples are uncorrelated along rows and down columns, and a batch is not one
     * row repeated: catches a sampler that draws one number for a whole row, column or batch.
     */
    static void bernoulliIsIndependent(Backend backend) {
        int rows = 400;
        int cols = 301;
        try (Matrix half = backend.matrix(rows, cols); Matrix out = backend.matrix(rows, cols)) {
            backend.fill(0.5f, half);
            backend.sampleBernoulli(backend.randomStream(12), half, out);
            float[] x = out.toArray();
            double along = 0;
            double down = 0;
            long alongTerms = 0;
            long downTerms = 0;
            int repeatedRows = 0;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double v = x[i * cols + j] - 0.5;
                    if (j + 1 < cols) {
                        along += v * (x[i * cols + j + 1] - 0.5);
                        alongTerms++;
                    }
                    if (i + 1 < rows) {
                        down += v * (x[(i + 1) * cols + j] - 0.5);
                        downTerms++;
                    }
                }
                if (i > 0 && Arrays.equals(x, (i - 1) * cols, i * cols, x, i * cols, (i + 1) * cols)) {
                    repeatedRows++;
                }
            }
            // Each product is +-1/4 with mean 0 under independence.
            within("sampleBernoulli: lag-1 correlation sum along rows", along, 0, Math.sqrt(alongTerms) / 4);
            within("sampleBernoulli: lag-1 correlation sum down columns", down, 0, Math.sqrt(downTerms) / 4);
            assertEquals(0, repeatedRows, "sampleBernoulli: rows identical to the row before");
        }
    }

    /** Standardised Gaussian samples have mean 0, variance 1, skewness 0, kurtosis 3. */
    static void gaussianMoments(Backend backend) {
        int rows = 997;
        int cols = 201;
        int n = rows * cols;
        float stddev = 0.7f;
        float[] means = new float[n];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                means[i * cols + j] = (i - j) * 0.01f;
            }
        }
        try (Matrix mean = backend.matrix(rows, cols, means); Matrix out = backend.matrix(rows, cols)) {
            backend.sampleGaussian(backend.randomStream(13), mean, stddev, out);
            float[] x = out.toArray();
            double m1 = 0;
            double m2 = 0;
            double m3 = 0;
            double m4 = 0;
            double lag = 0;
            double previous = 0;
            for (int e = 0; e < n; e++) {
                if (!Float.isFinite(x[e])) {
                    throw new AssertionError("sampleGaussian: element " + e + " is " + x[e]);
                }
                double z = (x[e] - means[e]) / stddev;
                m1 += z;
                m2 += z * z;
                m3 += z * z * z;
                m4 += z * z * z * z;
                if (e > 0) {
                    lag += z * previous;
                }
                previous = z;
            }
            within("sampleGaussian: mean of standardised samples", m1 / n, 0, 1 / Math.sqrt(n));
            within("sampleGaussian: variance of standardised samples", m2 / n, 1, Math.sqrt(2.0 / n));
            within("sampleGaussian: third moment", m3 / n, 0, Math.sqrt(15.0 / n));
            within("sampleGaussian: fourth moment", m4 / n, 3, Math.sqrt(96.0 / n));
            within("sampleGaussian: lag-1 correlation", lag / (n - 1), 0, 1 / Math.sqrt(n - 1));
            backend.sampleGaussian(backend.randomStream(14), mean, 0f, out);
            MatrixAssert.assertIdentical("sampleGaussian with stddev 0 returns the mean", means, out.toArray(), cols);
        }
    }

    /** With a standard deviation per column, each column's spread matches its own. */
    static void gaussianColumnVariances(Backend backend) {
        int rows = 5003;
        int cols = 19;
        float[] sd = new float[cols];
        for (int j = 0; j < cols; j++) {
            sd[j] = 0.1f + 0.15f * j;
        }
        float[] means = ContractGenerators.uniform(15, rows * cols, -3, 3);
        try (Matrix mean = backend.matrix(rows, cols, means);
             Matrix stddev = backend.matrix(1, cols, sd);
             Matrix out = backend.matrix(rows, cols)) {
            backend.sampleGaussian(backend.randomStream(16), mean, stddev, out);
            float[] x = out.toArray();
            for (int j = 0; j < cols; j++) {
                double m1 = 0;
                double m2 = 0;
                for (int i = 0; i < rows; i++) {
                    double z = (x[i * cols + j] - means[i * cols + j]) / sd[j];
                    m1 += z;
                    m2 += z * z;
                }
                within("sampleGaussian per column: mean in column " + j, m1 / rows, 0, 1 / Math.sqrt(rows));
                within("sampleGaussian per column: variance / stddev^2 in column " + j + " (stddev " + sd[j] + ")",
                        m2 / rows, 1, Math.sqrt(2.0 / rows));
            }
        }
    }

    /**
     * For {@code y = max(0, x + sqrt(sigmoid(x)) z)}: the fraction of zeros is
     * {@code Phi(-x / s)} and the mean is {@code x Phi(x / s) + s phi(x / s)}.
     */
    static void noisyReluMoments(Backend backend) {
        float[] inputs = {-4f, -1.5f, -0.3f, 0f, 0.4f, 1.2f, 3f, 8f};
        int rows = 20011;
        int cols = inputs.length;
        float[] x = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(inputs, 0, x, i * cols, cols);
        }
        try (Matrix pre = backend.matrix(rows, cols, x); Matrix out = backend.matrix(rows, cols)) {
            backend.sampleNoisyRelu(backend.randomStream(17), pre, out);
            float[] y = out.toArray();
            for (int j = 0; j < cols; j++) {
                double in = inputs[j];
                double s = Math.sqrt(ReferenceBackend.sigmoid(in));
                double pZero = Normal.cdf(-in / s);
                double mean = in * Normal.cdf(in / s) + s * Normal.density(in / s);
                double second = (in * in + s * s) * Normal.cdf(in / s) + in * s * Normal.density(in / s);
                double variance = Math.max(second - mean * mean, 1e-12);
                long zeros = 0;
                double total = 0;
                for (int i = 0; i < rows; i++) {
                    float v = y[i * cols + j];
                    if (!(v >= 0f) || !Float.isFinite(v)) {
                        throw new AssertionError("sampleNoisyRelu: sample " + v + " for input " + in);
                    }
                    if (v == 0f) {
                        zeros++;
                    }
                    total += v;
                }
                within("sampleNoisyRelu: zeros for input " + in, zeros, rows * pZero,
                        Math.sqrt(rows * pZero * (1 - pZero)) + 1.0 / SIGMAS);
                within("sampleNoisyRelu: mean for input " + in, total / rows, mean, Math.sqrt(variance / rows));
            }
        }
    }

    /** One-hot groups: exactly one 1 per group, chosen with the group's probabilities. */
    static void oneHotFollowsProbabilities(Backend backend) {
        float[] probabilities = {0.1f, 0.2f, 0f, 0.3f, 0.4f};
        int k = probabilities.length;
        int groups = 7;
        int rows = 2003;
        int cols = k * groups;
        float[] p = new float[rows * cols];
        for (int i = 0; i < p.length; i++) {
            p[i] = probabilities[i % k];
        }
        try (Matrix pm = backend.matrix(rows, cols, p); Matrix out = backend.matrix(rows, cols)) {
            backend.sampleOneHotGroups(backend.randomStream(21), k, pm, out);
            float[] x = out.toArray();
            long[] counts = new long[k];
            for (int g = 0; g < rows * groups; g++) {
                int ones = 0;
                for (int j = 0; j < k; j++) {
                    float v = x[g * k + j];
                    if (v != 0f && v != 1f) {
                        throw new AssertionError("sampleOneHotGroups: element " + (g * k + j) + " is " + v);
                    }
                    if (v == 1f) {
                        ones++;
                        counts[j]++;
                    }
                }
                assertEquals(1, ones, "sampleOneHotGroups: group " + g + " has " + ones + " ones");
            }
            long n = (long) rows * groups;
            assertEquals(0, counts[2], "sampleOneHotGroups chose a state of probability 0");
            for (int j = 0; j < k; j++) {
                double q = probabilities[j];
                if (q > 0) {
                    within("sampleOneHotGroups: times state " + j + " (p = " + q + ") was chosen", counts[j], n * q,
                            Math.sqrt(n * q * (1 - q)));
                }
            }
            backend.sampleOneHotGroups(backend.randomStream(21), k, pm, out);
            float[] again = out.toArray();
            MatrixAssert.assertIdentical("sampleOneHotGroups repeated with the same seed", x, again, cols);
        }
    }

    /** Equal seeds give equal samples; other seeds and later calls give other samples. */
    static void reproducibility(Backend backend) {
        int rows = 67;
        int cols = 45;
        float[] p = ContractGenerators.uniform(18, rows * cols, 0, 1);
        try (Matrix probabilities = backend.matrix(rows, cols, p);
             Matrix stddev = backend.matrix(1, cols, ContractGenerators.uniform(19, cols, 0.5, 2));
             Matrix out = backend.matrix(rows, cols)) {
            float[][] first = drawAll(backend, backend.randomStream(42), probabilities, stddev, out);
            float[][] again = drawAll(backend, backend.randomStream(42), probabilities, stddev, out);
            float[][] other = drawAll(backend, backend.randomStream(43), probabilities, stddev, out);
            String[] names = {"sampleBernoulli", "sampleGaussian", "sampleGaussian per column", "sampleNoisyRelu",
                "second sampleBernoulli"};
            for (int k = 0; k < names.length; k++) {
                MatrixAssert.assertIdentical(names[k] + " repeated with the same seed", first[k], again[k], cols);
                assertFalse(Arrays.equals(first[k], other[k]), names[k] + " gives the same samples for seeds 42 and 43");
            }
            assertFalse(Arrays.equals(first[0], first[4]), "two successive sampleBernoulli calls on one stream are equal");
            RandomStream stream = backend.randomStream(99);
            backend.sampleBernoulli(stream, probabilities, out);
            long[] position = stream.position();
            float[][] continued = drawAll(backend, stream, probabilities, stddev, out);
            sampleOneHot(backend, stream, probabilities, out);
            float[] oneHot = out.toArray();
            stream.restore(position);
            float[][] replayed = drawAll(backend, stream, probabilities, stddev, out);
            sampleOneHot(backend, stream, probabilities, out);
            float[] oneHotReplayed = out.toArray();
            RandomStream elsewhere = backend.randomStream(99);
            elsewhere.restore(position);
            float[][] moved = drawAll(backend, elsewhere, probabilities, stddev, out);
            for (int k = 0; k < names.length; k++) {
                MatrixAssert.assertIdentical(names[k] + " after restoring the position", continued[k], replayed[k], cols);
                MatrixAssert.assertIdentical(names[k] + " on a new stream moved to the position", continued[k], moved[k],
                        cols);
            }
            MatrixAssert.assertIdentical("sampleOneHotGroups after restoring the position", oneHot, oneHotReplayed, cols);
            assertEquals(99L, stream.seed());
            assertTrue(stream.backend() == backend, "a random stream reports the backend that created it");
        }
    }

    private static void sampleOneHot(Backend backend, RandomStream random, Matrix p, Matrix out) {
        // Groups of 5 columns of the uniform matrix, normalised, as category probabilities.
        float[] values = p.toArray();
        for (int start = 0; start + 5 <= values.length; start += 5) {
            float sum = 0;
            for (int k = 0; k < 5; k++) {
                sum += values[start + k];
            }
            for (int k = 0; k < 5; k++) {
                values[start + k] /= sum;
            }
        }
        try (Matrix groups = backend.matrix(p.rows(), p.cols(), values)) {
            backend.sampleOneHotGroups(random, 5, groups, out);
        }
    }

    private static float[][] drawAll(Backend backend, RandomStream random, Matrix p, Matrix stddev, Matrix out) {
        float[][] draws = new float[5][];
        backend.sampleBernoulli(random, p, out);
        draws[0] = out.toArray();
        backend.sampleGaussian(random, p, 1.5f, out);
        draws[1] = out.toArray();
        backend.sampleGaussian(random, p, stddev, out);
        draws[2] = out.toArray();
        backend.sampleNoisyRelu(random, p, out);
        draws[3] = out.toArray();
        backend.sampleBernoulli(random, p, out);
        draws[4] = out.toArray();
        return draws;
    }
}
