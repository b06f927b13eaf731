package org.dbn4j.spark;

import java.util.ArrayList;
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
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.Pretrainer;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.train.TrainingState;
import org.dbn4j.train.UpdateRule;
import org.dbn4j.training.Checkpoints;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.ParallelTempering;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.RbmInitializer;
import org.dbn4j.training.TrainingLoop;
import org.dbn4j.training.TrainingSeeds;
import org.dbn4j.training.internal.Divergence;
import org.dbn4j.train.StrategyState;

/**
 * Greedy layer-wise pretraining on Spark: the same stack of RBMs as
 * {@link org.dbn4j.training.GreedyPretrainer}, each trained data-parallel over the partitions of
 * the training set, which is transformed layer by layer on the executors (cached, not
 * recomputed).
 *
 * <p>Every round broadcasts the current parameters; each partition computes on the backend its
 * executor's JVM selects; the driver combines (see {@link SparkMode}) and applies the layer's
 * update rule. Persistent chains (PCD) stay in their partition's executor between rounds. With
 * one partition in {@link SparkMode#SYNCHRONOUS} mode the result is that of local pretraining
 * from the same seed, up to the rounding of the driver's separate gradient step.
 */
public final class SparkPretrainer implements Pretrainer {

    private final JavaSparkContext context;
    private final int partitions;
    private final SparkMode mode;
    private final int averageEvery;
    private final GreedyPretrainer settings;
    private final List<PretrainingLayer> layers;
    private final VisibleUnits inputUnits;
    private final boolean learnedVariance;
    private final long seed;
    private final TrainingListener listener;
    private final Checkpoints checkpoints;
    private final String executorBackend;
    private final int threadsPerTask;
    private final FaultInjection fault;
    private final Map<String, String> provenance;

