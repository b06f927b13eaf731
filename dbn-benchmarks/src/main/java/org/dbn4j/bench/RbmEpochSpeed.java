package org.dbn4j.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.Rbm;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.TrainingEvent;
import org.dbn4j.training.RbmTrainer;
import org.dbn4j.training.SgdUpdate;
import org.dbn4j.training.eval.Evaluation;

/**
 * Seconds per epoch of CD-1 on a 784-500 Bernoulli RBM, minibatches of 100, over the 7,996
 * embedded training digits: the same algorithm as {@code scripts/peers/torch_dbn.py rbm} (plain
 * SGD at rate 0.1 written straight into the weights, sampled hidden states for the down pass,
 * probabilities elsewhere), timed the same way (median of epochs 2..N).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp dbn-benchmarks/target/benchmarks.jar \
 *     org.dbn4j.bench.RbmEpochSpeed [backend] [threads] [epochs]
 * </pre>
 */
public final class RbmEpochSpeed {

    private RbmEpochSpeed() {
    }

    /**
     * Runs the measurement and prints one RESULT line.
     *
     * @param args backend (default cpu-simd), threads (default 2), epochs (default 10)
     */
    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "cpu-simd";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        DataSet train = Mnist10k.train();
        List<Double> seconds = new ArrayList<>();
        try (Backend backend = BenchBackends.create(name, threads)) {
            Rbm rbm = RbmTrainer.builder().epochs(epochs).batchSize(100).seed(0).updateRule(SgdUpdate.plain(0.1))
                    .listener(e -> {
                        if (e instanceof TrainingEvent.EpochFinished f) {
                            seconds.add(f.seconds());
                        }
                    })
                    .build().train(backend, train, 500);
            double error;
            try (BoundRbm bound = rbm.bind(backend)) {
                error = Evaluation.reconstructionError(bound, train);
            }
            List<Double> later = new ArrayList<>(seconds.subList(1, seconds.size()));
            Collections.sort(later);
            double median = later.get(later.size() / 2);
            System.out.printf(Locale.ROOT, "RESULT rbm 784-500 CD-1 batch 100 on %s (%s): %.4f s/epoch (median of"
                    + " epochs 2..%d, %d images); recon SSE/image %.3f%n", name, backend.description(), median, epochs,
                    train.rows(), error);
        }
    }
}
