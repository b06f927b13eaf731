package org.dbn4j.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.SplittableRandom;
import org.dbn4j.data.Augmentation;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.Optimizer;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.train.TrainingState;
import org.dbn4j.training.internal.BackpropNetwork;
import org.dbn4j.training.internal.BackpropValues;
import org.dbn4j.training.internal.Regularization;

/**
 * Supervised fine-tuning by backpropagation: the DBN's recognition weights become a feed-forward
 * network of sigmoid layers with a head on top, a softmax trained with cross-entropy or a linear
 * layer trained with squared error ({@code (1/2n) sum ||y - t||^2}), minimised by an
 * {@link Optimizer} (Adam or SGD with momentum) with optional L2 weight decay and dropout.
 *
 * <p>With validation data it reports the validation accuracy (softmax) or loss (linear) after
 * every epoch; with {@link Builder#earlyStopping(int) early stopping} it stops when that has not
 * improved for a number of epochs and returns the best model seen. The pretrained layers can stay
 * frozen for the first epochs while the head learns. Reproducible from the seed; checkpoints and
 * {@link #resume} continue a run exactly.
 *
 * <p>For a softmax head the training labels are the targets; for a linear head
 * {@link #fineTune(Backend, Dbn, DataSet, DataSet)} regresses one-hot labels, and
 * {@link #fineTuneRegression} takes real-valued targets.
 */
public final class BackpropFineTuner implements FineTuner {

    private final Head.Kind headKind;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final double weightDecay;
    private final double inputDropout;
    private final double hiddenDropout;
    private final int patience;
    private final int frozenEpochs;
    private final Augmentation augmentation;
    private final long seed;
    private final TrainingListener listener;
    private final Checkpoints checkpoints;

    /** The training state's fact that names the fine-tuning method. */
    static final String METHOD_KEY = "method";
    private static final String METHOD = "backprop";

    private BackpropFineTuner(Builder b) {
        this.headKind = b.headKind;
        this.optimizer = b.optimizer;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.weightDecay = b.weightDecay;
        this.inputDropout = b.inputDropout;
        this.hiddenDropout = b.hiddenDropout;
        this.patience = b.patience;
        this.frozenEpochs = b.frozenEpochs;
        this.augmentation = b.augmentation;
        this.seed = b.seed;
        this.listener = b.listener;
        this.checkpoints = b.checkpoints;
    }

    /**
     * A builder with the defaults: softmax head, Adam at 1e-3, 20 epochs of minibatches of 100,
     * no decay, no dropout, no early stopping, seed 1.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link BackpropFineTuner}. */
    public static final class Builder {
        private Head.Kind headKind = Head.Kind.SOFTMAX;
        private Optimizer optimizer = Adam.of(1e-3);
        private int epochs = 20;
        private int batchSize = 100;
        private double weightDecay;
        private double inputDropout;
        private double hiddenDropout;
        private int patience;
        private int frozenEpochs;
        private Augmentation augmentation;
        private long seed = 1;
        private TrainingListener listener;
        private Checkpoints checkpoints;

        private Builder() {
        }

