package org.dbn4j.tck;

import org.dbn4j.tensor.AbstractBackend;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.ArrayMatrix;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;

/**
 * The oracle: every operation written as the plainest loop over its definition, accumulating in
 * double precision and rounding to float once per output element.
 *
 * <p>It is slow on purpose and exists to check other backends against; it is not registered
 * with {@link java.util.ServiceLoader}. Its random stream is SplitMix64 over a counter, drawing
 * one uniform or Gaussian (Box-Muller) number per element in row-major order.
 *
 * <p>The class is open only so that tests can derive deliberately broken backends from it and
 * check that {@link BackendContract} catches them.
 */
public class ReferenceBackend extends AbstractBackend<ArrayMatrix, ReferenceBackend.Stream> {

    /** The name this backend reports. */
    public static final String NAME = "reference";

    /** Creates the backend. */
    public ReferenceBackend() {
        super(ArrayMatrix.class, Stream.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "scalar loops, double accumulation, 1 thread";
    }

    @Override
    public Matrix matrix(int rows, int cols) {
        return new ArrayMatrix(this, rows, cols);
    }

    @Override
    public RandomStream randomStream(long seed) {
        return new Stream(this, seed);
    }

    @Override
    public void close() {
        // Heap storage and no threads: nothing to release.
    }

    /**
     * The reference backend's random stream: SplitMix64 over a counter, so that its position is
     * one number.
     */
    static final class Stream implements RandomStream {
        private static final long GAMMA = 0x9E3779B97F4A7C15L;
        private final ReferenceBackend backend;
        private final long seed;
        private long counter;

        Stream(ReferenceBackend backend, long seed) {
            this.backend = backend;
            this.seed = seed;
        }

        @Override
        public ReferenceBackend backend() {
            return backend;
        }

        @Override
        public long seed() {
            return seed;
        }

        @Override
        public long[] position() {
            return new long[] {counter};
        }

        @Override
        public void restore(long[] position) {
            if (position == null || position.length != 1) {
                throw new IllegalArgumentException("a reference stream position is one counter, got "
                        + java.util.Arrays.toString(position));
            }
            counter = position[0];
        }

        /** The next 64 random bits: the SplitMix64 finaliser of the seed plus a multiple of the golden gamma. */
        long nextLong() {
            long z = seed + (++counter) * GAMMA;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** A uniform double in [0, 1). */
        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        /** A standard normal value by Box-Muller, from exactly two uniforms. */
        double nextGaussian() {
            double u1 = 1.0 - nextDouble();
            double u2 = nextDouble();
            return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
        }
    }

    // ------------------------------------------------------------------ scalar definitions

    /**
     * The logistic function in double precision.
     *
     * @param x the input
     * @return {@code 1 / (1 + exp(-x))}
     */
    public static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /**
     * {@code log(1 + exp(x))} in double precision without overflow.
     *
     * @param x the input
     * @return the softplus of x
     */
    public static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    private static double apply(Activation activation, double x) {
        switch (activation) {
            case IDENTITY:
                return x;
            case SIGMOID:
                return sigmoid(x);
            case RELU:
                return Math.max(0.0, x);
            case SOFTPLUS:
                return softplus(x);
            default:
                throw new IllegalArgumentException("not element-wise: " + activation);
        }
    }

    private static double derivativeFromOutput(Activation activation, double y) {
        switch (activation) {
            case IDENTITY:
                return 1.0;
            case SIGMOID:
                return y * (1.0 - y);
            case RELU:
                return y > 0 ? 1.0 : 0.0;
            case SOFTPLUS:
                // sigmoid(x) = 1 - exp(-softplus(x))
                return -Math.expm1(-y);
            default:
                throw new IllegalArgumentException("not element-wise: " + activation);
        }
    }

    // ------------------------------------------------------------------ kernels

    @Override
    protected void gemmKernel(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
                              ArrayMatrix a, ArrayMatrix b, float beta, ArrayMatrix c) {
        float[] A = a.data();
        float[] B = b.data();
        float[] C = c.data();
        int lda = a.cols();
        int ldb = b.cols();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int p = 0; p < k; p++) {
                    double aip = transposeA ? A[p * lda + i] : A[i * lda + p];
                    double bpj = transposeB ? B[j * ldb + p] : B[p * ldb + j];
                    dot += aip * bpj;
                }
                double old = beta == 0f ? 0.0 : (double) beta * C[i * n + j];
                C[i * n + j] = (float) (alpha * dot + old);
            }
        }
    }

    @Override
    protected void affineKernel(ArrayMatrix x, ArrayMatrix w, boolean transposeW, ArrayMatrix bias,
                                Activation activation, ArrayMatrix out) {
        float[] X = x.data();
        float[] W = w.data();
        float[] bs = bias.data();
        float[] O = out.data();
        int in = x.cols();
        int units = out.cols();
        int ldw = w.cols();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < units; j++) {
                double dot = bs[j];
                for (int p = 0; p < in; p++) {
                    double wpj = transposeW ? W[j * ldw + p] : W[p * ldw + j];
                    dot += X[i * in + p] * wpj;
                }
                O[i * units + j] = (float) dot;
            }
            activateRowInPlace(activation, O, i * units, units);
        }
    }

    private static void activateRowInPlace(Activation activation, float[] data, int offset, int length) {
        if (activation == Activation.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = offset; j < offset + length; j++) {
                max = Math.max(max, data[j]);
            }
            double total = 0;
            for (int j = offset; j < offset + length; j++) {
                total += Math.exp(data[j] - max);
            }
            for (int j = offset; j < offset + length; j++) {
                data[j] = (float) (Math.exp(data[j] - max) / total);
            }
        } else {
            for (int j = offset; j < offset + length; j++) {
                data[j] = (float) apply(activation, data[j]);
            }
        }
    }

    @Override
    protected void activateKernel(Activation activation, ArrayMatrix x, ArrayMatrix out) {
        copyKernel(x, out);
        float[] O = out.data();
        int cols = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            activateRowInPlace(activation, O, i * cols, cols);
        }
    }

    @Override
    protected void softmaxGroupsKernel(int groupSize, ArrayMatrix x, ArrayMatrix out) {
        copyKernel(x, out);
        float[] O = out.data();
        for (int start = 0; start < O.length; start += groupSize) {
            activateRowInPlace(Activation.SOFTMAX, O, start, groupSize);
        }
    }

    @Override
    protected void sampleOneHotGroupsKernel(Stream random, int groupSize, ArrayMatrix p, ArrayMatrix out) {
        float[] P = p.data();
        float[] O = out.data();
        for (int start = 0; start < P.length; start += groupSize) {
            double u = random.nextDouble();
            double cumulative = 0;
            int chosen = -1;
            for (int k = 0; k < groupSize; k++) {
                cumulative += P[start + k];
                if (chosen < 0 && u < cumulative) {
                    chosen = k;
                }
            }
            if (chosen < 0) {
                // Rounding left the total a hair below u: take the last state with any probability.
                chosen = groupSize - 1;
                while (chosen > 0 && !(P[start + chosen] > 0f)) {
                    chosen--;
                }
            }
            for (int k = 0; k < groupSize; k++) {
                O[start + k] = k == chosen ? 1f : 0f;
            }
        }
    }

    @Override
    protected void activationGradientKernel(Activation activation, ArrayMatrix y, ArrayMatrix gradY,
                                            ArrayMatrix out) {
        float[] Y = y.data();
        float[] G = gradY.data();
        float[] O = out.data();
        int cols = y.cols();
        for (int i = 0; i < y.rows(); i++) {
            if (activation == Activation.SOFTMAX) {
                double dot = 0;
                for (int j = 0; j < cols; j++) {
                    dot += (double) G[i * cols + j] * Y[i * cols + j];
                }
                for (int j = 0; j < cols; j++) {
                    int e = i * cols + j;
                    O[e] = (float) (Y[e] * (G[e] - dot));
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    int e = i * cols + j;
                    O[e] = (float) (G[e] * derivativeFromOutput(activation, Y[e]));
                }
            }
        }
    }

    @Override
    protected void sampleBernoulliKernel(Stream random, ArrayMatrix p, ArrayMatrix out) {
        float[] P = p.data();
        float[] O = out.data();
        for (int e = 0; e < P.length; e++) {
            O[e] = random.nextDouble() < P[e] ? 1f : 0f;
        }
    }

    @Override
    protected void sampleGaussianKernel(Stream random, ArrayMatrix mean, float stddev, ArrayMatrix out) {
        float[] M = mean.data();
        float[] O = out.data();
        for (int e = 0; e < M.length; e++) {
            O[e] = (float) (M[e] + stddev * random.nextGaussian());
        }
    }

    @Override
    protected void sampleGaussianColumnsKernel(Stream random, ArrayMatrix mean, ArrayMatrix columnStddev,
                                               ArrayMatrix out) {
        float[] M = mean.data();
        float[] S = columnStddev.data();
        float[] O = out.data();
        int cols = mean.cols();
        for (int e = 0; e < M.length; e++) {
            O[e] = (float) (M[e] + S[e % cols] * random.nextGaussian());
        }
    }

    @Override
    protected void sampleNoisyReluKernel(Stream random, ArrayMatrix preActivation, ArrayMatrix out) {
        float[] X = preActivation.data();
        float[] O = out.data();
        for (int e = 0; e < X.length; e++) {
            double x = X[e];
            O[e] = (float) Math.max(0.0, x + Math.sqrt(sigmoid(x)) * random.nextGaussian());
        }
    }

    @Override
    protected void axpbyKernel(float alpha, ArrayMatrix x, float beta, ArrayMatrix out) {
        float[] X = x.data();
        float[] O = out.data();
        for (int e = 0; e < X.length; e++) {
            double old = beta == 0f ? 0.0 : (double) beta * O[e];
            O[e] = (float) ((double) alpha * X[e] + old);
        }
    }

    @Override
    protected void adamKernel(float stepSize, float beta1, float beta2, float epsilon, float inverseRootCorrection2,
                              ArrayMatrix g, ArrayMatrix m, ArrayMatrix v, ArrayMatrix p) {
        float[] G = g.data();
        float[] M = m.data();
        float[] V = v.data();
        float[] P = p.data();
        for (int e = 0; e < G.length; e++) {
            double grad = G[e];
            double first = (double) beta1 * M[e] + (1.0 - beta1) * grad;
            double second = (double) beta2 * V[e] + (1.0 - beta2) * grad * grad;
            M[e] = (float) first;
            V[e] = (float) second;
            P[e] = (float) (P[e] - stepSize * first / (Math.sqrt(second) * inverseRootCorrection2 + epsilon));
        }
    }

    @Override
    protected void binaryKernel(BinaryOp op, ArrayMatrix a, ArrayMatrix b, ArrayMatrix out) {
        float[] A = a.data();
        float[] B = b.data();
        float[] O = out.data();
        for (int e = 0; e < A.length; e++) {
            O[e] = (float) combine(op, A[e], B[e]);
        }
    }

    private static double combine(BinaryOp op, double a, double b) {
        switch (op) {
            case ADD:
                return a + b;
            case SUBTRACT:
                return a - b;
            case MULTIPLY:
                return a * b;
            default:
                throw new IllegalArgumentException(String.valueOf(op));
        }
    }

    @Override
    protected void rowVectorKernel(BinaryOp op, ArrayMatrix x, ArrayMatrix row, ArrayMatrix out) {
        float[] X = x.data();
        float[] R = row.data();
        float[] O = out.data();
        int cols = x.cols();
        for (int e = 0; e < X.length; e++) {
            O[e] = (float) combine(op, X[e], R[e % cols]);
        }
    }

    @Override
    protected void copyKernel(ArrayMatrix source, ArrayMatrix out) {
        float[] S = source.data();
        float[] O = out.data();
        for (int e = 0; e < S.length; e++) {
            O[e] = S[e];
        }
    }

    @Override
    protected void fillKernel(float value, ArrayMatrix out) {
        float[] O = out.data();
        for (int e = 0; e < O.length; e++) {
            O[e] = value;
        }
    }

    @Override
    protected void gatherRowsKernel(ArrayMatrix source, int[] rowIndices, int offset, ArrayMatrix out) {
        float[] S = source.data();
        float[] O = out.data();
        int cols = source.cols();
        for (int r = 0; r < out.rows(); r++) {
            int from = rowIndices[offset + r];
            for (int j = 0; j < cols; j++) {
                O[r * cols + j] = S[from * cols + j];
            }
        }
    }

    @Override
    protected void columnSumsKernel(float alpha, ArrayMatrix x, float beta, ArrayMatrix out) {
        float[] X = x.data();
        float[] O = out.data();
        int cols = x.cols();
        for (int j = 0; j < cols; j++) {
            double total = 0;
            for (int i = 0; i < x.rows(); i++) {
                total += X[i * cols + j];
            }
            double old = beta == 0f ? 0.0 : (double) beta * O[j];
            O[j] = (float) (alpha * total + old);
        }
    }

    @Override
    protected void rowSumsKernel(ArrayMatrix x, ArrayMatrix out) {
        float[] X = x.data();
        float[] O = out.data();
        int cols = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            double total = 0;
            for (int j = 0; j < cols; j++) {
                total += X[i * cols + j];
            }
            O[i] = (float) total;
        }
    }

    @Override
    protected void logSumExpRowsKernel(ArrayMatrix x, ArrayMatrix out) {
        float[] X = x.data();
        float[] O = out.data();
        int cols = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, X[i * cols + j]);
            }
            if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
                O[i] = (float) max;
                continue;
            }
            double total = 0;
            for (int j = 0; j < cols; j++) {
                total += Math.exp(X[i * cols + j] - max);
            }
            O[i] = (float) (max + Math.log(total));
        }
    }

    @Override
    protected void argmaxRowsKernel(ArrayMatrix x, int[] out) {
        float[] X = x.data();
        int cols = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            int best = 0;
            for (int j = 1; j < cols; j++) {
                float v = X[i * cols + j];
                float b = X[i * cols + best];
                if (v > b || (Float.isNaN(b) && !Float.isNaN(v))) {
                    best = j;
                }
            }
            out[i] = best;
        }
    }

    @Override
    protected double sumKernel(ArrayMatrix x) {
        double total = 0;
        for (float v : x.data()) {
            total += v;
        }
        return total;
    }

    @Override
    protected double sumOfSquaresKernel(ArrayMatrix x) {
        double total = 0;
        for (float v : x.data()) {
            total += (double) v * v;
        }
        return total;
    }
}