    private SparkPretrainer(Builder b, GreedyPretrainer settings) {
        this.context = Objects.requireNonNull(b.context, "a Spark context (builder.context) is required");
        this.partitions = b.partitions > 0 ? b.partitions : context.defaultParallelism();
        this.mode = b.mode;
        this.averageEvery = b.averageEvery;
        this.settings = settings;
        this.layers = settings.layers();
        this.inputUnits = settings.inputUnits();
        this.learnedVariance = settings.learnedVariance();
        this.seed = settings.seed();
        this.listener = b.listener;
        this.checkpoints = b.checkpoints;
        this.executorBackend = b.executorBackend;
        this.threadsPerTask = b.threadsPerTask;
        this.fault = b.fault;
        this.provenance = settings.provenance();
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a DBN needs at least one layer");
        }
        for (PretrainingLayer l : layers) {
            if (l.estimator() instanceof ParallelTempering) {
                throw new IllegalArgumentException("parallel tempering is not offered on Spark: its replica swaps"
                        + " draw from a generator outside the backend's stream, so a retried task would not repeat"
                        + " them; use CD-k or PCD");
            }
        }
    }

    /**
     * A builder: parameter averaging every 20 minibatches, one partition per default-parallelism slot, seed 1, one
     * thread per task, the executors' own backend choice.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configures a {@link SparkPretrainer}. The model's settings (layers, input units, sampled
     * states, seed, provenance) are those of a {@link GreedyPretrainer}: the methods that set
     * them go to a local builder, which checks them as local pretraining does, or
     * {@link #settings} takes a built one whole.
     */
    public static final class Builder extends SparkTrainingBuilder<Builder> {
        private final GreedyPretrainer.Builder local = GreedyPretrainer.builder();
        private GreedyPretrainer settings;

        private Builder() {
        }

        /**
         * Takes every model setting from a local pretrainer, so that the Spark run trains what
         * that one would (its listener and checkpoints are not used: give them to this builder).
         *
         * @param pretrainer the local configuration
         * @return this builder
         */
        public Builder settings(GreedyPretrainer pretrainer) {
            this.settings = Objects.requireNonNull(pretrainer, "pretrainer");
            return this;
        }

        /**
         * Adds an entry to the model's provenance (for example the command that trained it).
         *
         * @param key the key
         * @param value the value
         * @return this builder
         * @see GreedyPretrainer.Builder#provenance
         */
        public Builder provenance(String key, String value) {
            local.provenance(key, value);
            return this;
        }

        /**
         * Adds a layer, bottom first. Its estimator and update rule are configurations, shipped to
         * the executors, so they must be serializable (those of dbn-training are).
         *
         * @param layer how to train it
         * @return this builder
         * @see GreedyPretrainer.Builder#layer
         */
        public Builder layer(PretrainingLayer layer) {
            local.layer(layer);
            return this;
        }

        /**
         * Adds layers with the default settings of {@link PretrainingLayer#of}.
         *
         * @param hiddenSizes hidden units of each, bottom first
         * @return this builder
         */
        public Builder layers(int... hiddenSizes) {
            local.layers(hiddenSizes);
            return this;
        }

        /**
         * The unit type of the input layer.
         *
         * @param units Bernoulli or Gaussian
         * @param learnVariance for Gaussian units: learn a variance per unit
         * @return this builder
         * @see GreedyPretrainer.Builder#inputUnits
         */
        public Builder inputUnits(VisibleUnits units, boolean learnVariance) {
            local.inputUnits(units, learnVariance);
            return this;
        }

        /**
         * Whether each RBM passes sampled binary states up instead of probabilities; each
         * partition samples from its own stream, the first from local pretraining's.
         *
         * @param sampled true for samples
         * @return this builder
         */
        public Builder sampledStates(boolean sampled) {
            local.sampledStates(sampled);
            return this;
        }

        /**
         * The seed of everything random.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            local.seed(seed);
            return this;
        }

        /**
         * Builds the pretrainer.
         *
         * @return the pretrainer
         */
        public SparkPretrainer build() {
            return new SparkPretrainer(this, settings != null ? settings : local.build());
        }
    }

    /**
     * The layers, bottom first.
     *
     * @return an unmodifiable list
     */
    public List<PretrainingLayer> layers() {
        return layers;
    }

    @Override
    public Dbn pretrain(Backend backend, DataSet data) {
        SparkData distributed = SparkData.of(context, data, Math.min(partitions, data.rows()));
        try {
            return pretrain(backend, distributed);
        } finally {
            distributed.unpersist();
        }
    }

    /**
     * Pretrains on data that are already distributed.
     *
     * @param backend the driver's backend, for the updates
     * @param data the training set
     * @return the pretrained DBN
     */
    public Dbn pretrain(Backend backend, SparkData data) {
        return run(backend, data, List.of(), 0, null, null);
    }

    /**
     * Continues from a checkpoint this pretrainer wrote: finished layers are kept, the data pass
     * through them on the executors, and the layer in progress continues at its next epoch with its
     * update rule's state. Persistent chains, which live on the executors, start afresh.
     *
     * @param backend the driver's backend
     * @param data the same training set
     * @param checkpoint the checkpoint
     * @return the pretrained DBN
     */
    public Dbn resume(Backend backend, SparkData data, ModelFile.Checkpoint checkpoint) {
        TrainingState state = checkpoint.state();
        if (state == null || !TrainingState.PRETRAINING.equals(state.phase())) {
            throw new IllegalArgumentException("the checkpoint is not one of pretraining (its phase is "
                    + (state == null ? "missing" : state.phase()) + ")");
        }
        Dbn model = checkpoint.model();
        if (model.depth() != state.layer() + 1 || state.layer() >= layers.size()) {
            throw new IllegalArgumentException("the checkpoint holds " + model.depth() + " RBMs at layer " + state.layer()
                    + "; this pretrainer has " + layers.size() + " layers");
        }
        return run(backend, data, model.layers().subList(0, state.layer()), state.layer(), model.layer(state.layer()),
                state);
    }

    /**
     * Continues from a checkpoint, with a local data set spread over the configured partitions.
     *
     * @param backend the driver's backend
     * @param data the same training data
     * @param checkpoint the checkpoint
     * @return the pretrained DBN
     */
    public Dbn resume(Backend backend, DataSet data, ModelFile.Checkpoint checkpoint) {
        SparkData distributed = SparkData.of(context, data, Math.min(partitions, data.rows()));
        try {
            return resume(backend, distributed, checkpoint);
        } finally {
            distributed.unpersist();
        }
    }

    private Dbn run(Backend backend, SparkData input, List<Rbm> done, int firstLayer, Rbm partial, TrainingState state) {
        String run = UUID.randomUUID().toString();
        List<Rbm> trained = new ArrayList<>(done);
        SparkData current = input;
        List<Broadcast<?>> broadcasts = new ArrayList<>();
        try {
            for (int i = 0; i < firstLayer; i++) {
                current = LayerTransform.next(context, settings, executorBackend, threadsPerTask, current, input,
                        trained.get(i), i, broadcasts);
            }
            for (int i = firstLayer; i < layers.size(); i++) {
                PretrainingLayer layer = layers.get(i);
                Rbm start;
                int firstEpoch = 0;
                Map<String, float[]> ruleState = null;
                if (i == firstLayer && partial != null) {
                    start = partial;
                    firstEpoch = state.nextEpoch();
                    ruleState = state.strategies().updateRule();
                } else {
                    RbmSpec spec = i == 0
                            ? new RbmSpec(current.cols(), layer.hidden(), inputUnits, layer.hiddenUnits(), 0, learnedVariance)
                            : RbmSpec.bernoulli(current.cols(), layer.hidden()).withHiddenUnits(layer.hiddenUnits());
                    double[][] moments = current.moments();
                    start = RbmInitializer.initial(spec, moments[0], spec.learnedVariance() ? moments[1] : null, 0.01,
                            TrainingSeeds.layer(seed, i));
                }
                Rbm rbm = firstEpoch >= layer.epochs() ? start
                        : trainLayer(backend, current, i, start, firstEpoch, ruleState, trained, run);
                trained.add(rbm);
                if (i + 1 < layers.size()) {
                    current = LayerTransform.next(context, settings, executorBackend, threadsPerTask, current, input, rbm,
                            i, broadcasts);
                }
            }
            return withProvenance(Dbn.of(trained), backend, input);
        } finally {
            if (current != input) {
                current.unpersist();
            }
            broadcasts.forEach(b -> b.destroy());
        }
    }

    private Rbm trainLayer(Backend backend, SparkData data, int index, Rbm start, int firstEpoch,
                           Map<String, float[]> savedRuleState, List<Rbm> below, String run) {
        PretrainingLayer layer = layers.get(index);
        String stage = "pretraining rbm " + (index + 1) + " of " + layers.size();
        String stateKey = run + "/" + index;
        try (BoundRbm model = start.bind(backend); UpdateRule.State rule = layer.updateRule().start(model)) {
            if (savedRuleState != null) {
                rule.restoreState(savedRuleState);
            }
            TrainingLoop<Rbm> loop = TrainingLoop.<Rbm>builder(stage, layer.epochs(), "reconstructionError")
                    .listener(listener)
                    .checkpoints(checkpoints == null ? null : new TrainingLoop.Checkpointing<>(checkpoints, rbm -> {
                        List<Rbm> stack = new ArrayList<>(below);
                        stack.add(rbm);
                        return withProvenance(Dbn.of(stack), backend, data);
                    }, TrainingState.PRETRAINING, index, Map.of("spark", describeSpark(data))))
                    .build();
            try (LayerRounds step = new LayerRounds(model, rule, layer, index, data, stateKey)) {
                return loop.run(step, start, firstEpoch == 0 ? null
                        : new TrainingLoop.Resume<>(firstEpoch, null, Double.NEGATIVE_INFINITY, -1));
            }
        } finally {
            data.blocks().foreachPartition(it -> ExecutorSide.release(stateKey + "/"));
        }
    }

    /**
     * One distributed round per "minibatch" of the loop: the partitions compute on their rows;
     * the driver applies the averaged gradient with the layer's update rule (synchronous) or takes
     * the averaged parameters and rule state (parameter averaging).
     */
    private final class LayerRounds extends RoundSteps<Rbm> implements AutoCloseable {
        private final BoundRbm model;
        private final UpdateRule.State rule;
        private final PretrainingLayer layer;
        private final int index;
        private final FixedGradient fixed;
        private Map<String, float[]> ruleState;

        LayerRounds(BoundRbm model, UpdateRule.State rule, PretrainingLayer layer, int index, SparkData data,
                    String stateKey) {
            super(data, new RoundPlan(data.partitionRows(), TrainingSeeds.layer(seed, index), layer.batchSize(), mode,
                    averageEvery), stateKey, mode, executorBackend, threadsPerTask, fault);
            this.model = model;
            this.rule = rule;
            this.layer = layer;
            this.index = index;
            this.fixed = mode == SparkMode.SYNCHRONOUS ? new FixedGradient(model) : null;
            this.ruleState = rule.saveState();
        }

        @Override
        public TrainingLoop.Batch train(int epoch, int r) {
            RbmRound round = place(new RbmRound(), epoch, r);
            round.layer = index;
            round.payload = context.broadcast(new RbmRound.Payload(new RbmParameters(model.snapshot()),
                    mode == SparkMode.PARAMETER_AVERAGING ? ruleState : null));
            round.estimator = layer.estimator();
            round.updateRule = layer.updateRule();
            List<PartitionResult> results = data.blocks().mapPartitionsWithIndex(
                    (Integer p, Iterator<RowBlock> it) -> List.of(RbmWorker.run(single(it), p, round)).iterator(),
                    true).collect();
            round.payload.destroy();
            RoundPlan.Totals totals = collect(results);
            if (totals.rows == 0) {
                return new TrainingLoop.Batch(0, 0);
            }
            if (mode == SparkMode.SYNCHRONOUS) {
                fixed.set(Averaging.mean(results, PartitionResult::values),
                        Averaging.pooled(results, PartitionResult::columnSums), totals.lossSum);
                rule.step(model, fixed, fixed.meanBatch(), epoch);
            } else {
                RbmParameters.copyInto(Averaging.mean(results, PartitionResult::values), model);
                ruleState = Averaging.mean(results, PartitionResult::strategyState);
            }
            return new TrainingLoop.Batch(totals.lossSum, totals.rows);
        }

        @Override
        public Rbm snapshot() {
            return model.snapshot();
        }

        @Override
        public StrategyState saveState() {
            // Persistent chains live on the executors and start afresh on resume.
            return StrategyState.ofRbm(Map.of(), mode == SparkMode.SYNCHRONOUS ? rule.saveState() : ruleState);
        }

        @Override
        public String likelyCause() {
            return Divergence.likelyCause(data.maxAbs(), model.spec(), layer.updateRule().toString());
        }

        @Override
        public void close() {
            if (fixed != null) {
                fixed.close();
            }
        }
    }

    private String describeSpark(SparkData data) {
        return mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + (mode == SparkMode.PARAMETER_AVERAGING ? " every " + averageEvery + " minibatches" : "")
                + ", " + data.partitions() + " partitions";
    }

    private Dbn withProvenance(Dbn dbn, Backend backend, SparkData data) {
        Map<String, String> p = new LinkedHashMap<>(dbn.provenance());
        p.putAll(provenance);
        p.putIfAbsent("pretraining", PretrainingLayer.describe(layers));
        p.putIfAbsent("spark", describeSpark(data));
        p.putIfAbsent("seed", Long.toString(seed));
        p.putIfAbsent("backend", backend.name());
        return dbn.withProvenance(p);
    }

    /** The one block of a partition; reading to the end releases Spark's lock on the cached block. */
    static RowBlock single(Iterator<RowBlock> blocks) {
        RowBlock block = blocks.next();
        while (blocks.hasNext()) {
            blocks.next();
        }
        return block;
    }
}
