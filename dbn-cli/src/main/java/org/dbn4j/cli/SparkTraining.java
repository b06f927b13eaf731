package org.dbn4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.dbn4j.spark.SparkFineTuner;
import org.dbn4j.spark.SparkUpDownFineTuner;
import org.dbn4j.spark.SparkMode;
import org.dbn4j.spark.SparkPretrainer;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.UpDownFineTuner;
import org.dbn4j.training.Checkpoints;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.Pretrainer;

/**
 * {@code dbn4j train --spark MASTER}: the same training on Spark. Only this class touches Spark,
 * so a run without {@code --spark} never loads it.
 */
final class SparkTraining implements AutoCloseable {

    private final JavaSparkContext context;
    private final int partitions;
    private final SparkMode mode;
    private final int averageEvery;
    private final String backendName;

    private SparkTraining(JavaSparkContext context, int partitions, SparkMode mode, int averageEvery, String backendName) {
        this.context = context;
        this.partitions = partitions;
        this.mode = mode;
        this.averageEvery = averageEvery;
        this.backendName = backendName;
    }

    /** Starts a Spark context on the master. */
    static SparkTraining start(String master, int partitions, boolean averaging, int averageEvery, String backendName,
                               PrintWriter stdout) {
        if (System.getenv("SPARK_USER") == null && Runtime.version().feature() >= 23) {
            throw new UserException("Spark on Java " + Runtime.version().feature() + " needs the environment variable"
                    + " SPARK_USER (Hadoop's user lookup fails on Java 23+); ./dbn4j sets it, or export SPARK_USER=$USER");
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName("dbn4j train")
                .set("spark.ui.showConsoleProgress", "false");
        if (master.startsWith("local")) {
            conf.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
        }
        JavaSparkContext context;
        try {
            context = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new UserException("--spark " + master + ": Spark could not start: " + e.getMessage());
        }
        context.setLogLevel("WARN");
        SparkMode mode = averaging ? SparkMode.PARAMETER_AVERAGING : SparkMode.SYNCHRONOUS;
        int parts = partitions > 0 ? partitions : context.defaultParallelism();
        stdout.printf(Locale.ROOT, "dbn4j: Spark %s on %s, %d partitions, %s%n", context.version(), master, parts,
                averaging ? "parameter averaging every " + averageEvery + " minibatches" : "synchronous gradient averaging");
        return new SparkTraining(context, parts, mode, averageEvery, backendName);
    }

    /** The Spark pretrainer with every model setting of a local one. */
    Pretrainer pretrainer(GreedyPretrainer local, TrainingListener listener, Checkpoints policy) {
        return SparkPretrainer.builder().context(context).partitions(partitions).mode(mode, averageEvery)
                .listener(listener).checkpoints(policy).executorBackend(backendName).settings(local).build();
    }

    /** The Spark fine-tuner with the settings of a local one. */
    FineTuner fineTuner(FineTuner local, TrainingListener listener, Checkpoints policy) {
        if (local instanceof UpDownFineTuner upDown) {
            return SparkUpDownFineTuner.builder().context(context).settings(upDown).partitions(partitions)
                    .mode(mode, averageEvery).listener(listener).checkpoints(policy).executorBackend(backendName)
                    .build();
        }
        return SparkFineTuner.builder().context(context).settings((BackpropFineTuner) local).partitions(partitions)
                .mode(mode, averageEvery).listener(listener).checkpoints(policy).executorBackend(backendName).build();
    }

    @Override
    public void close() {
        context.stop();
    }
}
