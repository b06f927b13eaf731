package org.dbn4j.model;

import java.util.Arrays;
import org.dbn4j.data.DataSet;

/**
 * A per-column affine rescaling, {@code z = (x - mean) / deviation}, fitted on training data and
 * saved with a model, so that inference sees new data exactly as training saw its own: Gaussian
 * visible units expect inputs of mean 0 and variance 1, and a linear head trains best on targets
 * of that scale.
 *
 * @param mean the mean of each column
 * @param deviation the standard deviation of each column, positive
 */
public record Standardization(float[] mean, float[] deviation) {

    /**
     * Checks the arrays.
     *
     * @param mean the mean of each column
     * @param deviation the standard deviation of each column
     * @throws IllegalArgumentException if the lengths differ, a value is not finite or a
     *     deviation is not positive
     */
    public Standardization {
        if (mean == null || deviation == null || mean.length != deviation.length || mean.length == 0) {
            throw new IllegalArgumentException("a standardisation needs as many means as deviations, at least one");
        }
        mean = mean.clone();
        deviation = deviation.clone();
        for (int c = 0; c < mean.length; c++) {
            if (!Float.isFinite(mean[c]) || !(deviation[c] > 0) || !Float.isFinite(deviation[c])) {
                throw new IllegalArgumentException("column " + c + " has mean " + mean[c] + " and deviation "
                        + deviation[c] + "; a standardisation needs finite means and positive deviations");
            }
        }
    }

    /**
     * Fits the columns of row-major values. A constant column keeps deviation 1, so that it maps to 0.
     *
     * @param values rows x cols, row-major
     * @param rows the number of rows, at least 1
     * @param cols the number of columns
     * @return the fitted standardisation
     */
    public static Standardization fit(float[] values, int rows, int cols) {
        if (rows < 1 || values.length != (long) rows * cols) {
            throw new IllegalArgumentException("cannot fit a standardisation to " + rows + " rows of " + cols
                    + " columns from " + values.length + " values");
        }
        double[] sum = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                sum[c] += values[r * cols + c];
            }
        }
        float[] mean = new float[cols];
        float[] deviation = new float[cols];
        for (int c = 0; c < cols; c++) {
            double m = sum[c] / rows;
            double squares = 0;
            for (int r = 0; r < rows; r++) {
                double d = values[r * cols + c] - m;
                squares += d * d;
            }
            double sd = Math.sqrt(squares / rows);
            mean[c] = (float) m;
            deviation[c] = sd > 1e-12 * Math.max(1, Math.abs(m)) ? (float) sd : 1f;
        }
        return new Standardization(mean, deviation);
    }

    /**
     * Fits the features of a data set.
     *
     * @param data the training data
     * @return the fitted standardisation
     */
    public static Standardization fit(DataSet data) {
        return fit(data.features(), data.rows(), data.cols());
    }

    /**
     * The number of columns.
     *
     * @return the column count
     */
    public int columns() {
        return mean.length;
    }

    /**
     * The column means.
     *
     * @return a copy
     */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /**
     * The column standard deviations.
     *
     * @return a copy
     */
    @Override
    public float[] deviation() {
        return deviation.clone();
    }

    /**
     * Standardises row-major values into a new array.
     *
     * @param values rows x {@link #columns()}, row-major
     * @return the standardised values
     */
    public float[] apply(float[] values) {
        requireWhole(values);
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            int c = i % mean.length;
            out[i] = (values[i] - mean[c]) / deviation[c];
        }
        return out;
    }

    /**
     * Standardises a data set's features, keeping its labels.
     *
     * @param data the data, with {@link #columns()} features
     * @return the standardised data
     */
    public DataSet apply(DataSet data) {
        if (data.cols() != mean.length) {
            throw new IllegalArgumentException("the standardisation has " + mean.length + " columns but the data have "
                    + data.cols());
        }
        float[] out = apply(data.features());
        return data.hasLabels() ? new DataSet(out, data.rows(), data.cols(), data.labels(), data.classes())
                : DataSet.unlabelled(out, data.rows(), data.cols());
    }

    /**
     * Maps standardised values back, in place: {@code x = z * deviation + mean}.
     *
     * @param values rows x {@link #columns()}, row-major
     */
    public void invertInPlace(float[] values) {
        requireWhole(values);
        for (int i = 0; i < values.length; i++) {
            int c = i % mean.length;
            values[i] = values[i] * deviation[c] + mean[c];
        }
    }

    private void requireWhole(float[] values) {
        if (values.length % mean.length != 0) {
            throw new IllegalArgumentException(values.length + " values are not whole rows of " + mean.length
                    + " columns");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardization s && Arrays.equals(mean, s.mean) && Arrays.equals(deviation, s.deviation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(deviation);
    }

    @Override
    public String toString() {
        return "Standardization[" + mean.length + " columns]";
    }
}
