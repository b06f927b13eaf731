package org.dbn4j.bench;

import java.util.Locale;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.Adam;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.RbmInitializer;

/**
 * Times the DBN pipeline of {@code scripts/peers/torch_dbn.py dbn} with the same hyperparameters:
 * a 784-500-500-2000 DBN pretrained greedily with CD-1 (10 epochs per layer, plain SGD at 0.1,
 * minibatches of 100), then the same sigmoid network with a softmax layer fine-tuned with Adam at
 * 1e-3 for 20 epochs, no early stopping; or, with {@code random}, the network fine-tuned from
 * random weights. With {@code shifted}, fine-tuning sees each training digit and its four
 * one-pixel shifts (left, right, up, down). Prints the test accuracy and the wall times.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:CompileCommand=quiet \
 *     -XX:CompileCommand=CompileThresholdScaling,org.dbn4j.*::*,0.01 \
 *     -cp dbn-benchmarks/target/benchmarks.jar \
 *     org.dbn4j.bench.DbnPipelineSpeed [pretrained|random] [plain|shifted] [backend] [threads]
 * </pre>
 *
 * <p>The {@code CompileCommand} flags, which {@code ./dbn4j} passes too, have HotSpot compile
 * dbn4j's methods sooner: the first minibatches of a fresh JVM otherwise run the Vector API
 * kernels interpreted, about a hundred times slower. The timer starts after the data are read
 * and the backend is created, as PyTorch's starts after its imports and data.
 */
public final class DbnPipelineSpeed {

    private DbnPipelineSpeed() {
    }

    /**
     * Runs the pipeline once and prints one RESULT line.
     *
     * @param args {@code pretrained} (default) or {@code random}, {@code plain} (default) or
     *     {@code shifted}, backend (default cpu-simd), threads (default 2)
     */
    public static void main(String[] args) {
        boolean random = args.length > 0 && args[0].equals("random");
        boolean shifted = args.length > 1 && args[1].equals("shifted");
        String name = args.length > 2 ? args[2] : "cpu-simd";
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        DataSet train = Mnist10k.train();
        DataSet fineTuning = shifted ? DataSet.concat(train, train.translate(28, 28, 1, 0),
                train.translate(28, 28, -1, 0), train.translate(28, 28, 0, 1), train.translate(28, 28, 0, -1)) : train;
        DataSet test = Mnist10k.test();
        int[] sizes = {784, 500, 500, 2000};
        try (Backend backend = BenchBackends.create(name, threads)) {
            long t0 = System.nanoTime();
            Dbn dbn;
            if (random) {
                dbn = RbmInitializer.uniformStack(sizes, 0);
            } else {
                GreedyPretrainer.Builder pre = GreedyPretrainer.builder().seed(0);
                for (int i = 1; i < sizes.length; i++) {
                    pre.layer(PretrainingLayer.of(sizes[i]));
                }
                dbn = pre.build().pretrain(backend, train);
            }
            double pretrain = (System.nanoTime() - t0) / 1e9;
            Dbn tuned = BackpropFineTuner.builder().optimizer(Adam.of(1e-3)).epochs(20).batchSize(100).seed(0).build()
                    .fineTune(backend, dbn, fineTuning, null);
            double total = (System.nanoTime() - t0) / 1e9;
            double accuracy;
            try (BoundDbn bound = tuned.bind(backend)) {
                accuracy = bound.accuracy(test);
            }
            System.out.printf(Locale.ROOT, "RESULT dbn [784, 500, 500, 2000] %s + finetune 20 ep%s on %s (%s): test"
                    + " accuracy %.2f%%  pretrain %.1f s  total %.1f s%n", random ? "random init" : "pretrain 10 ep/layer",
                    shifted ? " (digits and their 1-pixel shifts)" : "", name, backend.description(), 100 * accuracy,
                    pretrain, total);
        }
    }
}
