package org.dbn4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dbn4j.backend.Backends;
import org.dbn4j.cli.Pictures;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.SgdUpdate;
import org.dbn4j.training.UpDownFineTuner;
import org.dbn4j.training.eval.SampleQuality;

/**
 * Generates digits of a chosen class, as in Hinton, Osindero and Teh (2006): a 784-500-500-2000
 * DBN whose top RBM learns its features together with the label (by PCD, with persistent
 * chains), fine-tuned with the up-down algorithm; then for each digit, Gibbs sampling in the top
 * RBM with that label clamped and a down pass. Samples both the model's own conditional and a
 * sharpened one (the label's input to the top RBM tripled), judges both with a separately trained
 * classifier, and writes one row of sharpened samples per digit to {@code digits.png}.
 *
 * <p>Run with {@code ./dbn4j example DigitGeneration} (a few minutes); {@code quick} for seconds.
 */
public final class DigitGeneration {

    /** The factor on the clamped label's input in the sharpened samples. */
    private static final double LABEL_STRENGTH = 3;

    private DigitGeneration() {
    }

    /**
     * Trains and draws.
     *
     * @param args {@code quick} for a small, fast run
     * @throws IOException if the picture cannot be written
     */
    public static void main(String[] args) throws IOException {
        boolean quick = args.length > 0 && args[0].equals("quick");
        DataSet train = quick ? Mnist10k.train().head(1000) : Mnist10k.train();
        int[] hidden = quick ? new int[] {100, 100} : new int[] {500, 500, 2000};
        try (Backend backend = Backends.create()) {
            GreedyPretrainer.Builder pretraining = GreedyPretrainer.builder().seed(0);
            for (int i = 0; i < hidden.length; i++) {
                // The top RBM gets a single epoch without labels: it learns its features together
                // with the labels below, so that a clamped label can steer its Gibbs chains.
                boolean top = i == hidden.length - 1;
                pretraining.layer(PretrainingLayer.of(hidden[i]).withEpochs(quick || top ? (top ? 1 : 2) : 20)
                        .withUpdateRule(SgdUpdate.builder().l2(0.0002).build()));
            }
            Dbn pretrained = pretraining.build().pretrain(backend, train);
            Dbn generative = UpDownFineTuner.builder().persistentLabelChains(true).labelEpochs(quick ? 2 : 30)
                    .epochs(quick ? 1 : 10).seed(0).build()
                    .fineTune(backend, pretrained, train, null);
            int perDigit = 10;
            float[] images = new float[10 * perDigit * 784];
            // An independent judge of the samples: the pretrained stack fine-tuned as a classifier.
            Dbn judge = BackpropFineTuner.builder().epochs(quick ? 1 : 5).seed(0).build()
                    .fineTune(backend, pretrained, train, null);
            try (BoundDbn net = generative.bind(backend); BoundDbn classifier = judge.bind(backend)) {
                System.out.printf(Locale.ROOT, "classification by the label units: %.2f%%%n",
                        100 * net.accuracy(Mnist10k.test()));
                DataSet[] rows = new DataSet[10];
                DataSet[] sharpened = new DataSet[10];
                for (int digit = 0; digit < 10; digit++) {
                    rows[digit] = net.generate(perDigit, quick ? 50 : 1000, digit, digit);
                    sharpened[digit] = net.generate(perDigit, quick ? 50 : 1000, digit, LABEL_STRENGTH, digit);
                    System.arraycopy(sharpened[digit].features(), 0, images, digit * perDigit * 784, perDigit * 784);
                }
                System.out.println("class-conditional samples, judged by a separate classifier: "
                        + SampleQuality.of(classifier, DataSet.concat(rows)));
                System.out.println("the same with label strength " + LABEL_STRENGTH + ": "
                        + SampleQuality.of(classifier, DataSet.concat(sharpened)));
                DataSet fromData = net.generateFrom(train.head(100), quick ? 50 : 1000, -1, 10);
                System.out.println("unconditional samples from chains started at 100 training digits: "
                        + SampleQuality.of(classifier, fromData));
            }
            Path file = Path.of(System.getProperty("dbn4j.examples.out", ".")).resolve("digits.png");
            Files.createDirectories(file.toAbsolutePath().getParent());
            Pictures.grid(images, 10 * perDigit, 28, 28, perDigit, false, 2, file);
            System.out.println("wrote " + file.toAbsolutePath() + ": one row per digit, 0 at the top");
        }
    }
}