        /**
         * The head: softmax with cross-entropy, or linear with squared error.
         *
         * @param kind the kind
         * @return this builder
         */
        public Builder head(Head.Kind kind) {
            this.headKind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /**
         * The optimiser.
         *
         * @param o Adam, MomentumSgd or another
         * @return this builder
         */
        public Builder optimizer(Optimizer o) {
            this.optimizer = Objects.requireNonNull(o, "optimizer");
            return this;
        }

        /**
         * The most epochs to run.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder epochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + n);
            }
            this.epochs = n;
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
         * L2 weight decay: {@code decay * W} is added to every weight gradient (not to biases).
         *
         * @param decay zero or more
         * @return this builder
         */
        public Builder weightDecay(double decay) {
            if (!(decay >= 0)) {
                throw new IllegalArgumentException("weight decay must be zero or more, got " + decay);
            }
            this.weightDecay = decay;
            return this;
        }

        /**
         * Dropout (Srivastava et al. 2014): the probabilities of dropping an input unit and a
         * hidden unit during training; inference uses the whole network.
         *
         * @param input for the input layer, in [0, 1)
         * @param hidden for each hidden layer, in [0, 1)
         * @return this builder
         */
        public Builder dropout(double input, double hidden) {
            if (!(input >= 0 && input < 1 && hidden >= 0 && hidden < 1)) {
                throw new IllegalArgumentException("dropout probabilities lie in [0, 1), got " + input + " and "
                        + hidden);
            }
            this.inputDropout = input;
            this.hiddenDropout = hidden;
            return this;
        }

        /**
         * Changes every minibatch of training examples afresh before its step, for example
         * {@link Augmentation#randomShifts}: each epoch sees other versions of the examples, at
         * the cost of one pass over the minibatch on the host. Validation data are not changed.
         *
         * @param a the augmentation, or null for none (the default)
         * @return this builder
         */
        public Builder augmentation(Augmentation a) {
            this.augmentation = a;
            return this;
        }

        /**
         * Stops when the validation score has not improved for this many epochs and returns the
         * best model; needs validation data.
         *
         * @param epochsWithoutImprovement at least 1; 0 turns early stopping off
         * @return this builder
         */
        public Builder earlyStopping(int epochsWithoutImprovement) {
            if (epochsWithoutImprovement < 0) {
                throw new IllegalArgumentException("patience must be zero or more, got " + epochsWithoutImprovement);
            }
            this.patience = epochsWithoutImprovement;
            return this;
        }

        /**
         * Keeps the pretrained layers fixed for the first epochs, training the head alone.
         *
         * @param n epochs, zero or more
         * @return this builder
         */
        public Builder freezePretrainedLayers(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("frozen epochs must be zero or more, got " + n);
            }
            this.frozenEpochs = n;
            return this;
        }

        /**
         * The seed of the head's initial weights, the shuffles and dropout.
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Receives events (stage {@code "fine-tuning"}).
         *
         * @param l the listener, or null
         * @return this builder
         */
        public Builder listener(TrainingListener l) {
            this.listener = l;
            return this;
        }

        /**
         * Writes checkpoints.
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
        public BackpropFineTuner build() {
            return new BackpropFineTuner(this);
        }
    }

    @Override
    public Dbn fineTune(Backend backend, Dbn dbn, DataSet train, DataSet validation) {
        requireLabels(train, "training");
        int classes = Math.max(train.classes(), validation != null && validation.hasLabels() ? validation.classes() : 0);
        return run(backend, dbn, train, BackpropValues.oneHot(train, classes), classes,
                validation, validation == null ? null : BackpropValues.oneHot(validation, classes), null);
    }

    /**
     * Fine-tunes a linear head on real-valued targets.
     *
     * @param backend the backend
     * @param dbn the starting model
     * @param train the training inputs
     * @param targets rows x outputs, row-major
     * @param outputs the number of outputs
     * @param validation held-out inputs, or null
     * @param validationTargets their targets, or null
     * @return the fine-tuned DBN with a linear head
     */
    public Dbn fineTuneRegression(Backend backend, Dbn dbn, DataSet train, float[] targets, int outputs,
                                  DataSet validation, float[] validationTargets) {
        if (headKind != Head.Kind.LINEAR) {
            throw new IllegalStateException("regression needs a linear head; build the fine-tuner with"
                    + " head(Head.Kind.LINEAR)");
        }
        requireTargets(train, targets, outputs, "training");
        if (validation != null) {
            requireTargets(validation, validationTargets, outputs, "validation");
        }
        return run(backend, dbn, train, targets, outputs, validation, validationTargets, null);
    }

