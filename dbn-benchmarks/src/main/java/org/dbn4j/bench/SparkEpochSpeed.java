package org.dbn4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.dbn4j.backend.Backends;
import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;
import org.dbn4j.spark.SparkData;
import org.dbn4j.spark.SparkMode;
import org.dbn4j.spark.SparkPretrainer;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.TrainingEvent;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;

/**
 * Measures what Spark costs: the time of a pretraining epoch of a 784-500 RBM (CD-1, minibatches
 * of 100) on the embedded digits, locally on two threads and through Spark on {@code local[2]}
 * (two partitions, one thread each) in both modes. Prints the median epoch time of each and its
 * ratio to local training.
 *
 * <pre>
 * SPARK_USER=$USER java --add-modules jdk.incubator.vector -cp dbn-benchmarks/target/benchmarks.jar \
 *     org.dbn4j.bench.SparkEpochSpeed [epochs]
 * </pre>
 */
public final class SparkEpochSpeed {

    private SparkEpochSpeed() {
    }

    /**
     * Runs the comparison.
     *
     * @param args optionally the number of epochs per measurement (default 5)
     */
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        DataSet train = Mnist10k.train();
        PretrainingLayer layer = PretrainingLayer.of(500).withEpochs(epochs);
        try (Backend backend = Backends.create()) {
            List<Double> local = new ArrayList<>();
            GreedyPretrainer.builder().seed(1).layer(layer).listener(e -> record(e, local)).build().pretrain(backend, train);
            double localMedian = median(local);
            System.out.printf(Locale.ROOT, "local, %s: median epoch %.2f s%n", backend, localMedian);
            SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("dbn4j SparkEpochSpeed")
                    .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
            try (JavaSparkContext context = new JavaSparkContext(conf)) {
                context.setLogLevel("WARN");
                SparkData data = SparkData.of(context, train, 2);
                Object[][] runs = {{SparkMode.SYNCHRONOUS, 1}, {SparkMode.PARAMETER_AVERAGING, 10},
                    {SparkMode.PARAMETER_AVERAGING, 20}, {SparkMode.PARAMETER_AVERAGING, 40}};
                for (Object[] run : runs) {
                    SparkMode mode = (SparkMode) run[0];
                    int every = (Integer) run[1];
                    List<Double> spark = new ArrayList<>();
                    SparkPretrainer.builder().context(context).seed(1).layer(layer).mode(mode, every)
                            .listener(e -> record(e, spark)).build().pretrain(backend, data);
                    double m = median(spark);
                    System.out.printf(Locale.ROOT, "Spark local[2], %s: median epoch %.2f s, %.2fx local%n",
                            mode == SparkMode.SYNCHRONOUS ? "synchronous (80 rounds per epoch)"
                                    : "parameter averaging every " + every + " minibatches ("
                                            + (40 + every - 1) / every + " rounds per epoch)", m, m / localMedian);
                }
                data.unpersist();
            }
        }
    }

    private static void record(TrainingEvent event, List<Double> seconds) {
        if (event instanceof TrainingEvent.EpochFinished f) {
            seconds.add(f.seconds());
        }
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
