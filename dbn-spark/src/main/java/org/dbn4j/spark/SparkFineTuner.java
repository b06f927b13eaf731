package org.dbn4j.spark;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.broadcast.Broadcast;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.Optimizer;
import org.dbn4j.train.TrainingState;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.TrainingLoop;
import org.dbn4j.training.internal.BackpropValues;
import org.dbn4j.training.internal.Divergence;
import org.dbn4j.training.internal.Replica;
import org.dbn4j.train.StrategyState;

/**
 * Supervised backprop fine-tuning on Spark, with the settings of a local
 * {@link BackpropFineTuner} (head, optimiser, epochs, batch size, decay, dropout, frozen epochs,
 * seed): each round the partitions compute on their rows and the driver combines (see
 * {@link SparkMode}). In synchronous mode the optimiser's state (Adam's moments) lives on the
 * driver and one partition gives exactly the local result; in parameter-averaging mode each
 * partition starts a round from the averaged parameters and optimiser state, and both are
 * averaged again at its end.
 *
 * <p>The rounds run through the local fine-tuner's {@link TrainingLoop}, so early stopping,
 * checkpoints (with the best model), divergence detection and the validation metrics per epoch
 * are those of local fine-tuning; a round plays the part of a minibatch in events and messages.
 */
public final class SparkFineTuner extends SparkFineTuning {

    private final BackpropFineTuner local;

    private SparkFineTuner(Builder b) {
        super(b);
        this.local = b.local;
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
         * @throws IllegalArgumentException if it augments its minibatches, which Spark does not
         */
        public Builder settings(BackpropFineTuner fineTuner) {
            if (Objects.requireNonNull(fineTuner, "fineTuner").augmentation() != null) {
                throw new IllegalArgumentException("Spark fine-tuning does not augment its partitions' minibatches;"
                        + " give it fixed augmented copies (DataSet.translate) instead of " + fineTuner.augmentation());
            }
            this.local = fineTuner;
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

    /**
     * Fine-tunes on data that are already distributed.
     *
     * @param backend the driver's backend
     * @param dbn the starting model (not changed)
     * @param train the labelled training set
     * @param validation held-out examples evaluated on the driver after every epoch, or null
     * @return the fine-tuned DBN
     */
    @Override
    public Dbn fineTune(Backend backend, Dbn dbn, SparkData train, DataSet validation) {
        if (!train.hasLabels()) {
            throw new IllegalArgumentException("supervised fine-tuning needs labelled training data");
        }
        if (train.cols() != dbn.inputs()) {
            throw new IllegalArgumentException("the data have " + train.cols() + " features but the DBN takes "
                    + dbn.inputs());
        }
        return run(backend, local.withStartingHead(dbn, train.classes()), train, validation, null, dbn);
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
    @Override
    public Dbn resume(Backend backend, SparkData train, DataSet validation, ModelFile.Checkpoint checkpoint) {
        BackpropFineTuner.requireBackpropCheckpoint(checkpoint.state());
        Dbn model = checkpoint.model();
        return run(backend, model, train, validation, checkpoint.state(), model);
    }

    private Dbn run(Backend backend, Dbn start, SparkData data, DataSet validation, TrainingState resumeFrom,
                    Dbn original) {
        String stateKey = UUID.randomUUID() + "/fine-tuning";
        Broadcast<DbnParameters> structure = context.broadcast(new DbnParameters(start));
        try (Replica driver = new Replica(backend, start, local.regularization());
             Optimizer.State optimizer = driver.startOptimizer(local.optimizer())) {
            TrainingLoop.Resume<Dbn> resume = null;
            if (resumeFrom != null) {
                optimizer.restoreState(resumeFrom.strategies().optimizer());
                resume = TrainingLoop.resumeFrom(resumeFrom, values -> BackpropValues.withValues(start, values));
            }
            Rounds step = new Rounds(driver, optimizer, start, data, validation, structure, stateKey);
            TrainingLoop<Dbn> loop = local.loop(BackpropValues::of, listener, checkpoints, validation != null);
            Dbn tuned = loop.run(step, start, resume);
            Map<String, String> provenance = new LinkedHashMap<>(original.provenance());
            provenance.put("fine-tuning spark", describe(data));
            return local.withProvenance(tuned.withProvenance(provenance), backend);
        } finally {
            structure.destroy();
            data.blocks().foreachPartition(it -> ExecutorSide.release(stateKey + "/"));
        }
    }

    /**
     * One round of distributed backprop per "minibatch" of the loop: the partitions compute, the
     * driver applies the averaged gradient (synchronous) or takes the averaged parameters and
     * optimiser state (parameter averaging).
     */
    private final class Rounds extends RoundSteps<Dbn> {
        private final Replica driver;
        private final Optimizer.State optimizer;
        private final Dbn start;
        private final DataSet validation;
        private final Broadcast<DbnParameters> structure;
        private final int classes;
        private Map<String, float[]> optimizerState;

        Rounds(Replica driver, Optimizer.State optimizer, Dbn start, SparkData data, DataSet validation,
               Broadcast<DbnParameters> structure, String stateKey) {
            super(data, new RoundPlan(data.partitionRows(), local.seed(), local.batchSize(), mode, averageEvery),
                    stateKey, mode, executorBackend, threadsPerTask, fault);
            this.driver = driver;
            this.optimizer = optimizer;
            this.start = start;
            this.validation = validation;
            this.structure = structure;
            this.classes = start.head().outputs();
            this.optimizerState = optimizer.saveState();
        }

        @Override
        public TrainingLoop.Batch train(int epoch, int r) {
            FineTuneRound round = place(new FineTuneRound(), epoch, r);
            round.structure = structure;
            round.frozen = local.frozenAt(epoch);
            round.payload = context.broadcast(new FineTuneRound.Payload(driver.parameters(),
                    mode == SparkMode.PARAMETER_AVERAGING ? optimizerState : null));
            round.optimizer = local.optimizer();
            round.classes = classes;
            round.regularization = local.regularization();
            List<PartitionResult> results = data.blocks().mapPartitionsWithIndex(
                    (Integer p, Iterator<RowBlock> it) -> List.of(FineTuneWorker.run(SparkPretrainer.single(it), p, round))
                            .iterator(), true).collect();
            round.payload.destroy();
            RoundPlan.Totals totals = collect(results);
            if (totals.rows == 0) {
                return new TrainingLoop.Batch(0, 0);
            }
            if (mode == SparkMode.SYNCHRONOUS) {
                driver.applyGradients(Averaging.mean(results, PartitionResult::values), optimizer, local.frozenAt(epoch),
                        epoch);
            } else {
                driver.setParameters(Averaging.mean(results, PartitionResult::values));
                optimizerState = Averaging.mean(results, PartitionResult::strategyState);
            }
            return new TrainingLoop.Batch(totals.lossSum, totals.rows);
        }

        @Override
        public Dbn snapshot() {
            return driver.snapshot(start);
        }

        @Override
        public Map<String, Double> epochMetrics(Dbn model) {
            return validation == null ? Map.of() : driver.validationMetrics(validation);
        }

        @Override
        public StrategyState saveState() {
            return StrategyState.ofOptimizer(mode == SparkMode.SYNCHRONOUS ? optimizer.saveState() : optimizerState);
        }

        @Override
        public String likelyCause() {
            return Divergence.likelyCause(data.maxAbs(), start.layer(0).spec(), local.optimizer().toString());
        }
    }
}
