package org.dbn4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.dbn4j.backend.Backends;
import org.dbn4j.data.DataSet;
import org.dbn4j.data.IdxReader;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.PretrainingLayer;

/**
 * The main class of the shaded jar, for {@code spark-submit}: pretrains and fine-tunes a DBN on
 * MNIST-layout data (the embedded digits, or a directory of IDX files the driver can read) and
 * writes the model file.
 *
 * <p>Options: {@code --data embedded|DIR}, {@code --layers 500,500,2000}, {@code --epochs 10},
 * {@code --fine-tune-epochs 20} (0: none), {@code --mode average|sync},
 * {@code --average-every 20}, {@code --partitions N}, {@code --seed 1},
 * {@code --out model.safetensors}.
 */
public final class SparkTrainApp {

    private SparkTrainApp() {
    }

    /**
     * Trains on the cluster that {@code spark-submit} (or {@code -Dspark.master}) names.
     *
     * @param args the options
     * @throws IOException if the data cannot be read or the model not written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> o = new HashMap<>(Map.of("--data", "embedded", "--layers", "500,500,2000", "--epochs", "10",
                "--fine-tune-epochs", "20", "--mode", "average", "--average-every", "20", "--partitions", "0",
                "--seed", "1", "--out", "model.safetensors"));
        for (int i = 0; i < args.length; i++) {
            if (!o.containsKey(args[i]) || i + 1 == args.length) {
                System.err.println("usage: SparkTrainApp " + String.join(" ", o.keySet().stream().sorted()
                        .map(k -> "[" + k + " " + o.get(k) + "]").toList()));
                System.exit(2);
            }
            o.put(args[i], args[++i]);
        }
        DataSet train;
        DataSet test;
        if (o.get("--data").equals("embedded")) {
            train = Mnist10k.train();
            test = Mnist10k.test();
        } else {
            Path dir = Path.of(o.get("--data"));
            train = IdxReader.readMnist(dir, "train");
            test = IdxReader.readMnist(dir, "t10k");
        }
        SparkMode mode = o.get("--mode").equals("sync") ? SparkMode.SYNCHRONOUS : SparkMode.PARAMETER_AVERAGING;
        int every = Integer.parseInt(o.get("--average-every"));
        int epochs = Integer.parseInt(o.get("--epochs"));
        long seed = Long.parseLong(o.get("--seed"));
        SparkConf conf = new SparkConf().setAppName("dbn4j");
        try (JavaSparkContext context = new JavaSparkContext(conf); Backend backend = Backends.create()) {
            int partitions = Integer.parseInt(o.get("--partitions"));
            SparkData data = SparkData.of(context, train, partitions > 0 ? partitions : context.defaultParallelism());
            SparkPretrainer.Builder pretraining = SparkPretrainer.builder().context(context).mode(mode, every).seed(seed)
                    .provenance("command", "SparkTrainApp " + String.join(" ", args));
            Arrays.stream(o.get("--layers").split(",")).map(String::trim).mapToInt(Integer::parseInt)
                    .forEach(h -> pretraining.layer(PretrainingLayer.of(h).withEpochs(epochs)));
            long t0 = System.nanoTime();
            Dbn dbn = pretraining.build().pretrain(backend, data);
            int fineTuneEpochs = Integer.parseInt(o.get("--fine-tune-epochs"));
            if (fineTuneEpochs > 0) {
                dbn = SparkFineTuner.builder().context(context).mode(mode, every)
                        .settings(BackpropFineTuner.builder().epochs(fineTuneEpochs).seed(seed).build()).build()
                        .fineTune(backend, dbn, data, null);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Path out = Path.of(o.get("--out"));
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            ModelFile.save(dbn, out);
            System.out.printf(Locale.ROOT, "dbn4j on Spark %s (%s, %d partitions): trained %s in %.1f s; wrote %s%n",
                    context.version(), context.master(), data.partitions(), dbn, seconds, out);
            if (dbn.head() != null) {
                try (BoundDbn net = dbn.bind(backend)) {
                    System.out.printf(Locale.ROOT, "test accuracy %.2f%% (%d examples)%n", 100 * net.accuracy(test),
                            test.rows());
                }
            }
            data.unpersist();
        }
    }
}
