package org.dbn4j.examples;

import java.util.Locale;
import org.dbn4j.backend.Backends;
import org.dbn4j.data.CsvReader;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.SklearnData;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.model.Standardization;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.Adam;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.SgdUpdate;
import org.dbn4j.training.eval.Evaluation;

/**
 * Regression on real-valued data: scikit-learn's diabetes data (442 patients, 10 variables, a
 * disease progression score). The 353 patients of a seeded 80% split train a DBN with Gaussian
 * visible units on standardised inputs, whose linear head is then fine-tuned on standardised
 * targets; the other 89 are scored by RMSE and R^2, next to an ordinary least-squares linear
 * regression fitted on the same 353. The model keeps both standardisations, so it predicts in
 * the target's own units from raw inputs.
 *
 * <p>Run with {@code ./dbn4j example DiabetesRegression}; {@code quick} for a small run.
 */
public final class DiabetesRegression {

    private DiabetesRegression() {
    }

    /**
     * Trains, scores and compares.
     *
     * @param args {@code quick} for fewer epochs
     */
    public static void main(String[] args) {
        boolean quick = args.length > 0 && args[0].equals("quick");
        CsvReader.Regression data = SklearnData.diabetes();
        int[] order = DataSet.permutation(data.inputs().rows(), 0);
        int trainRows = (int) Math.round(0.8 * order.length);
        int[] trainIdx = java.util.Arrays.copyOfRange(order, 0, trainRows);
        int[] testIdx = java.util.Arrays.copyOfRange(order, trainRows, order.length);
        DataSet train = data.inputs().subset(trainIdx);
        DataSet test = data.inputs().subset(testIdx);
        float[] trainTargets = pick(data.targets(), trainIdx);
        float[] testTargets = pick(data.targets(), testIdx);

        Standardization inputs = Standardization.fit(train);
        Standardization targets = Standardization.fit(trainTargets, trainTargets.length, 1);
        DataSet x = inputs.apply(train);
        try (Backend backend = Backends.create()) {
            Dbn pretrained = GreedyPretrainer.builder().seed(0).inputUnits(VisibleUnits.GAUSSIAN, false)
                    .layer(PretrainingLayer.of(32).withEpochs(quick ? 10 : 50).withBatchSize(10)
                            .withUpdateRule(SgdUpdate.plain(0.01)))
                    .build().pretrain(backend, x);
            Dbn model = BackpropFineTuner.builder().head(Head.Kind.LINEAR).optimizer(Adam.of(1e-3))
                    .epochs(quick ? 20 : 200).batchSize(10).weightDecay(1e-3).seed(0).build()
                    .fineTuneRegression(backend, pretrained, x, targets.apply(trainTargets), 1, null, null)
                    .withInputScaling(inputs).withOutputScaling(targets);
            Evaluation.RegressionScore dbn;
            try (BoundDbn bound = model.bind(backend)) {
                dbn = Evaluation.regression(bound.predict(test), testTargets);
            }
            Evaluation.RegressionScore linear = Evaluation.regression(
                    LeastSquares.fit(x, trainTargets).predict(inputs.apply(test)), testTargets);
            System.out.printf(Locale.ROOT, "diabetes, %d training and %d test patients%n", train.rows(), test.rows());
            System.out.printf(Locale.ROOT, "DBN 10-32 + linear head: test RMSE %.2f, R^2 %.3f%n", dbn.rmse(),
                    dbn.rSquared());
            System.out.printf(Locale.ROOT, "linear regression:       test RMSE %.2f, R^2 %.3f%n", linear.rmse(),
                    linear.rSquared());
        }
    }

    private static float[] pick(float[] values, int[] indices) {
        float[] out = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    /** Ordinary least squares with an intercept, by the normal equations in double precision. */
    record LeastSquares(double[] coefficients) {

        static LeastSquares fit(DataSet x, float[] y) {
            int p = x.cols() + 1;
            double[][] a = new double[p][p + 1];
            for (int r = 0; r < x.rows(); r++) {
                double[] row = new double[p];
                row[0] = 1;
                for (int c = 0; c < x.cols(); c++) {
                    row[c + 1] = x.feature(r, c);
                }
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        a[i][j] += row[i] * row[j];
                    }
                    a[i][p] += row[i] * y[r];
                }
            }
            // Gauss-Jordan elimination with partial pivoting
            for (int col = 0; col < p; col++) {
                int pivot = col;
                for (int r = col + 1; r < p; r++) {
                    if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                        pivot = r;
                    }
                }
                double[] t = a[col];
                a[col] = a[pivot];
                a[pivot] = t;
                for (int r = 0; r < p; r++) {
                    if (r != col) {
                        double f = a[r][col] / a[col][col];
                        for (int c = col; c <= p; c++) {
                            a[r][c] -= f * a[col][c];
                        }
                    }
                }
            }
            double[] beta = new double[p];
            for (int i = 0; i < p; i++) {
                beta[i] = a[i][p] / a[i][i];
            }
            return new LeastSquares(beta);
        }

        float[] predict(DataSet x) {
            float[] out = new float[x.rows()];
            for (int r = 0; r < x.rows(); r++) {
                double v = coefficients[0];
                for (int c = 0; c < x.cols(); c++) {
                    v += coefficients[c + 1] * x.feature(r, c);
                }
                out[r] = (float) v;
            }
            return out;
        }
    }
}
