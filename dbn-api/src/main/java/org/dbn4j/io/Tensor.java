package org.dbn4j.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named float32 tensor as stored in a model file: a shape and its values in row-major order.
 * The value array is shared, not copied; callers that keep a tensor do not change it.
 */
public final class Tensor {

    private final String name;
    private final int[] shape;
    private final float[] values;

    /**
     * Creates a tensor.
     *
     * @param name its name, for example {@code "rbms.0.W"}
     * @param shape its dimensions, each zero or more; a scalar has none
     * @param values row-major values, as many as the product of the dimensions
     * @throws IllegalArgumentException if the values do not fill the shape
     */
    public Tensor(String name, int[] shape, float[] values) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = Objects.requireNonNull(shape, "shape").clone();
        this.values = Objects.requireNonNull(values, "values");
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
            }
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + count
                    + " values, got " + values.length);
        }
    }

    /**
     * A matrix of {@code rows x cols}.
     *
     * @param name the name
     * @param rows rows
     * @param cols columns
     * @param values row-major values
     * @return the tensor
     */
    public static Tensor matrix(String name, int rows, int cols, float[] values) {
        return new Tensor(name, new int[] {rows, cols}, values);
    }

    /**
     * A vector.
     *
     * @param name the name
     * @param values the values
     * @return the tensor
     */
    public static Tensor vector(String name, float[] values) {
        return new Tensor(name, new int[] {values.length}, values);
    }

    /**
     * The name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The dimensions.
     *
     * @return a copy of the shape
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The number of dimensions.
     *
     * @return the rank
     */
    public int rank() {
        return shape.length;
    }

    /**
     * One dimension.
     *
     * @param axis the axis
     * @return its size
     */
    public int dim(int axis) {
        return shape[axis];
    }

    /**
     * The values, row-major; the array itself, not a copy.
     *
     * @return the values
     */
    public float[] values() {
        return values;
    }

    /**
     * The shape as text, for example {@code [500, 784]}.
     *
     * @return the shape
     */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public String toString() {
        return name + " " + shapeText();
    }
}
