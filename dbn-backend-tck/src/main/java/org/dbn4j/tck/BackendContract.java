package org.dbn4j.tck;

import static org.dbn4j.tck.ContractGenerators.activations;
import static org.dbn4j.tck.ContractGenerators.alphas;
import static org.dbn4j.tck.ContractGenerators.betas;
import static org.dbn4j.tck.ContractGenerators.dims;
import static org.dbn4j.tck.ContractGenerators.elementwiseActivations;
import static org.dbn4j.tck.ContractGenerators.largeDims;
import static org.dbn4j.tck.ContractGenerators.nans;
import static org.dbn4j.tck.ContractGenerators.seeds;
import static org.dbn4j.tck.ContractGenerators.smallIntegers;
import static org.dbn4j.tck.ContractGenerators.uniform;
import static org.dbn4j.tck.ContractGenerators.withExtremes;
import static org.dbn4j.tck.MatrixAssert.assertClose;
import static org.dbn4j.tck.MatrixAssert.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.tensor.ShapeMismatchException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * The contract every backend passes: each operation compared with {@link ReferenceBackend} on
 * generated shapes and data, the samplers checked statistically, and the error behaviour of
 * {@link Backend} checked directly.
 *
 * <p>A backend module runs it with one small test class:
 *
 * <pre>{@code
 * class CpuSimdBackendContractTest extends BackendContract {
 *     protected Backend backend() { return new CpuSimdBackend(); }
 * }
 * }</pre>
 *
 * <p>Properties run {@value #DEFAULT_EXAMPLES} generated cases each from a fixed seed; the
 * system properties {@code dbn4j.tck.examples} and {@code dbn4j.tck.seed} change both, for
 * longer or different explorations. Failures name the operation, the shapes, the flags and the
 * worst element.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
public abstract class BackendContract {

    /** Generated cases per property unless {@code -Ddbn4j.tck.examples} says otherwise. */
    public static final int DEFAULT_EXAMPLES = 300;

    private static final long DEFAULT_SEED = 0x0DB4_1A2B_3C4DL;

    /** Relative and absolute rounding allowance per summed term in products. */
    private static final double PRODUCT_TOLERANCE = 2e-6;
    /** Relative and absolute allowance for transcendental functions (a few float ulps). */
    private static final double FUNCTION_TOLERANCE = 1e-5;
    /** Allowance for single float arithmetic operations, with or without fused multiply-add. */
    private static final double ARITHMETIC_TOLERANCE = 1e-6;

    private final ReferenceBackend reference = new ReferenceBackend();
    private Backend subject;

    /** Creates the contract; JUnit instantiates the subclass once per test class. */
    protected BackendContract() {
    }

    /**
     * Creates the backend under test. Called once per test class; the contract closes it.
     *
     * @return a new backend
     */
    protected abstract Backend backend();

    /**
     * The largest number of bytes the calling thread may allocate per call of an operation,
     * averaged over a round of calls in steady state, when the operation is given its output.
     * Zero-allocation backends keep the default; a backend whose underlying library allocates
     * small Java wrappers per call may raise it for the operations concerned and say why.
     *
     * @param operation the operation's name as the failure message gives it, for example
     *     {@code "sampleGaussian"} or {@code "activate SIGMOID"}
     * @return the budget in bytes per call
     */
    protected long allocationBudgetBytesPerCall(String operation) {
        return 16;
    }

    @BeforeAll
    final void openBackend() {
        subject = Objects.requireNonNull(backend(), "backend() returned null");
    }

    @AfterAll
    final void closeBackend() {
        if (subject != null) {
            subject.close();
        }
    }

    /**
     * The backend under test, as returned by {@link #backend()}.
     *
     * @return the backend
     */
    protected final Backend subject() {
        return subject;
    }

    private QuickTheory theory() {
        return QuickTheory.qt()
                .withFixedSeed(Long.getLong("dbn4j.tck.seed", DEFAULT_SEED))
                .withExamples(Integer.getInteger("dbn4j.tck.examples", DEFAULT_EXAMPLES));
    }

    /** The same data in the backend under test and in the reference. */
    private final class Twin implements AutoCloseable {
        final Matrix s;
        final Matrix r;
        final int rows;
        final int cols;

        Twin(int rows, int cols, float[] data) {
            this.rows = rows;
            this.cols = cols;
            this.s = subject.matrix(rows, cols, data);
            this.r = reference.matrix(rows, cols, data);
        }

        void assertClose(String what, Tolerance tolerance) {
            MatrixAssert.assertClose(what, r.toArray(), s.toArray(), cols, tolerance);
        }

        @Override
        public void close() {
            s.close();
            r.close();
        }
    }

    private Twin twin(int rows, int cols, float[] data) {
        return new Twin(rows, cols, data);
    }

    // ================================================================== products

    /** A generated gemm call. */
    record GemmCase(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, float beta, long seed) {
        int aRows() {
            return transposeA ? k : m;
        }

        int aCols() {
            return transposeA ? m : k;
        }

        int bRows() {
            return transposeB ? n : k;
        }

        int bCols() {
            return transposeB ? k : n;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "gemm(transposeA=%s, transposeB=%s, alpha=%s, beta=%s; a %dx%d, b %dx%d, c %dx%d%s)",
                    transposeA, transposeB, alpha, beta, aRows(), aCols(), bRows(), bCols(), m, n,
                    beta == 0f ? " NaN-filled" : "");
        }
    }

    private static Gen<GemmCase> gemmCases(Gen<Integer> dimensions) {
        Gen<int[]> shape = dimensions.zip(dimensions, dimensions, (m, n, k) -> new int[] {m, n, k});
        Gen<boolean[]> flags = org.quicktheories.generators.Generate.booleans()
                .zip(org.quicktheories.generators.Generate.booleans(), (x, y) -> new boolean[] {x, y});
        return shape.zip(flags, alphas(), betas(), seeds(),
                (s, f, alpha, beta, seed) -> new GemmCase(f[0], f[1], s[0], s[1], s[2], alpha, beta, seed));
    }

    private void checkGemm(GemmCase c) {
        float[] cInit = c.beta == 0f ? nans(c.m * c.n) : uniform(c.seed + 2, c.m * c.n, -1, 1);
        try (Twin a = twin(c.aRows(), c.aCols(), uniform(c.seed, c.aRows() * c.aCols(), -1, 1));
             Twin b = twin(c.bRows(), c.bCols(), uniform(c.seed + 1, c.bRows() * c.bCols(), -1, 1));
             Twin out = twin(c.m, c.n, cInit)) {
            subject.gemm(c.transposeA, c.transposeB, c.alpha, a.s, b.s, c.beta, out.s);
            reference.gemm(c.transposeA, c.transposeB, c.alpha, a.r, b.r, c.beta, out.r);
            out.assertClose(c.toString(), Tolerance.scaled(PRODUCT_TOLERANCE, PRODUCT_TOLERANCE, c.k + 1));
        }
    }

    @Test
    void gemmMatchesReferenceForAllTransposesAndScalars() {
        theory().forAll(gemmCases(dims(70, true))).checkAssert(this::checkGemm);
    }

    @Test
    void gemmMatchesReferenceOnShapesLargerThanCacheBlocks() {
        QuickTheory.qt().withFixedSeed(Long.getLong("dbn4j.tck.seed", DEFAULT_SEED)).withExamples(8)
                .forAll(gemmCases(largeDims(130, 420))).checkAssert(this::checkGemm);
    }

    @Test
    void gemmMatchesReferenceOnTheShapesOfAnRbmStep() {
        int batch = 100;
        int visible = 784;
        int hidden = 500;
        checkGemm(new GemmCase(false, true, batch, hidden, visible, 1f, 0f, 1));   // up pass
        checkGemm(new GemmCase(false, false, batch, visible, hidden, 1f, 0f, 2));  // down pass
        checkGemm(new GemmCase(true, false, hidden, visible, batch, 0.01f, 0.9f, 3)); // weight gradient
        checkGemm(new GemmCase(false, false, batch, visible, 2000, 0.5f, 0.25f, 4)); // backprop delta
        checkAffine(new AffineCase(batch, hidden, visible, false, Activation.SIGMOID, 5)); // down pass
        checkAffine(new AffineCase(batch, visible, hidden, true, Activation.SIGMOID, 6)); // up pass
    }

    /** A generated affine call. */
    record AffineCase(int rows, int in, int units, boolean transposeW, Activation activation, long seed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "affine(%s, transposeW=%s; x %dx%d, w %s, bias 1x%d, out %dx%d)",
                    activation, transposeW, rows, in, transposeW ? units + "x" + in : in + "x" + units, units, rows,
                    units);
        }
    }

    @Test
    void affineMatchesReferenceForEveryActivation() {
        Gen<int[]> shape = dims(70, true).zip(dims(70, false), dims(70, false), (r, i, u) -> new int[] {r, i, u});
        Gen<AffineCase> cases = shape.zip(org.quicktheories.generators.Generate.booleans(), activations(), seeds(),
                (s, t, act, seed) -> new AffineCase(s[0], s[1], s[2], t, act, seed));
        theory().forAll(cases).checkAssert(this::checkAffine);
    }

    /**
     * Products deeper than any backend's cache block (cpu-simd packs up to 2048 steps of the
     * shared dimension) accumulate over several passes; bias and activation belong to the last.
     */
    @Test
    void productsDeeperThanCacheBlocksMatchReference() {
        int deep = 4100;
        checkGemm(new GemmCase(false, false, 37, 45, deep, 1f, 0f, 11));
        checkGemm(new GemmCase(false, true, 37, 45, deep, 0.5f, 0.25f, 12));
        checkGemm(new GemmCase(true, false, 37, 45, deep, 1f, 1f, 13));
        checkGemm(new GemmCase(true, true, 37, 45, deep, -1f, 0f, 14));
        checkAffine(new AffineCase(19, deep, 40, true, Activation.SIGMOID, 15));
        checkAffine(new AffineCase(19, deep, 40, false, Activation.SOFTMAX, 16));
    }

    private void checkAffine(AffineCase c) {
        int wRows = c.transposeW ? c.units : c.in;
        int wCols = c.transposeW ? c.in : c.units;
        try (Twin x = twin(c.rows, c.in, uniform(c.seed, c.rows * c.in, -2, 2));
             Twin w = twin(wRows, wCols, uniform(c.seed + 1, wRows * wCols, -0.5, 0.5));
             Twin bias = twin(1, c.units, uniform(c.seed + 2, c.units, -1, 1));
             Twin out = twin(c.rows, c.units, nans(c.rows * c.units));
             Twin z = twin(c.rows, c.units, nans(c.rows * c.units))) {
            subject.affine(x.s, w.s, c.transposeW, bias.s, c.activation, out.s);
            reference.affine(x.r, w.r, c.transposeW, bias.r, c.activation, out.r);
            reference.affine(x.r, w.r, c.transposeW, bias.r, Activation.IDENTITY, z.r);
            float[] preActivation = z.r.toArray();
            // Rounding in the product moves the pre-activation; no activation here has a
            // slope above 1 (softmax moves by at most twice the largest input change).
            double rowFactor = c.activation == Activation.SOFTMAX ? 2.0 : 1.0;
            out.assertClose(c.toString(), (e, expected) -> rowFactor * (c.in + 2) * PRODUCT_TOLERANCE
                    * (1 + Math.abs(preActivation[e])) + FUNCTION_TOLERANCE * Math.abs(expected));
        }
    }

    // ================================================================== activations

    /** A generated element-wise or row-wise call on one matrix. */
    record UnaryCase(int rows, int cols, Activation activation, boolean inPlace, long seed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s; x %dx%d%s", activation, rows, cols, inPlace ? ", in place" : "");
        }
    }

    private static Gen<UnaryCase> unaryCases(Gen<Activation> activations) {
        Gen<int[]> shape = dims(70, true).zip(dims(70, true), (r, c) -> new int[] {r, c});
        return shape.zip(activations, org.quicktheories.generators.Generate.booleans(), seeds(),
                (s, act, inPlace, seed) -> new UnaryCase(s[0], s[1], act, inPlace, seed));
    }

    @Test
    void activateMatchesReferenceIncludingExtremeInputs() {
        theory().forAll(unaryCases(activations())).checkAssert(c -> {
            float[] data = withExtremes(c.seed, c.rows * c.cols, 30);
            try (Twin x = twin(c.rows, c.cols, data); Twin out = twin(c.rows, c.cols, nans(data.length))) {
                Matrix sOut = c.inPlace ? x.s : out.s;
                Matrix rOut = c.inPlace ? x.r : out.r;
                subject.activate(c.activation, x.s, sOut);
                reference.activate(c.activation, x.r, rOut);
                float[] actual = sOut.toArray();
                for (int e = 0; e < actual.length; e++) {
                    if (Float.isNaN(actual[e])) {
                        throw new AssertionError("activate(" + c + "): NaN at [" + e / c.cols + "][" + e % c.cols
                                + "] for input " + data[e]);
                    }
                }
                int terms = c.activation.isRowWise() ? c.cols : 1;
                MatrixAssert.assertClose("activate(" + c + ")", rOut.toArray(), actual, c.cols,
                        Tolerance.scaled(FUNCTION_TOLERANCE, ARITHMETIC_TOLERANCE, terms));
            }
        });
    }

    @Test
    void activationGradientMatchesReference() {
        theory().forAll(unaryCases(activations())).checkAssert(c -> {
            int n = c.rows * c.cols;
            try (Twin pre = twin(c.rows, c.cols, uniform(c.seed, n, -6, 6))) {
                reference.activate(c.activation, pre.r, pre.r);
                float[] y = pre.r.toArray();
                try (Twin yy = twin(c.rows, c.cols, y);
                     Twin grad = twin(c.rows, c.cols, uniform(c.seed + 1, n, -1, 1));
                     Twin out = twin(c.rows, c.cols, nans(n))) {
                    Matrix sOut = c.inPlace ? grad.s : out.s;
                    Matrix rOut = c.inPlace ? grad.r : out.r;
                    subject.activationGradient(c.activation, yy.s, grad.s, sOut);
                    reference.activationGradient(c.activation, yy.r, grad.r, rOut);
                    int terms = c.activation.isRowWise() ? c.cols + 1 : 1;
                    MatrixAssert.assertClose("activationGradient(" + c + ")", rOut.toArray(), sOut.toArray(),
                            c.cols, Tolerance.scaled(FUNCTION_TOLERANCE, ARITHMETIC_TOLERANCE, terms));
                }
            }
        });
    }

    @Test
    void softmaxGroupsMatchesReferenceIncludingExtremeInputs() {
        Gen<int[]> shape = dims(40, true).zip(dims(12, false), org.quicktheories.generators.Generate.range(1, 10),
                (r, g, k) -> new int[] {r, g, k});
        theory().forAll(shape, seeds(), org.quicktheories.generators.Generate.booleans()).checkAssert((s, seed, inPlace) -> {
            int rows = s[0];
            int cols = s[1] * s[2];
            String what = "softmaxGroups(" + s[2] + "; x " + rows + "x" + cols + (inPlace ? ", in place)" : ")");
            try (Twin x = twin(rows, cols, withExtremes(seed, rows * cols, 30));
                 Twin out = twin(rows, cols, nans(rows * cols))) {
                Matrix sOut = inPlace ? x.s : out.s;
                Matrix rOut = inPlace ? x.r : out.r;
                subject.softmaxGroups(s[2], x.s, sOut);
                reference.softmaxGroups(s[2], x.r, rOut);
                MatrixAssert.assertClose(what, rOut.toArray(), sOut.toArray(), cols,
                        Tolerance.scaled(FUNCTION_TOLERANCE, ARITHMETIC_TOLERANCE, s[2]));
            }
        });
    }

    @Test
    void elementwiseActivationsAreMonotoneAndBounded() {
        float[] xs = new float[2001];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (i - 1000) * 0.05f;
        }
        try (Matrix x = subject.matrix(1, xs.length, xs); Matrix y = subject.matrix(1, xs.length)) {
            for (Activation act : new Activation[] {Activation.SIGMOID, Activation.SOFTPLUS, Activation.RELU}) {
                subject.activate(act, x, y);
                float[] v = y.toArray();
                for (int i = 1; i < v.length; i++) {
                    if (v[i] < v[i - 1]) {
                        throw new AssertionError(act + " decreases between " + xs[i - 1] + " and " + xs[i] + ": "
                                + v[i - 1] + " > " + v[i]);
                    }
                    if (v[i] < 0 || (act == Activation.SIGMOID && v[i] > 1)) {
                        throw new AssertionError(act + "(" + xs[i] + ") = " + v[i] + " is out of range");
                    }
                }
            }
        }
    }

    // ================================================================== element-wise arithmetic

    /** A generated element-wise call on up to two operands. */
    record ElementwiseCase(int rows, int cols, int op, int alias, float alpha, float beta, long seed) {
        static final String[] OPS = {"axpby", "add", "subtract", "multiplyElementwise", "addRowVector",
            "multiplyRowVector", "copy", "fill"};
        static final String[] ALIASES = {"distinct output", "output is the first operand", "output is the second operand"};

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s(alpha=%s, beta=%s; %dx%d, %s)", OPS[op], alpha, beta, rows, cols,
                    ALIASES[alias]);
        }
    }

    @Test
    void elementwiseArithmeticMatchesReference() {
        Gen<int[]> shape = dims(70, true).zip(dims(70, true), (r, c) -> new int[] {r, c});
        Gen<int[]> kind = org.quicktheories.generators.Generate.range(0, ElementwiseCase.OPS.length - 1)
                .zip(org.quicktheories.generators.Generate.range(0, 2), (op, alias) -> new int[] {op, alias});
        Gen<ElementwiseCase> cases = shape.zip(kind, alphas(), betas(), seeds(),
                (s, k, alpha, beta, seed) -> new ElementwiseCase(s[0], s[1], k[0], k[1], alpha, beta, seed));
        theory().forAll(cases).checkAssert(c -> {
            int n = c.rows * c.cols;
            boolean rowOp = c.op == 4 || c.op == 5;
            int bRows = rowOp ? 1 : c.rows;
            float[] outInit = c.op == 0 && c.beta != 0f ? uniform(c.seed + 2, n, -2, 2) : nans(n);
            try (Twin a = twin(c.rows, c.cols, uniform(c.seed, n, -2, 2));
                 Twin b = twin(bRows, c.cols, uniform(c.seed + 1, bRows * c.cols, -2, 2));
                 Twin out = twin(c.rows, c.cols, outInit)) {
                boolean aliasB = c.alias == 2 && !rowOp && c.op != 0 && c.op < 6;
                Twin target = c.alias == 1 ? a : aliasB ? b : out;
                applyElementwise(subject, c, a.s, b.s, target.s);
                applyElementwise(reference, c, a.r, b.r, target.r);
                target.assertClose(c.toString(), (e, expected) -> ARITHMETIC_TOLERANCE * (1 + Math.abs(expected)));
            }
        });
    }

    private static void applyElementwise(Backend backend, ElementwiseCase c, Matrix a, Matrix b, Matrix out) {
        switch (c.op) {
            case 0 -> backend.axpby(c.alpha, a, c.beta, out);
            case 1 -> backend.add(a, b, out);
            case 2 -> backend.subtract(a, b, out);
            case 3 -> backend.multiplyElementwise(a, b, out);
            case 4 -> backend.addRowVector(a, b, out);
            case 5 -> backend.multiplyRowVector(a, b, out);
            case 6 -> backend.copy(a, out);
            case 7 -> backend.fill(c.alpha, out);
            default -> throw new IllegalStateException("op " + c.op);
        }
    }

    /** A generated Adam step. */
    record AdamCase(int rows, int cols, float rate, float beta1, float beta2, int step, long seed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "adamUpdate(rate=%s, beta1=%s, beta2=%s, step=%d; %dx%d)", rate, beta1,
                    beta2, step, rows, cols);
        }
    }

    @Test
    void adamUpdateMatchesReference() {
        Gen<int[]> shape = dims(70, true).zip(dims(70, true), (r, c) -> new int[] {r, c});
        Gen<float[]> hyper = org.quicktheories.generators.Generate.pick(List.of(
                new float[] {1e-3f, 0.9f, 0.999f}, new float[] {0.1f, 0.5f, 0.9f}, new float[] {1e-2f, 0f, 0.99f}));
        Gen<AdamCase> cases = shape.zip(hyper, org.quicktheories.generators.Generate.range(1, 2000), seeds(),
                (s, h, step, seed) -> new AdamCase(s[0], s[1], h[0], h[1], h[2], step, seed));
        theory().forAll(cases).checkAssert(c -> {
            int n = c.rows * c.cols;
            float[] second = uniform(c.seed + 2, n, 0, 2);
            try (Twin g = twin(c.rows, c.cols, uniform(c.seed, n, -2, 2));
                 Twin m = twin(c.rows, c.cols, uniform(c.seed + 1, n, -1, 1));
                 Twin v = twin(c.rows, c.cols, second);
                 Twin p = twin(c.rows, c.cols, uniform(c.seed + 3, n, -3, 3))) {
                subject.adamUpdate(c.rate, c.beta1, c.beta2, 1e-8f, c.step, g.s, m.s, v.s, p.s);
                reference.adamUpdate(c.rate, c.beta1, c.beta2, 1e-8f, c.step, g.r, m.r, v.r, p.r);
                m.assertClose(c + " first moment", (e, expected) -> ARITHMETIC_TOLERANCE * (1 + Math.abs(expected)));
                v.assertClose(c + " second moment", (e, expected) -> ARITHMETIC_TOLERANCE * (1 + Math.abs(expected)));
                p.assertClose(c + " parameters", (e, expected) -> ARITHMETIC_TOLERANCE * (1 + Math.abs(expected)));
            }
        });
    }

    @Test
    void adamUpdateRejectsAliasesAndBadHyperparameters() {
        try (Matrix a = subject.matrix(2, 3); Matrix b = subject.matrix(2, 3); Matrix c = subject.matrix(2, 3);
             Matrix d = subject.matrix(2, 3); Matrix e = subject.matrix(3, 2)) {
            IllegalArgumentException alias = assertThrows(IllegalArgumentException.class,
                    () -> subject.adamUpdate(0.1f, 0.9f, 0.999f, 1e-8f, 1, a, b, b, d));
            assertTrue(alias.getMessage().contains("secondMoment must be a different matrix from firstMoment"),
                    alias.getMessage());
            assertThrows(IllegalArgumentException.class, () -> subject.adamUpdate(0.1f, 1f, 0.999f, 1e-8f, 1, a, b, c, d));
            assertThrows(IllegalArgumentException.class, () -> subject.adamUpdate(0.1f, 0.9f, 0.999f, 1e-8f, 0, a, b, c, d));
            ShapeMismatchException shape = assertThrows(ShapeMismatchException.class,
                    () -> subject.adamUpdate(0.1f, 0.9f, 0.999f, 1e-8f, 1, a, b, c, e));
            assertTrue(shape.getMessage().contains("2x3") && shape.getMessage().contains("3x2"), shape.getMessage());
        }
    }

    /** A generated gather of rows. */
    record GatherCase(int sourceRows, int cols, int outRows, int offset, long seed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "gatherRows(source %dx%d, offset %d, out %dx%d)", sourceRows, cols,
                    offset, outRows, cols);
        }
    }

    @Test
    void gatherRowsMatchesReference() {
        Gen<int[]> shape = dims(70, false).zip(dims(70, true), dims(70, true), (s, c, o) -> new int[] {s, c, o});
        Gen<GatherCase> cases = shape.zip(org.quicktheories.generators.Generate.range(0, 5), seeds(),
                (s, off, seed) -> new GatherCase(s[0], s[1], s[2], off, seed));
        theory().forAll(cases).checkAssert(c -> {
            SplittableRandom r = new SplittableRandom(c.seed);
            int[] indices = new int[c.offset + c.outRows];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = r.nextInt(c.sourceRows);
            }
            try (Twin source = twin(c.sourceRows, c.cols, uniform(c.seed, c.sourceRows * c.cols, -1, 1));
                 Twin out = twin(c.outRows, c.cols, nans(c.outRows * c.cols))) {
                subject.gatherRows(source.s, indices, c.offset, out.s);
                reference.gatherRows(source.r, indices, c.offset, out.r);
                assertIdentical(c.toString(), out.r.toArray(), out.s.toArray(), c.cols);
            }
        });
    }

    // ================================================================== reductions

    /** A generated reduction over one matrix. */
    record ReductionCase(int rows, int cols, float alpha, float beta, boolean extremes, long seed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "x %dx%d, alpha=%s, beta=%s%s", rows, cols, alpha, beta,
                    extremes ? ", extreme values" : "");
        }
    }

    private static Gen<ReductionCase> reductionCases() {
        Gen<int[]> shape = dims(90, true).zip(dims(90, true), (r, c) -> new int[] {r, c});
        return shape.zip(alphas(), betas(), org.quicktheories.generators.Generate.booleans(), seeds(),
                (s, alpha, beta, extremes, seed) -> new ReductionCase(s[0], s[1], alpha, beta, extremes, seed));
    }

    @Test
    void columnAndRowSumsMatchReference() {
        theory().forAll(reductionCases()).checkAssert(c -> {
            try (Twin x = twin(c.rows, c.cols, uniform(c.seed, c.rows * c.cols, -2, 2));
                 Twin colOut = twin(1, c.cols, c.beta == 0f ? nans(c.cols) : uniform(c.seed + 1, c.cols, -1, 1));
                 Twin rowOut = twin(c.rows, 1, nans(c.rows))) {
                subject.columnSums(c.alpha, x.s, c.beta, colOut.s);
                reference.columnSums(c.alpha, x.r, c.beta, colOut.r);
                colOut.assertClose("columnSums(" + c + ")", Tolerance.scaled(PRODUCT_TOLERANCE, PRODUCT_TOLERANCE,
                        c.rows + 1));
                subject.rowSums(x.s, rowOut.s);
                reference.rowSums(x.r, rowOut.r);
                rowOut.assertClose("rowSums(" + c + ")", Tolerance.scaled(PRODUCT_TOLERANCE, PRODUCT_TOLERANCE,
                        c.cols + 1));
            }
        });
    }

    @Test
    void logSumExpRowsMatchesReferenceWithoutOverflow() {
        theory().forAll(reductionCases()).checkAssert(c -> {
            int n = c.rows * c.cols;
            float[] data = c.extremes ? withExtremes(c.seed, n, 50) : uniform(c.seed, n, -30, 30);
            try (Twin x = twin(c.rows, c.cols, data); Twin out = twin(c.rows, 1, nans(c.rows))) {
                subject.logSumExpRows(x.s, out.s);
                reference.logSumExpRows(x.r, out.r);
                out.assertClose("logSumExpRows(" + c + ")", Tolerance.scaled(FUNCTION_TOLERANCE,
                        FUNCTION_TOLERANCE, c.cols + 1));
            }
        });
    }

    @Test
    void argmaxRowsMatchesReferenceWithTiesGoingToTheFirstColumn() {
        Gen<int[]> shape = dims(70, true).zip(dims(70, false), (r, c) -> new int[] {r, c});
        theory().forAll(shape, seeds()).checkAssert((s, seed) -> {
            float[] data = smallIntegers(seed, s[0] * s[1], 5);
            try (Twin x = twin(s[0], s[1], data)) {
                int[] expected = new int[s[0] + 3];
                int[] actual = new int[s[0] + 3];
                reference.argmaxRows(x.r, expected);
                subject.argmaxRows(x.s, actual);
                assertArrayEquals(expected, actual, "argmaxRows(x " + s[0] + "x" + s[1] + ")");
            }
        });
    }

    @Test
    void sumAndSumOfSquaresMatchReference() {
        theory().forAll(reductionCases()).checkAssert(c -> {
            int n = c.rows * c.cols;
            try (Twin x = twin(c.rows, c.cols, uniform(c.seed, n, -2, 2))) {
                double tol = (n + 1) * PRODUCT_TOLERANCE;
                double expectedSum = reference.sum(x.r);
                double actualSum = subject.sum(x.s);
                assertTrue(Math.abs(expectedSum - actualSum) <= tol * (1 + Math.abs(expectedSum)),
                        () -> "sum(" + c + "): expected " + expectedSum + ", got " + actualSum);
                double expectedSq = reference.sumOfSquares(x.r);
                double actualSq = subject.sumOfSquares(x.s);
                assertTrue(Math.abs(expectedSq - actualSq) <= tol * (1 + Math.abs(expectedSq)),
                        () -> "sumOfSquares(" + c + "): expected " + expectedSq + ", got " + actualSq);
            }
        });
    }

    // ================================================================== storage

    @Test
    void matricesStoreRowMajorDataAndStartAtZero() {
        theory().forAll(dims(40, true), dims(40, true), seeds()).checkAssert((rows, cols, seed) -> {
            float[] data = uniform(seed, rows * cols, -1, 1);
            try (Matrix zero = subject.matrix(rows, cols); Matrix m = subject.matrix(rows, cols, data)) {
                assertEquals(rows, m.rows());
                assertEquals(cols, m.cols());
                assertTrue(m.backend() == subject, "a matrix reports the backend that created it");
                assertIdentical("new matrix " + rows + "x" + cols, new float[rows * cols], zero.toArray(), cols);
                float[] back = m.toArray();
                assertIdentical("toArray after matrix(rows, cols, data) " + rows + "x" + cols, data, back, cols);
                assertNotSame(m.toArray(), m.toArray(), "toArray returns a fresh copy");
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        assertEquals(data[i * cols + j], m.get(i, j), "get(" + i + ", " + j + ")");
                    }
                }
                float[] other = uniform(seed + 1, rows * cols, -1, 1);
                m.copyFrom(other);
                assertIdentical("toArray after copyFrom " + rows + "x" + cols, other, m.toArray(), cols);
                int offset = (int) (Math.abs(seed) % 5);
                float[] larger = uniform(seed + 2, offset + rows * cols + 3, -1, 1);
                m.copyFrom(larger, offset);
                float[] block = Arrays.copyOfRange(larger, offset, offset + rows * cols);
                assertIdentical("toArray after copyFrom(source, " + offset + ")", block, m.toArray(), cols);
                float[] target = new float[offset + rows * cols + 2];
                Arrays.fill(target, 7f);
                m.copyTo(target, offset);
                for (int i = 0; i < target.length; i++) {
                    float expected = i >= offset && i < offset + rows * cols ? block[i - offset] : 7f;
                    assertEquals(expected, target[i], "copyTo(target, " + offset + ") at " + i);
                }
                assertThrows(IndexOutOfBoundsException.class, () -> m.copyFrom(larger, larger.length - rows * cols + 1));
                assertThrows(IndexOutOfBoundsException.class, () -> m.copyTo(target, target.length - rows * cols + 1));
                try (Matrix moved = subject.copyOf(reference.matrix(rows, cols, data))) {
                    assertIdentical("copyOf from the reference backend", data, moved.toArray(), cols);
                }
            }
        });
    }

    @Test
    void dataSetsMapThroughTheBackendInBlocks() {
        theory().forAll(dims(40, true), dims(12, false), dims(6, false), seeds()).checkAssert((rows, cols, block, seed) -> {
            float[] features = uniform(seed, rows * cols, -1, 1);
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = i % 3;
            }
            org.dbn4j.data.DataSet data = new org.dbn4j.data.DataSet(features, rows, cols, labels, 3);
            int outputs = 2;
            float[] w = uniform(seed + 1, outputs * cols, -1, 1);
            try (Matrix weights = subject.matrix(outputs, cols, w); Matrix bias = subject.matrix(1, outputs)) {
                org.dbn4j.data.DataSet mapped = data.mapRows(subject, outputs, block,
                        (x, y) -> subject.affine(x, weights, true, bias, Activation.IDENTITY, y));
                assertEquals(rows, mapped.rows());
                assertEquals(outputs, mapped.cols());
                assertArrayEquals(labels, mapped.labels(), "labels are kept");
                float[] expected = new float[rows * outputs];
                for (int i = 0; i < rows; i++) {
                    for (int o = 0; o < outputs; o++) {
                        double sum = 0;
                        for (int j = 0; j < cols; j++) {
                            sum += (double) features[i * cols + j] * w[o * cols + j];
                        }
                        expected[i * outputs + o] = (float) sum;
                    }
                }
                assertClose("mapRows in blocks of " + block, expected, mapped.features(), outputs,
                        Tolerance.scaled(PRODUCT_TOLERANCE, PRODUCT_TOLERANCE, cols + 1));
                if (rows > 1) {
                    try (Matrix two = subject.matrix(2, cols)) {
                        data.copyRows(rows - 2, two);
                        assertIdentical("copyRows", Arrays.copyOfRange(features, (rows - 2) * cols, rows * cols),
                                two.toArray(), cols);
                        assertThrows(IndexOutOfBoundsException.class, () -> data.copyRows(rows - 1, two));
                        int[] order = {rows - 1, 0, rows / 2};
                        data.gatherRows(order, 1, two, new float[2 * cols + 5]);
                        float[] expected2 = new float[2 * cols];
                        System.arraycopy(features, 0, expected2, 0, cols);
                        System.arraycopy(features, rows / 2 * cols, expected2, cols, cols);
                        assertIdentical("gatherRows", expected2, two.toArray(), cols);
                        assertThrows(IndexOutOfBoundsException.class,
                                () -> data.gatherRows(new int[] {0, rows}, 0, two, new float[2 * cols]));
                        assertThrows(IllegalArgumentException.class,
                                () -> data.gatherRows(order, 0, two, new float[2 * cols - 1]));
                    }
                }
            }
        });
    }

    // ================================================================== errors

    @Test
    void shapeMismatchesNameBothShapes() {
        try (Matrix a = subject.matrix(3, 4); Matrix b = subject.matrix(5, 6); Matrix c = subject.matrix(3, 6);
             Matrix row = subject.matrix(1, 7); Matrix col = subject.matrix(2, 1)) {
            assertMessageNames(assertThrows(ShapeMismatchException.class,
                    () -> subject.gemm(false, false, 1f, a, b, 0f, c)), "gemm", "3x4", "5x6");
            assertMessageNames(assertThrows(ShapeMismatchException.class,
                    () -> subject.gemm(false, true, 1f, a, b, 0f, c)), "gemm", "3x4", "5x6");
            assertMessageNames(assertThrows(ShapeMismatchException.class,
                    () -> subject.affine(a, b, true, row, Activation.SIGMOID, c)), "affine", "3x4", "5x6");
            assertMessageNames(assertThrows(ShapeMismatchException.class, () -> subject.add(a, b, a)),
                    "add", "3x4", "5x6");
            assertMessageNames(assertThrows(ShapeMismatchException.class, () -> subject.addRowVector(a, row, a)),
                    "addRowVector", "3x4", "1x7");
            assertMessageNames(assertThrows(ShapeMismatchException.class, () -> subject.columnSums(1f, a, 0f, row)),
                    "columnSums", "3x4", "1x7");
            assertMessageNames(assertThrows(ShapeMismatchException.class, () -> subject.rowSums(a, col)),
                    "rowSums", "3x4", "2x1");
            assertMessageNames(assertThrows(ShapeMismatchException.class, () -> subject.activate(Activation.RELU, a, b)),
                    "activate", "3x4", "5x6");
            assertMessageNames(assertThrows(ShapeMismatchException.class, () -> a.copyFrom(new float[11])),
                    "11", "3x4");
            assertMessageNames(assertThrows(ShapeMismatchException.class, () -> subject.softmaxGroups(3, a, a)),
                    "softmaxGroups", "3x4", "groups of 3");
        }
    }

    @Test
    void matricesOfAnotherBackendAreRejected() {
        try (Matrix mine = subject.matrix(2, 2); Matrix foreign = reference.matrix(2, 2)) {
            Backend other = subject instanceof ReferenceBackend ? new ReferenceBackend() : reference;
            try (Matrix alien = other.matrix(2, 2)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> subject.add(mine, alien, mine));
                assertMessageNames(e, "add", "b");
            }
            if (!(subject instanceof ReferenceBackend)) {
                assertThrows(IllegalArgumentException.class, () -> subject.copy(foreign, mine));
            }
            RandomStream foreignRandom = other.randomStream(1);
            assertThrows(IllegalArgumentException.class, () -> subject.sampleBernoulli(foreignRandom, mine, mine));
        }
    }

    @Test
    void closedMatricesAndAliasedOutputsAreRejected() {
        Matrix closed = subject.matrix(2, 2);
        closed.close();
        closed.close();
        assertTrue(closed.isClosed());
        try (Matrix a = subject.matrix(2, 2); Matrix col = subject.matrix(2, 1)) {
            assertThrows(IllegalStateException.class, () -> subject.add(a, closed, a));
            assertThrows(IllegalStateException.class, closed::toArray);
            assertThrows(IllegalArgumentException.class, () -> subject.gemm(false, false, 1f, a, a, 0f, a));
            assertThrows(IllegalArgumentException.class, () -> subject.affine(a, a, false, subject.matrix(1, 2),
                    Activation.IDENTITY, a));
            assertThrows(IllegalArgumentException.class, () -> subject.columnSums(1f, col, 0f, col));
            assertThrows(IndexOutOfBoundsException.class, () -> subject.gatherRows(a, new int[] {0, 2}, 0, subject.matrix(2, 2)));
            assertThrows(IndexOutOfBoundsException.class, () -> subject.gatherRows(a, new int[] {0, 1}, 1, subject.matrix(2, 2)));
            assertThrows(IllegalArgumentException.class, () -> subject.matrix(-1, 3));
            assertThrows(IllegalArgumentException.class,
                    () -> subject.sampleGaussian(subject.randomStream(1), a, -1f, a));
        }
    }

    private static void assertMessageNames(Throwable e, String... parts) {
        String message = String.valueOf(e.getMessage());
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "message \"" + message + "\" should name " + part);
        }
    }

    // ================================================================== allocation

    // First in the class: what it measures is the compiled steady state of each operation, and
    // the JIT compiles better code from the plain profile of this loop than from the mixed
    // profiles the generated shapes leave behind (seen on JDK 25 with cpu-simd's softmax).
    @Test
    @org.junit.jupiter.api.Order(1)
    void operationsGivenTheirOutputsDoNotAllocate() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "the JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled(), "per-thread allocation counting is off");
        int rows = 33;
        int cols = 17;
        int units = 9;
        try (Matrix x = subject.matrix(rows, cols, uniform(1, rows * cols, -1, 1));
             Matrix y = subject.matrix(rows, cols, uniform(2, rows * cols, 0, 1));
             Matrix out = subject.matrix(rows, cols);
             Matrix w = subject.matrix(units, cols, uniform(3, units * cols, -1, 1));
             Matrix h = subject.matrix(rows, units);
             Matrix wGrad = subject.matrix(units, cols);
             Matrix hBias = subject.matrix(1, units);
             Matrix vBias = subject.matrix(1, cols);
             Matrix rowVec = subject.matrix(1, cols);
             Matrix colVec = subject.matrix(rows, 1);
             Matrix yAbs = subject.matrix(rows, cols, uniform(4, rows * cols, 0, 1));
             Matrix adamParams = subject.matrix(rows, cols)) {
            RandomStream random = subject.randomStream(7);
            int[] labels = new int[rows];
            int[] order = new int[rows];
            for (int i = 0; i < rows; i++) {
                order[i] = rows - 1 - i;
            }
            Map<String, Runnable> ops = new LinkedHashMap<>();
            ops.put("gemm", () -> subject.gemm(true, false, 1f, h, x, 0.5f, wGrad));
            ops.put("affine", () -> subject.affine(x, w, true, hBias, Activation.SIGMOID, h));
            ops.put("affine down", () -> subject.affine(h, w, false, vBias, Activation.SIGMOID, out));
            for (Activation act : Activation.values()) {
                ops.put("activate " + act, () -> subject.activate(act, x, out));
                ops.put("activationGradient " + act, () -> subject.activationGradient(act, y, x, out));
            }
            ops.put("sampleBernoulli", () -> subject.sampleBernoulli(random, y, out));
            ops.put("sampleGaussian", () -> subject.sampleGaussian(random, y, 1f, out));
            ops.put("sampleGaussian per column", () -> subject.sampleGaussian(random, y, rowVec, out));
            ops.put("sampleNoisyRelu", () -> subject.sampleNoisyRelu(random, x, out));
            ops.put("softmaxGroups", () -> subject.softmaxGroups(17, x, out));
            ops.put("sampleOneHotGroups", () -> subject.sampleOneHotGroups(random, 17, y, out));
            ops.put("axpby", () -> subject.axpby(0.5f, x, 0.9f, out));
            ops.put("add", () -> subject.add(x, y, out));
            ops.put("adamUpdate", () -> subject.adamUpdate(1e-3f, 0.9f, 0.999f, 1e-8f, 3, x, out, yAbs, adamParams));
            ops.put("subtract", () -> subject.subtract(x, y, out));
            ops.put("multiplyElementwise", () -> subject.multiplyElementwise(x, y, out));
            ops.put("addRowVector", () -> subject.addRowVector(x, rowVec, out));
            ops.put("multiplyRowVector", () -> subject.multiplyRowVector(x, rowVec, out));
            ops.put("copy", () -> subject.copy(x, out));
            ops.put("fill", () -> subject.fill(0.25f, out));
            ops.put("gatherRows", () -> subject.gatherRows(x, order, 0, out));
            ops.put("columnSums", () -> subject.columnSums(1f, x, 0f, rowVec));
            ops.put("rowSums", () -> subject.rowSums(x, colVec));
            ops.put("logSumExpRows", () -> subject.logSumExpRows(x, colVec));
            ops.put("argmaxRows", () -> subject.argmaxRows(x, labels));
            ops.put("sum", () -> subject.sum(x));
            ops.put("sumOfSquares", () -> subject.sumOfSquares(x));
            long thread = Thread.currentThread().getId();
            // Every operation's exact call shape first, all of them in turn, as a training loop
            // mixes them: the JIT then compiles each kernel with the profile of every path it will
            // take, instead of compiling one before its other paths ran and recompiling it later.
            long warmUntil = System.nanoTime() + 5_000_000_000L;
            for (int round = 0; round < 2_000 && System.nanoTime() < warmUntil; round++) {
                ops.values().forEach(Runnable::run);
            }
            int calls = 200;
            long patienceNanos = 30_000_000_000L;
            for (Map.Entry<String, Runnable> op : ops.entrySet()) {
                // Steady state is what counts: until the JIT has compiled an operation's loops, an
                // interpreted Vector API call boxes its vectors. The op passes once a round of calls
                // stays in budget. Between rounds over budget the test sleeps: with the calling
                // thread and a spinning worker on both cores of a 2-core machine, the compiler
                // threads got so little time that in about one build of six some kernel was still
                // waiting for C2 after 10 s of back-to-back calls.
                Runnable call = op.getValue();
                long budget = allocationBudgetBytesPerCall(op.getKey());
                long best = Long.MAX_VALUE;
                long start = System.nanoTime();
                while (best > budget && System.nanoTime() - start < patienceNanos) {
                    long before = threads.getThreadAllocatedBytes(thread);
                    for (int i = 0; i < calls; i++) {
                        call.run();
                    }
                    best = Math.min(best, (threads.getThreadAllocatedBytes(thread) - before) / calls);
                    if (best > budget) {
                        pauseForTheCompiler();
                    }
                }
                long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                if (seconds >= 5 && best <= budget) {
                    System.out.println("allocation check: " + op.getKey() + " reached its steady state after " + seconds
                            + " s");
                }
                long perCall = best;
                if (perCall > budget) {
                    throw new AssertionError(op.getKey() + " allocated " + perCall
                            + " bytes per call on the calling thread, in its best round of " + calls
                            + " calls within 30 s; the budget is " + budget + "\n" + AllocationSites.describe(call));
                }
            }
        }
    }

    private static void pauseForTheCompiler() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the JIT", e);
        }
    }

    // ================================================================== sampling

    @Test
    void bernoulliSamplesFollowTheirProbabilities() {
        SamplerChecks.bernoulliFollowsProbabilities(subject);
    }

    @Test
    void bernoulliSamplesAreIndependentAcrossRowsAndColumns() {
        SamplerChecks.bernoulliIsIndependent(subject);
    }

    @Test
    void gaussianSamplesHaveTheRightMomentsAndTails() {
        SamplerChecks.gaussianMoments(subject);
    }

    @Test
    void gaussianSamplesWithColumnStddevsHaveTheRightVariancePerColumn() {
        SamplerChecks.gaussianColumnVariances(subject);
    }

    @Test
    void noisyReluSamplesMatchTheirClosedFormMoments() {
        SamplerChecks.noisyReluMoments(subject);
    }

    @Test
    void oneHotSamplesFollowTheirGroupsProbabilities() {
        SamplerChecks.oneHotFollowsProbabilities(subject);
    }

    @Test
    void samplesAreReproducibleUnderASeedAndDifferAcrossSeedsAndCalls() {
        SamplerChecks.reproducibility(subject);
    }
}
