package org.dbn4j.spark;

import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.training.Checkpoints;

/**
 * The settings that {@link SparkPretrainer} and {@link SparkFineTuner} share: the Spark context,
 * how the data are split and combined, progress events, checkpoints and the executors' backend.
 * Defaults: parameter averaging every 20 minibatches, one partition per default-parallelism slot,
 * one thread per task, the executors' own backend choice.
 *
 * @param <B> the concrete builder, which every setter returns
 */
public abstract class SparkTrainingBuilder<B extends SparkTrainingBuilder<B>> {

    JavaSparkContext context;
    int partitions;
    SparkMode mode = SparkMode.PARAMETER_AVERAGING;
    int averageEvery = 20;
    TrainingListener listener;
    Checkpoints checkpoints;
    String executorBackend;
    int threadsPerTask = 1;
    FaultInjection fault;

    SparkTrainingBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * The Spark context to run on.
     *
     * @param context the context
     * @return this builder
     */
    public B context(JavaSparkContext context) {
        this.context = context;
        return self();
    }

    /**
     * How many partitions a local {@link org.dbn4j.data.DataSet} is spread over (ignored for
     * {@link SparkData}, which is already partitioned).
     *
     * @param n at least 1; 0 for the context's default parallelism
     * @return this builder
     */
    public B partitions(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("partitions must be positive, got " + n);
        }
        this.partitions = n;
        return self();
    }

    /**
     * How partitions are combined.
     *
     * @param mode synchronous gradient averaging or parameter averaging
     * @param averageEvery for parameter averaging: local minibatches per round
     * @return this builder
     */
    public B mode(SparkMode mode, int averageEvery) {
        if (averageEvery < 1) {
            throw new IllegalArgumentException("averaging needs at least one local minibatch, got " + averageEvery);
        }
        this.mode = Objects.requireNonNull(mode, "mode");
        this.averageEvery = averageEvery;
        return self();
    }

    /**
     * Receives progress events on the driver (one batch event per round).
     *
     * @param listener the listener
     * @return this builder
     */
    public B listener(TrainingListener listener) {
        this.listener = listener;
        return self();
    }

    /**
     * Writes a checkpoint on the driver's file system between rounds, every few epochs.
     *
     * @param policy where and how often
     * @return this builder
     */
    public B checkpoints(Checkpoints policy) {
        this.checkpoints = policy;
        return self();
    }

    /**
     * The backend the executors use, by name; by default each executor JVM applies the usual
     * selection rule.
     *
     * @param name a backend name, or null
     * @return this builder
     */
    public B executorBackend(String name) {
        this.executorBackend = name;
        return self();
    }

    /**
     * Threads of the executors' backend per task: match {@code spark.task.cpus}.
     *
     * @param threads at least 1
     * @return this builder
     */
    public B threadsPerTask(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads per task must be at least 1, got " + threads);
        }
        this.threadsPerTask = threads;
        return self();
    }

    /**
     * Fails the first attempt of one task, to test retries. Never set in production.
     *
     * @param fault which task
     * @return this builder
     */
    public B injectFault(FaultInjection fault) {
        this.fault = fault;
        return self();
    }
}
