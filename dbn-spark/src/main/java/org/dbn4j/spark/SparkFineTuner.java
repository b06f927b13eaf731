package org.dbn4j.spark;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.Optimizer;
import org.dbn4j.train.TrainingDivergedException;
import org.dbn4j.train.TrainingEvent;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.train.TrainingState;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.Checkpoints;

/**
 * Supervised backprop fine-tuning on Spark, with the settings of a local
 * {@link BackpropFineTuner} (head, optimiser, epochs, batch size, decay, dropout, frozen epochs,
 * seed): each round the partitions compute on their rows and the driver combines (see
 * {@link SparkMode}). In synchronous mode the optimiser's state (Adam's moments) lives on the
 * driver and one partition gives exactly the local result; in parameter-averaging mode each
 * partition starts a round from the averaged parameters and optimiser state, and both are
 * averaged again at its end. Early stopping is not offered here; validation accuracy is reported
 * per epoch when validation data are given.
 */
public final class SparkFineTuner implements FineTuner {

    private final JavaSparkContext context;
    private final BackpropFineTuner local;
    private final int partitions;
    private final SparkMode mode;
    private final int averageEvery;
    private final TrainingListener listener;
    private final Checkpoints checkpoints;
    private final String executorBackend;
    private final int threadsPerTask;
    private final FaultInjection fault;

    private SparkFineTuner(Builder b) {
        this.context = Objects.requireNonNull(b.context, "a Spark context (builder.context) is required");
        this.local = b.local;
        this.partitions = b.partitions > 0 ? b.partitions : context.defaultParallelism();
        this.mode = b.mode;
        this.averageEvery = b.averageEvery;
        this.listener = b.listener;
        this.checkpoints = b.checkpoints;
        this.executorBackend = b.executorBackend;
        this.threadsPerTask = b.threadsPerTask;
        this.fault = b.fault;
    }

    /**
     * A builder: the default {@link BackpropFineTuner}, parameter averaging every 20 minibatches, one
     * partition per
     * default-parallelism slot.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link SparkFineTuner}. */
    public static final class Builder extends SparkTrainingBuilder<Builder> {
        private BackpropFineTuner local = BackpropFineTuner.builder().build();

        private Builder() {
        }

        /**
         * The fine-tuning to distribute; its listener and checkpoints are not used (set them here).
         *
         * @param fineTuner the local configuration
         * @return this builder
         */
        public Builder settings(BackpropFineTuner fineTuner) {
            this.local = Objects.requireNonNull(fineTuner, "fineTuner");
            return this;
        }

        /**
         * Builds the fine-tuner.
         *
         * @return the fine-tuner
         */
        public SparkFineTuner build() {
            return new SparkFineTuner(this);
        }
    }

