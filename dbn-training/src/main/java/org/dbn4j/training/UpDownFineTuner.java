package org.dbn4j.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.LabelUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.TrainingState;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.training.internal.UpDownNetwork;

/**
 * Generative fine-tuning by the up-down algorithm, the contrastive version of wake-sleep
 * (Hinton, Osindero and Teh 2006, appendix B), with label units joined to the top RBM.
 *
 * <p>First the top RBM learns the joint distribution of its input (the penultimate layer's
 * features of the training data) and the labels, by CD-1 ({@code labelEpochs}). Then each
 * minibatch runs: a stochastic up pass with the recognition weights (wake); CD-k in the top RBM
 * with the labels clamped in the positive phase; a stochastic down pass from the top RBM's
 * negative states with the generative weights (sleep); then the generative weights learn to
 * reconstruct the wake states, the recognition weights to recognise the sleep states, and the top
 * RBM follows CD. Recognition and generative weights become untied.
 *
 * <p>The result has {@link LabelUnits} and no head: {@link BoundDbn#classify} picks the label of
 * lowest free energy, and {@link BoundDbn#generate} draws images of a chosen class.
 */
public final class UpDownFineTuner implements FineTuner {

    private final int epochs;
    private final int labelEpochs;
    private final double rate;
    private final double labelRate;
    private final int topGibbsSteps;
    private final boolean persistentLabelChains;
    private final int batchSize;
    private final long seed;
    private final TrainingListener listener;
    private final Checkpoints checkpoints;

    private UpDownFineTuner(Builder b) {
        this.epochs = b.epochs;
        this.labelEpochs = b.labelEpochs;
        this.rate = b.rate;
        this.labelRate = b.labelRate;
        this.topGibbsSteps = b.topGibbsSteps;
        this.persistentLabelChains = b.persistentLabelChains;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.listener = b.listener;
        this.checkpoints = b.checkpoints;
    }

    /**
     * A builder with the defaults: 10 label epochs at rate 0.05, then 10 up-down epochs at rate
     * 0.01 with 3 Gibbs steps in the top RBM, minibatches of 100, seed 1.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this configuration's settings, to change a few of them.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.labelEpochs = labelEpochs;
        b.rate = rate;
        b.labelRate = labelRate;
        b.topGibbsSteps = topGibbsSteps;
        b.persistentLabelChains = persistentLabelChains;
        b.batchSize = batchSize;
        b.seed = seed;
        b.listener = listener;
        b.checkpoints = checkpoints;
        return b;
    }

    /**
     * The learning rate of up-down.
     *
     * @return the rate
     */
    public double rate() {
        return rate;
    }

    /**
     * Gibbs steps in the top RBM per minibatch of up-down.
     *
     * @return the steps
     */
    public int topGibbsSteps() {
        return topGibbsSteps;
    }

    /**
     * The learning rate of the label stage.
     *
     * @return the rate
     */
    public double labelRate() {
        return labelRate;
    }

    /** Configures an {@link UpDownFineTuner}. */
    public static final class Builder {
        private int epochs = 10;
        private int labelEpochs = 10;
        private double rate = 0.01;
        private double labelRate = 0.05;
        private int topGibbsSteps = 3;
        private boolean persistentLabelChains;
        private int batchSize = 100;
        private long seed = 1;
        private TrainingListener listener;
        private Checkpoints checkpoints;

        private Builder() {
        }

        /**
         * Epochs of up-down.
         *
         * @param n zero or more
         * @return this builder
         */
        public Builder epochs(int n) {
            this.epochs = nonNegative(n, "epochs");
            return this;
        }

        /**
         * Epochs of CD-1 on the top RBM with the labels joined, before up-down.
         *
         * @param n zero or more
         * @return this builder
         */
        public Builder labelEpochs(int n) {
            this.labelEpochs = nonNegative(n, "label epochs");
            return this;
        }

