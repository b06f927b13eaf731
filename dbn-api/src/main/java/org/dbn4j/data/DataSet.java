package org.dbn4j.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;

/**
 * An immutable table of examples: {@code rows} feature vectors of {@code cols} floats, and
 * optionally an integer class label per row in {@code [0, classes)}.
 *
 * <p>Transformations (scaling, binarisation, subsets, splits) return new data sets.
 */
public final class DataSet {

    private final float[] features;
    private final int rows;
    private final int cols;
    private final int[] labels;
    private final int classes;

    /**
     * Creates a data set, copying the arrays.
     *
     * @param features row-major features, {@code rows * cols} long
     * @param rows the number of examples
     * @param cols the number of features per example
     * @param labels one label per row in {@code [0, classes)}, or null for unlabelled data
     * @param classes the number of classes (0 when unlabelled)
     * @throws IllegalArgumentException if the sizes do not fit, a feature is not finite or a label
     *     is out of range
     */
    public DataSet(float[] features, int rows, int cols, int[] labels, int classes) {
        this(features.clone(), rows, cols, labels == null ? null : labels.clone(), classes, true);
    }

    private DataSet(float[] features, int rows, int cols, int[] labels, int classes, boolean validate) {
        Objects.requireNonNull(features, "features");
        if (rows < 0 || cols < 0 || (long) rows * cols != features.length) {
            throw new IllegalArgumentException("a data set of " + rows + " rows of " + cols + " features needs "
                    + (long) rows * cols + " values, got " + features.length);
        }
        if (validate) {
            for (int i = 0; i < features.length; i++) {
                if (!Float.isFinite(features[i])) {
                    throw new IllegalArgumentException("feature " + i % Math.max(cols, 1) + " of row "
                            + i / Math.max(cols, 1) + " is " + features[i] + "; features must be finite");
                }
            }
            if (labels != null) {
                if (labels.length != rows) {
                    throw new IllegalArgumentException(rows + " rows but " + labels.length + " labels");
                }
                for (int i = 0; i < rows; i++) {
                    if (labels[i] < 0 || labels[i] >= classes) {
                        throw new IllegalArgumentException("label " + labels[i] + " of row " + i
                                + " is outside 0.." + (classes - 1));
                    }
                }
            } else if (classes != 0) {
                throw new IllegalArgumentException("unlabelled data has 0 classes, got " + classes);
            }
        }
        this.features = features;
        this.rows = rows;
        this.cols = cols;
        this.labels = labels;
        this.classes = classes;
    }

    /**
     * Creates an unlabelled data set.
     *
     * @param features row-major features
     * @param rows the number of examples
     * @param cols the number of features per example
     * @return the data set
     */
    public static DataSet unlabelled(float[] features, int rows, int cols) {
        return new DataSet(features, rows, cols, null, 0);
    }

    /**
     * Number of examples.
     *
     * @return the row count
     */
    public int rows() {
        return rows;
    }

    /**
     * Number of features per example.
     *
     * @return the column count
     */
    public int cols() {
        return cols;
    }

    /**
     * Whether the examples carry labels.
     *
     * @return true for labelled data
     */
    public boolean hasLabels() {
        return labels != null;
    }

    /**
     * Number of classes of the labels.
     *
     * @return the class count, 0 for unlabelled data
     */
    public int classes() {
        return classes;
    }

    /**
     * One feature.
     *
     * @param row the example
     * @param col the feature
     * @return its value
     */
    public float feature(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return features[row * cols + col];
    }

    /**
     * A copy of all features, row-major.
     *
     * @return a new array of {@code rows * cols} values
     */
    public float[] features() {
        return features.clone();
    }

    /**
     * A copy of the labels.
     *
     * @return a new array, or null for unlabelled data
     */
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /**
     * One label.
     *
     * @param row the example
     * @return its label
     * @throws IllegalStateException for unlabelled data
     */
    public int label(int row) {
        if (labels == null) {
            throw new IllegalStateException("the data set has no labels");
        }
        return labels[Objects.checkIndex(row, rows)];
    }

    /**
     * Allocates a backend matrix holding all features, one example per row.
     *
     * @param backend the backend
     * @return a new {@code rows x cols} matrix
     */
    public Matrix toMatrix(Backend backend) {
        return backend.matrix(rows, cols, features);
    }

