package org.dbn4j.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dbn4j.data.Augmentation;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.Schedule;
import org.dbn4j.training.Adam;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.SgdUpdate;

/**
 * The search behind {@code dbn4j train}'s default recipe: the training digits of the embedded
 * MNIST subset split once (by a fixed seed) into 6,996 for training and 1,000 for validation, the
 * test digits never read. Each named pretraining is run once; each fine-tuning given after it on
 * the command line starts from that pretrained stack. Prints one line per run: validation
 * accuracy and wall times.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:CompileCommand=quiet \
 *     -XX:CompileCommand=CompileThresholdScaling,org.dbn4j.*::*,0.01 \
 *     -cp dbn-benchmarks/target/benchmarks.jar org.dbn4j.bench.RecipeSearch \
 *     pre:plain ft:adam20 ft:shift1x20 pre:momentum ft:shift1x30 ...
 * </pre>
 *
 * <p>Pretrainings: {@code plain} (CD-1, SGD at 0.1, 10 epochs a layer: the PyTorch peer's),
 * {@code momentum} (the same with momentum 0.5 then 0.9 after 5 epochs and L2 0.0002),
 * {@code momentumNx} (that with N epochs a layer). Fine-tunings: {@code adamN} (Adam at 1e-3
 * for N epochs), {@code shiftSxN} (the same with random shifts of up to S pixels),
 * {@code shiftSxNdropP} (and hidden dropout P) and {@code affineS,D,CxN[dropP]} (random shifts of
 * up to S pixels, rotations of up to D degrees and scaling by up to C).
 */
public final class RecipeSearch {

    private RecipeSearch() {
    }

    /**
     * Runs the named pretrainings and fine-tunings in order.
     *
     * @param args {@code pre:NAME} and {@code ft:NAME} words
     */
    public static void main(String[] args) {
        DataSet all = Mnist10k.train();
        int[] order = DataSet.permutation(all.rows(), 20261203L);
        int[] trainRows = java.util.Arrays.copyOfRange(order, 1000, order.length);
        int[] validationRows = java.util.Arrays.copyOfRange(order, 0, 1000);
        DataSet train = all.subset(trainRows);
        DataSet validation = all.subset(validationRows);
        Map<String, Double> results = new LinkedHashMap<>();
        try (Backend backend = BenchBackends.create("cpu-simd", 2)) {
            Dbn pretrained = null;
            String pre = null;
            double preSeconds = 0;
            for (String word : args) {
                if (word.startsWith("pre:")) {
                    pre = word.substring(4);
                    long t0 = System.nanoTime();
                    pretrained = pretrainer(pre).pretrain(backend, train);
                    preSeconds = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(Locale.ROOT, "pretrained %s in %.1f s%n", pre, preSeconds);
                    continue;
                }
                String ft = word.substring(3);
                long t0 = System.nanoTime();
                Dbn tuned = fineTuner(ft).fineTune(backend, pretrained, train, null);
                double seconds = (System.nanoTime() - t0) / 1e9;
                try (BoundDbn bound = tuned.bind(backend)) {
                    double accuracy = bound.accuracy(validation);
                    results.put(pre + " + " + ft, accuracy);
                    System.out.printf(Locale.ROOT, "RESULT %-14s + %-18s validation %.2f%%  pretrain %.1f s  fine-tune"
                            + " %.1f s%n", pre, ft, 100 * accuracy, preSeconds, seconds);
                }
            }
        }
    }

    private static GreedyPretrainer pretrainer(String name) {
        GreedyPretrainer.Builder b = GreedyPretrainer.builder().seed(0);
        int epochs = 10;
        boolean momentum = name.startsWith("momentum");
        if (momentum && name.length() > "momentum".length()) {
            epochs = Integer.parseInt(name.substring("momentum".length(), name.length() - 1));
        }
        for (int h : new int[] {500, 500, 2000}) {
            PretrainingLayer layer = PretrainingLayer.of(h).withEpochs(epochs);
            if (momentum) {
                layer = layer.withUpdateRule(SgdUpdate.builder().learningRate(Schedule.constant(0.1))
                        .momentum(Schedule.step(0.5, 5, 0.9)).l2(0.0002).build());
            }
            b.layer(layer);
        }
        return b.build();
    }

    private static BackpropFineTuner fineTuner(String name) {
        BackpropFineTuner.Builder b = BackpropFineTuner.builder().batchSize(100).seed(0);
        if (name.startsWith("adam")) {
            return b.optimizer(Adam.of(1e-3)).epochs(Integer.parseInt(name.substring(4))).build();
        }
        if (name.startsWith("affine")) {
            // affineSHIFT,DEGREES,SCALExN[dropP]
            String[] p = name.substring(6, name.indexOf('x')).split(",");
            String tail = name.substring(name.indexOf('x') + 1);
            double drop = tail.contains("drop") ? Double.parseDouble(tail.substring(tail.indexOf("drop") + 4)) : 0;
            int epochs = Integer.parseInt(tail.contains("drop") ? tail.substring(0, tail.indexOf("drop")) : tail);
            return b.epochs(epochs).dropout(0, drop).optimizer(Adam.of(1e-3)).augmentation(Augmentation.randomAffine(28, 28,
                    Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]))).build();
        }
        // shiftSxN[dropP]
        String rest = name.substring("shift".length());
        int shift = Integer.parseInt(rest.substring(0, rest.indexOf('x')));
        rest = rest.substring(rest.indexOf('x') + 1);
        double drop = 0;
        if (rest.contains("drop")) {
            drop = Double.parseDouble(rest.substring(rest.indexOf("drop") + 4));
            rest = rest.substring(0, rest.indexOf("drop"));
        }
        int epochs = Integer.parseInt(rest);
        b.epochs(epochs).dropout(0, drop).augmentation(Augmentation.randomShifts(28, 28, shift));
        return b.optimizer(Adam.of(1e-3)).build();
    }
}