        /**
         * The learning rate of up-down.
         *
         * @param r positive
         * @return this builder
         */
        public Builder rate(double r) {
            this.rate = positive(r, "rate");
            return this;
        }

        /**
         * The learning rate of the label epochs.
         *
         * @param r positive
         * @return this builder
         */
        public Builder labelRate(double r) {
            this.labelRate = positive(r, "label rate");
            return this;
        }

        /**
         * Trains the top RBM with its labels by persistent contrastive divergence (fantasy
         * particles that carry over between minibatches, Tieleman 2008) instead of mean-field
         * CD-1: slower to settle, but a model whose Gibbs chains wander less into spurious modes,
         * which is what class-conditional generation needs.
         *
         * @param persistent true for PCD in the label phase
         * @return this builder
         */
        public Builder persistentLabelChains(boolean persistent) {
            this.persistentLabelChains = persistent;
            return this;
        }

        /**
         * Gibbs steps in the top RBM per minibatch.
         *
         * @param k at least 1
         * @return this builder
         */
        public Builder topGibbsSteps(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("the top RBM needs at least one Gibbs step, got " + k);
            }
            this.topGibbsSteps = k;
            return this;
        }

        /**
         * The minibatch size.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("the minibatch size must be at least 1, got " + n);
            }
            this.batchSize = n;
            return this;
        }

        /**
         * The seed of the sampling and the shuffles.
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Receives events (stages {@code "labels"} and {@code "up-down"}).
         *
         * @param l the listener, or null
         * @return this builder
         */
        public Builder listener(TrainingListener l) {
            this.listener = l;
            return this;
        }

        /**
         * Writes checkpoints in both phases, from which {@link UpDownFineTuner#resume} continues.
         *
         * @param policy where and how often, or null
         * @return this builder
         */
        public Builder checkpoints(Checkpoints policy) {
            this.checkpoints = policy;
            return this;
        }

        /**
         * Builds the fine-tuner.
         *
         * @return the fine-tuner
         */
        public UpDownFineTuner build() {
            return new UpDownFineTuner(this);
        }

        private static int nonNegative(int n, String what) {
            if (n < 0) {
                throw new IllegalArgumentException(what + " must be zero or more, got " + n);
            }
            return n;
        }