    /**
     * Continues an interrupted run from its checkpoint, with the same data and configuration.
     *
     * @param backend the backend
     * @param train the same training data
     * @param validation the same validation data, or null
     * @param checkpoint the checkpoint
     * @return the fine-tuned DBN
     */
    public Dbn resume(Backend backend, DataSet train, DataSet validation, ModelFile.Checkpoint checkpoint) {
        TrainingState state = checkpoint.state();
        requireBackpropCheckpoint(state);
        requireLabels(train, "training");
        int classes = checkpoint.model().head() == null ? train.classes() : checkpoint.model().head().outputs();
        return run(backend, checkpoint.model(), train, BackpropValues.oneHot(train, classes), classes, validation,
                validation == null ? null : BackpropValues.oneHot(validation, classes), state);
    }

    private static void requireLabels(DataSet data, String what) {
        if (!data.hasLabels()) {
            throw new IllegalArgumentException("supervised fine-tuning needs labelled " + what + " data");
        }
    }

    private static void requireTargets(DataSet data, float[] targets, int outputs, String what) {
        if (targets == null || targets.length != (long) data.rows() * outputs) {
            throw new IllegalArgumentException("the " + what + " targets need " + data.rows() + " x " + outputs
                    + " values, got " + (targets == null ? "none" : targets.length));
        }
    }

    /** The starting head: the DBN's own if it fits, else small uniform weights as nn.Linear draws them. */
    private Head startingHead(Dbn dbn, int outputs) {
        Head h = dbn.head();
        if (h != null && h.kind() == headKind && h.outputs() == outputs) {
            return h;
        }
        int inputs = dbn.top().hidden();
        SplittableRandom random = new SplittableRandom(TrainingSeeds.mix(seed, -1, 0x4EAD));
        double bound = 1 / Math.sqrt(inputs);
        float[] w = new float[outputs * inputs];
        float[] b = new float[outputs];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextDouble(-bound, bound);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextDouble(-bound, bound);
        }
        return new Head(headKind, inputs, outputs, w, b);
    }

    private Dbn run(Backend backend, Dbn dbn, DataSet train, float[] targets, int outputs, DataSet validation,
                    float[] validationTargets, TrainingState resumeFrom) {
        if (train.cols() != dbn.inputs()) {
            throw new IllegalArgumentException("the data have " + train.cols() + " features but the DBN takes "
                    + dbn.inputs());
        }
        Dbn start = dbn.withHead(startingHead(dbn, outputs));
        try (BackpropNetwork net = new BackpropNetwork(backend, start, weightDecay, inputDropout, hiddenDropout);
             Optimizer.State opt = optimizer.start(net.parameters);
             BackpropStep step = new BackpropStep(backend, start, net, opt, train, targets, validation,
                     validationTargets, batchSize, frozenEpochs, augmentation, seed)) {
            TrainingLoop.Resume<Dbn> resume = null;
            if (resumeFrom != null) {
                opt.restoreState(resumeFrom.strategies().optimizer());
                resume = TrainingLoop.resumeFrom(resumeFrom, values -> BackpropValues.withValues(start, values));
            }
            TrainingLoop<Dbn> loop = loop(BackpropValues::of, listener, checkpoints, validation != null);
            return withProvenance(loop.run(step, start, resume), backend);
        }
    }

    /**
     * The epoch loop of this fine-tuning, with its early stopping: what a distributed trainer
     * drives its own step through, so that every option means the same there.
     *
     * @param values the parameters of a model by name, for the best model in checkpoints
     * @param listener receives the events, or null
     * @param checkpoints where checkpoints go, or null
     * @param validated whether there are validation data
     * @return the loop, over the stage {@code "fine-tuning"} with the running metric {@code "loss"}
     * @throws IllegalArgumentException if early stopping is asked for without validation data
     */
    public TrainingLoop<Dbn> loop(Function<Dbn, Map<String, float[]>> values, TrainingListener listener,
                                  Checkpoints checkpoints, boolean validated) {
        if (patience > 0 && !validated) {
            throw new IllegalArgumentException("early stopping needs validation data");
        }
        return TrainingLoop.<Dbn>builder("fine-tuning", epochs, "loss")
                .listener(listener)
                .earlyStopping(patience == 0 ? null : new TrainingLoop.EarlyStopping(
                        headKind == Head.Kind.SOFTMAX ? "validationAccuracy" : "validationLoss",
                        headKind == Head.Kind.SOFTMAX, patience), values)
                .checkpoints(checkpoints == null ? null : new TrainingLoop.Checkpointing<>(checkpoints, m -> m,
                        TrainingState.FINE_TUNING, 0, Map.of(METHOD_KEY, METHOD)))
                .build();
    }

