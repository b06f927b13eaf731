package org.dbn4j.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.Dbn;
import org.dbn4j.spark.SparkFineTuner;
import org.dbn4j.spark.SparkMode;
import org.dbn4j.spark.SparkPretrainer;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.Checkpoints;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;

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

    /** The Spark pretrainer with the layers and settings of a local one. */
    SparkPretrainer pretrainer(GreedyPretrainer local, long seed, TrainingListener listener, Checkpoints policy) {
        SparkPretrainer.Builder b = SparkPretrainer.builder().context(context).partitions(partitions)
                .mode(mode, averageEvery).seed(seed).listener(listener).checkpoints(policy).executorBackend(backendName)
                .inputUnits(local.inputUnits(), false);
        for (PretrainingLayer layer : local.layers()) {
            b.layer(layer);
        }
        local.provenance().forEach(b::provenance);
        return b.build();
    }

    /** The Spark fine-tuner with the settings of a local one. */
    SparkFineTuner fineTuner(BackpropFineTuner local, TrainingListener listener, Checkpoints policy) {
        return SparkFineTuner.builder().context(context).settings(local).partitions(partitions).mode(mode, averageEvery)
                .listener(listener).checkpoints(policy).executorBackend(backendName).build();
    }

    Dbn resumePretraining(Backend backend, GreedyPretrainer local, long seed, TrainingListener listener,
                          Checkpoints policy, DataSet train, ModelFile.Checkpoint checkpoint) {
        return pretrainer(local, seed, listener, policy).resume(backend, train, checkpoint);
    }

    Dbn resumeFineTuning(Backend backend, BackpropFineTuner local, TrainingListener listener, Checkpoints policy,
                         DataSet train, ModelFile.Checkpoint checkpoint) {
        return fineTuner(local, listener, policy).resume(backend, train, null, checkpoint);
    }

    @Override
    public void close() {
        context.stop();
    }
}
