package org.dbn4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dbn4j.backend.Backends;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.Adam;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;

/**
 * Classifies handwritten digits: a 784-500-500-2000 DBN pretrained greedily with CD-1 on the
 * embedded MNIST subset, then fine-tuned by backpropagation on the digits and their one-pixel
 * shifts. Prints the test accuracy and saves the model.
 *
 * <p>Run with {@code ./dbn4j example MnistClassification} (about a minute on two cores);
 * {@code quick} as argument trains a small network in seconds.
 */
public final class MnistClassification {

    private MnistClassification() {
    }

    /**
     * Trains, evaluates and saves.
     *
     * @param args {@code quick} for a small, fast run
     * @throws IOException if the model cannot be saved
     */
    public static void main(String[] args) throws IOException {
        boolean quick = args.length > 0 && args[0].equals("quick");
        DataSet train = quick ? Mnist10k.train().head(2000) : Mnist10k.train();
        DataSet test = Mnist10k.test();
        int[] hidden = quick ? new int[] {100, 100} : new int[] {500, 500, 2000};
        try (Backend backend = Backends.create()) {
            GreedyPretrainer.Builder pretraining = GreedyPretrainer.builder().seed(0);
            for (int h : hidden) {
                pretraining.layer(PretrainingLayer.of(h).withEpochs(quick ? 5 : 10));
            }
            Dbn pretrained = pretraining.build().pretrain(backend, train);
            // Each digit and its four one-pixel shifts: five times the examples for fine-tuning.
            DataSet shifted = DataSet.concat(train, train.translate(28, 28, 1, 0), train.translate(28, 28, -1, 0),
                    train.translate(28, 28, 0, 1), train.translate(28, 28, 0, -1));
            Dbn model = BackpropFineTuner.builder().optimizer(Adam.of(1e-3)).epochs(quick ? 5 : 20).seed(0).build()
                    .fineTune(backend, pretrained, shifted, null);
            try (BoundDbn net = model.bind(backend)) {
                System.out.printf(Locale.ROOT, "test accuracy %.2f%% on %d digits%n", 100 * net.accuracy(test),
                        test.rows());
            }
            Path file = Path.of(System.getProperty("dbn4j.examples.out", ".")).resolve("mnist-dbn.safetensors");
            Files.createDirectories(file.toAbsolutePath().getParent());
            ModelFile.save(model, file);
            System.out.println("saved " + file.toAbsolutePath() + " (" + Files.size(file) / 1024 + " KB)");
        }
    }
}
