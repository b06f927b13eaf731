package org.dbn4j.nd4j;

import java.util.Objects;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.ShapeMismatchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A matrix held in an ND4J array: float32, C order, shape {@code [rows, cols]}, in native
 * memory that {@link #close()} releases. A matrix with no elements holds no array.
 */
public final class Nd4jMatrix implements Matrix {

    private final Nd4jBackend backend;
    private final int rows;
    private final int cols;
    private INDArray array;
    private boolean closed;

    Nd4jMatrix(Nd4jBackend backend, int rows, int cols) {
        this.backend = backend;
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix dimensions must not be negative: " + rows + "x" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.array = (long) rows * cols == 0 ? null : Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
    }

    /**
     * The underlying ND4J array, for code that also uses ND4J directly; writing it changes this
     * matrix.
     *
     * @return the array, or null for a matrix with no elements
     * @throws IllegalStateException if the matrix is closed
     */
    public INDArray array() {
        if (closed) {
            throw new IllegalStateException("matrix " + shape() + " is closed");
        }
        return array;
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
        INDArray a = array();
        return a == null ? new float[0] : a.data().asFloat();
    }

    @Override
    public void copyFrom(float[] rowMajor) {
        Objects.requireNonNull(rowMajor, "rowMajor");
        INDArray a = array();
        if (rowMajor.length != (long) rows * cols) {
            throw new ShapeMismatchException("copyFrom: the array has " + rowMajor.length + " elements but the matrix is "
                    + shape() + " (" + (long) rows * cols + " elements)");
        }
        if (a != null) {
            a.data().setData(rowMajor);
        }
    }

    @Override
    public float get(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return array().getFloat(row, col);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (array != null && array.closeable()) {
                array.close();
            }
            array = null;
        }
    }

    @Override
    public String toString() {
        return "Nd4jMatrix[" + shape() + (closed ? ", closed" : "") + "]";
    }
}
