package org.dbn4j.tensor;

/**
 * A dense, row-major, float32 matrix owned by a {@link Backend}.
 *
 * <p>Vectors are {@code 1 x n} matrices. A matrix may have zero rows or columns (an empty
 * batch). Distinct matrix objects never share storage. A matrix is mutable only through the
 * backend's operations and {@link #copyFrom(float[])}; it is not safe for concurrent writes, but
 * any number of threads may read it while nobody writes it.
 *
 * <p>Backends that hold native memory release it in {@link #close()}; heap backends simply
 * forget the array. Using a closed matrix throws {@link IllegalStateException}.
 */
public interface Matrix extends AutoCloseable {

    /**
     * Number of rows.
     *
     * @return the row count, zero or more
     */
    int rows();

    /**
     * Number of columns.
     *
     * @return the column count, zero or more
     */
    int cols();

    /**
     * The backend that created this matrix and is the only one that accepts it.
     *
     * @return the owning backend
     */
    Backend backend();

    /**
     * Copies the contents into a new row-major array.
     *
     * @return a new array of {@code rows() * cols()} elements
     */
    float[] toArray();

    /**
     * Overwrites the contents of this matrix with a row-major array.
     *
     * @param rowMajor exactly {@code rows() * cols()} elements
     * @throws ShapeMismatchException if the array has another length
     */
    void copyFrom(float[] rowMajor);

    /**
     * Overwrites the contents of this matrix with {@code rows() * cols()} consecutive row-major
     * values of a larger array, such as a block of examples of a data set, without copying the
     * block out first where the backend allows.
     *
     * @param source the array
     * @param offset the index in {@code source} of the first value
     * @throws IndexOutOfBoundsException if {@code source} holds fewer than {@code rows() * cols()}
     *     values from {@code offset}
     */
    default void copyFrom(float[] source, int offset) {
        int n = Math.toIntExact(size());
        java.util.Objects.checkFromIndexSize(offset, n, source.length);
        copyFrom(offset == 0 && source.length == n ? source : java.util.Arrays.copyOfRange(source, offset, offset + n));
    }

    /**
     * Copies the contents, row-major, into a larger array at an offset, such as the block of an
     * output table that this matrix computed.
     *
     * @param target the array
     * @param offset the index in {@code target} of the first value
     * @throws IndexOutOfBoundsException if {@code target} has fewer than {@code rows() * cols()}
     *     places from {@code offset}
     */
    default void copyTo(float[] target, int offset) {
        int n = Math.toIntExact(size());
        java.util.Objects.checkFromIndexSize(offset, n, target.length);
        System.arraycopy(toArray(), 0, target, offset, n);
    }

    /**
     * Reads one element. Meant for tests and diagnostics; bulk access goes through
     * {@link #toArray()}.
     *
     * @param row zero-based row
     * @param col zero-based column
     * @return the element
     * @throws IndexOutOfBoundsException if the position is outside the matrix
     */
    float get(int row, int col);

    /**
     * Tells whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    boolean isClosed();

    /** Releases the storage; further use of the matrix throws. Closing twice is allowed. */
    @Override
    void close();

    /**
     * The number of elements.
     *
     * @return {@code rows() * cols()}
     */
    default long size() {
        return (long) rows() * cols();
    }

    /**
     * The shape as text, for messages.
     *
     * @return for example {@code "100x784"}
     */
    default String shape() {
        return rows() + "x" + cols();
    }
}
