package org.dbn4j.examples;

import java.util.Locale;
import org.dbn4j.backend.Backends;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.SklearnData;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Standardization;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.Adam;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.RbmInitializer;
import org.dbn4j.training.SgdUpdate;
import org.dbn4j.training.eval.AnnealedImportanceSampling;

/**
 * Gaussian visible units on real-valued inputs: scikit-learn's 1,797 8x8 optical digits (pixel
 * counts 0-16), standardised per pixel on a seeded 80% training split. A 64-100-100 DBN whose
 * bottom RBM has Gaussian visible units is pretrained, its held-out log-density estimated by AIS
 * against the untrained model's, then fine-tuned with a softmax head; its test accuracy is
 * printed next to a softmax regression on the same standardised pixels.
 *
 * <p>Run with {@code ./dbn4j example DigitsGaussian}; {@code quick} for a small run.
 */
public final class DigitsGaussian {

    private DigitsGaussian() {
    }

    /**
     * Trains, scores and compares.
     *
     * @param args {@code quick} for fewer epochs
     */
    public static void main(String[] args) {
        boolean quick = args.length > 0 && args[0].equals("quick");
        DataSet.Split split = SklearnData.digits().split(0.8, 0);
        Standardization pixels = Standardization.fit(split.first());
        DataSet train = pixels.apply(split.first());
        DataSet test = pixels.apply(split.second());
        try (Backend backend = Backends.create()) {
            GreedyPretrainer pretrainer = GreedyPretrainer.builder().seed(0).inputUnits(VisibleUnits.GAUSSIAN, false)
                    .layer(PretrainingLayer.of(100).withEpochs(quick ? 5 : 30).withBatchSize(20)
                            .withUpdateRule(SgdUpdate.plain(0.005)))
                    .layer(PretrainingLayer.of(100).withEpochs(quick ? 5 : 30).withBatchSize(20))
                    .build();
            Dbn pretrained = pretrainer.pretrain(backend, train);
            Dbn untrained = Dbn.of(RbmInitializer.initial(pretrained.layer(0).spec(), train, 0.01, 0));
            System.out.printf(Locale.ROOT, "digits, %d training and %d test images of 64 standardised pixels%n",
                    train.rows(), test.rows());
            System.out.printf(Locale.ROOT, "held-out log-density of the bottom RBM (AIS): untrained %.2f, pretrained"
                    + " %.2f nats per image%n", heldOutLogDensity(backend, untrained, train, test, quick),
                    heldOutLogDensity(backend, pretrained, train, test, quick));
            Dbn tuned = BackpropFineTuner.builder().optimizer(Adam.of(1e-3)).epochs(quick ? 10 : 50).batchSize(20)
                    .seed(0).build().fineTune(backend, pretrained, train, null).withInputScaling(pixels);
            double dbn;
            try (BoundDbn bound = tuned.bind(backend)) {
                dbn = bound.accuracy(split.second());
            }
            double softmax = FeatureExtraction.SoftmaxRegression.fit(train, quick ? 10 : 50).accuracy(test);
            System.out.printf(Locale.ROOT, "DBN 64-100-100, fine-tuned: test accuracy %.2f%%%n", 100 * dbn);
            System.out.printf(Locale.ROOT, "softmax regression on the pixels: test accuracy %.2f%%%n", 100 * softmax);
        }
    }

    private static double heldOutLogDensity(Backend backend, Dbn dbn, DataSet train, DataSet test, boolean quick) {
        try (BoundDbn bound = dbn.bind(backend)) {
            BoundRbm rbm = bound.layer(0);
            AnnealedImportanceSampling.Estimate z = AnnealedImportanceSampling.logZ(rbm,
                    AnnealedImportanceSampling.baseBias(rbm.spec(), train), 100,
                    AnnealedImportanceSampling.schedule(quick ? 500 : 5000), 1);
            return AnnealedImportanceSampling.averageLogLikelihood(rbm, test, z.logZ());
        }
    }
}