    /**
     * Copies consecutive examples into a backend matrix, as many as it has rows, without copying
     * the whole table first.
     *
     * @param firstRow the first example
     * @param target a matrix with {@link #cols()} columns
     * @throws IllegalArgumentException if the matrix has another number of columns
     * @throws IndexOutOfBoundsException if the examples run past the last row
     */
    public void copyRows(int firstRow, Matrix target) {
        requireColumns(target);
        Objects.checkFromIndexSize(firstRow, target.rows(), rows);
        target.copyFrom(features, firstRow * cols);
    }

    /**
     * Copies chosen examples into a backend matrix, one per row: {@code order[from]},
     * {@code order[from + 1]}, ..., as many as the matrix has rows. A shuffled minibatch comes
     * straight from the table, so a trainer needs no backend copy of the whole data set.
     *
     * @param order example indices
     * @param from the first position in {@code order}
     * @param target a matrix with {@link #cols()} columns
     * @param scratch a work array of at least {@code target.rows() * cols()} floats, overwritten;
     *     reused across calls so that minibatches make no garbage
     * @throws IllegalArgumentException if the matrix has another number of columns or the work
     *     array is too short
     * @throws IndexOutOfBoundsException if {@code order} runs out or names a row that does not exist
     */
    public void gatherRows(int[] order, int from, Matrix target, float[] scratch) {
        requireColumns(target);
        int n = target.rows();
        if (scratch.length < n * cols) {
            throw new IllegalArgumentException("the work array has " + scratch.length + " floats; " + n + " rows of "
                    + cols + " need " + n * cols);
        }
        gatherRows(order, from, n, scratch);
        target.copyFrom(scratch, 0);
    }