    /**
     * Checks that a checkpoint is one of backprop fine-tuning.
     *
     * @param state the checkpoint's state
     * @throws IllegalArgumentException naming what the checkpoint is instead
     */
    public static void requireBackpropCheckpoint(TrainingState state) {
        // Checkpoints from before the method was recorded are backprop's.
        if (state == null || !TrainingState.FINE_TUNING.equals(state.phase())
                || !METHOD.equals(state.info().getOrDefault(METHOD_KEY, METHOD))) {
            throw new IllegalArgumentException("the checkpoint is not one of backprop fine-tuning (its phase is "
                    + (state == null ? "missing" : state.phase() + ", " + state.info().getOrDefault(METHOD_KEY,
                    METHOD)) + ")");
        }
    }

    /**
     * The settings a distributed trainer needs to run this fine-tuning elsewhere.
     *
     * @return epochs, in the order of the epoch loop
     */
    public int epochs() {
        return epochs;
    }

    /**
     * The minibatch size.
     *
     * @return examples per minibatch
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The change made to every training minibatch, or null for none.
     *
     * @return the augmentation
     */
    public Augmentation augmentation() {
        return augmentation;
    }

    /**
     * The seed of the head, the shuffles and the dropout.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * The optimiser's configuration.
     *
     * @return the optimiser
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Whether the lower layers are frozen in an epoch.
     *
     * @param epoch the epoch
     * @return true while only the head learns
     */
    public boolean frozenAt(int epoch) {
        return epoch < frozenEpochs;
    }

    /**
     * The DBN with the head that fine-tuning starts from: its own if it fits, else a new one
     * drawn from the seed.
     *
     * @param dbn the pretrained DBN
     * @param outputs classes (or outputs of a linear head)
     * @return the DBN with a head
     */
    public Dbn withStartingHead(Dbn dbn, int outputs) {
        return dbn.withHead(startingHead(dbn, outputs));
    }

    /**
     * Records this fine-tuning in a model's provenance, as {@link #fineTune} does.
     *
     * @param dbn the fine-tuned model
     * @param backend the backend that trained it
     * @return the model with provenance
     */
    public Dbn withProvenance(Dbn dbn, Backend backend) {
        Map<String, String> provenance = new LinkedHashMap<>(dbn.provenance());
        provenance.put("fine-tuning", describe());
        provenance.putIfAbsent("backend", backend.name());
        provenance.putIfAbsent("library", "dbn4j " + Version.get());
        return dbn.withProvenance(provenance);
    }

    /**
     * The network's regularisation, which data-parallel executors need to build replicas of it.
     *
     * @return weight decay and dropout
     */
    public Regularization regularization() {
        return new Regularization(weightDecay, inputDropout, hiddenDropout);
    }

    private String describe() {
        return "backprop, " + headKind.name().toLowerCase(java.util.Locale.ROOT) + " head, " + optimizer + ", "
                + epochs + " epochs, batch " + batchSize + ", weight decay " + weightDecay + ", dropout " + inputDropout
                + "/" + hiddenDropout + (patience > 0 ? ", early stopping after " + patience : "")
                + (frozenEpochs > 0 ? ", pretrained layers frozen for " + frozenEpochs : "")
                + (augmentation != null ? ", " + augmentation : "") + ", seed " + seed;
    }

}
