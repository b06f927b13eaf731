package org.dbn4j.tensor;

import java.util.Objects;

/**
 * Base class for backends: validates every call (ownership, closed matrices, shapes, aliasing)
 * in one place, so all backends reject bad calls with the same messages, and hands the checked
 * arguments to the backend's kernels.
 *
 * <p>Kernels are called only with matrices owned by this backend, of fitting shapes, and may
 * assume the aliasing rules of {@link Backend}. Kernels of element-wise operations may be
 * called with zero-sized matrices; products are called with {@code m, n >= 1}, and with
 * {@code k == 0} only after the backend has been asked to scale {@code c} by {@code beta}.
 *
 * @param <M> the backend's matrix class
 * @param <R> the backend's random stream class
 */
public abstract class AbstractBackend<M extends Matrix, R extends RandomStream> implements Backend {

    private final Class<M> matrixClass;
    private final Class<R> randomClass;

    /**
     * Creates the base.
     *
     * @param matrixClass the class of the matrices this backend creates
     * @param randomClass the class of the random streams this backend creates
     */
    protected AbstractBackend(Class<M> matrixClass, Class<R> randomClass) {
        this.matrixClass = Objects.requireNonNull(matrixClass, "matrixClass");
        this.randomClass = Objects.requireNonNull(randomClass, "randomClass");
    }

    @Override
    public String toString() {
        return name() + " (" + description() + ")";
    }

    // ------------------------------------------------------------------ products

