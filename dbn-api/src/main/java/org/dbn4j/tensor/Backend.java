package org.dbn4j.tensor;

/**
 * The operations that RBMs and DBNs are computed with, on one kind of storage and hardware.
 *
 * <p>The set is BLAS-shaped and deliberately small. Every operation that produces a matrix
 * writes it into an explicit {@code out} (or {@code c}) argument that the caller allocated, so a
 * training loop allocates nothing per minibatch; only the methods documented as allocating
 * ({@link #matrix}, {@link #matmul}, {@link #copyOf}, {@link #randomStream}) create storage.
 *
 * <p>Aliasing: element-wise operations accept their output as one of their inputs (they work
 * in place). {@link #gemm}, {@link #affine}, the row and column reductions and
 * {@link #gatherRows} need an output distinct from their inputs and throw
 * {@link IllegalArgumentException} otherwise.
 *
 * <p>Errors: a shape that does not fit throws {@link ShapeMismatchException} naming every shape
 * involved; a matrix or random stream from another backend throws
 * {@link IllegalArgumentException}; a closed matrix throws {@link IllegalStateException}.
 *
 * <p>Threads: a backend may be used from several threads at once as long as no two threads
 * write the same matrix or share a {@link RandomStream}.
 */
public interface Backend extends AutoCloseable {

    /**
     * The name the backend is selected by, for example {@code "cpu-simd"}.
     *
     * @return the backend's name
     */
    String name();

    /**
     * A one-line description of this instance's configuration, for logs.
     *
     * @return for example {@code "512-bit vectors, 2 threads"}
     */
    String description();

    // ------------------------------------------------------------------ storage

    /**
     * Allocates a zero-filled matrix.
     *
     * @param rows row count, zero or more
     * @param cols column count, zero or more
     * @return a new matrix owned by this backend
     */
    Matrix matrix(int rows, int cols);

