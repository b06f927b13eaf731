package org.dbn4j.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.Pretrainer;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.train.TrainingState;

/**
 * Greedy layer-wise pretraining (Hinton, Osindero and Teh 2006): the first RBM trains on the
 * data, each next one on the previous RBM's hidden probabilities (or, optionally, sampled
 * states). The data set is transformed once per layer, after that layer is trained, not again
 * every epoch.
 *
 * <p>Reproducible: the same seed, backend and thread count give the same DBN. With
 * {@link Builder#checkpoints(Checkpoints)} it writes checkpoints (the layers so far, the layer in
 * progress and its estimator's and update rule's state); {@link #resume} continues from one and
 * gives the same DBN as the uninterrupted run.
 */
public final class GreedyPretrainer implements Pretrainer {

    /**
     * Examples per block when the data are passed up to the next layer; a distributed
     * pretrainer uses the same blocks, so that its first partition samples what this one does.
     */
    public static final int TRANSFORM_BLOCK = 1024;

    private final List<PretrainingLayer> layers;
    private final VisibleUnits inputUnits;
    private final boolean learnedVariance;
    private final boolean sampledStates;
    private final long seed;
    private final TrainingListener listener;
    private final Checkpoints checkpoints;
    private final Map<String, String> provenance;

    private GreedyPretrainer(Builder b) {
        if (b.layers.isEmpty()) {
            throw new IllegalArgumentException("pretraining needs at least one layer");
        }
        this.layers = List.copyOf(b.layers);
        this.inputUnits = b.inputUnits;
        this.learnedVariance = b.learnedVariance;
        this.sampledStates = b.sampledStates;
        this.seed = b.seed;
        this.listener = b.listener;
        this.checkpoints = b.checkpoints;
        this.provenance = Map.copyOf(b.provenance);
    }

    /**
     * A builder: no layers yet, Bernoulli input units, hidden probabilities passed up, seed 1.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link GreedyPretrainer}. */
    public static final class Builder {
        private final List<PretrainingLayer> layers = new ArrayList<>();
        private VisibleUnits inputUnits = VisibleUnits.BERNOULLI;
        private boolean learnedVariance;
        private boolean sampledStates;
        private long seed = 1;
        private TrainingListener listener;
        private Checkpoints checkpoints;
        private final Map<String, String> provenance = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds the next RBM of the stack.
         *
         * @param layer its settings
         * @return this builder
         */
        public Builder layer(PretrainingLayer layer) {
            layers.add(Objects.requireNonNull(layer, "layer"));
            return this;
        }

        /**
         * Adds RBMs with these hidden sizes and the {@link PretrainingLayer#of(int) default settings}.
         *
         * @param hiddenSizes one per RBM, bottom first
         * @return this builder
         */
        public Builder layers(int... hiddenSizes) {
            for (int h : hiddenSizes) {
                layer(PretrainingLayer.of(h));
            }
            return this;
        }

        /**
         * The unit type of the input layer (Gaussian for standardised real-valued data).
         *
         * @param units Bernoulli or Gaussian
         * @param learnVariance whether Gaussian units learn their variances
         * @return this builder
         */
        public Builder inputUnits(VisibleUnits units, boolean learnVariance) {
            if (units == VisibleUnits.SOFTMAX) {
                throw new IllegalArgumentException("softmax input units need a group size; build the first RBM with"
                        + " RbmTrainer instead");
            }
            this.inputUnits = units;
            this.learnedVariance = learnVariance;
            return this;
        }

        /**
         * Whether each RBM passes sampled binary states up instead of probabilities.
         *
         * @param sampled true for samples
         * @return this builder
         */
        public Builder sampledStates(boolean sampled) {
            this.sampledStates = sampled;
            return this;
        }

        /**
         * The seed of everything random.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Receives the training events of every layer (stage {@code "pretraining rbm i of n"}).
         *
         * @param listener the listener, or null
         * @return this builder
         */
        public Builder listener(TrainingListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Writes checkpoints.
         *
         * @param policy where and how often, or null for none
         * @return this builder
         */
        public Builder checkpoints(Checkpoints policy) {
            this.checkpoints = policy;
            return this;
        }

        /**
         * Adds a provenance entry saved with the model.
         *
         * @param key the name
         * @param value the value
         * @return this builder
         */
        public Builder provenance(String key, String value) {
            provenance.put(key, value);
            return this;
        }

        /**
         * Builds the pretrainer.
         *
         * @return the pretrainer
         */
        public GreedyPretrainer build() {
            return new GreedyPretrainer(this);
        }
    }

    /**
     * The unit type of the input layer.
     *
     * @return Bernoulli, Gaussian, ...
     */
    public VisibleUnits inputUnits() {
        return inputUnits;
    }

    /**
     * Whether Gaussian input units learn their variances.
     *
     * @return true for learned variances
     */
    public boolean learnedVariance() {
        return learnedVariance;
    }

    /**
     * Whether each RBM passes sampled binary states up instead of probabilities.
     *
     * @return true for samples
     */
    public boolean sampledStates() {
        return sampledStates;
    }

