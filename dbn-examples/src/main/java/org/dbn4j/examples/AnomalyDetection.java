package org.dbn4j.examples;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.dbn4j.backend.Backends;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;

/**
 * Detects unusual inputs with a DBN trained on normal ones only, in the leave-one-class-out
 * setting: for each digit, a 784-500-500 stack pretrained on the other nine digits scores their
 * held-out examples, random noise, and the digit it never saw, by the bottom RBM's free energy
 * and by the reconstruction error through the stack. Prints the ROC AUC of each score (1
 * separates perfectly, 0.5 is chance). Noise is easy; an unseen digit is hard where it looks like
 * a seen one (a 9 is close to a 4 and a 7).
 *
 * <p>Run with {@code ./dbn4j example AnomalyDetection}; {@code quick} for a small run.
 */
public final class AnomalyDetection {

    private AnomalyDetection() {
    }

    /**
     * Trains and scores.
     *
     * @param args {@code quick} for a small, fast run
     */
    public static void main(String[] args) {
        boolean quick = args.length > 0 && args[0].equals("quick");
        DataSet all = quick ? Mnist10k.train().head(2000) : Mnist10k.train();
        DataSet test = Mnist10k.test();
        DataSet noise = noise(500, all);
        System.out.println("ROC AUC       noise: free energy  reconstruction   unseen digit: free energy  reconstruction");
        double[] sums = new double[2];
        int runs = 0;
        try (Backend backend = Backends.create()) {
            for (int unseen = quick ? 9 : 0; unseen <= 9; unseen++) {
                DataSet train = without(all, unseen);
                DataSet normal = without(test, unseen);
                DataSet novel = only(test, unseen);
                Dbn dbn = GreedyPretrainer.builder().seed(0)
                        .layer(PretrainingLayer.of(quick ? 100 : 500).withEpochs(quick ? 3 : 10))
                        .layer(PretrainingLayer.of(quick ? 100 : 500).withEpochs(quick ? 3 : 10))
                        .build().pretrain(backend, train);
                try (BoundDbn net = dbn.bind(backend)) {
                    double[] fNormal = net.freeEnergy(normal);
                    double[] rNormal = net.reconstructionError(normal);
                    double novelByEnergy = auc(fNormal, net.freeEnergy(novel));
                    double novelByReconstruction = auc(rNormal, net.reconstructionError(novel));
                    System.out.printf(Locale.ROOT, "left out %d %19.4f %15.4f %26.4f %15.4f%n", unseen,
                            auc(fNormal, net.freeEnergy(noise)), auc(rNormal, net.reconstructionError(noise)),
                            novelByEnergy, novelByReconstruction);
                    sums[0] += novelByEnergy;
                    sums[1] += novelByReconstruction;
                    runs++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "mean AUC for an unseen digit: %.4f by free energy, %.4f by reconstruction%n",
                sums[0] / runs, sums[1] / runs);
    }

    /**
     * The area under the ROC curve: the probability that an anomaly scores higher than a normal
     * example (ties count half).
     *
     * @param normal scores of normal examples
     * @param anomalous scores of anomalies
     * @return the AUC
     */
    public static double auc(double[] normal, double[] anomalous) {
        double[] sorted = normal.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double a : anomalous) {
            int below = lowerBound(sorted, a);
            int notAbove = upperBound(sorted, a);
            sum += below + 0.5 * (notAbove - below);
        }
        return sum / ((double) normal.length * anomalous.length);
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static DataSet without(DataSet data, int digit) {
        return data.subset(IntStream.range(0, data.rows()).filter(i -> data.label(i) != digit).toArray());
    }

    private static DataSet only(DataSet data, int digit) {
        return data.subset(IntStream.range(0, data.rows()).filter(i -> data.label(i) == digit).toArray());
    }

    /** Images of uniform noise with the same mean brightness as the digits. */
    private static DataSet noise(int n, DataSet like) {
        double mean = Arrays.stream(like.columnMeans()).average().orElse(0.1);
        SplittableRandom random = new SplittableRandom(1);
        float[] pixels = new float[n * like.cols()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextDouble() < mean ? 1f : 0f;
        }
        return DataSet.unlabelled(pixels, n, like.cols());
    }
}