    /**
     * Allocates a matrix holding a copy of a row-major array.
     *
     * @param rows row count
     * @param cols column count
     * @param rowMajor exactly {@code rows * cols} elements
     * @return a new matrix owned by this backend
     */
    default Matrix matrix(int rows, int cols, float[] rowMajor) {
        Matrix m = matrix(rows, cols);
        try {
            m.copyFrom(rowMajor);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /**
     * Allocates a copy of a matrix, which may belong to any backend: the way data moves
     * between backends.
     *
     * @param source the matrix to copy
     * @return a new matrix owned by this backend
     */
    default Matrix copyOf(Matrix source) {
        return matrix(source.rows(), source.cols(), source.toArray());
    }

    /**
     * Creates a random stream for the sampling operations.
     *
     * @param seed the seed; equal seeds give equal streams
     * @return a new stream owned by this backend
     */
    RandomStream randomStream(long seed);

    // ------------------------------------------------------------------ products

    /**
     * General matrix product {@code c = alpha * op(a) * op(b) + beta * c}, where {@code op(x)}
     * is {@code x} or its transpose.
     *
     * <p>With {@code beta == 0} the old contents of {@code c} are not read, so a NaN-filled
     * {@code c} is overwritten cleanly. With {@code alpha == 0} the product is not computed.
     *
     * @param transposeA use {@code a}'s transpose
     * @param transposeB use {@code b}'s transpose
     * @param alpha scale of the product
     * @param a left operand, {@code m x k} after {@code op}
     * @param b right operand, {@code k x n} after {@code op}
     * @param beta scale of the old contents of {@code c}
     * @param c the {@code m x n} output, distinct from {@code a} and {@code b}
     */
    void gemm(boolean transposeA, boolean transposeB, float alpha, Matrix a, Matrix b, float beta, Matrix c);

    /**
     * The fused layer pass {@code out = act(x * op(w) + bias)}, with the bias added to every
     * row. With {@code w} stored hidden x visible, the up pass of an RBM is
     * {@code affine(v, w, true, hiddenBias, SIGMOID, h)} and the down pass is
     * {@code affine(h, w, false, visibleBias, SIGMOID, v)}.
     *
     * @param x the {@code n x in} input
     * @param w the weights, {@code out x in} if {@code transposeW}, else {@code in x out}
     * @param transposeW use {@code w}'s transpose
     * @param bias a {@code 1 x out} row vector
     * @param activation the non-linearity applied to each row
     * @param out the {@code n x out} output, distinct from {@code x} and {@code w}
     */
    void affine(Matrix x, Matrix w, boolean transposeW, Matrix bias, Activation activation, Matrix out);

    // ------------------------------------------------------------------ activations

    /**
     * Applies an activation: {@code out = act(x)}, element-wise or per row for softmax.
     *
     * @param activation the non-linearity
     * @param x the input
     * @param out the output, same shape as {@code x}; may be {@code x}
     */
    void activate(Activation activation, Matrix x, Matrix out);

    /**
     * Back-propagates through an activation given its output: {@code out = dL/dx} from
     * {@code gradY = dL/dy} and {@code y = act(x)}. For the element-wise activations this is
     * {@code gradY * act'(x)} (for example {@code y (1 - y)} for the sigmoid); for softmax it is
     * {@code y * (gradY - sum_j gradY_j y_j)} per row.
     *
     * @param activation the non-linearity that produced {@code y}
     * @param y the activation's output
     * @param gradY the gradient with respect to {@code y}, same shape
     * @param out the gradient with respect to the pre-activation, same shape; may alias an input
     */
    void activationGradient(Activation activation, Matrix y, Matrix gradY, Matrix out);

    /**
     * Softmax over consecutive groups of columns: each row is split into groups of
     * {@code groupSize} columns and each group gets its own softmax, for the one-hot (softmax)
     * units of an RBM.
     *
     * @param groupSize columns per group; the column count is a multiple of it
     * @param x the input
     * @param out the output, same shape; may be {@code x}
     */
    void softmaxGroups(int groupSize, Matrix x, Matrix out);

    // ------------------------------------------------------------------ sampling

    /**
     * One-hot samples: within each group of {@code groupSize} consecutive columns of a row,
     * exactly one element becomes 1, chosen with the group's probabilities (which sum to 1), and
     * the others 0.
     *
     * @param random the stream to draw from
     * @param groupSize columns per group; the column count is a multiple of it
     * @param p probabilities, each group summing to 1
     * @param out the samples, same shape; may be {@code p}
     */
    void sampleOneHotGroups(RandomStream random, int groupSize, Matrix p, Matrix out);

    /**
     * Bernoulli samples: each {@code out} element is 1 with the probability given by the
     * matching element of {@code p}, else 0 (probabilities outside [0, 1] act as clamped).
     *
     * @param random the stream to draw from
     * @param p probabilities
     * @param out the 0/1 samples, same shape as {@code p}; may be {@code p}
     */
    void sampleBernoulli(RandomStream random, Matrix p, Matrix out);

    /**
     * Gaussian samples with one standard deviation: {@code out = mean + stddev * z},
     * {@code z ~ N(0, 1)} independent per element.
     *
     * @param random the stream to draw from
     * @param mean the means
     * @param stddev the standard deviation, zero or more
     * @param out the samples, same shape as {@code mean}; may be {@code mean}
     */
    void sampleGaussian(RandomStream random, Matrix mean, float stddev, Matrix out);

    /**
     * Gaussian samples with a standard deviation per column (per visible unit):
     * {@code out[i][j] = mean[i][j] + stddev[0][j] * z}.
     *
     * @param random the stream to draw from
     * @param mean the means
     * @param columnStddev a {@code 1 x cols} row of standard deviations
     * @param out the samples, same shape as {@code mean}; may be {@code mean}
     */
    void sampleGaussian(RandomStream random, Matrix mean, Matrix columnStddev, Matrix out);

    /**
     * Noisy rectified linear samples (Nair and Hinton, 2010):
     * {@code out = max(0, x + sqrt(sigmoid(x)) * z)}, {@code z ~ N(0, 1)}, where {@code x} is
     * the unit's total input.
     *
     * @param random the stream to draw from
     * @param preActivation the total inputs {@code x}
     * @param out the samples, same shape; may be {@code preActivation}
     */
    void sampleNoisyRelu(RandomStream random, Matrix preActivation, Matrix out);

    // ------------------------------------------------------------------ element-wise arithmetic

    /**
     * {@code out = alpha * x + beta * out}; with {@code beta == 0} the old {@code out} is not
     * read. Covers axpy, scaling and momentum updates.
     *
     * @param alpha scale of {@code x}
     * @param x the input
     * @param beta scale of the old {@code out}
     * @param out input and output, same shape as {@code x}; may be {@code x}
     */
    void axpby(float alpha, Matrix x, float beta, Matrix out);

    /**
     * One Adam step (Kingma and Ba 2015, as PyTorch computes it), fused into one pass:
     * <pre>
     * m = beta1 m + (1 - beta1) g
     * v = beta2 v + (1 - beta2) g^2
     * p = p - (rate / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
     * </pre>
     *
     * @param rate the learning rate
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param epsilon added to the denominator, positive
     * @param step t, the number of this step, from 1
     * @param gradient g, read only
     * @param firstMoment m, updated in place
     * @param secondMoment v, updated in place
     * @param parameters p, updated in place; all four the same shape and distinct matrices
     */
    void adamUpdate(float rate, float beta1, float beta2, float epsilon, int step, Matrix gradient,
                    Matrix firstMoment, Matrix secondMoment, Matrix parameters);

    /**
     * {@code out = a + b}, element-wise.
     *
     * @param a left operand
     * @param b right operand, same shape
     * @param out the result, same shape; may alias an operand
     */
    void add(Matrix a, Matrix b, Matrix out);

    /**
     * {@code out = a - b}, element-wise.
     *
     * @param a left operand
     * @param b right operand, same shape
     * @param out the result, same shape; may alias an operand
     */
    void subtract(Matrix a, Matrix b, Matrix out);

    /**
     * {@code out = a * b}, element-wise (the Hadamard product).
     *
     * @param a left operand
     * @param b right operand, same shape
     * @param out the result, same shape; may alias an operand
     */
    void multiplyElementwise(Matrix a, Matrix b, Matrix out);

    /**
     * Adds a row vector to every row: {@code out[i][j] = x[i][j] + row[0][j]}.
     *
     * @param x the input
     * @param row a {@code 1 x cols} row vector
     * @param out the result, same shape as {@code x}; may be {@code x}
     */
    void addRowVector(Matrix x, Matrix row, Matrix out);

    /**
     * Scales every row by a row vector: {@code out[i][j] = x[i][j] * row[0][j]}.
     *
     * @param x the input
     * @param row a {@code 1 x cols} row vector
     * @param out the result, same shape as {@code x}; may be {@code x}
     */
    void multiplyRowVector(Matrix x, Matrix row, Matrix out);

    /**
     * Overwrites {@code out} with a copy of {@code source}.
     *
     * @param source the matrix to copy
     * @param out the destination, same shape; a no-op when it is {@code source}
     */
    void copy(Matrix source, Matrix out);

    /**
     * Sets every element of {@code out} to one value.
     *
     * @param value the value
     * @param out the matrix to fill
     */
    void fill(float value, Matrix out);

    /**
     * Copies selected rows: row {@code r} of {@code out} becomes row
     * {@code rowIndices[offset + r]} of {@code source}. This is how shuffled minibatches are
     * cut from a data set without leaving the backend.
     *
     * @param source the rows to pick from
     * @param rowIndices row numbers of {@code source}
     * @param offset the first entry of {@code rowIndices} to use
     * @param out the {@code k x cols} destination, distinct from {@code source}
     * @throws IndexOutOfBoundsException if an index or the range is out of bounds
     */
    void gatherRows(Matrix source, int[] rowIndices, int offset, Matrix out);

    // ------------------------------------------------------------------ reductions

    /**
     * Column sums, accumulated: {@code out[0][j] = alpha * sum_i x[i][j] + beta * out[0][j]};
     * with {@code beta == 0} the old {@code out} is not read. Bias gradients are column sums.
     *
     * @param alpha scale of the sums
     * @param x the input
     * @param beta scale of the old {@code out}
     * @param out a {@code 1 x cols} row vector, distinct from {@code x}
     */
    void columnSums(float alpha, Matrix x, float beta, Matrix out);

    /**
     * Row sums: {@code out[i][0] = sum_j x[i][j]}.
     *
     * @param x the input
     * @param out a {@code rows x 1} column vector, distinct from {@code x}
     */
    void rowSums(Matrix x, Matrix out);

    /**
     * Log-sum-exp of each row, {@code out[i][0] = log sum_j exp(x[i][j])}, computed without
     * overflow; an empty row gives negative infinity.
     *
     * @param x the input
     * @param out a {@code rows x 1} column vector, distinct from {@code x}
     */
    void logSumExpRows(Matrix x, Matrix out);

    /**
     * The column of each row's largest element; ties go to the lowest column, and NaN never
     * wins over a number.
     *
     * @param x the input, with at least one column if it has rows
     * @param out receives one index per row; at least {@code rows} long
     */
    void argmaxRows(Matrix x, int[] out);

    /**
     * The sum of all elements, accumulated in double precision.
     *
     * @param x the input
     * @return the sum; NaN if any element is NaN
     */
    double sum(Matrix x);

    /**
     * The sum of the squares of all elements, accumulated in double precision.
     *
     * @param x the input
     * @return the sum of squares
     */
    double sumOfSquares(Matrix x);

    /** Releases the backend's threads and native resources; its matrices become unusable. */
    @Override
    void close();

    // ------------------------------------------------------------------ conveniences

    /**
     * {@code c = op(a) * op(b)}: {@link #gemm} with {@code alpha = 1, beta = 0}.
     *
     * @param transposeA use {@code a}'s transpose
     * @param transposeB use {@code b}'s transpose
     * @param a left operand
     * @param b right operand
     * @param c the output
     */
    default void gemm(boolean transposeA, boolean transposeB, Matrix a, Matrix b, Matrix c) {
        gemm(transposeA, transposeB, 1f, a, b, 0f, c);
    }

    /**
     * Allocates and returns {@code a * b}.
     *
     * @param a left operand, {@code m x k}
     * @param b right operand, {@code k x n}
     * @return a new {@code m x n} matrix
     */
    default Matrix matmul(Matrix a, Matrix b) {
        if (a.cols() != b.rows()) {
            throw new ShapeMismatchException("matmul: a is " + a.shape() + " but b is " + b.shape()
                    + ": inner dimensions " + a.cols() + " and " + b.rows() + " differ");
        }
        Matrix c = matrix(a.rows(), b.cols());
        gemm(false, false, 1f, a, b, 0f, c);
        return c;
    }

    /**
     * {@code y = alpha * x + y}.
     *
     * @param alpha scale of {@code x}
     * @param x the input
     * @param y the matrix added into, same shape
     */
    default void axpy(float alpha, Matrix x, Matrix y) {
        axpby(alpha, x, 1f, y);
    }

    /**
     * {@code out = alpha * x}.
     *
     * @param alpha the factor
     * @param x the input
     * @param out the result, same shape; may be {@code x}
     */
    default void scale(float alpha, Matrix x, Matrix out) {
        axpby(alpha, x, 0f, out);
    }

    /**
     * Applies an activation to a matrix in place.
     *
     * @param activation the non-linearity
     * @param x input and output
     */
    default void activateInPlace(Activation activation, Matrix x) {
        activate(activation, x, x);
    }

    /**
     * Allocates and returns the argmax of each row.
     *
     * @param x the input
     * @return one column index per row
     */
    default int[] argmaxRows(Matrix x) {
        int[] out = new int[x.rows()];
        argmaxRows(x, out);
        return out;
    }
}
