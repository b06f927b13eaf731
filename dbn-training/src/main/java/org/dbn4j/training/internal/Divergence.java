package org.dbn4j.training.internal;

import org.dbn4j.data.DataSet;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.VisibleUnits;

/** The likely cause of a divergence, named once for every kind of training, local or distributed. */
public final class Divergence {

    private Divergence() {
    }

    /**
     * The likely cause of a run that went to NaN or infinity.
     *
     * @param data the training data
     * @param inputs the spec of the RBM that reads the data (the first layer of a DBN)
     * @param rate the learning rate or optimiser, as text
     * @return a sentence starting "Likely cause:"
     */
    public static String likelyCause(DataSet data, RbmSpec inputs, String rate) {
        float max = 0;
        for (float v : data.features()) {
            max = Math.max(max, Math.abs(v));
        }
        if (inputs.visibleUnits() == VisibleUnits.GAUSSIAN && max > 10 && standardised(data)) {
            return "Likely cause: the data are standardised but hold outliers (the largest |value| is " + max
                    + "), too large for the learning rate (" + rate + "); try 10 to 100 times lower, or clip them.";
        }
        return likelyCause(max, inputs, rate);
    }

    /** Whether every column has mean about 0 and deviation about 1 (or is constant). */
    private static boolean standardised(DataSet data) {
        int rows = data.rows();
        int cols = data.cols();
        float[] x = data.features();
        for (int c = 0; c < cols; c++) {
            double sum = 0;
            double squares = 0;
            for (int r = 0; r < rows; r++) {
                double v = x[r * cols + c];
                sum += v;
                squares += v * v;
            }
            double mean = sum / rows;
            double variance = squares / rows - mean * mean;
            if (Math.abs(mean) > 0.05 || (variance > 1e-6 && Math.abs(variance - 1) > 0.1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The likely cause of a run that went to NaN or infinity, from the largest magnitude in the
     * data (for data that are not all in one place).
     *
     * @param max the largest absolute value in the training data
     * @param inputs the spec of the RBM that reads the data
     * @param rate the learning rate or optimiser, as text
     * @return a sentence starting "Likely cause:"
     */
    public static String likelyCause(float max, RbmSpec inputs, String rate) {
        if (inputs.visibleUnits() == VisibleUnits.BERNOULLI && max > 1) {
            return "Likely cause: the data are not scaled to [0, 1] (the largest value is " + max
                    + "); scale them, for example by 1/255 for pixels.";
        }
        if (inputs.visibleUnits() == VisibleUnits.GAUSSIAN && max > 10) {
            return "Likely cause: the data are not standardised (the largest |value| is " + max
                    + ") for Gaussian units; subtract the mean and divide by the standard deviation.";
        }
        if (inputs.hiddenUnits() == HiddenUnits.NOISY_RELU || inputs.visibleUnits() == VisibleUnits.GAUSSIAN) {
            return "Likely cause: the learning rate (" + rate + ") is too high for real-valued units;"
                    + " try 10 to 100 times lower.";
        }
        return "Likely cause: the learning rate (" + rate + ") is too high; try 10 times lower.";
    }
}
