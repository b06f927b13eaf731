package org.dbn4j.spark;

import java.util.HashMap;
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
import org.dbn4j.train.TrainingState;
import org.dbn4j.training.TrainingLoop;
import org.dbn4j.training.UpDownFineTuner;
import org.dbn4j.training.internal.Divergence;
import org.dbn4j.training.internal.UpDownNetwork;

/**
 * Up-down fine-tuning ({@link UpDownFineTuner}) on Spark: both stages run through the local
 * fine-tuner's loop, a round of the partitions playing the part of a minibatch. Each round
 * broadcasts the parameters; every partition runs its minibatches of the round on its rows (the
 * label stage on the top RBM's input, computed once per partition) and the driver averages the
 * parameters, weighted by rows. In {@link SparkMode#SYNCHRONOUS} mode a round is one global
 * minibatch split across the partitions, so the averaged change is the one step of the whole
 * minibatch (the up-down updates are averages over its examples), and one partition gives exactly
 * the local result; in parameter averaging each partition runs several minibatches of the full
 * size per round.
 *
 * <p>Persistent label chains are not offered: they would live on the executors, between rounds
 * and across checkpoints.
 */
public final class SparkUpDownFineTuner extends SparkFineTuning {

    private final UpDownFineTuner local;

    private SparkUpDownFineTuner(Builder b) {
        super(b);
        if (b.local.persistentLabelChains()) {
            throw new IllegalArgumentException("persistent label chains are not offered on Spark: they would live on"
                    + " the executors between rounds and checkpoints; use mean-field label epochs");
        }
        this.local = b.local;
    }

    /**
     * A builder: the default {@link UpDownFineTuner}, parameter averaging every 20 minibatches, one
     * partition per default-parallelism slot.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link SparkUpDownFineTuner}. */
    public static final class Builder extends SparkTrainingBuilder<Builder> {
        private UpDownFineTuner local = UpDownFineTuner.builder().build();

        private Builder() {
        }

        /**
         * The fine-tuning to distribute; its listener and checkpoints are not used (set them here).
         *
         * @param fineTuner the local configuration
         * @return this builder
         */
        public Builder settings(UpDownFineTuner fineTuner) {
            this.local = Objects.requireNonNull(fineTuner, "fineTuner");
            return this;
        }

        /**
         * Builds the fine-tuner.
         *
         * @return the fine-tuner
         * @throws IllegalArgumentException if the settings ask for persistent label chains
         */
        public SparkUpDownFineTuner build() {
            return new SparkUpDownFineTuner(this);
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
        return run(backend, dbn, train, validation, null);
    }

    /**
     * Continues from a checkpoint this fine-tuner (or the local one) wrote.
     *
     * @param backend the driver's backend
     * @param train the same training set
     * @param validation the same validation data, or null
     * @param checkpoint the checkpoint
     * @return the fine-tuned DBN
     */
    @Override
    public Dbn resume(Backend backend, SparkData train, DataSet validation, ModelFile.Checkpoint checkpoint) {
        return run(backend, checkpoint.model(), train, validation, UpDownFineTuner.requireCheckpoint(checkpoint));
    }

    private Dbn run(Backend backend, Dbn dbn, SparkData data, DataSet validation, TrainingState resumeFrom) {
        if (!data.hasLabels()) {
            throw new IllegalArgumentException("up-down fine-tuning with labels needs labelled training data");
        }
        if (data.cols() != dbn.inputs()) {
            throw new IllegalArgumentException("the data have " + data.cols() + " features but the DBN takes "
                    + dbn.inputs());
        }
        int classes = data.classes();
        String stateKey = UUID.randomUUID() + "/up-down";
        UpDownFineTuner monitored = local.toBuilder().listener(listener).checkpoints(checkpoints).build();
        Structure structure = new Structure();
        try {
            Dbn tuned = monitored.run(backend, dbn, classes, labelCounts(data, classes), resumeFrom,
                    (stage, net) -> new Rounds(stage, net, backend, data, validation, structure.of(net), stateKey,
                            classes));
            Map<String, String> provenance = new LinkedHashMap<>(tuned.provenance());
            provenance.put("fine-tuning spark", describe(data));
            return tuned.withProvenance(provenance);
        } finally {
            structure.destroy();
            data.blocks().foreachPartition(it -> ExecutorSide.release(stateKey + "/"));
        }
    }

    /** The examples of each class over all partitions, for the label units' starting biases. */
    private static int[] labelCounts(SparkData data, int classes) {
        return data.blocks().map(block -> {
            int[] counts = new int[classes];
            for (int i = 0; i < block.rows; i++) {
                counts[block.labels[i]]++;
            }
            return counts;
        }).reduce((a, b) -> {
            int[] sum = a.clone();
            for (int c = 0; c < sum.length; c++) {
                sum[c] += b[c];
            }
            return sum;
        });
    }

    /** The starting network as a model file, broadcast once for both stages. */
    private final class Structure {
        private Broadcast<byte[]> broadcast;

        Broadcast<byte[]> of(UpDownNetwork net) {
            if (broadcast == null) {
                broadcast = context.broadcast(ModelFile.toBytes(net.snapshot().withProvenance(Map.of())));
            }
            return broadcast;
        }

        void destroy() {
            if (broadcast != null) {
                broadcast.destroy();
            }
        }
    }

    /** One round of the partitions per "minibatch" of a stage's loop. */
    private final class Rounds extends RoundSteps<Dbn> implements UpDownFineTuner.StageStep {
        private final String stage;
        private final UpDownNetwork net;
        private final Backend backend;
        private final DataSet validation;
        private final Broadcast<byte[]> structure;
        private final int classes;

        Rounds(String stage, UpDownNetwork net, Backend backend, SparkData data, DataSet validation,
               Broadcast<byte[]> structure, String stateKey, int classes) {
            super(data, new RoundPlan(data.partitionRows(), local.seed(), local.batchSize(), mode, averageEvery),
                    stateKey, mode, executorBackend, threadsPerTask, fault);
            this.stage = stage;
            this.net = net;
            this.backend = backend;
            this.validation = validation;
            this.structure = structure;
            this.classes = classes;
        }

        @Override
        public TrainingLoop.Batch train(int epoch, int r) {
            UpDownRound round = place(new UpDownRound(), epoch, r);
            round.structure = structure;
            round.stage = stage;
            round.parameters = context.broadcast(new HashMap<>(net.parameters()));
            round.classes = classes;
            round.rate = local.rate();
            round.labelRate = local.labelRate();
            round.topGibbsSteps = local.topGibbsSteps();
            List<PartitionResult> results = data.blocks().mapPartitionsWithIndex(
                    (Integer p, Iterator<RowBlock> it) -> List.of(UpDownWorker.run(SparkPretrainer.single(it), p, round))
                            .iterator(), true).collect();
            round.parameters.destroy();
            RoundPlan.Totals totals = collect(results);
            if (totals.rows == 0) {
                return new TrainingLoop.Batch(0, 0);
            }
            net.setParameters(Averaging.mean(results, PartitionResult::values));
            return new TrainingLoop.Batch(totals.lossSum, totals.rows);
        }

        @Override
        public Dbn snapshot() {
            return net.snapshot();
        }

        @Override
        public Map<String, Double> epochMetrics(Dbn model) {
            return UpDownFineTuner.validationMetrics(backend, model, validation);
        }

        @Override
        public String likelyCause() {
            return Divergence.likelyCause(data.maxAbs(), net.original.layer(0).spec(), local.rates());
        }
    }
}