    @Override
    public Dbn fineTune(Backend backend, Dbn dbn, DataSet train, DataSet validation) {
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
    public Dbn fineTune(Backend backend, Dbn dbn, SparkData train, DataSet validation) {
        if (!train.hasLabels()) {
            throw new IllegalArgumentException("supervised fine-tuning needs labelled training data");
        }
        if (train.cols() != dbn.inputs()) {
            throw new IllegalArgumentException("the data have " + train.cols() + " features but the DBN takes "
                    + dbn.inputs());
        }
        return run(backend, local.withStartingHead(dbn, train.classes()), train, validation, 0, null, dbn);
    }

    /**
     * Continues from a checkpoint this fine-tuner wrote.
     *
     * @param backend the driver's backend
     * @param train the same training set
     * @param validation the same validation data, or null
     * @param checkpoint the checkpoint
     * @return the fine-tuned DBN
     */
    public Dbn resume(Backend backend, SparkData train, DataSet validation, ModelFile.Checkpoint checkpoint) {
        TrainingState state = checkpoint.state();
        if (state == null || !TrainingState.FINE_TUNING.equals(state.phase())) {
            throw new IllegalArgumentException("the checkpoint is not one of fine-tuning (its phase is "
                    + (state == null ? "missing" : state.phase()) + ")");
        }
        Dbn model = checkpoint.model();
        return run(backend, model, train, validation, state.nextEpoch(), Averaging.prefixed(state.values(), "optimizer."), model);
    }

    /**
     * Continues from a checkpoint, with local data spread over the configured partitions.
     *
     * @param backend the driver's backend
     * @param train the same training data
     * @param validation the same validation data, or null
     * @param checkpoint the checkpoint
     * @return the fine-tuned DBN
     */
    public Dbn resume(Backend backend, DataSet train, DataSet validation, ModelFile.Checkpoint checkpoint) {
        SparkData distributed = SparkData.of(context, train, Math.min(partitions, train.rows()));
        try {
            return resume(backend, distributed, validation, checkpoint);
        } finally {
            distributed.unpersist();
        }
    }

    private Dbn run(Backend backend, Dbn start, SparkData data, DataSet validation, int firstEpoch,
                    Map<String, float[]> savedOptimizer, Dbn original) {
        String stage = "fine-tuning";
        int parts = data.partitions();
        int n = data.rows();
        int classes = start.head().outputs();
        RoundPlan plan = new RoundPlan(data.partitionRows(), local.seed(), local.batchSize(), mode, averageEvery);
        int rounds = plan.rounds;
        String stateKey = UUID.randomUUID() + "/fine-tuning";
        Broadcast<DbnParameters> structure = context.broadcast(new DbnParameters(start));
        Optimizer optimizer = local.optimizer();
        try (BackpropFineTuner.Replica driver = local.replica(backend, start)) {
            driver.initOptimizer(optimizer);
            if (savedOptimizer != null) {
                optimizer.restoreState(savedOptimizer);
            }
            Map<String, float[]> optimizerState = optimizer.saveState();
            Dbn lastGood = start;
            for (int epoch = firstEpoch; epoch < local.epochs(); epoch++) {
                publish(new TrainingEvent.EpochStarted(stage, epoch, local.epochs(), rounds));
                long t0 = System.nanoTime();
                long[][] positions = new long[parts][];
                double lossSum = 0;
                int seen = 0;
                for (int r = 0; r < rounds; r++) {
                    FineTuneRound round = new FineTuneRound();
                    round.stateKey = stateKey;
                    round.structure = structure;
                    round.epoch = epoch;
                    round.round = epoch * rounds + r;
                    round.firstBatch = r * plan.perRound;
                    round.batches = plan.perRound;
                    round.frozen = local.frozenAt(epoch);
                    round.mode = mode;
                    round.payload = context.broadcast(new FineTuneRound.Payload(driver.parameters(),
                            mode == SparkMode.PARAMETER_AVERAGING ? optimizerState : null));
                    round.positions = positions;
                    round.optimizer = local.optimizer();
                    round.classes = classes;
                    round.batchSizes = plan.batchSizes;
                    round.partitionSeeds = plan.partitionSeeds;
                    round.local = local;
                    round.backendName = executorBackend;
                    round.threads = threadsPerTask;
                    round.fault = fault;
                    List<PartitionResult> results = data.blocks().mapPartitionsWithIndex(
                            (Integer p, Iterator<RowBlock> it) -> List.of(FineTuneWorker.run(SparkPretrainer.single(it), p, round)).iterator(),
                            true).collect();
                    round.payload.destroy();
                    RoundPlan.Totals totals = RoundPlan.Totals.of(results, positions);
                    positions = totals.positions;
                    int rows = totals.rows;
                    double loss = totals.lossSum;
                    if (rows == 0) {
                        continue;
                    }
                    Map<String, float[]> averaged = Averaging.combine(results);
                    if (mode == SparkMode.SYNCHRONOUS) {
                        driver.applyGradients(averaged, optimizer, local.frozenAt(epoch), epoch);
                    } else {
                        driver.setParameters(averaged);
                        optimizerState = Averaging.prefixed(averaged, "optimizer.");
                    }
                    lossSum += loss;
                    seen += rows;
                    if (!Double.isFinite(loss) || (r == rounds - 1 && !driver.finite())) {
                        String message = stage + " diverged in epoch " + epoch + ", round " + r + ": "
                                + (Double.isFinite(loss) ? "a parameter is not finite" : "the loss is " + loss)
                                + ". Likely cause: the learning rate is too high, or the inputs are not scaled."
                                + " The model of the last clean epoch is kept.";
                        publish(new TrainingEvent.DivergenceDetected(stage, epoch, r, message));
                        throw new TrainingDivergedException(message, epoch, r, lastGood);
                    }
                    if (listener != null) {
                        publish(new TrainingEvent.BatchFinished(stage, epoch, r, rounds, Map.of("loss", lossSum / seen)));
                    }
                }
                Dbn current = driver.snapshot(start);
                lastGood = current;
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("loss", lossSum / n);
                if (validation != null) {
                    try (BoundDbn bound = current.bind(backend)) {
                        metrics.put("validationAccuracy", bound.accuracy(validation));
                    }
                }
                publish(new TrainingEvent.EpochFinished(stage, epoch, local.epochs(), (System.nanoTime() - t0) / 1e9,
                        metrics));
                if (checkpoints != null && checkpoints.due(epoch, local.epochs())) {
                    Map<String, float[]> values = new LinkedHashMap<>();
                    (mode == SparkMode.SYNCHRONOUS ? optimizer.saveState() : optimizerState)
                            .forEach((k, v) -> values.put("optimizer." + k, v));
                    checkpoints.write(current, new TrainingState(TrainingState.FINE_TUNING, 0, epoch + 1, values,
                            Map.of()), stage, epoch, listener);
                }
            }
            Map<String, String> provenance = new LinkedHashMap<>(original.provenance());
            provenance.put("fine-tuning spark", mode.name().toLowerCase(java.util.Locale.ROOT) + ", " + parts
                    + " partitions");
            return local.withProvenance(lastGood.withProvenance(provenance), backend);
        } finally {
            optimizer.reset();
            structure.destroy();
            data.blocks().foreachPartition(it -> ExecutorSide.release(stateKey + "/"));
        }
    }

    private void publish(TrainingEvent event) {
        if (listener != null) {
            listener.onEvent(event);
        }
    }
}