        private static double positive(double r, String what) {
            if (!(r > 0) || !Double.isFinite(r)) {
                throw new IllegalArgumentException(what + " must be positive, got " + r);
            }
            return r;
        }
    }

    @Override
    public Dbn fineTune(Backend backend, Dbn dbn, DataSet train, DataSet validation) {
        return runLocally(backend, dbn, train, validation, null);
    }

    /**
     * Continues an interrupted run from a checkpoint it wrote, with the same data and
     * configuration; the result is the uninterrupted run's.
     *
     * @param backend the backend
     * @param train the same training data
     * @param validation the same validation data, or null
     * @param checkpoint the checkpoint
     * @return the fine-tuned DBN
     */
    @Override
    public Dbn resume(Backend backend, DataSet train, DataSet validation, ModelFile.Checkpoint checkpoint) {
        return runLocally(backend, checkpoint.model(), train, validation, requireCheckpoint(checkpoint));
    }

    /**
     * The training state of a checkpoint of up-down fine-tuning.
     *
     * @param checkpoint the checkpoint
     * @return its state
     * @throws IllegalArgumentException if it is not one of up-down fine-tuning
     */
    public static TrainingState requireCheckpoint(ModelFile.Checkpoint checkpoint) {
        TrainingState state = checkpoint.state();
        if (state == null || !TrainingState.FINE_TUNING.equals(state.phase())
                || !METHOD.equals(state.info().get(METHOD_KEY))) {
            throw new IllegalArgumentException("the checkpoint is not one of up-down fine-tuning (its phase is "
                    + (state == null ? "missing" : state.phase() + ", " + state.info().getOrDefault(METHOD_KEY,
                    "backprop")) + ")");
        }
        return state;
    }

    /** The name of this fine-tuning in a checkpoint's facts, and which of its stages a checkpoint is in. */
    private static final String METHOD_KEY = BackpropFineTuner.METHOD_KEY;
    private static final String METHOD = "up-down";
    private static final String STAGE_KEY = "stage";
    /** The stage in which the top RBM learns its labels. */
    public static final String LABELS = "labels";
    /** The stage of up-down proper. */
    public static final String UP_DOWN = "up-down";
    static final String LABEL_CHAINS = "label_chains";

    /** The work of one stage as a step of the loop, with what it holds. Not API: for distributed executors. */
    public interface StageStep extends TrainingLoop.Step<Dbn>, AutoCloseable {
        @Override
        default void close() {
        }
    }

    /**
     * Makes the steps of the two stages: minibatches on this machine, or rounds on a cluster.
     * Not API: for distributed executors.
     */
    public interface Stages {
        /**
         * The step of a stage.
         *
         * @param stage {@link #LABELS} or {@link #UP_DOWN}
         * @param net the network being trained (a distributed executor's driver copy)
         * @return the step, which the run closes after the stage
         */
        StageStep step(String stage, UpDownNetwork net);
    }

    private Dbn runLocally(Backend backend, Dbn dbn, DataSet train, DataSet validation, TrainingState resumeFrom) {
        if (!train.hasLabels()) {
            throw new IllegalArgumentException("up-down fine-tuning with labels needs labelled training data");
        }
        if (train.cols() != dbn.inputs()) {
            throw new IllegalArgumentException("the data have " + train.cols() + " features but the DBN takes "
                    + dbn.inputs());
        }
        int classes = train.classes();
        return run(backend, dbn, classes, UpDownNetwork.labelCounts(train, classes), resumeFrom,
                new UpDownLocalStages(this, backend, dbn, train, validation));
    }

    /**
     * Runs both stages with the steps {@code stages} makes, with this configuration's loops,
     * checkpoints and resume. Not API: for distributed executors.
     *
     * @param backend the backend of the network being trained
     * @param dbn the starting model
     * @param classes the number of classes
     * @param labelCounts the training examples of each class
     * @param resumeFrom the state of the checkpoint to continue from, or null
     * @param stages makes the steps
     * @return the fine-tuned DBN
     */
    public Dbn run(Backend backend, Dbn dbn, int classes, int[] labelCounts, TrainingState resumeFrom, Stages stages) {
        for (Rbm rbm : dbn.layers()) {
            if (rbm.spec().hiddenUnits() != HiddenUnits.BERNOULLI
                    || (rbm != dbn.layer(0) && rbm.spec().visibleUnits() != VisibleUnits.BERNOULLI)) {
                throw new IllegalArgumentException("up-down needs Bernoulli hidden units throughout; " + rbm.spec()
                        + " has others");
            }
        }
        boolean inUpDown = resumeFrom != null && UP_DOWN.equals(resumeFrom.info().get(STAGE_KEY));
        try (UpDownNetwork s = new UpDownNetwork(backend, dbn, classes, labelCounts, rate, topGibbsSteps)) {
            Dbn model = dbn;
            if (!inUpDown && labelEpochs > 0) {
                if (resumeFrom != null) {
                    float[] chains = resumeFrom.strategies().estimator().get(LABEL_CHAINS);
                    if (chains != null) {
                        s.restoreChains(chains);
                    }
                }
                try (StageStep labels = stages.step(LABELS, s)) {
                    model = loop(LABELS, labelEpochs).run(labels, model, resumeFrom == null ? null
                            : new TrainingLoop.Resume<>(resumeFrom.nextEpoch(), null, 0, -1));
                }
            }
            if (epochs > 0) {
                try (StageStep upDown = stages.step(UP_DOWN, s)) {
                    model = loop(UP_DOWN, epochs).run(upDown, model, inUpDown
                            ? new TrainingLoop.Resume<>(resumeFrom.nextEpoch(), null, 0, -1) : null);
                }
            }
            Dbn result = s.snapshot();
            Map<String, String> provenance = new LinkedHashMap<>(dbn.provenance());
            provenance.put("fine-tuning", "up-down with " + classes + " labels: " + labelEpochs + " label epochs at "
                    + labelRate + (persistentLabelChains ? " (PCD)" : "") + ", " + epochs + " epochs at " + rate
                    + ", CD-" + topGibbsSteps + " in the top RBM, batch " + batchSize + ", seed " + seed);
            provenance.putIfAbsent("backend", backend.name());
            return result.withProvenance(provenance);
        }
    }

    /**
     * One minibatch of the label stage on the top RBM's input in {@code buf.wake[depth - 1]} and
     * the labels in {@code buf.labels}. Not API: for distributed executors.
     *
     * @param s the network
     * @param buf the minibatch
     * @param random the sampling stream
     * @param fullBatch whether the minibatch has the full batch size (persistent chains advance
     *     only on those)
     * @return the squared error of the top RBM's input reconstruction
     */
    public double labelStep(UpDownNetwork s, UpDownNetwork.Buffers buf, RandomStream random, boolean fullBatch) {
        if (persistentLabelChains && fullBatch) {
            return s.topCd(buf, random, 1, (float) labelRate, false, s.chains(buf, random));
        }
        return s.topCd(buf, random, 1, (float) labelRate, !persistentLabelChains, null);
    }

    /**
     * The seed of a stage's minibatch order in an epoch.
     *
     * @param seed the seed of the run (or of a partition)
     * @param epoch the epoch
     * @param stage {@link #LABELS} or {@link #UP_DOWN}
     * @return the seed of the permutation
     */
    public static long orderSeed(long seed, int epoch, String stage) {
        return TrainingSeeds.mix(seed, epoch, stage.hashCode());
    }

    /**
     * The seed of a stage's sampling stream in an epoch.
     *
     * @param seed the seed of the run (or of a partition)
     * @param epoch the epoch
     * @param stage {@link #LABELS} or {@link #UP_DOWN}
     * @return the seed of the stream
     */
    public static long samplingSeed(long seed, int epoch, String stage) {
        return TrainingSeeds.mix(seed, epoch, 31L * stage.hashCode() + 7);
    }

    /**
     * Whether the label stage uses persistent chains.
     *
     * @return true for PCD
     */
    public boolean persistentLabelChains() {
        return persistentLabelChains;
    }

    /**
     * The minibatch size.
     *
     * @return the rows per minibatch
     */
    public int batchSize() {
        return batchSize;
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
     * A description of the learning rates, for messages about a diverged run.
     *
     * @return for example "rate 0.01, label rate 0.05"
     */
    public String rates() {
        return "rate " + rate + ", label rate " + labelRate;
    }

    private TrainingLoop<Dbn> loop(String stage, int stageEpochs) {
        return TrainingLoop.<Dbn>builder(stage, stageEpochs, "reconstructionError").listener(listener)
                .checkpoints(checkpoints == null ? null : new TrainingLoop.Checkpointing<>(checkpoints, m -> m,
                        TrainingState.FINE_TUNING, 0, Map.of(METHOD_KEY, METHOD, STAGE_KEY, stage)))
                .build();
    }

    /**
     * The validation metrics of an epoch: the accuracy of the model's label units.
     *
     * @param backend the backend
     * @param model the model after the epoch
     * @param validation labelled validation data, or null
     * @return the metrics by name, empty without validation data
     */
    public static Map<String, Double> validationMetrics(Backend backend, Dbn model, DataSet validation) {
        if (validation == null || !validation.hasLabels()) {
            return Map.of();
        }
        try (BoundDbn bound = model.bind(backend)) {
            return Map.of("validationAccuracy", bound.accuracy(validation));
        }
    }
}
