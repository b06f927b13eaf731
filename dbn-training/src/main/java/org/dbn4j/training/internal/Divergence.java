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
        return likelyCause(max, inputs, rate);
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
