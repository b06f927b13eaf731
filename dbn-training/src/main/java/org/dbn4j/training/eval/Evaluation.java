package org.dbn4j.training.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;

/**
 * Monitoring quantities computed over a data set in chunks: the mean-field reconstruction error
 * and the mean free energy, whose difference between held-out and training data shows
 * overfitting (Hinton's practical guide, 2010, section 6).
 */
public final class Evaluation {

    /** Rows processed at once. */
    static final int CHUNK = 1000;

    private Evaluation() {
    }

    /**
     * The mean over examples of {@code ||v - E[v | E[h | v]]||^2}.
     *
     * @param rbm the model
     * @param data the examples
     * @return the mean squared reconstruction error per example
     */
    public static double reconstructionError(BoundRbm rbm, DataSet data) {
        Backend b = rbm.backend();
        double total = 0;
        for (int from = 0; from < data.rows(); from += CHUNK) {
            DataSet part = chunk(data, from);
            try (Matrix v = part.toMatrix(b); Matrix r = b.matrix(v.rows(), v.cols())) {
                rbm.reconstruct(v, r);
                b.subtract(v, r, r);
                total += b.sumOfSquares(r);
            }
        }
        return total / Math.max(1, data.rows());
    }

    /**
     * The mean free energy of the examples.
     *
     * @param rbm the model
     * @param data the examples
     * @return the mean of {@code F(v)}
     */
    public static double meanFreeEnergy(BoundRbm rbm, DataSet data) {
        Backend b = rbm.backend();
        double total = 0;
        for (int from = 0; from < data.rows(); from += CHUNK) {
            DataSet part = chunk(data, from);
            try (Matrix v = part.toMatrix(b); Matrix f = b.matrix(v.rows(), 1)) {
                rbm.freeEnergy(v, f);
                total += b.sum(f);
            }
        }
        return total / Math.max(1, data.rows());
    }

    /**
     * Held-out reconstruction error and the free-energy gap: the mean free energy of the
     * held-out examples minus that of as many training examples. A gap that grows during training
     * means the model is overfitting.
     *
     * @param rbm the model
     * @param train the training examples
     * @param heldOut the held-out examples
     * @return {@code heldOutReconstructionError}, {@code freeEnergyTrain}, {@code freeEnergyHeldOut}
     *     and {@code freeEnergyGap}
     */
    public static Map<String, Double> heldOutMetrics(BoundRbm rbm, DataSet train, DataSet heldOut) {
        DataSet trainPart = train.head(Math.min(train.rows(), heldOut.rows()));
        double fTrain = meanFreeEnergy(rbm, trainPart);
        double fHeldOut = meanFreeEnergy(rbm, heldOut);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("heldOutReconstructionError", reconstructionError(rbm, heldOut));
        out.put("freeEnergyTrain", fTrain);
        out.put("freeEnergyHeldOut", fHeldOut);
        out.put("freeEnergyGap", fHeldOut - fTrain);
        return out;
    }

    static DataSet chunk(DataSet data, int from) {
        int to = Math.min(data.rows(), from + CHUNK);
        if (from == 0 && to == data.rows()) {
            return data;
        }
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return data.subset(rows);
    }

    /**
     * How well real-valued predictions fit their targets.
     *
     * @param rmse the root mean squared error, in the targets' units
     * @param rSquared the coefficient of determination, {@code 1 - SS_res / SS_tot} about the
     *     targets' own mean (1 is a perfect fit, 0 predicting the mean; NaN for constant targets)
     * @param examples the number of examples
     */
    public record RegressionScore(double rmse, double rSquared, int examples) {
    }

    /**
     * Scores one output's predictions against its targets.
     *
     * @param predicted one prediction per example
     * @param targets one target per example
     * @return RMSE and R^2
     * @throws IllegalArgumentException if the lengths differ or are 0
     */
    public static RegressionScore regression(float[] predicted, float[] targets) {
        if (predicted.length != targets.length || targets.length == 0) {
            throw new IllegalArgumentException("scoring needs as many predictions as targets, at least one; got "
                    + predicted.length + " and " + targets.length);
        }
        double mean = 0;
        for (float t : targets) {
            mean += t;
        }
        mean /= targets.length;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < targets.length; i++) {
            residual += (predicted[i] - (double) targets[i]) * (predicted[i] - (double) targets[i]);
            total += (targets[i] - mean) * (targets[i] - mean);
        }
        return new RegressionScore(Math.sqrt(residual / targets.length), total == 0 ? Double.NaN : 1 - residual / total,
                targets.length);
    }
}
