package org.dbn4j.examples;

import java.util.Locale;

import org.dbn4j.backend.Backends;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;

/**
 * Uses a DBN as a feature extractor for another classifier: a plain softmax regression (written
 * here in a few lines of Java, standing in for any downstream model) learns once from raw pixels
 * and once from the top-layer features of a DBN pretrained without labels. Prints both
 * accuracies, for the features of each layer: the unsupervised features make the same linear
 * classifier better than it is on pixels.
 *
 * <p>Run with {@code ./dbn4j example FeatureExtraction}; {@code quick} for a small run.
 */
public final class FeatureExtraction {

    private FeatureExtraction() {
    }

    /**
     * Pretrains, extracts and compares.
     *
     * @param args {@code quick} for a small, fast run
     */
    public static void main(String[] args) {
        boolean quick = args.length > 0 && args[0].equals("quick");
        DataSet train = quick ? Mnist10k.train().head(2000) : Mnist10k.train();
        DataSet test = Mnist10k.test();
        int epochs = quick ? 5 : 30;
        System.out.printf(Locale.ROOT, "softmax regression on raw pixels:   %.2f%%%n",
                100 * SoftmaxRegression.fit(train, epochs).accuracy(test));
        try (Backend backend = Backends.create()) {
            Dbn dbn = GreedyPretrainer.builder().seed(0)
                    .layer(PretrainingLayer.of(quick ? 100 : 500).withEpochs(quick ? 15 : 20))
                    .layer(PretrainingLayer.of(quick ? 100 : 500).withEpochs(quick ? 15 : 20))
                    .build().pretrain(backend, train);
            try (BoundDbn net = dbn.bind(backend)) {
                for (int layer = 1; layer <= dbn.depth(); layer++) {
                    DataSet trainFeatures = net.features(train, layer);
                    DataSet testFeatures = net.features(test, layer);
                    System.out.printf(Locale.ROOT, "softmax regression on DBN layer %d:   %.2f%% (%d features)%n",
                            layer, 100 * SoftmaxRegression.fit(trainFeatures, epochs).accuracy(testFeatures),
                            trainFeatures.cols());
                }
            }
        }
    }

    /** Multinomial logistic regression by plain SGD, independent of dbn4j's own trainers. */
    static final class SoftmaxRegression {
        private final int classes;
        private final int features;
        private final double[] weights;

        private SoftmaxRegression(int classes, int features) {
            this.classes = classes;
            this.features = features;
            this.weights = new double[classes * (features + 1)];
        }

        static SoftmaxRegression fit(DataSet data, int epochs) {
            SoftmaxRegression model = new SoftmaxRegression(data.classes(), data.cols());
            double[] p = new double[data.classes()];
            // A step scaled by the inputs' mean squared norm suits pixels and features alike.
            double meanSquaredNorm = 0;
            for (int i = 0; i < data.rows(); i++) {
                for (int j = 0; j < data.cols(); j++) {
                    meanSquaredNorm += data.feature(i, j) * data.feature(i, j);
                }
            }
            meanSquaredNorm = meanSquaredNorm / data.rows() + 1;
            double rate = 1 / meanSquaredNorm;
            for (int epoch = 0; epoch < epochs; epoch++) {
                int[] order = DataSet.permutation(data.rows(), epoch);
                for (int i : order) {
                    model.probabilities(data, i, p);
                    for (int c = 0; c < model.classes; c++) {
                        double g = p[c] - (data.label(i) == c ? 1 : 0);
                        int base = c * (model.features + 1);
                        for (int j = 0; j < model.features; j++) {
                            model.weights[base + j] -= rate * g * data.feature(i, j);
                        }
                        model.weights[base + model.features] -= rate * g;
                    }
                }
                rate *= 0.9;
            }
            return model;
        }

        private void probabilities(DataSet data, int row, double[] p) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                int base = c * (features + 1);
                double z = weights[base + features];
                for (int j = 0; j < features; j++) {
                    z += weights[base + j] * data.feature(row, j);
                }
                p[c] = z;
                max = Math.max(max, z);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[c] = Math.exp(p[c] - max);
                sum += p[c];
            }
            for (int c = 0; c < classes; c++) {
                p[c] /= sum;
            }
        }

        double accuracy(DataSet data) {
            double[] p = new double[classes];
            int right = 0;
            for (int i = 0; i < data.rows(); i++) {
                probabilities(data, i, p);
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    best = p[c] > p[best] ? c : best;
                }
                right += best == data.label(i) ? 1 : 0;
            }
            return (double) right / data.rows();
        }
    }

}
