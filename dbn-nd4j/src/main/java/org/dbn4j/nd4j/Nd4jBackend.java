package org.dbn4j.nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dbn4j.tensor.AbstractBackend;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.reduce.same.Max;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backend on ND4J: products through OpenBLAS's SGEMM, the rest through ND4J's native
 * kernels, each writing into the given output so that a training loop allocates no native
 * memory per minibatch (intermediate results go to per-thread scratch arrays, kept per shape).
 *
 * <p>Threads: the products run on OpenBLAS with the backend's thread count (from the
 * constructor, else {@value #THREADS_PROPERTY}, else the processor count); ND4J's own element-wise
 * kernels run on {@value #OP_THREADS_PROPERTY} OpenMP threads, 1 by default, because on
 * minibatch-sized arrays waking a second OpenMP thread costs more than it saves (measured: a CD
 * step took 3.5 ms with one OpenMP thread and 5.1 ms with two). These settings are process-wide
 * in ND4J: the last backend created sets them. Before ND4J first loads,
 * {@link NativeEnvironment} sets the OpenMP wait policy to passive unless the environment chose
 * one.
 */
public final class Nd4jBackend extends AbstractBackend<Nd4jMatrix, Nd4jBackend.Stream> {

    /** The name this backend is selected by. */
    public static final String NAME = "nd4j";

    /** System property that sets the OpenBLAS thread count of new instances. */
    public static final String THREADS_PROPERTY = "dbn4j.nd4j.threads";

    /** System property that sets the OpenMP thread count of ND4J's element-wise kernels (default 1). */
    public static final String OP_THREADS_PROPERTY = "dbn4j.nd4j.opThreads";

    private final int threads;
    private final String description;
    private final ThreadLocal<Map<Long, INDArray>> scratch = ThreadLocal.withInitial(HashMap::new);

    /** Creates the backend with the thread count from {@value #THREADS_PROPERTY} or the processor count. */
    public Nd4jBackend() {
        this(defaultThreads());
    }

    /**
     * Creates the backend.
     *
     * @param threads OpenBLAS threads for the products; at least 1
     */
    public Nd4jBackend(int threads) {
        super(Nd4jMatrix.class, Stream.class);
        if (threads < 1) {
            throw new IllegalArgumentException("nd4j needs at least 1 thread, got " + threads);
        }
        List<String> environment = NativeEnvironment.applyOnce();
        this.threads = threads;
        int opThreads = positiveInteger(OP_THREADS_PROPERTY, 1);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getEnvironment().setMaxThreads(opThreads);
        Nd4j.getEnvironment().setMaxMasterThreads(opThreads);
        Nd4j.factory().blas().setMaxThreads(threads);
        String coreType = NativeEnvironment.get("OPENBLAS_CORETYPE");
        String waitPolicy = NativeEnvironment.get("OMP_WAIT_POLICY");
        this.description = "ND4J " + nd4jVersion() + " on "
                + Nd4j.factory().blas().getBlasVendor() + " (OPENBLAS_CORETYPE="
                + (coreType == null ? "auto" : coreType) + ", OMP_WAIT_POLICY="
                + (waitPolicy == null ? "default" : waitPolicy) + (environment.isEmpty() ? "" : " set by dbn4j")
                + "), " + threads + " BLAS " + (threads == 1 ? "thread" : "threads") + ", " + opThreads + " OpenMP "
                + (opThreads == 1 ? "thread" : "threads") + " for element-wise kernels";
    }

    /** ND4J's version from its Maven metadata, or "?" when absent. */
    private static String nd4jVersion() {
        try (java.io.InputStream in = Nd4j.class.getResourceAsStream(
                "/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in == null) {
                return "?";
            }
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version", "?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static int defaultThreads() {
        return positiveInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());
    }

    private static int positiveInteger(String property, int fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + property + " must be a positive integer, got '" + value
                + "'");
    }

    /**
     * The OpenBLAS thread count this backend set.
     *
     * @return the thread count
     */
    public int threads() {
        return threads;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Matrix matrix(int rows, int cols) {
        return new Nd4jMatrix(this, rows, cols);
    }

    @Override
    public RandomStream randomStream(long seed) {
        return new Stream(this, seed);
    }

    @Override
    public void close() {
        // ND4J's threads and memory pools belong to the process; scratch arrays are freed with their threads.
    }

    /** A seeded ND4J native random generator. */
    static final class Stream implements RandomStream {
        private final Nd4jBackend backend;
        private final long seed;
        final org.nd4j.linalg.api.rng.Random random;
        private long hostDraws;

        Stream(Nd4jBackend backend, long seed) {
            this.backend = backend;
            this.seed = seed;
            this.random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        }

        @Override
        public Nd4jBackend backend() {
            return backend;
        }

        @Override
        public long seed() {
            return seed;
        }

        @Override
        public long[] position() {
            return new long[] {random.rootState(), random.nodeState(), hostDraws};
        }

        @Override
        public void restore(long[] position) {
            if (position == null || position.length != 3 || position[2] < 0) {
                throw new IllegalArgumentException("an nd4j stream position is ND4J's two generator states and a"
                        + " counter, got " + java.util.Arrays.toString(position));
            }
            random.setStates(position[0], position[1]);
            hostDraws = position[2];
        }

        /**
         * A uniform double in [0, 1) for the rare samplers computed on the host: SplitMix64 over
         * a counter, because the position of ND4J's own host-side draws cannot be restored.
         */
        double nextHostDouble() {
            long z = seed + (++hostDraws) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return ((z ^ (z >>> 31)) >>> 11) * 0x1.0p-53;
        }
    }

    /** A reusable scratch array of this thread, one per shape and slot. */
    private INDArray scratch(int slot, long rows, long cols) {
        long key = (rows << 34) ^ (cols << 2) ^ slot;
        return scratch.get().computeIfAbsent(key, k -> Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c'));
    }

    private static boolean empty(Nd4jMatrix m) {
        return (long) m.rows() * m.cols() == 0;
    }

    // ------------------------------------------------------------------ products

    @Override
    protected void gemmKernel(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
                              Nd4jMatrix a, Nd4jMatrix b, float beta, Nd4jMatrix c) {
        Nd4j.gemm(a.array(), b.array(), c.array(), transposeA, transposeB, alpha, beta);
    }

    @Override
    protected void affineKernel(Nd4jMatrix x, Nd4jMatrix w, boolean transposeW, Nd4jMatrix bias,
                                Activation activation, Nd4jMatrix out) {
        INDArray o = out.array();
        if (x.cols() == 0) {
            o.assign(0);
        } else {
            Nd4j.gemm(x.array(), w.array(), o, false, transposeW, 1.0, 0.0);
        }
        o.addiRowVector(bias.array());
        activateKernel(activation, out, out);
    }

    // ------------------------------------------------------------------ activations

    @Override
    protected void activateKernel(Activation activation, Nd4jMatrix x, Nd4jMatrix out) {
        if (empty(x)) {
            return;
        }
        INDArray in = x.array();
        INDArray o = out.array();
        switch (activation) {
            case IDENTITY:
                if (in != o) {
                    o.assign(in);
                }
                break;
            case SIGMOID:
                Nd4j.exec(new Sigmoid(in, o));
                break;
            case RELU:
                Nd4j.exec(new RectifiedLinear(in, o, 0.0));
                break;
            case SOFTPLUS:
                // ND4J's SoftPlus overflows to infinity above x = 88: use max(x, 0) + log1p(exp(-|x|)).
                INDArray t = scratch(0, x.rows(), x.cols());
                Nd4j.exec(new Abs(in, t));
                Nd4j.exec(new ScalarMultiplication(t, null, t, -1.0));
                Nd4j.exec(new Exp(t, t));
                Nd4j.exec(new Log1p(t, t));
                Nd4j.exec(new RectifiedLinear(in, o, 0.0));
                Nd4j.exec(new AddOp(o, t, o));
                break;
            case SOFTMAX:
                Nd4j.exec(new SoftMax(in, o, 1));
                break;
            default:
                throw new IllegalArgumentException(String.valueOf(activation));
        }
    }

    @Override
    protected void activationGradientKernel(Activation activation, Nd4jMatrix y, Nd4jMatrix gradY,
                                            Nd4jMatrix out) {
        if (empty(y)) {
            return;
        }
        INDArray yy = y.array();
        INDArray g = gradY.array();
        INDArray o = out.array();
        INDArray t = scratch(0, y.rows(), y.cols());
        switch (activation) {
            case IDENTITY:
                if (g != o) {
                    o.assign(g);
                }
                break;
            case SIGMOID:
                Nd4j.exec(new ScalarReverseSubtraction(yy, t, 1.0));
                Nd4j.exec(new MulOp(t, yy, t));
                Nd4j.exec(new MulOp(g, t, o));
                break;
            case RELU:
                Nd4j.exec(new Step(yy, t, 0.0));
                Nd4j.exec(new MulOp(g, t, o));
                break;
            case SOFTPLUS:
                // sigmoid(x) = 1 - exp(-softplus(x))
                Nd4j.exec(new ScalarMultiplication(yy, null, t, -1.0));
                Nd4j.exec(new Exp(t, t));
                Nd4j.exec(new ScalarReverseSubtraction(t, t, 1.0));
                Nd4j.exec(new MulOp(g, t, o));
                break;
            case SOFTMAX:
                INDArray dot = scratch(1, y.rows(), 1);
                Nd4j.exec(new MulOp(g, yy, t));
                t.sum(dot.reshape(y.rows()), 1);
                Nd4j.exec(new BroadcastSubOp(g, dot.reshape(y.rows()), t, 0));
                Nd4j.exec(new MulOp(yy, t, o));
                break;
            default:
                throw new IllegalArgumentException(String.valueOf(activation));
        }
    }

    // ------------------------------------------------------------------ sampling

    @Override
    protected void softmaxGroupsKernel(int groupSize, Nd4jMatrix x, Nd4jMatrix out) {
        if (empty(x)) {
            return;
        }
        long groups = (long) x.rows() * x.cols() / groupSize;
        Nd4j.exec(new SoftMax(x.array().reshape(groups, groupSize), out.array().reshape(groups, groupSize), 1));
    }

    @Override
    protected void sampleOneHotGroupsKernel(Stream random, int groupSize, Nd4jMatrix p, Nd4jMatrix out) {
        if (empty(p)) {
            return;
        }
        // A rare operation (label units): computed on the host.
        float[] pr = p.toArray();
        float[] o = new float[pr.length];
        for (int start = 0; start < pr.length; start += groupSize) {
            double u = random.nextHostDouble();
            double cumulative = 0;
            int chosen = -1;
            for (int k = 0; k < groupSize; k++) {
                cumulative += pr[start + k];
                if (chosen < 0 && u < cumulative) {
                    chosen = k;
                }
            }
            if (chosen < 0) {
                chosen = groupSize - 1;
                while (chosen > 0 && !(pr[start + chosen] > 0f)) {
                    chosen--;
                }
            }
            o[start + chosen] = 1f;
        }
        out.copyFrom(o);
    }

    @Override
    protected void sampleBernoulliKernel(Stream random, Nd4jMatrix p, Nd4jMatrix out) {
        if (empty(p)) {
            return;
        }
        Nd4j.getExecutioner().exec(new BernoulliDistribution(out.array(), p.array()), random.random);
    }

    @Override
    protected void sampleGaussianKernel(Stream random, Nd4jMatrix mean, float stddev, Nd4jMatrix out) {
        if (empty(mean)) {
            return;
        }
        if (stddev == 0f) {
            copyKernel(mean, out);
            return;
        }
        // ND4J's GaussianDistribution ignores an array of means: draw N(0, 1) and shift.
        INDArray z = standardNormals(random, mean.rows(), mean.cols());
        Nd4j.exec(new ScalarMultiplication(z, null, z, stddev));
        Nd4j.exec(new AddOp(mean.array(), z, out.array()));
    }

    @Override
    protected void sampleGaussianColumnsKernel(Stream random, Nd4jMatrix mean, Nd4jMatrix columnStddev,
                                               Nd4jMatrix out) {
        if (empty(mean)) {
            return;
        }
        INDArray z = standardNormals(random, mean.rows(), mean.cols());
        z.muliRowVector(columnStddev.array());
        Nd4j.exec(new AddOp(mean.array(), z, out.array()));
    }

    @Override
    protected void sampleNoisyReluKernel(Stream random, Nd4jMatrix preActivation, Nd4jMatrix out) {
        if (empty(preActivation)) {
            return;
        }
        INDArray x = preActivation.array();
        INDArray z = standardNormals(random, x.rows(), x.columns());
        INDArray sd = scratch(1, x.rows(), x.columns());
        Nd4j.exec(new Sigmoid(x, sd));
        Nd4j.exec(new Sqrt(sd, sd));
        Nd4j.exec(new MulOp(z, sd, z));
        Nd4j.exec(new AddOp(x, z, out.array()));
        Nd4j.exec(new RectifiedLinear(out.array(), out.array(), 0.0));
    }

    private INDArray standardNormals(Stream random, long rows, long cols) {
        INDArray z = scratch(0, rows, cols);
        Nd4j.getExecutioner().exec(new GaussianDistribution(z, 0.0, 1.0), random.random);
        return z;
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    protected void axpbyKernel(float alpha, Nd4jMatrix x, float beta, Nd4jMatrix out) {
        if (empty(x)) {
            return;
        }
        INDArray in = x.array();
        INDArray o = out.array();
        if (in == o) {
            Nd4j.exec(new ScalarMultiplication(o, null, o, beta == 0f ? alpha : (double) alpha + beta));
        } else if (beta == 0f) {
            Nd4j.exec(new ScalarMultiplication(in, null, o, alpha));
        } else {
            if (beta != 1f) {
                Nd4j.exec(new ScalarMultiplication(o, null, o, beta));
            }
            Nd4j.getBlasWrapper().level1().axpy(o.length(), alpha, in, o);
        }
    }

    @Override
    protected void adamKernel(float stepSize, float beta1, float beta2, float epsilon, float inverseRootCorrection2,
                              Nd4jMatrix g, Nd4jMatrix m, Nd4jMatrix v, Nd4jMatrix p) {
        if (empty(g)) {
            return;
        }
        INDArray grad = g.array();
        INDArray first = m.array();
        INDArray second = v.array();
        INDArray t = scratch(0, g.rows(), g.cols());
        // Composed from in-place ND4J ops on one scratch array; nothing is allocated per call.
        Nd4j.exec(new MulOp(grad, grad, t));
        Nd4j.exec(new ScalarMultiplication(t, null, t, 1.0 - beta2));
        Nd4j.exec(new ScalarMultiplication(second, null, second, beta2));
        Nd4j.exec(new AddOp(second, t, second));
        Nd4j.exec(new ScalarMultiplication(grad, null, t, 1.0 - beta1));
        Nd4j.exec(new ScalarMultiplication(first, null, first, beta1));
        Nd4j.exec(new AddOp(first, t, first));
        Nd4j.exec(new Sqrt(second, t));
        Nd4j.exec(new ScalarMultiplication(t, null, t, inverseRootCorrection2));
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd(t, null, t, epsilon));
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp(first, t, t));
        Nd4j.exec(new ScalarMultiplication(t, null, t, stepSize));
        Nd4j.exec(new SubOp(p.array(), t, p.array()));
    }

    @Override
    protected void binaryKernel(BinaryOp op, Nd4jMatrix a, Nd4jMatrix b, Nd4jMatrix out) {
        if (empty(a)) {
            return;
        }
        switch (op) {
            case ADD:
                Nd4j.exec(new AddOp(a.array(), b.array(), out.array()));
                break;
            case SUBTRACT:
                Nd4j.exec(new SubOp(a.array(), b.array(), out.array()));
                break;
            case MULTIPLY:
                Nd4j.exec(new MulOp(a.array(), b.array(), out.array()));
                break;
            default:
                throw new IllegalArgumentException(String.valueOf(op));
        }
    }

    @Override
    protected void rowVectorKernel(BinaryOp op, Nd4jMatrix x, Nd4jMatrix row, Nd4jMatrix out) {
        if (empty(x)) {
            return;
        }
        INDArray r = row.array().reshape(row.cols());
        if (op == BinaryOp.ADD) {
            Nd4j.exec(new BroadcastAddOp(x.array(), r, out.array(), 1));
        } else {
            Nd4j.exec(new BroadcastMulOp(x.array(), r, out.array(), 1));
        }
    }

    @Override
    protected void copyKernel(Nd4jMatrix source, Nd4jMatrix out) {
        if (!empty(source)) {
            out.array().assign(source.array());
        }
    }

    @Override
    protected void fillKernel(float value, Nd4jMatrix out) {
        if (!empty(out)) {
            out.array().assign(value);
        }
    }

    @Override
    protected void gatherRowsKernel(Nd4jMatrix source, int[] rowIndices, int offset, Nd4jMatrix out) {
        if (empty(out)) {
            return;
        }
        int[] rows = Arrays.copyOfRange(rowIndices, offset, offset + out.rows());
        Nd4j.pullRows(source.array(), out.array(), 1, rows);
    }

    // ------------------------------------------------------------------ reductions

    @Override
    protected void columnSumsKernel(float alpha, Nd4jMatrix x, float beta, Nd4jMatrix out) {
        if (out.cols() == 0) {
            return;
        }
        INDArray o = out.array();
        if (x.rows() == 0) {
            if (beta == 0f) {
                o.assign(0);
            } else {
                Nd4j.exec(new ScalarMultiplication(o, null, o, beta));
            }
            return;
        }
        // One SGEMM against a row of ones: ND4J's own column reduction is several times slower,
        // and the product applies alpha and beta (not reading out when beta is 0) for free.
        Nd4j.gemm(ones(1, x.rows()), x.array(), o, false, false, alpha, beta);
    }

    @Override
    protected void rowSumsKernel(Nd4jMatrix x, Nd4jMatrix out) {
        if (x.rows() == 0) {
            return;
        }
        if (x.cols() == 0) {
            out.array().assign(0);
            return;
        }
        Nd4j.gemm(x.array(), ones(x.cols(), 1), out.array(), false, false, 1.0, 0.0);
    }

    /** A scratch array of ones of this thread, kept per shape. */
    private INDArray ones(long rows, long cols) {
        long key = (rows << 34) ^ (cols << 2) ^ 3;
        return scratch.get().computeIfAbsent(key, k -> Nd4j.ones(DataType.FLOAT, rows, cols));
    }

    @Override
    protected void logSumExpRowsKernel(Nd4jMatrix x, Nd4jMatrix out) {
        if (x.rows() == 0) {
            return;
        }
        INDArray o = out.array();
        if (x.cols() == 0) {
            o.assign(Float.NEGATIVE_INFINITY);
            return;
        }
        int rows = x.rows();
        INDArray max = scratch(1, rows, 1);
        INDArray t = scratch(0, rows, x.cols());
        Nd4j.exec(new Max(x.array(), max.reshape(rows), 1));
        Nd4j.exec(new BroadcastSubOp(x.array(), max.reshape(rows), t, 0));
        Nd4j.exec(new Exp(t, t));
        t.sum(o.reshape(rows), 1);
        Nd4j.exec(new Log(o, o));
        Nd4j.exec(new AddOp(o, max, o));
        // A row whose largest entry is infinite has that entry as its log-sum-exp, where the
        // subtraction above made NaN: patch those few rows from the row maxima.
        float[] maxima = max.data().asFloat();
        for (int r = 0; r < rows; r++) {
            if (Float.isInfinite(maxima[r])) {
                o.putScalar(r, 0, maxima[r]);
            }
        }
    }

    @Override
    protected void argmaxRowsKernel(Nd4jMatrix x, int[] out) {
        if (x.rows() == 0) {
            return;
        }
        long[] indices = Nd4j.argMax(x.array(), 1).toLongVector();
        for (int r = 0; r < x.rows(); r++) {
            out[r] = (int) indices[r];
        }
    }

    @Override
    protected double sumKernel(Nd4jMatrix x) {
        return empty(x) ? 0.0 : x.array().castTo(DataType.DOUBLE).sumNumber().doubleValue();
    }

    @Override
    protected double sumOfSquaresKernel(Nd4jMatrix x) {
        if (empty(x)) {
            return 0.0;
        }
        double norm = x.array().castTo(DataType.DOUBLE).norm2Number().doubleValue();
        return norm * norm;
    }
}