    @Override
    public final void gemm(boolean transposeA, boolean transposeB, float alpha, Matrix a, Matrix b,
                           float beta, Matrix c) {
        String op = "gemm";
        M ma = own(a, op, "a");
        M mb = own(b, op, "b");
        M mc = own(c, op, "c");
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (k != kb) {
            throw new ShapeMismatchException(op + ": op(a) is " + m + "x" + k + " (" + describeOp("a", a, transposeA)
                    + ") but op(b) is " + kb + "x" + n + " (" + describeOp("b", b, transposeB)
                    + "): inner dimensions " + k + " and " + kb + " differ");
        }
        if (c.rows() != m || c.cols() != n) {
            throw new ShapeMismatchException(op + ": c is " + c.shape() + " but op(a) * op(b) is " + m + "x" + n
                    + " (" + describeOp("a", a, transposeA) + ", " + describeOp("b", b, transposeB) + ")");
        }
        requireDistinct(op, "c", c, "a", a);
        requireDistinct(op, "c", c, "b", b);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            if (beta == 0f) {
                fillKernel(0f, mc);
            } else if (beta != 1f) {
                axpbyKernel(beta, mc, 0f, mc);
            }
            return;
        }
        gemmKernel(transposeA, transposeB, m, n, k, alpha, ma, mb, beta, mc);
    }

    @Override
    public final void affine(Matrix x, Matrix w, boolean transposeW, Matrix bias, Activation activation, Matrix out) {
        String op = "affine";
        M mx = own(x, op, "x");
        M mw = own(w, op, "w");
        M mb = own(bias, op, "bias");
        M mo = own(out, op, "out");
        Objects.requireNonNull(activation, "affine: activation is null");
        int in = transposeW ? w.cols() : w.rows();
        int units = transposeW ? w.rows() : w.cols();
        if (x.cols() != in) {
            throw new ShapeMismatchException(op + ": x is " + x.shape() + " but op(w) is " + in + "x" + units
                    + " (" + describeOp("w", w, transposeW) + "): x has " + x.cols() + " columns, op(w) has "
                    + in + " rows");
        }
        if (bias.rows() != 1 || bias.cols() != units) {
            throw new ShapeMismatchException(op + ": bias is " + bias.shape() + " but must be 1x" + units
                    + " to match op(w) " + in + "x" + units + " (" + describeOp("w", w, transposeW) + ")");
        }
        if (out.rows() != x.rows() || out.cols() != units) {
            throw new ShapeMismatchException(op + ": out is " + out.shape() + " but x * op(w) is " + x.rows() + "x"
                    + units + " (x " + x.shape() + ", " + describeOp("w", w, transposeW) + ")");
        }
        requireDistinct(op, "out", out, "x", x);
        requireDistinct(op, "out", out, "w", w);
        if (x.rows() == 0 || units == 0) {
            return;
        }
        affineKernel(mx, mw, transposeW, mb, activation, mo);
    }

    // ------------------------------------------------------------------ activations

    @Override
    public final void activate(Activation activation, Matrix x, Matrix out) {
        String op = "activate";
        Objects.requireNonNull(activation, "activate: activation is null");
        M mx = own(x, op, "x");
        M mo = own(out, op, "out");
        requireSameShape(op, "x", x, "out", out);
        activateKernel(activation, mx, mo);
    }

    @Override
    public final void activationGradient(Activation activation, Matrix y, Matrix gradY, Matrix out) {
        String op = "activationGradient";
        Objects.requireNonNull(activation, "activationGradient: activation is null");
        M my = own(y, op, "y");
        M mg = own(gradY, op, "gradY");
        M mo = own(out, op, "out");
        requireSameShape(op, "y", y, "gradY", gradY);
        requireSameShape(op, "y", y, "out", out);
        activationGradientKernel(activation, my, mg, mo);
    }

    @Override
    public final void softmaxGroups(int groupSize, Matrix x, Matrix out) {
        String op = "softmaxGroups";
        M mx = own(x, op, "x");
        M mo = own(out, op, "out");
        requireSameShape(op, "x", x, "out", out);
        requireGroups(op, groupSize, x);
        softmaxGroupsKernel(groupSize, mx, mo);
    }

    private static void requireGroups(String op, int groupSize, Matrix x) {
        if (groupSize < 1 || x.cols() % groupSize != 0) {
            throw new ShapeMismatchException(op + ": x is " + x.shape() + ", whose " + x.cols()
                    + " columns do not split into groups of " + groupSize);
        }
    }

    // ------------------------------------------------------------------ sampling

    @Override
    public final void sampleOneHotGroups(RandomStream random, int groupSize, Matrix p, Matrix out) {
        String op = "sampleOneHotGroups";
        R r = ownRandom(random, op);
        M mp = own(p, op, "p");
        M mo = own(out, op, "out");
        requireSameShape(op, "p", p, "out", out);
        requireGroups(op, groupSize, p);
        sampleOneHotGroupsKernel(r, groupSize, mp, mo);
    }

    @Override
    public final void sampleBernoulli(RandomStream random, Matrix p, Matrix out) {
        String op = "sampleBernoulli";
        R r = ownRandom(random, op);
        M mp = own(p, op, "p");
        M mo = own(out, op, "out");
        requireSameShape(op, "p", p, "out", out);
        sampleBernoulliKernel(r, mp, mo);
    }

    @Override
    public final void sampleGaussian(RandomStream random, Matrix mean, float stddev, Matrix out) {
        String op = "sampleGaussian";
        R r = ownRandom(random, op);
        M mm = own(mean, op, "mean");
        M mo = own(out, op, "out");
        if (!(stddev >= 0f) || Float.isInfinite(stddev)) {
            throw new IllegalArgumentException(op + ": stddev must be finite and >= 0, got " + stddev);
        }
        requireSameShape(op, "mean", mean, "out", out);
        sampleGaussianKernel(r, mm, stddev, mo);
    }

    @Override
    public final void sampleGaussian(RandomStream random, Matrix mean, Matrix columnStddev, Matrix out) {
        String op = "sampleGaussian";
        R r = ownRandom(random, op);
        M mm = own(mean, op, "mean");
        M ms = own(columnStddev, op, "columnStddev");
        M mo = own(out, op, "out");
        requireRowVector(op, "columnStddev", columnStddev, "mean", mean);
        requireSameShape(op, "mean", mean, "out", out);
        sampleGaussianColumnsKernel(r, mm, ms, mo);
    }

    @Override
    public final void sampleNoisyRelu(RandomStream random, Matrix preActivation, Matrix out) {
        String op = "sampleNoisyRelu";
        R r = ownRandom(random, op);
        M mx = own(preActivation, op, "preActivation");
        M mo = own(out, op, "out");
        requireSameShape(op, "preActivation", preActivation, "out", out);
        sampleNoisyReluKernel(r, mx, mo);
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public final void axpby(float alpha, Matrix x, float beta, Matrix out) {
        String op = "axpby";
        M mx = own(x, op, "x");
        M mo = own(out, op, "out");
        requireSameShape(op, "x", x, "out", out);
        axpbyKernel(alpha, mx, beta, mo);
    }

    @Override
    public final void adamUpdate(float rate, float beta1, float beta2, float epsilon, int step, Matrix gradient,
                                 Matrix firstMoment, Matrix secondMoment, Matrix parameters) {
        String op = "adamUpdate";
        M g = own(gradient, op, "gradient");
        M m = own(firstMoment, op, "firstMoment");
        M v = own(secondMoment, op, "secondMoment");
        M p = own(parameters, op, "parameters");
        requireSameShape(op, "gradient", gradient, "firstMoment", firstMoment);
        requireSameShape(op, "gradient", gradient, "secondMoment", secondMoment);
        requireSameShape(op, "gradient", gradient, "parameters", parameters);
        requireDistinct(op, "firstMoment", firstMoment, "gradient", gradient);
        requireDistinct(op, "secondMoment", secondMoment, "gradient", gradient);
        requireDistinct(op, "secondMoment", secondMoment, "firstMoment", firstMoment);
        requireDistinct(op, "parameters", parameters, "gradient", gradient);
        requireDistinct(op, "parameters", parameters, "firstMoment", firstMoment);
        requireDistinct(op, "parameters", parameters, "secondMoment", secondMoment);
        if (!(beta1 >= 0f && beta1 < 1f && beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException(op + ": beta1 and beta2 must lie in [0, 1), got " + beta1 + " and "
                    + beta2);
        }
        if (!(epsilon > 0f) || step < 1 || !Float.isFinite(rate)) {
            throw new IllegalArgumentException(op + ": needs epsilon > 0, step >= 1 and a finite rate, got epsilon "
                    + epsilon + ", step " + step + ", rate " + rate);
        }
        float correction1 = (float) (1 - Math.pow(beta1, step));
        float correction2 = (float) Math.sqrt(1 - Math.pow(beta2, step));
        adamKernel(rate / correction1, beta1, beta2, epsilon, 1f / correction2, g, m, v, p);
    }

    @Override
    public final void add(Matrix a, Matrix b, Matrix out) {
        binary("add", BinaryOp.ADD, a, b, out);
    }

    @Override
    public final void subtract(Matrix a, Matrix b, Matrix out) {
        binary("subtract", BinaryOp.SUBTRACT, a, b, out);
    }

    @Override
    public final void multiplyElementwise(Matrix a, Matrix b, Matrix out) {
        binary("multiplyElementwise", BinaryOp.MULTIPLY, a, b, out);
    }

    private void binary(String op, BinaryOp kind, Matrix a, Matrix b, Matrix out) {
        M ma = own(a, op, "a");
        M mb = own(b, op, "b");
        M mo = own(out, op, "out");
        requireSameShape(op, "a", a, "b", b);
        requireSameShape(op, "a", a, "out", out);
        binaryKernel(kind, ma, mb, mo);
    }

    @Override
    public final void addRowVector(Matrix x, Matrix row, Matrix out) {
        rowVector("addRowVector", BinaryOp.ADD, x, row, out);
    }

    @Override
    public final void multiplyRowVector(Matrix x, Matrix row, Matrix out) {
        rowVector("multiplyRowVector", BinaryOp.MULTIPLY, x, row, out);
    }

    private void rowVector(String op, BinaryOp kind, Matrix x, Matrix row, Matrix out) {
        M mx = own(x, op, "x");
        M mr = own(row, op, "row");
        M mo = own(out, op, "out");
        requireRowVector(op, "row", row, "x", x);
        requireSameShape(op, "x", x, "out", out);
        rowVectorKernel(kind, mx, mr, mo);
    }

    @Override
    public final void copy(Matrix source, Matrix out) {
        String op = "copy";
        M ms = own(source, op, "source");
        M mo = own(out, op, "out");
        requireSameShape(op, "source", source, "out", out);
        if (source != out) {
            copyKernel(ms, mo);
        }
    }

    @Override
    public final void fill(float value, Matrix out) {
        fillKernel(value, own(out, "fill", "out"));
    }

    @Override
    public final void gatherRows(Matrix source, int[] rowIndices, int offset, Matrix out) {
        String op = "gatherRows";
        M ms = own(source, op, "source");
        M mo = own(out, op, "out");
        Objects.requireNonNull(rowIndices, "gatherRows: rowIndices is null");
        if (out.cols() != source.cols()) {
            throw new ShapeMismatchException(op + ": out is " + out.shape() + " but source is " + source.shape()
                    + ": column counts differ");
        }
        requireDistinct(op, "out", out, "source", source);
        if (offset < 0 || offset > rowIndices.length - out.rows()) {
            throw new IndexOutOfBoundsException(op + ": rows " + offset + ".." + ((long) offset + out.rows())
                    + " of rowIndices requested for out " + out.shape() + ", but rowIndices has "
                    + rowIndices.length + " entries");
        }
        for (int r = 0; r < out.rows(); r++) {
            int index = rowIndices[offset + r];
            if (index < 0 || index >= source.rows()) {
                throw new IndexOutOfBoundsException(op + ": rowIndices[" + (offset + r) + "] = " + index
                        + " is outside source " + source.shape());
            }
        }
        gatherRowsKernel(ms, rowIndices, offset, mo);
    }

    // ------------------------------------------------------------------ reductions

    @Override
    public final void columnSums(float alpha, Matrix x, float beta, Matrix out) {
        String op = "columnSums";
        M mx = own(x, op, "x");
        M mo = own(out, op, "out");
        requireRowVector(op, "out", out, "x", x);
        requireDistinct(op, "out", out, "x", x);
        columnSumsKernel(alpha, mx, beta, mo);
    }

    @Override
    public final void rowSums(Matrix x, Matrix out) {
        String op = "rowSums";
        M mx = own(x, op, "x");
        M mo = own(out, op, "out");
        requireColumnVector(op, out, x);
        requireDistinct(op, "out", out, "x", x);
        rowSumsKernel(mx, mo);
    }

    @Override
    public final void logSumExpRows(Matrix x, Matrix out) {
        String op = "logSumExpRows";
        M mx = own(x, op, "x");
        M mo = own(out, op, "out");
        requireColumnVector(op, out, x);
        requireDistinct(op, "out", out, "x", x);
        logSumExpRowsKernel(mx, mo);
    }

    @Override
    public final void argmaxRows(Matrix x, int[] out) {
        String op = "argmaxRows";
        M mx = own(x, op, "x");
        Objects.requireNonNull(out, "argmaxRows: out is null");
        if (out.length < x.rows()) {
            throw new ShapeMismatchException(op + ": out has " + out.length + " entries but x is " + x.shape()
                    + " and needs one per row");
        }
        if (x.rows() > 0 && x.cols() == 0) {
            throw new ShapeMismatchException(op + ": x is " + x.shape() + ": a row without columns has no argmax");
        }
        argmaxRowsKernel(mx, out);
    }

    @Override
    public final double sum(Matrix x) {
        return sumKernel(own(x, "sum", "x"));
    }

    @Override
    public final double sumOfSquares(Matrix x) {
        return sumOfSquaresKernel(own(x, "sumOfSquares", "x"));
    }

    // ------------------------------------------------------------------ kernels

    /** The element-wise binary operations that share one kernel. */
    protected enum BinaryOp {
        /** {@code a + b}. */
        ADD,
        /** {@code a - b}. */
        SUBTRACT,
        /** {@code a * b}. */
        MULTIPLY
    }

    /**
     * One fused Adam step on validated, distinct, same-shape matrices:
     * {@code m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
     * p -= stepSize m / (sqrt(v) * inverseRootCorrection2 + epsilon)}.
     *
     * @param stepSize the rate divided by the first moment's bias correction
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param epsilon added to the denominator
     * @param inverseRootCorrection2 {@code 1 / sqrt(1 - beta2^t)}
     * @param g the gradient
     * @param m the first moment
     * @param v the second moment
     * @param p the parameters
     */
    protected abstract void adamKernel(float stepSize, float beta1, float beta2, float epsilon,
                                       float inverseRootCorrection2, M g, M m, M v, M p);

    /**
     * Computes {@code c = alpha op(a) op(b) + beta c} for validated arguments with
     * {@code m, n, k >= 1} and {@code alpha != 0}; must not read {@code c} when {@code beta == 0}.
     *
     * @param transposeA use a's transpose
     * @param transposeB use b's transpose
     * @param m rows of op(a) and c
     * @param n columns of op(b) and c
     * @param k the inner dimension
     * @param alpha scale of the product
     * @param a left operand
     * @param b right operand
     * @param beta scale of the old c
     * @param c output
     */
    protected abstract void gemmKernel(boolean transposeA, boolean transposeB, int m, int n, int k,
                                       float alpha, M a, M b, float beta, M c);

    /**
     * Computes {@code out = act(x op(w) + bias)} for validated, non-empty arguments.
     *
     * @param x input
     * @param w weights
     * @param transposeW use w's transpose
     * @param bias row vector
     * @param activation the non-linearity
     * @param out output
     */
    protected abstract void affineKernel(M x, M w, boolean transposeW, M bias, Activation activation, M out);

    /**
     * Computes {@code out = act(x)}.
     *
     * @param activation the non-linearity
     * @param x input
     * @param out output, possibly x
     */
    protected abstract void activateKernel(Activation activation, M x, M out);

    /**
     * Computes the gradient through an activation from its output.
     *
     * @param activation the non-linearity
     * @param y its output
     * @param gradY gradient with respect to y
     * @param out gradient with respect to the pre-activation, possibly aliasing an input
     */
    protected abstract void activationGradientKernel(Activation activation, M y, M gradY, M out);

    /**
     * Computes a softmax over each group of columns.
     *
     * @param groupSize columns per group, dividing the column count
     * @param x input
     * @param out output, possibly x
     */
    protected abstract void softmaxGroupsKernel(int groupSize, M x, M out);

    /**
     * Draws one-hot samples per group of columns.
     *
     * @param random the stream
     * @param groupSize columns per group, dividing the column count
     * @param p probabilities, each group summing to 1
     * @param out samples, possibly p
     */
    protected abstract void sampleOneHotGroupsKernel(R random, int groupSize, M p, M out);

    /**
     * Draws Bernoulli samples.
     *
     * @param random the stream
     * @param p probabilities
     * @param out samples, possibly p
     */
    protected abstract void sampleBernoulliKernel(R random, M p, M out);

    /**
     * Draws Gaussian samples with one standard deviation.
     *
     * @param random the stream
     * @param mean means
     * @param stddev finite, non-negative standard deviation
     * @param out samples, possibly mean
     */
    protected abstract void sampleGaussianKernel(R random, M mean, float stddev, M out);

    /**
     * Draws Gaussian samples with a standard deviation per column.
     *
     * @param random the stream
     * @param mean means
     * @param columnStddev row vector of standard deviations
     * @param out samples, possibly mean
     */
    protected abstract void sampleGaussianColumnsKernel(R random, M mean, M columnStddev, M out);

    /**
     * Draws noisy rectified linear samples.
     *
     * @param random the stream
     * @param preActivation total inputs
     * @param out samples, possibly preActivation
     */
    protected abstract void sampleNoisyReluKernel(R random, M preActivation, M out);

    /**
     * Computes {@code out = alpha x + beta out}, not reading out when {@code beta == 0}.
     *
     * @param alpha scale of x
     * @param x input
     * @param beta scale of out
     * @param out input and output, possibly x
     */
    protected abstract void axpbyKernel(float alpha, M x, float beta, M out);

    /**
     * Computes an element-wise binary operation.
     *
     * @param op the operation
     * @param a left operand
     * @param b right operand
     * @param out result, possibly aliasing an operand
     */
    protected abstract void binaryKernel(BinaryOp op, M a, M b, M out);

    /**
     * Combines every row of x with a row vector.
     *
     * @param op {@link BinaryOp#ADD} or {@link BinaryOp#MULTIPLY}
     * @param x input
     * @param row row vector
     * @param out result, possibly x
     */
    protected abstract void rowVectorKernel(BinaryOp op, M x, M row, M out);

    /**
     * Copies source into a distinct out.
     *
     * @param source input
     * @param out output
     */
    protected abstract void copyKernel(M source, M out);

    /**
     * Fills out with a value.
     *
     * @param value the value
     * @param out output
     */
    protected abstract void fillKernel(float value, M out);

    /**
     * Gathers rows by validated indices.
     *
     * @param source input
     * @param rowIndices row numbers, all within source
     * @param offset first index used
     * @param out output
     */
    protected abstract void gatherRowsKernel(M source, int[] rowIndices, int offset, M out);

    /**
     * Computes accumulated column sums.
     *
     * @param alpha scale of the sums
     * @param x input
     * @param beta scale of out, not read when zero
     * @param out row vector
     */
    protected abstract void columnSumsKernel(float alpha, M x, float beta, M out);

    /**
     * Computes row sums.
     *
     * @param x input
     * @param out column vector
     */
    protected abstract void rowSumsKernel(M x, M out);

    /**
     * Computes the log-sum-exp of each row.
     *
     * @param x input
     * @param out column vector
     */
    protected abstract void logSumExpRowsKernel(M x, M out);

    /**
     * Finds each row's argmax; x has columns whenever it has rows.
     *
     * @param x input
     * @param out indices, at least one per row
     */
    protected abstract void argmaxRowsKernel(M x, int[] out);

    /**
     * Sums all elements.
     *
     * @param x input
     * @return the sum
     */
    protected abstract double sumKernel(M x);

    /**
     * Sums the squares of all elements.
     *
     * @param x input
     * @return the sum of squares
     */
    protected abstract double sumOfSquaresKernel(M x);

    // ------------------------------------------------------------------ checks

    /**
     * Checks that a matrix belongs to this backend and is open, and returns it typed.
     *
     * @param matrix the argument
     * @param op the operation, for the message
     * @param argument the argument's name, for the message
     * @return the matrix as this backend's class
     */
    protected final M own(Matrix matrix, String op, String argument) {
        if (matrix == null) {
            throw new NullPointerException(op + ": " + argument + " is null");
        }
        if (matrix.backend() != this || !matrixClass.isInstance(matrix)) {
            throw new IllegalArgumentException(op + ": " + argument + " (" + matrix.shape() + ") belongs to backend "
                    + matrix.backend().name() + ", not to this " + name()
                    + " backend; move it with copyOf() first");
        }
        if (matrix.isClosed()) {
            throw new IllegalStateException(op + ": " + argument + " (" + matrix.shape() + ") is closed");
        }
        return matrixClass.cast(matrix);
    }

    private R ownRandom(RandomStream random, String op) {
        if (random == null) {
            throw new NullPointerException(op + ": random is null");
        }
        if (random.backend() != this || !randomClass.isInstance(random)) {
            throw new IllegalArgumentException(op + ": the random stream belongs to backend "
                    + random.backend().name() + ", not to this " + name() + " backend");
        }
        return randomClass.cast(random);
    }

    private static String describeOp(String name, Matrix m, boolean transpose) {
        return transpose ? name + "^T, " + name + " is " + m.shape() : name + " is " + m.shape();
    }

    private static void requireSameShape(String op, String nameA, Matrix a, String nameB, Matrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new ShapeMismatchException(op + ": " + nameA + " is " + a.shape() + " but " + nameB + " is "
                    + b.shape() + "; they must have the same shape");
        }
    }

    private static void requireRowVector(String op, String vectorName, Matrix vector, String matrixName, Matrix m) {
        if (vector.rows() != 1 || vector.cols() != m.cols()) {
            throw new ShapeMismatchException(op + ": " + vectorName + " is " + vector.shape() + " but must be 1x"
                    + m.cols() + " to match " + matrixName + " " + m.shape());
        }
    }

    private static void requireColumnVector(String op, Matrix out, Matrix x) {
        if (out.cols() != 1 || out.rows() != x.rows()) {
            throw new ShapeMismatchException(op + ": out is " + out.shape() + " but must be " + x.rows()
                    + "x1 to match x " + x.shape());
        }
    }

    private static void requireDistinct(String op, String outName, Matrix out, String inName, Matrix in) {
        if (out == in) {
            throw new IllegalArgumentException(op + ": " + outName + " must be a different matrix from " + inName);
        }
    }
}