    /**
     * The seed of everything random.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * The seed of the stream that samples the states one layer passes up (with
     * {@link #sampledStates()}); a distributed pretrainer gives its first partition this stream.
     *
     * @param layer the layer whose hidden states are sampled, from 0
     * @return the seed
     */
    public long transformSeed(int layer) {
        return TrainingSeeds.mix(seed, layer, 0x5A3E);
    }

    /**
     * The entries this pretrainer adds to a model's provenance.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> provenance() {
        return java.util.Collections.unmodifiableMap(provenance);
    }

    /**
     * The layer settings, bottom first.
     *
     * @return an unmodifiable list
     */
    public List<PretrainingLayer> layers() {
        return layers;
    }

    @Override
    public Dbn pretrain(Backend backend, DataSet data) {
        return run(backend, data, List.of(), 0, null, null);
    }

    /**
     * Continues an interrupted run from its checkpoint: the finished layers are kept, the data are
     * passed through them, and the layer in progress continues from its next epoch with its saved
     * state. The configuration must be the one that wrote the checkpoint.
     *
     * @param backend the backend
     * @param data the same training data
     * @param checkpoint the checkpoint
     * @return the pretrained DBN
     */
    public Dbn resume(Backend backend, DataSet data, ModelFile.Checkpoint checkpoint) {
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
        for (int i = 0; i < model.depth(); i++) {
            if (model.layer(i).hidden() != layers.get(i).hidden()) {
                throw new IllegalArgumentException("RBM " + i + " of the checkpoint has " + model.layer(i).hidden()
                        + " hidden units; this pretrainer asks for " + layers.get(i).hidden());
            }
        }
        List<Rbm> done = new ArrayList<>(model.layers().subList(0, state.layer()));
        return run(backend, data, done, state.layer(), model.layer(state.layer()), state);
    }

    private Dbn run(Backend backend, DataSet data, List<Rbm> done, int firstLayer, Rbm partial, TrainingState state) {
        List<Rbm> trained = new ArrayList<>(done);
        DataSet current = data;
        for (int i = 0; i < firstLayer; i++) {
            current = transform(backend, trained.get(i), current, i);
        }
        for (int i = firstLayer; i < layers.size(); i++) {
            PretrainingLayer layer = layers.get(i);
            int layerIndex = i;
            String stage = "pretraining rbm " + (i + 1) + " of " + layers.size();
            RbmTrainer.Builder builder = RbmTrainer.builder().estimator(layer.estimator()).updateRule(layer.updateRule())
                    .batchSize(layer.batchSize()).seed(layerSeed(i)).stage(stage);
            if (listener != null) {
                builder.listener(listener);
            }
            if (checkpoints != null) {
                builder.checkpoints(new TrainingLoop.Checkpointing<>(checkpoints, model -> {
                    List<Rbm> stack = new ArrayList<>(trained);
                    stack.add(model);
                    return withProvenance(Dbn.of(stack), backend);
                }, TrainingState.PRETRAINING, layerIndex, Map.of()));
            }
            Rbm rbm;
            if (i == firstLayer && partial != null) {
                if (state.nextEpoch() >= layer.epochs()) {
                    rbm = partial;
                } else {
                    rbm = builder.firstEpoch(state.nextEpoch()).epochs(layer.epochs() - state.nextEpoch())
                            .resumeState(state.strategies()).build().train(backend, partial, current);
                }
            } else {
                RbmSpec spec = i == 0
                        ? new RbmSpec(current.cols(), layer.hidden(), inputUnits, layer.hiddenUnits(), 0,
                                learnedVariance)
                        : RbmSpec.bernoulli(current.cols(), layer.hidden()).withHiddenUnits(layer.hiddenUnits());
                rbm = builder.epochs(layer.epochs()).build().train(backend, spec, current);
            }
            trained.add(rbm);
            if (i + 1 < layers.size()) {
                current = transform(backend, rbm, current, i);
            }
        }
        return withProvenance(Dbn.of(trained), backend);
    }

    private Dbn withProvenance(Dbn dbn, Backend backend) {
        Map<String, String> p = new LinkedHashMap<>(provenance);
        p.putIfAbsent("pretraining", describe());
        p.putIfAbsent("seed", Long.toString(seed));
        p.putIfAbsent("backend", backend.name());
        p.putIfAbsent("library", "dbn4j " + Version.get());
        return dbn.withProvenance(p);
    }

    private String describe() {
        return PretrainingLayer.describe(layers) + (sampledStates ? "; sampled states passed up" : "");
    }

    private long layerSeed(int layer) {
        return TrainingSeeds.layer(seed, layer);
    }

    /** The next layer's training data: hidden probabilities (or samples) of every example. */
    private DataSet transform(Backend backend, Rbm rbm, DataSet data, int layer) {
        RandomStream random = sampledStates ? backend.randomStream(transformSeed(layer)) : null;
        try (BoundRbm bound = rbm.bind(backend)) {
            return data.mapRows(backend, rbm.hidden(), TRANSFORM_BLOCK, (x, y) -> {
                if (random != null) {
                    bound.sampleHidden(random, x, y);
                } else {
                    bound.hiddenMeans(x, y);
                }
            });
        }
    }
}
