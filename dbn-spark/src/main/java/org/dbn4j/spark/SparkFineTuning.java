package org.dbn4j.spark;

import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.training.Checkpoints;

/**
 * What the Spark fine-tuners share: the settings of {@link SparkTrainingBuilder}, and running
 * on a local {@link DataSet} by spreading it over the configured partitions first.
 */
abstract class SparkFineTuning implements FineTuner {

    final JavaSparkContext context;
    final int partitions;
    final SparkMode mode;
    final int averageEvery;
    final TrainingListener listener;
    final Checkpoints checkpoints;
    final String executorBackend;
    final int threadsPerTask;
    final FaultInjection fault;

    SparkFineTuning(SparkTrainingBuilder<?> b) {
        this.context = Objects.requireNonNull(b.context, "a Spark context (builder.context) is required");
        this.partitions = b.partitions > 0 ? b.partitions : context.defaultParallelism();
        this.mode = b.mode;
        this.averageEvery = b.averageEvery;
        this.listener = b.listener;
        this.checkpoints = b.checkpoints;
        this.executorBackend = b.executorBackend;
        this.threadsPerTask = b.threadsPerTask;
        this.fault = b.fault;
    }

    @Override
    public final Dbn fineTune(Backend backend, Dbn dbn, DataSet train, DataSet validation) {
        SparkData distributed = SparkData.of(context, train, Math.min(partitions, train.rows()));
        try {
            return fineTune(backend, dbn, distributed, validation);
        } finally {
            distributed.unpersist();
        }
    }

    /**
     * Fine-tunes on data that are already distributed.
     *
     * @param backend the driver's backend
     * @param dbn the starting model (not changed)
     * @param train the labelled training set
     * @param validation held-out examples evaluated on the driver after every epoch, or null
     * @return the fine-tuned DBN
     */
    public abstract Dbn fineTune(Backend backend, Dbn dbn, SparkData train, DataSet validation);

    /**
     * Continues from a checkpoint, with local data spread over the configured partitions.
     *
     * @param backend the driver's backend
     * @param train the same training data
     * @param validation the same validation data, or null
     * @param checkpoint the checkpoint
     * @return the fine-tuned DBN
     */
    @Override
    public final Dbn resume(Backend backend, DataSet train, DataSet validation, ModelFile.Checkpoint checkpoint) {
        SparkData distributed = SparkData.of(context, train, Math.min(partitions, train.rows()));
        try {
            return resume(backend, distributed, validation, checkpoint);
        } finally {
            distributed.unpersist();
        }
    }

    /**
     * Continues from a checkpoint this fine-tuner (or its local counterpart) wrote.
     *
     * @param backend the driver's backend
     * @param train the same training set
     * @param validation the same validation data, or null
     * @param checkpoint the checkpoint
     * @return the fine-tuned DBN
     */
    public abstract Dbn resume(Backend backend, SparkData train, DataSet validation, ModelFile.Checkpoint checkpoint);

    /** The driver's description of the distribution, for provenance. */
    final String describe(SparkData data) {
        return mode.name().toLowerCase(java.util.Locale.ROOT) + ", " + data.partitions() + " partitions";
    }
}
