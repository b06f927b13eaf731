package org.dbn4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.dbn4j.tensor.AbstractBackend;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.ArrayMatrix;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;

/**
 * The pure-Java backend: every operation vectorised with {@code jdk.incubator.vector} and split
 * over a team of threads when it is large enough to gain from it.
 *
 * <p>Matrices are {@link ArrayMatrix} heap arrays. Products use a blocked GEMM with packed
 * panels and an FMA micro-kernel whose register tile (8 or 6 rows by two vectors) fits the CPU's
 * vector register file; the vector width and register file are those of {@code KernelShape},
 * which the system properties {@value #VECTOR_BITS_PROPERTY} and {@value #REGISTERS_PROPERTY}
 * can narrow to test another CPU's code path. The fused {@link #affine} adds the bias and
 * applies the activation to each tile while it is in cache. Sampling uses a counter-based
 * generator, so a seed gives the same samples for every thread count. Every operation gives the
 * same result for every thread count, too: work is split so that no element's arithmetic depends
 * on the split.
 *
 * <p>The JVM must run with {@code --add-modules jdk.incubator.vector}; see
 * {@link CpuSimdProvider}. The thread count comes from the constructor, else the system property
 * {@value #THREADS_PROPERTY}, else the number of available processors.
 */
public final class CpuSimdBackend extends AbstractBackend<ArrayMatrix, CpuSimdBackend.Stream> {

    /** The name this backend is selected by. */
    public static final String NAME = "cpu-simd";

    /** System property that sets the number of threads of new instances. */
    public static final String THREADS_PROPERTY = "dbn4j.simd.threads";

    /**
     * System property, read once when the class loads, that narrows the vectors below the CPU's
     * widest: 128, 256 or 512 bits, never above what the CPU has.
     */
    public static final String VECTOR_BITS_PROPERTY = KernelShape.VECTOR_BITS_PROPERTY;

    /**
     * System property, read once when the class loads, that shapes the kernels for 16 or 32 vector
     * registers instead of the CPU's own count: for tests of another CPU's register tile.
     */
    public static final String REGISTERS_PROPERTY = KernelShape.REGISTERS_PROPERTY;

    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int V = Gemm.V;

    /** Below this many multiply-adds a product runs on the calling thread alone. */
    private static final long PARALLEL_MIN_MACS = 1L << 18;
    /**
     * From this depth on, a product with few rows of C and both operands stored by rows (a
     * minibatch times a weight matrix, as in an RBM's down pass or backprop's deltas) is computed
     * as two halves of the depth, added at the end.
     */
    private static final int SPLIT_DEPTH_MIN_K = 256;
    /** Most rows of C for a depth split: a minibatch, whose C is small next to the weights. */
    private static final int SPLIT_DEPTH_MAX_M = 128;
    /** Below this many elements an element-wise operation runs on the calling thread alone. */
    private static final int PARALLEL_MIN_ELEMENTS = 1 << 15;
    /**
     * Elements per part of a parallel element-wise operation. The threads claim parts as they
     * come free, so small parts let a thread that starts late leave its share to the others; a
     * claim costs tens of nanoseconds, a part of this size a few microseconds.
     */
    private static final int ELEMENTS_PER_PART = 1 << 13;
    /** Most parts of an element-wise operation. */
    private static final int MAX_ELEMENT_PARTS = 64;

    private final WorkerPool pool;
    private final ThreadLocal<Context> contexts = ThreadLocal.withInitial(Context::new);

    /** Creates the backend with the thread count from {@value #THREADS_PROPERTY} or the processor count. */
    public CpuSimdBackend() {
        this(defaultThreads());
    }

    /**
     * Creates the backend.
     *
     * @param threads threads that work on one operation, the calling thread included; at least 1
     */
    public CpuSimdBackend(int threads) {
        super(ArrayMatrix.class, Stream.class);
        if (threads < 1) {
            throw new IllegalArgumentException("cpu-simd needs at least 1 thread, got " + threads);
        }
        if (!KernelShape.PROBLEM.isEmpty()) {
            throw new IllegalStateException("cpu-simd cannot start: " + KernelShape.PROBLEM);
        }
        this.pool = new WorkerPool(threads, "dbn4j-cpu-simd");
    }

