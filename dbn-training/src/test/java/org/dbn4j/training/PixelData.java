package org.dbn4j.training;

import org.dbn4j.data.DataSet;

/**
 * Real MNIST pixels turned into the inputs of the other visible unit types: real values for
 * Gaussian units, one-hot intensity levels for softmax groups, a few binary pixels for models
 * whose visible states are enumerated.
 */
final class PixelData {

    private PixelData() {
    }

    /**
     * 60 central pixels (rows 8-19, columns 10-14) standardised with the means and standard
     * deviations of {@code fitOn}.
     */
    static DataSet standardised(DataSet digits, DataSet fitOn) {
        int cols = 60;
        float[] x = new float[digits.rows() * cols];
        for (int c = 0; c < cols; c++) {
            int pixel = (8 + c / 5) * 28 + 10 + c % 5;
            double mean = 0;
            double squares = 0;
            for (int r = 0; r < fitOn.rows(); r++) {
                mean += fitOn.feature(r, pixel);
                squares += fitOn.feature(r, pixel) * fitOn.feature(r, pixel);
            }
            mean /= fitOn.rows();
            double sd = Math.sqrt(Math.max(1e-6, squares / fitOn.rows() - mean * mean));
            for (int r = 0; r < digits.rows(); r++) {
                x[r * cols + c] = (float) ((digits.feature(r, pixel) - mean) / sd);
            }
        }
        return DataSet.unlabelled(x, digits.rows(), cols);
    }

    /** 40 central pixels (rows 9-18, columns 11-14), each one-hot in three levels: below 0.25, below 0.75, above. */
    static DataSet quantised(DataSet digits) {
        int pixels = 40;
        float[] x = new float[digits.rows() * pixels * 3];
        for (int r = 0; r < digits.rows(); r++) {
            for (int c = 0; c < pixels; c++) {
                float p = digits.feature(r, (9 + c / 4) * 28 + 11 + c % 4);
                x[(r * pixels + c) * 3 + (p < 0.25f ? 0 : p < 0.75f ? 1 : 2)] = 1f;
            }
        }
        return DataSet.unlabelled(x, digits.rows(), pixels * 3);
    }

    /** 16 central pixels (rows 12-15, columns 12-15) binarised at 0.5. */
    static DataSet binarySixteen(DataSet digits) {
        int pixels = 16;
        float[] x = new float[digits.rows() * pixels];
        for (int r = 0; r < digits.rows(); r++) {
            for (int c = 0; c < pixels; c++) {
                x[r * pixels + c] = digits.feature(r, (12 + c / 4) * 28 + 12 + c % 4) > 0.5f ? 1f : 0f;
            }
        }
        return DataSet.unlabelled(x, digits.rows(), pixels);
    }
}
