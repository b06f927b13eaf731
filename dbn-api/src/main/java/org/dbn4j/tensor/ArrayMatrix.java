package org.dbn4j.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A matrix stored in a Java {@code float[]} in row-major order: the storage of the pure-Java
 * backends.
 *
 * <p>{@link #data()} exposes the array to the backend that owns the matrix; code outside a
 * backend reads and writes through {@link #toArray()} and {@link #copyFrom(float[])}.
 */
public final class ArrayMatrix implements Matrix {

    private final Backend backend;
    private final int rows;
    private final int cols;
    private float[] data;

    /**
     * Allocates a zero-filled matrix for a backend.
     *
     * @param backend the owning backend
     * @param rows row count, zero or more
     * @param cols column count, zero or more
     * @throws IllegalArgumentException if a dimension is negative or the matrix does not fit in
     *     one Java array
     */
    public ArrayMatrix(Backend backend, int rows, int cols) {
        this.backend = Objects.requireNonNull(backend, "backend");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix dimensions must not be negative: " + rows + "x" + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix has " + size
                    + " elements, more than one Java array holds (" + (Integer.MAX_VALUE - 8) + ")");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = new float[(int) size];
    }

    /**
     * The backing row-major array, for the owning backend's kernels.
     *
     * @return the live array (not a copy)
     * @throws IllegalStateException if the matrix is closed
     */
    public float[] data() {
        float[] d = data;
        if (d == null) {
            throw new IllegalStateException("matrix " + shape() + " is closed");
        }
        return d;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public float[] toArray() {
        return data().clone();
    }

    @Override
    public void copyFrom(float[] rowMajor) {
        Objects.requireNonNull(rowMajor, "rowMajor");
        float[] d = data();
        if (rowMajor.length != d.length) {
            throw new ShapeMismatchException("copyFrom: the array has " + rowMajor.length + " elements but the matrix is "
                    + shape() + " (" + d.length + " elements)");
        }
        System.arraycopy(rowMajor, 0, d, 0, d.length);
    }

    @Override
    public void copyFrom(float[] source, int offset) {
        float[] d = data();
        Objects.checkFromIndexSize(offset, d.length, source.length);
        System.arraycopy(source, offset, d, 0, d.length);
    }

    @Override
    public void copyTo(float[] target, int offset) {
        float[] d = data();
        Objects.checkFromIndexSize(offset, d.length, target.length);
        System.arraycopy(d, 0, target, offset, d.length);
    }

    @Override
    public float get(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return data()[row * cols + col];
    }

    @Override
    public boolean isClosed() {
        return data == null;
    }

    @Override
    public void close() {
        data = null;
    }

    @Override
    public String toString() {
        if (isClosed()) {
            return "ArrayMatrix[" + shape() + ", " + backend.name() + ", closed]";
        }
        String head = size() <= 8 ? Arrays.toString(data) : Arrays.toString(Arrays.copyOf(data, 8)) + "...";
        return "ArrayMatrix[" + shape() + ", " + backend.name() + ", " + head + "]";
    }
}