    /**
     * The width of the vectors every cpu-simd kernel in this JVM uses: the widest the JIT compiles
     * to on this CPU, or what {@value #VECTOR_BITS_PROPERTY} asked for.
     *
     * @return 128, 256 or 512
     */
    public static int vectorBits() {
        return KernelShape.SPECIES.vectorBitSize();
    }

    /**
     * The number of vector registers cpu-simd's register tiles are shaped for: 32 with AVX-512
     * and on AArch64, 16 with AVX2, or what {@value #REGISTERS_PROPERTY} asked for.
     *
     * @return 16 or 32
     */
    public static int vectorRegisters() {
        return KernelShape.REGISTERS;
    }

    static int defaultThreads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + THREADS_PROPERTY + " must be a positive integer, got '"
                + value + "'");
    }

    /**
     * The number of threads that work on one operation.
     *
     * @return the thread count, the calling thread included
     */
    public int threads() {
        return pool.parallelism();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return KernelShape.describe() + ", FMA, " + threads() + (threads() == 1 ? " thread" : " threads");
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
        pool.close();
    }

    /** This backend's random stream: a seed and the position of the next unused word. */
    static final class Stream implements RandomStream {
        private final CpuSimdBackend backend;
        private final long seed;
        private long position;

        Stream(CpuSimdBackend backend, long seed) {
            this.backend = backend;
            this.seed = seed;
        }

        @Override
        public CpuSimdBackend backend() {
            return backend;
        }

        @Override
        public long seed() {
            return seed;
        }

        @Override
        public long[] position() {
            return new long[] {position};
        }

        @Override
        public void restore(long[] saved) {
            if (saved == null || saved.length != 1 || saved[0] < 0) {
                throw new IllegalArgumentException("a cpu-simd stream position is one non-negative word counter, got "
                        + java.util.Arrays.toString(saved));
            }
            position = saved[0];
        }

        /** Reserves the words for sampling {@code count} values and returns the first. */
        long take(int count) {
            long first = position;
            position += Sampling.wordsFor(count);
            return first;
        }
    }

    /** Per-calling-thread scratch and reusable task objects, so dispatch allocates nothing. */
    private static final class Context {
        final Scratch scratch = new Scratch();
        final GemmTask gemm = new GemmTask();
        final ElementTask element = new ElementTask();
        final CombineTask combine = new CombineTask();
    }

    /** Runs a task in {@code parts} parts on the team, or in one part here when parts is 1 or the team is busy. */
    private void dispatch(WorkerPool.Task task, Context context, int parts) {
        if (parts <= 1 || !pool.tryRun(task, parts, context.scratch)) {
            task.run(0, 1, context.scratch);
        }
    }

    /** Parts for an element-wise operation over {@code n} elements in {@code rows} rows; 1 runs it here. */
    private int elementParts(long n, int rows) {
        if (n < PARALLEL_MIN_ELEMENTS || rows <= 1 || pool.parallelism() == 1) {
            return 1;
        }
        return (int) Math.max(pool.parallelism(), Math.min(MAX_ELEMENT_PARTS, n / ELEMENTS_PER_PART));
    }

    // ------------------------------------------------------------------ products

    @Override
    protected void gemmKernel(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
                              ArrayMatrix a, ArrayMatrix b, float beta, ArrayMatrix c) {
        Context context = contexts.get();
        GemmTask task = context.gemm;
        task.product.set(a.data(), a.cols(), transposeA, b.data(), b.cols(), transposeB, c.data(), m, n, k, alpha,
                beta);
        runGemm(task, context);
    }

    private void runGemm(GemmTask task, Context context) {
        Gemm.Product p = task.product;
        long macs = (long) p.m * p.n * p.k;
        int parts = macs >= PARALLEL_MIN_MACS ? pool.parallelism() : 1;
        int strips = (p.n + Gemm.NR - 1) / Gemm.NR;
        int panels = (p.m + Gemm.MR - 1) / Gemm.MR;
        // A weight gradient (A stored by columns) splits its rows, the hidden units, as the
        // element-wise updates that follow do, so each core finds its rows in its own cache.
        // Otherwise columns: each part packs only its share of B.
        boolean byRows = p.aByColumns && !p.bByColumns && panels >= 4 * parts;
        task.splitColumns = !byRows && (strips >= 2 * parts || strips >= panels);
        if (splitsDepth(p, macs)) {
            // The weights are split by their rows, the units of the shared dimension: the ones
            // each core reads in the up pass and writes in the weight gradient, so they are in its
            // cache. A split of the columns instead made each core read the other's rows, and cost
            // 6% of a CD-1 step of a 500-2000 RBM.
            task.prepareDepthSplit();
            try {
                dispatch(task, context, parts);
            } finally {
                task.splitDepth = false;
            }
            CombineTask combine = context.combine;
            combine.set(p, task.partial);
            try {
                dispatch(combine, context, parts > 1 ? elementParts((long) p.m * p.n, p.m) : 1);
            } finally {
                combine.clear();
            }
            return;
        }
        dispatch(task, context, parts);
    }

    /**
     * Whether a product is computed as two halves of its depth. The choice depends on the shape
     * alone, never on the thread count, so that results are the same on any number of threads.
     */
    private static boolean splitsDepth(Gemm.Product p, long macs) {
        return !p.aByColumns && !p.bByColumns && p.m <= SPLIT_DEPTH_MAX_M && p.k >= SPLIT_DEPTH_MIN_K
                && macs >= PARALLEL_MIN_MACS;
    }

    /** Adds the second half of a depth split, then the bias and the activation, to C by rows. */
    private static final class CombineTask implements WorkerPool.Task {
        float[] c;
        float[] partial;
        float[] bias;
        Activation activation;
        int m;
        int n;

        void set(Gemm.Product p, float[] partial) {
            this.c = p.c;
            this.partial = partial;
            this.bias = p.bias;
            this.activation = p.activation;
            this.m = p.m;
            this.n = p.n;
        }

        void clear() {
            c = null;
            partial = null;
            bias = null;
        }

        @Override
        public void run(int part, int parts, Scratch scratch) {
            int from = (int) ((long) m * part / parts);
            int to = (int) ((long) m * (part + 1) / parts);
            for (int i = from; i < to; i++) {
                Kernels.addRow(c, partial, bias, i * n, n);
            }
            if (activation != Activation.IDENTITY && from < to) {
                Kernels.activate(activation, c, c, from * n, to * n, scratch.work);
            }
        }
    }

    /** Splits C' into column strips or row panels, one range per part. */
    private static final class GemmTask implements WorkerPool.Task {
        final Gemm.Product product = new Gemm.Product();
        final Gemm.Product[] pieces = {new Gemm.Product(), new Gemm.Product()};
        float[] partial = new float[0];
        boolean splitColumns;
        boolean splitDepth;

        /**
         * Sets up the two halves of the depth: the first accumulates into C with the product's
         * own scalars, the second goes to {@link #partial}; bias and activation come after both.
         */
        void prepareDepthSplit() {
            Gemm.Product p = product;
            int half = p.k / 2;
            if (partial.length < p.m * p.n) {
                partial = new float[p.m * p.n];
            }
            Gemm.Product lower = pieces[0];
            lower.set(p.a, p.lda, false, p.b, p.ldb, false, p.c, p.m, p.n, half, p.alpha, p.beta);
            lower.aOffset = p.aOffset;
            lower.bOffset = p.bOffset;
            Gemm.Product upper = pieces[1];
            upper.set(p.a, p.lda, false, p.b, p.ldb, false, partial, p.m, p.n, p.k - half, p.alpha, 0f);
            upper.aOffset = p.aOffset + half;
            upper.bOffset = p.bOffset + half * p.ldb;
            splitDepth = true;
        }

        @Override
        public void run(int part, int parts, Scratch scratch) {
            if (splitDepth) {
                runHalf(part, parts, scratch);
                return;
            }
            if (splitColumns) {
                computeColumns(product, part, parts, scratch);
            } else {
                Gemm.Product p = product;
                int units = (p.m + Gemm.MR - 1) / Gemm.MR;
                int from = (int) ((long) units * part / parts) * Gemm.MR;
                int to = Math.min(p.m, (int) ((long) units * (part + 1) / parts) * Gemm.MR);
                if (from < to) {
                    Gemm.compute(p, from, to, 0, p.n, scratch.gemm, scratch.work);
                }
            }
        }

        /**
         * Even parts compute the first half of the depth and odd parts the second, each over a
         * share of the columns; a single part computes both halves in turn.
         */
        private void runHalf(int part, int parts, Scratch scratch) {
            if (parts == 1) {
                computeColumns(pieces[0], 0, 1, scratch);
                computeColumns(pieces[1], 0, 1, scratch);
                return;
            }
            computeColumns(pieces[part % 2], part / 2, (parts - part % 2 + 1) / 2, scratch);
        }

        /** Computes share {@code share} of {@code shares} of the column strips of {@code p}. */
        private static void computeColumns(Gemm.Product p, int share, int shares, Scratch scratch) {
            int units = (p.n + Gemm.NR - 1) / Gemm.NR;
            int from = (int) ((long) units * share / shares) * Gemm.NR;
            int to = Math.min(p.n, (int) ((long) units * (share + 1) / shares) * Gemm.NR);
            if (from < to) {
                Gemm.compute(p, 0, p.m, from, to, scratch.gemm, scratch.work);
            }
        }
    }

    @Override
    protected void affineKernel(ArrayMatrix x, ArrayMatrix w, boolean transposeW, ArrayMatrix bias,
                                Activation activation, ArrayMatrix out) {
        Context context = contexts.get();
        GemmTask task = context.gemm;
        task.product.set(x.data(), x.cols(), false, w.data(), w.cols(), transposeW, out.data(), x.rows(), out.cols(),
                x.cols(), 1f, 0f);
        task.product.bias = bias.data();
        task.product.activation = activation.isRowWise() ? Activation.IDENTITY : activation;
        runGemm(task, context);
        if (activation.isRowWise()) {
            activateKernel(activation, out, out);
        }
    }

    // ------------------------------------------------------------------ element-wise work

    /**
     * The element-wise and row-wise operations and how each splits into parts. Each constant's
     * body is its own class, so the call {@code op.run(...)} is megamorphic and each body is
     * compiled on its own: the JIT then inlines one kernel per compilation, within its budget,
     * instead of running out of inlining budget in a shared dispatcher (a vector that crosses a
     * call that is not inlined is boxed).
     */
    private enum Op {
        ACTIVATE {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                int from = rowFrom(t, part, parts);
                int to = rowFrom(t, part + 1, parts);
                if (t.activation.isRowWise()) {
                    Kernels.softmaxRows(t.x, t.out, t.cols, from, to);
                } else {
                    Kernels.activate(t.activation, t.x, t.out, from * t.cols, to * t.cols, scratch.work);
                }
            }
        },
        ACTIVATION_GRADIENT {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                int from = rowFrom(t, part, parts);
                int to = rowFrom(t, part + 1, parts);
                if (t.activation.isRowWise()) {
                    Kernels.softmaxGradientRows(t.x, t.y, t.out, t.cols, from, to);
                } else {
                    Kernels.activationGradient(t.activation, t.x, t.y, t.out, from * t.cols, to * t.cols,
                            scratch.work);
                }
            }
        },
        ADAM {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                Kernels.adam(t.x, t.y, t.z, t.out, t.alpha, t.beta, t.gamma, t.delta, t.epsilon,
                        elementFrom(t, part, parts), elementFrom(t, part + 1, parts));
            }
        },
        AXPBY {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                Kernels.axpby(t.alpha, t.x, t.beta, t.out, elementFrom(t, part, parts), elementFrom(t, part + 1, parts));
            }
        },
        ADD {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                Kernels.add(t.x, t.y, t.out, elementFrom(t, part, parts), elementFrom(t, part + 1, parts));
            }
        },
        SUBTRACT {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                Kernels.subtract(t.x, t.y, t.out, elementFrom(t, part, parts), elementFrom(t, part + 1, parts));
            }
        },
        MULTIPLY {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                Kernels.multiply(t.x, t.y, t.out, elementFrom(t, part, parts), elementFrom(t, part + 1, parts));
            }
        },
        ADD_ROW {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                Kernels.addRow(t.x, t.y, t.out, t.cols, rowFrom(t, part, parts), rowFrom(t, part + 1, parts));
            }
        },
        MULTIPLY_ROW {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                Kernels.multiplyRow(t.x, t.y, t.out, t.cols, rowFrom(t, part, parts), rowFrom(t, part + 1, parts));
            }
        },
        COPY {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                int from = elementFrom(t, part, parts);
                System.arraycopy(t.x, from, t.out, from, elementFrom(t, part + 1, parts) - from);
            }
        },
        FILL {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                java.util.Arrays.fill(t.out, elementFrom(t, part, parts), elementFrom(t, part + 1, parts), t.alpha);
            }
        },
        GATHER {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                int cols = t.cols;
                for (int r = rowFrom(t, part, parts), to = rowFrom(t, part + 1, parts); r < to; r++) {
                    System.arraycopy(t.x, t.indices[t.offset + r] * cols, t.out, r * cols, cols);
                }
            }
        },
        COLUMN_SUMS {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                int blocks = (t.cols + V - 1) / V;
                int from = (int) ((long) blocks * part / parts) * V;
                int to = Math.min(t.cols, (int) ((long) blocks * (part + 1) / parts) * V);
                if (from < to) {
                    Kernels.columnSums(t.alpha, t.x, t.rows, t.cols, t.beta, t.out, from, to);
                }
            }
        },
        ROW_SUMS {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                int cols = t.cols;
                for (int r = rowFrom(t, part, parts), to = rowFrom(t, part + 1, parts); r < to; r++) {
                    t.out[r] = (float) Kernels.sum(t.x, r * cols, (r + 1) * cols);
                }
            }
        },
        LOG_SUM_EXP {
            @Override
            void run(ElementTask t, int part, int parts, Scratch scratch) {
                int cols = t.cols;
                for (int r = rowFrom(t, part, parts), to = rowFrom(t, part + 1, parts); r < to; r++) {
                    t.out[r] = Kernels.logSumExp(t.x, r * cols, cols, scratch.work);
                }
            }
        },
        BERNOULLI {
            @Override
            void sampleChunk(ElementTask t, int from, int count, int rounded, Scratch scratch) {
                Sampling.uniforms(t.seed, t.word0, from, scratch.randoms, rounded);
                Kernels.bernoulli(t.x, scratch.randoms, t.out, from, count);
            }
        },
        GAUSSIAN {
            @Override
            void sampleChunk(ElementTask t, int from, int count, int rounded, Scratch scratch) {
                Sampling.gaussians(t.seed, t.word0, from, scratch.randoms, rounded);
                Kernels.gaussian(t.x, t.alpha, scratch.randoms, t.out, from, count);
            }
        },
        GAUSSIAN_COLUMNS {
            @Override
            void sampleChunk(ElementTask t, int from, int count, int rounded, Scratch scratch) {
                Sampling.gaussians(t.seed, t.word0, from, scratch.randoms, rounded);
                Kernels.gaussianColumns(t.x, t.y, t.cols, scratch.randoms, t.out, from, count);
            }
        },
        NOISY_RELU {
            @Override
            void sampleChunk(ElementTask t, int from, int count, int rounded, Scratch scratch) {
                Sampling.gaussians(t.seed, t.word0, from, scratch.randoms, rounded);
                Kernels.noisyRelu(t.x, scratch.randoms, t.out, from, count, scratch.work);
            }
        };

        /** Runs one part; the samplers' default splits by chunks of random numbers. */
        void run(ElementTask t, int part, int parts, Scratch scratch) {
            int n = t.rows * t.cols;
            int chunks = (n + Sampling.CHUNK - 1) / Sampling.CHUNK;
            for (int ch = (int) ((long) chunks * part / parts); ch < (long) chunks * (part + 1) / parts; ch++) {
                int from = ch * Sampling.CHUNK;
                int count = Math.min(n, from + Sampling.CHUNK) - from;
                sampleChunk(t, from, count, (count + 2 * V - 1) / (2 * V) * (2 * V), scratch);
            }
        }

        void sampleChunk(ElementTask t, int from, int count, int rounded, Scratch scratch) {
            throw new IllegalStateException(name() + " is not a sampler");
        }

        /** First row of a part: rows split evenly. */
        static int rowFrom(ElementTask t, int part, int parts) {
            return (int) ((long) t.rows * part / parts);
        }

        /** First element of a part: elements split evenly in whole vectors. */
        static int elementFrom(ElementTask t, int part, int parts) {
            int n = t.rows * t.cols;
            int blocks = (n + V - 1) / V;
            return Math.min(n, (int) ((long) blocks * part / parts) * V);
        }
    }

    /** One element-wise or row-wise operation with its operands; reused per calling thread. */
    private static final class ElementTask implements WorkerPool.Task {
        Op op;
        Activation activation;
        float[] x;
        float[] y;
        float[] out;
        float[] z;
        float alpha;
        float beta;
        float gamma;
        float delta;
        float epsilon;
        int rows;
        int cols;
        int[] indices;
        int offset;
        long seed;
        long word0;

        ElementTask with(Op op, float[] x, float[] y, float[] out, int rows, int cols) {
            this.op = op;
            this.x = x;
            this.y = y;
            this.out = out;
            this.rows = rows;
            this.cols = cols;
            this.activation = null;
            this.indices = null;
            this.z = null;
            return this;
        }

        @Override
        public void run(int part, int parts, Scratch scratch) {
            op.run(this, part, parts, scratch);
        }
    }

    private void runElements(ElementTask task, Context context) {
        long n = (long) task.rows * task.cols;
        dispatch(task, context, elementParts(n, task.rows));
    }

    private ElementTask task(Op op, float[] x, float[] y, float[] out, int rows, int cols, Context context) {
        return context.element.with(op, x, y, out, rows, cols);
    }

    @Override
    protected void activateKernel(Activation activation, ArrayMatrix x, ArrayMatrix out) {
        Context context = contexts.get();
        ElementTask t = task(Op.ACTIVATE, x.data(), null, out.data(), x.rows(), x.cols(), context);
        t.activation = activation;
        runElements(t, context);
    }

    @Override
    protected void activationGradientKernel(Activation activation, ArrayMatrix y, ArrayMatrix gradY,
                                            ArrayMatrix out) {
        Context context = contexts.get();
        ElementTask t = task(Op.ACTIVATION_GRADIENT, y.data(), gradY.data(), out.data(), y.rows(), y.cols(), context);
        t.activation = activation;
        runElements(t, context);
    }

    @Override
    protected void softmaxGroupsKernel(int groupSize, ArrayMatrix x, ArrayMatrix out) {
        float[] in = x.data();
        float[] o = out.data();
        // A row-major matrix is also a column of groups: one softmax per group-sized row.
        Kernels.softmaxRows(in, o, groupSize, 0, in.length / groupSize);
    }

    @Override
    protected void sampleOneHotGroupsKernel(Stream random, int groupSize, ArrayMatrix p, ArrayMatrix out) {
        float[] pr = p.data();
        float[] o = out.data();
        int groups = pr.length / groupSize;
        long word0 = random.take(groups);
        for (int g = 0; g < groups; g++) {
            // Group g takes uniform g of the call: the same mapping of words to numbers as the other samplers.
            long word = Sampling.mix64(random.seed() + (word0 + g / 2 + 1) * Sampling.GAMMA);
            float u = ((int) (word >>> (32 * (g % 2))) >>> 9) * 0x1.0p-23f;
            Kernels.oneHot(pr, o, g * groupSize, groupSize, u);
        }
    }

    @Override
    protected void sampleBernoulliKernel(Stream random, ArrayMatrix p, ArrayMatrix out) {
        sample(Op.BERNOULLI, random, p, null, 0f, out);
    }

    @Override
    protected void sampleGaussianKernel(Stream random, ArrayMatrix mean, float stddev, ArrayMatrix out) {
        sample(Op.GAUSSIAN, random, mean, null, stddev, out);
    }

    @Override
    protected void sampleGaussianColumnsKernel(Stream random, ArrayMatrix mean, ArrayMatrix columnStddev,
                                               ArrayMatrix out) {
        sample(Op.GAUSSIAN_COLUMNS, random, mean, columnStddev.data(), 0f, out);
    }

    @Override
    protected void sampleNoisyReluKernel(Stream random, ArrayMatrix preActivation, ArrayMatrix out) {
        sample(Op.NOISY_RELU, random, preActivation, null, 0f, out);
    }

    private void sample(Op op, Stream random, ArrayMatrix x, float[] y, float alpha, ArrayMatrix out) {
        Context context = contexts.get();
        ElementTask t = task(op, x.data(), y, out.data(), x.rows(), x.cols(), context);
        t.alpha = alpha;
        t.seed = random.seed();
        t.word0 = random.take(x.rows() * x.cols());
        runElements(t, context);
    }

    @Override
    protected void axpbyKernel(float alpha, ArrayMatrix x, float beta, ArrayMatrix out) {
        Context context = contexts.get();
        ElementTask t = task(Op.AXPBY, x.data(), null, out.data(), x.rows(), x.cols(), context);
        t.alpha = alpha;
        t.beta = beta;
        runElements(t, context);
    }

    @Override
    protected void adamKernel(float stepSize, float beta1, float beta2, float epsilon, float inverseRootCorrection2,
                              ArrayMatrix g, ArrayMatrix m, ArrayMatrix v, ArrayMatrix p) {
        Context context = contexts.get();
        ElementTask t = task(Op.ADAM, g.data(), m.data(), p.data(), g.rows(), g.cols(), context);
        t.z = v.data();
        t.alpha = stepSize;
        t.beta = beta1;
        t.gamma = beta2;
        t.delta = epsilon;
        t.epsilon = inverseRootCorrection2;
        runElements(t, context);
    }

    @Override
    protected void binaryKernel(BinaryOp op, ArrayMatrix a, ArrayMatrix b, ArrayMatrix out) {
        Op kind = op == BinaryOp.ADD ? Op.ADD : op == BinaryOp.SUBTRACT ? Op.SUBTRACT : Op.MULTIPLY;
        Context context = contexts.get();
        runElements(task(kind, a.data(), b.data(), out.data(), a.rows(), a.cols(), context), context);
    }

    @Override
    protected void rowVectorKernel(BinaryOp op, ArrayMatrix x, ArrayMatrix row, ArrayMatrix out) {
        Context context = contexts.get();
        Op kind = op == BinaryOp.ADD ? Op.ADD_ROW : Op.MULTIPLY_ROW;
        runElements(task(kind, x.data(), row.data(), out.data(), x.rows(), x.cols(), context), context);
    }

    @Override
    protected void copyKernel(ArrayMatrix source, ArrayMatrix out) {
        Context context = contexts.get();
        runElements(task(Op.COPY, source.data(), null, out.data(), source.rows(), source.cols(), context), context);
    }

    @Override
    protected void fillKernel(float value, ArrayMatrix out) {
        Context context = contexts.get();
        ElementTask t = task(Op.FILL, null, null, out.data(), out.rows(), out.cols(), context);
        t.alpha = value;
        runElements(t, context);
    }

    @Override
    protected void gatherRowsKernel(ArrayMatrix source, int[] rowIndices, int offset, ArrayMatrix out) {
        Context context = contexts.get();
        ElementTask t = task(Op.GATHER, source.data(), null, out.data(), out.rows(), out.cols(), context);
        t.indices = rowIndices;
        t.offset = offset;
        runElements(t, context);
    }

    // ------------------------------------------------------------------ reductions

    @Override
    protected void columnSumsKernel(float alpha, ArrayMatrix x, float beta, ArrayMatrix out) {
        Context context = contexts.get();
        ElementTask t = task(Op.COLUMN_SUMS, x.data(), null, out.data(), x.rows(), x.cols(), context);
        t.alpha = alpha;
        t.beta = beta;
        runElements(t, context);
    }

    @Override
    protected void rowSumsKernel(ArrayMatrix x, ArrayMatrix out) {
        Context context = contexts.get();
        runElements(task(Op.ROW_SUMS, x.data(), null, out.data(), x.rows(), x.cols(), context), context);
    }

    @Override
    protected void logSumExpRowsKernel(ArrayMatrix x, ArrayMatrix out) {
        Context context = contexts.get();
        runElements(task(Op.LOG_SUM_EXP, x.data(), null, out.data(), x.rows(), x.cols(), context), context);
    }

    @Override
    protected void argmaxRowsKernel(ArrayMatrix x, int[] out) {
        float[] data = x.data();
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            out[r] = Kernels.argmax(data, r * cols, cols);
        }
    }

    @Override
    protected double sumKernel(ArrayMatrix x) {
        float[] data = x.data();
        return Kernels.sum(data, 0, data.length);
    }

    @Override
    protected double sumOfSquaresKernel(ArrayMatrix x) {
        float[] data = x.data();
        return Kernels.dot(data, data, 0, data.length);
    }
}