    /**
     * Row indices of up to {@code count} examples drawn without replacement: with labels, the
     * same number of each class (the first of each in a seeded permutation), grouped class by
     * class; without labels, or when a class has too few examples, the permutation's first
     * {@code count}.
     *
     * @param count how many rows, at least 1
     * @param seed the seed of the permutation
     * @return the row indices
     */
    public int[] balancedRows(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("balancedRows needs at least one row, got " + count);
        }
        int[] order = permutation(rows, seed);
        int[] fallback = Arrays.copyOf(order, Math.min(count, rows));
        if (labels == null) {
            return fallback;
        }
        int perClass = Math.max(1, count / classes);
        int[] taken = new int[classes];
        int[] chosen = new int[perClass * classes];
        int n = 0;
        for (int row : order) {
            int c = labels[row];
            if (taken[c] < perClass) {
                chosen[c * perClass + taken[c]++] = row;
                n++;
            }
        }
        return n < chosen.length ? fallback : chosen;
    }

    /**
     * Copies the examples {@code order[from .. from + count)} into an array, row-major: a
     * minibatch on the host, for example to be changed by an {@link Augmentation}.
     *
     * @param order row indices, for example a permutation
     * @param from the first position in {@code order}
     * @param count the number of rows
     * @param out at least {@code count x cols()} floats
     * @throws IndexOutOfBoundsException if a position or row index is out of range
     * @throws IllegalArgumentException if {@code out} is too short
     */
    public void gatherRows(int[] order, int from, int count, float[] out) {
        if (out.length < (long) count * cols) {
            throw new IllegalArgumentException("the work array has " + out.length + " floats; " + count + " rows of "
                    + cols + " need " + (long) count * cols);
        }
        Objects.checkFromIndexSize(from, count, order.length);
        for (int i = 0; i < count; i++) {
            int row = Objects.checkIndex(order[from + i], rows);
            System.arraycopy(features, row * cols, out, i * cols, cols);
        }
    }

    /**
     * Passes every example through a backend operation, a block of rows at a time, and collects
     * the outputs, with the same labels, as a new data set: the next layer's input in greedy
     * pretraining, or the features at some depth of a network. Whatever the number of examples,
     * only one input and one output block are allocated (two of each when the last block is
     * shorter).
     *
     * @param backend the backend that runs the operation
     * @param outputCols the number of values the operation writes per example
     * @param blockRows the number of examples per call, at least 1
     * @param operation reads an input block ({@code r x cols()}) and writes the output block
     *     ({@code r x outputCols}); {@code r} is {@code blockRows} except perhaps in the last call
     * @return a new data set of {@code rows()} examples of {@code outputCols} features
     * @throws IllegalArgumentException if an output is not finite, or a size is not positive
     */
    public DataSet mapRows(Backend backend, int outputCols, int blockRows,
            java.util.function.BiConsumer<Matrix, Matrix> operation) {
        if (outputCols < 0) {
            throw new IllegalArgumentException("mapRows needs outputCols >= 0, got " + outputCols);
        }
        float[] out = new float[Math.multiplyExact(rows, outputCols)];
        mapRows(backend, outputCols, blockRows, operation, out);
        return new DataSet(out, rows, outputCols, labels, classes, true);
    }

    /**
     * The same into an array the caller provides, for outputs that are not a data set (class
     * probabilities, anomaly scores); the outputs are not checked.
     *
     * @param backend the backend that runs the operation
     * @param outputCols the number of values the operation writes per example
     * @param blockRows the number of examples per call, at least 1
     * @param operation as for {@link #mapRows(Backend, int, int, java.util.function.BiConsumer)}
     * @param out receives {@code rows() * outputCols} values, row-major, from index 0
     * @throws IllegalArgumentException if a size is not positive or {@code out} is too short
     */
    public void mapRows(Backend backend, int outputCols, int blockRows,
            java.util.function.BiConsumer<Matrix, Matrix> operation, float[] out) {
        if (outputCols < 0 || blockRows < 1) {
            throw new IllegalArgumentException("mapRows needs outputCols >= 0 and blockRows >= 1, got " + outputCols
                    + " and " + blockRows);
        }
        if (out.length < (long) rows * outputCols) {
            throw new IllegalArgumentException("the output array has " + out.length + " floats; " + rows + " rows of "
                    + outputCols + " need " + (long) rows * outputCols);
        }
        int full = Math.min(blockRows, rows);
        try (Matrix x = backend.matrix(full, cols); Matrix y = backend.matrix(full, outputCols)) {
            for (int from = 0; from < rows; from += full) {
                int r = Math.min(full, rows - from);
                if (r == full) {
                    mapBlock(from, x, y, operation, out);
                } else {
                    try (Matrix lastX = backend.matrix(r, cols); Matrix lastY = backend.matrix(r, outputCols)) {
                        mapBlock(from, lastX, lastY, operation, out);
                    }
                }
            }
        }
    }

    private void requireColumns(Matrix target) {
        if (target.cols() != cols) {
            throw new IllegalArgumentException("the matrix has " + target.cols() + " columns but the examples have "
                    + cols + " features");
        }
    }

    private void mapBlock(int from, Matrix x, Matrix y, java.util.function.BiConsumer<Matrix, Matrix> operation,
            float[] out) {
        copyRows(from, x);
        operation.accept(x, y);
        y.copyTo(out, from * y.cols());
    }

    /**
     * Multiplies every feature by a factor, for example 1/255 for pixel bytes.
     *
     * @param factor the factor
     * @return a new data set
     */
    public DataSet scale(float factor) {
        float[] out = new float[features.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = features[i] * factor;
        }
        return new DataSet(out, rows, cols, labels, classes, true);
    }

    /**
     * Turns every feature into 0 or 1: 1 where it is above the threshold.
     *
     * @param threshold values above it become 1, the rest 0
     * @return a new data set
     */
    public DataSet binarize(float threshold) {
        float[] out = new float[features.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = features[i] > threshold ? 1f : 0f;
        }
        return new DataSet(out, rows, cols, labels, classes, false);
    }

    /**
     * Samples every feature as a Bernoulli variable with the feature as its probability (the
     * stochastic binarisation of Salakhutdinov and Murray 2008); features must lie in [0, 1].
     *
     * @param seed the seed of the draw
     * @return a new data set
     */
    public DataSet binarizeStochastically(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[features.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = random.nextDouble() < features[i] ? 1f : 0f;
        }
        return new DataSet(out, rows, cols, labels, classes, false);
    }

    /**
     * The mean of every feature over the examples.
     *
     * @return one mean per column
     */
    public double[] columnMeans() {
        double[] means = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                means[c] += features[r * cols + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            means[c] /= Math.max(rows, 1);
        }
        return means;
    }

    /**
     * The examples at the given rows, in that order.
     *
     * @param indices row numbers; repeats are allowed
     * @return a new data set
     */
    public DataSet subset(int[] indices) {
        float[] out = new float[indices.length * cols];
        int[] outLabels = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int r = Objects.checkIndex(indices[i], rows);
            System.arraycopy(features, r * cols, out, i * cols, cols);
            if (outLabels != null) {
                outLabels[i] = labels[r];
            }
        }
        return new DataSet(out, indices.length, cols, outLabels, classes, false);
    }

    /**
     * The first {@code n} examples.
     *
     * @param n how many, at most {@link #rows()}
     * @return a new data set
     */
    public DataSet head(int n) {
        int[] indices = new int[Math.min(n, rows)];
        Arrays.setAll(indices, i -> i);
        return subset(indices);
    }

    /**
     * Splits the examples at random into two parts.
     *
     * @param firstFraction the share of examples in the first part, in [0, 1]
     * @param seed the seed of the shuffle
     * @return the two parts
     */
    public Split split(double firstFraction, long seed) {
        if (!(firstFraction >= 0 && firstFraction <= 1)) {
            throw new IllegalArgumentException("the fraction must lie in [0, 1], got " + firstFraction);
        }
        int[] order = permutation(rows, seed);
        int cut = (int) Math.round(rows * firstFraction);
        return new Split(subset(Arrays.copyOfRange(order, 0, cut)), subset(Arrays.copyOfRange(order, cut, rows)));
    }

    /**
     * The examples as images of {@code width x height} pixels moved by {@code (dx, dy)} pixels,
     * the uncovered border filled with zeros: a cheap augmentation for image data.
     *
     * @param width image width; {@code width * height} must equal {@link #cols()}
     * @param height image height
     * @param dx pixels to the right (negative: left)
     * @param dy pixels down (negative: up)
     * @return a new data set with the same labels
     */
    public DataSet translate(int width, int height, int dx, int dy) {
        if ((long) width * height != cols || width < 1) {
            throw new IllegalArgumentException(width + " x " + height + " images do not have " + cols + " pixels");
        }
        float[] out = new float[features.length];
        for (int r = 0; r < rows; r++) {
            shiftImage(features, r * cols, out, r * cols, width, height, dx, dy);
        }
        return new DataSet(out, rows, cols, labels == null ? null : labels.clone(), classes, false);
    }

    /**
     * Writes the image at {@code fromBase} of {@code from}, moved by {@code (dx, dy)} pixels, to
     * {@code toBase} of {@code to}; pixels moved in from outside are left as {@code to} has them.
     */
    static void shiftImage(float[] from, int fromBase, float[] to, int toBase, int width, int height, int dx, int dy) {
        int first = Math.max(0, dx);
        int end = Math.min(width, width + dx);
        for (int y = Math.max(0, dy); y < Math.min(height, height + dy); y++) {
            System.arraycopy(from, fromBase + (y - dy) * width + first - dx, to, toBase + y * width + first,
                    end - first);
        }
    }

    /**
     * The examples of several data sets, one after the other.
     *
     * @param parts data sets with the same number of columns, all labelled or all unlabelled
     * @return a new data set
     */
    public static DataSet concat(DataSet... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        int cols = parts[0].cols;
        boolean labelled = parts[0].hasLabels();
        int rows = 0;
        int classes = 0;
        for (DataSet p : parts) {
            if (p.cols != cols || p.hasLabels() != labelled) {
                throw new IllegalArgumentException("cannot concatenate " + parts[0] + " and " + p);
            }
            rows = Math.addExact(rows, p.rows);
            classes = Math.max(classes, p.classes);
        }
        float[] features = new float[Math.multiplyExact(rows, cols)];
        int[] labels = labelled ? new int[rows] : null;
        int at = 0;
        for (DataSet p : parts) {
            System.arraycopy(p.features, 0, features, at * cols, p.rows * cols);
            if (labels != null) {
                System.arraycopy(p.labels, 0, labels, at, p.rows);
            }
            at += p.rows;
        }
        return new DataSet(features, rows, cols, labels, classes, false);
    }

    /**
     * The two parts of a split.
     *
     * @param first the first part (for example, training)
     * @param second the second part (for example, validation)
     */
    public record Split(DataSet first, DataSet second) {
    }

    /**
     * A uniformly random permutation of {@code 0..n-1} (Fisher-Yates), the same for the same seed.
     *
     * @param n the length
     * @param seed the seed
     * @return a new permutation
     */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @Override
    public String toString() {
        return "DataSet[" + rows + " x " + cols + (labels == null ? "" : ", " + classes + " classes") + "]";
    }
}
