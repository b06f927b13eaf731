package org.dbn4j.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.TrainingDivergedException;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.train.UpdateRule;
import org.dbn4j.training.eval.Evaluation;
import org.dbn4j.training.internal.Divergence;
import org.dbn4j.train.StrategyState;

/**
 * Trains an RBM: minibatches cut from the data in an order shuffled per epoch from the seed, one
 * estimator call and one update per minibatch, events for listeners, and a divergence guard.
 *
 * <p>Reproducible: the same seed, backend and thread count give the same model. The shuffle of
 * epoch {@code e} and the sampling stream are derived from the seed alone, so a run resumed from
 * the model after epoch {@code e} (with {@code firstEpoch(e + 1)}) continues as the uninterrupted
 * run would, given an estimator without persistent state (CD).
 *
 * <p>The guard checks the minibatch's reconstruction error after every minibatch and every
 * parameter after every epoch; a NaN or an infinity stops training with a
 * {@link TrainingDivergedException} that names the epoch, the minibatch and the likely cause and
 * holds the model of the last clean epoch.
 */
public final class RbmTrainer {

    private final GradientEstimator estimator;
    private final UpdateRule updateRule;
    private final int epochs;
    private final int firstEpoch;
    private final int batchSize;
    private final long seed;
    private final double initialWeightStd;
    private final String stage;
    private final List<TrainingListener> listeners;
    private final DataSet heldOut;
    private final TrainingLoop.Checkpointing<Rbm> checkpointing;
    private final StrategyState resumeState;

    private RbmTrainer(Builder b) {
        this.estimator = b.estimator;
        this.updateRule = b.updateRule;
        this.epochs = b.epochs;
        this.firstEpoch = b.firstEpoch;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.initialWeightStd = b.initialWeightStd;
        this.stage = b.stage;
        this.listeners = List.copyOf(b.listeners);
        this.heldOut = b.heldOut;
        this.checkpointing = b.checkpointing;
        this.resumeState = b.resumeState;
    }

    /**
     * A builder with the defaults: CD-1, {@link SgdUpdate#builder() SGD with momentum}, 10 epochs,
     * minibatches of 100, seed 1, initial weights N(0, 0.01^2).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures an {@link RbmTrainer}. */
    public static final class Builder {
        private GradientEstimator estimator = new ContrastiveDivergence(1);
        private UpdateRule updateRule = SgdUpdate.builder().build();
        private int epochs = 10;
        private int firstEpoch;
        private int batchSize = 100;
        private long seed = 1;
        private double initialWeightStd = 0.01;
        private String stage = "rbm";
        private final List<TrainingListener> listeners = new ArrayList<>();
        private DataSet heldOut;
        private TrainingLoop.Checkpointing<Rbm> checkpointing;
        private StrategyState resumeState;

        private Builder() {
        }

        /** Writes checkpoints after epochs (for the pretrainer, which knows the stack around this RBM). */
        Builder checkpoints(TrainingLoop.Checkpointing<Rbm> how) {
            this.checkpointing = how;
            return this;
        }

        /** The estimator's and update rule's state to restore before the first epoch (to resume). */
        Builder resumeState(StrategyState state) {
            this.resumeState = state;
            return this;
        }

        /**
         * The gradient estimator (default CD-1).
         *
         * @param estimator the estimator
         * @return this builder
         */
        public Builder estimator(GradientEstimator estimator) {
            this.estimator = Objects.requireNonNull(estimator, "estimator");
            return this;
        }

        /**
         * The update rule (default SGD with momentum 0.5 then 0.9, rate 0.1).
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder updateRule(UpdateRule rule) {
            this.updateRule = Objects.requireNonNull(rule, "updateRule");
            return this;
        }

        /**
         * The number of epochs to run (counted from {@link #firstEpoch(int)}).
         *
         * @param epochs at least 1
         * @return this builder
         */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * The index of the first epoch, for resuming: schedules and shuffles continue from it.
         *
         * @param epoch the first epoch, from 0
         * @return this builder
         */
        public Builder firstEpoch(int epoch) {
            if (epoch < 0) {
                throw new IllegalArgumentException("the first epoch must be zero or more, got " + epoch);
            }
            this.firstEpoch = epoch;
            return this;
        }

        /**
         * The minibatch size.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("the minibatch size must be at least 1, got " + size);
            }
            this.batchSize = size;
            return this;
        }

        /**
         * The seed of the initial weights, the shuffles and the sampling.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The standard deviation of the initial weights.
         *
         * @param std zero or more
         * @return this builder
         */
        public Builder initialWeightStd(double std) {
            this.initialWeightStd = std;
            return this;
        }

        /**
         * The name of this training in events, for example {@code "rbm 1 of 3"}.
         *
         * @param stage the name
         * @return this builder
         */
        public Builder stage(String stage) {
            this.stage = Objects.requireNonNull(stage, "stage");
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Held-out data: after each epoch its reconstruction error and the free-energy gap
         * (mean free energy of held-out minus training examples) are reported.
         *
         * @param data held-out examples, or null
         * @return this builder
         */
        public Builder heldOut(DataSet data) {
            this.heldOut = data;
            return this;
        }

        /**
         * Builds the trainer.
         *
         * @return the trainer
         */
        public RbmTrainer build() {
            return new RbmTrainer(this);
        }
    }

    /**
     * Trains a new RBM with Bernoulli units on the data.
     *
     * @param backend the backend
     * @param data the training data, values in [0, 1]
     * @param hidden the number of hidden units
     * @return the trained model
     */
    public Rbm train(Backend backend, DataSet data, int hidden) {
        return train(backend, RbmSpec.bernoulli(data.cols(), hidden), data);
    }

    /**
     * Trains a new RBM of the given structure, initialised by {@link RbmInitializer}.
     *
     * @param backend the backend
     * @param spec the structure; its visible size must match the data
     * @param data the training data
     * @return the trained model
     */
    public Rbm train(Backend backend, RbmSpec spec, DataSet data) {
        return train(backend, RbmInitializer.initial(spec, data, initialWeightStd, seed), data);
    }

    /**
     * Trains, starting from a given model (to continue or resume training).
     *
     * @param backend the backend
     * @param initial the starting model
     * @param data the training data
     * @return the trained model
     */
    public Rbm train(Backend backend, Rbm initial, DataSet data) {
        if (data.cols() != initial.visible()) {
            throw new IllegalArgumentException("the data have " + data.cols() + " features but the RBM has "
                    + initial.visible() + " visible units");
        }
        if (data.rows() == 0) {
            throw new IllegalArgumentException("there are no training examples");
        }
        try (RbmStep step = new RbmStep(backend, initial, data)) {
            if (resumeState != null) {
                step.est.restoreState(resumeState.estimator());
                step.rule.restoreState(resumeState.updateRule());
            }
            TrainingLoop<Rbm> loop = TrainingLoop.<Rbm>builder(stage, firstEpoch + epochs, "reconstructionError")
                    .listeners(listeners).checkpoints(checkpointing).build();
            return loop.run(step, initial, firstEpoch == 0 ? null
                    : new TrainingLoop.Resume<>(firstEpoch, null, Double.NEGATIVE_INFINITY, -1));
        }
    }

    /** One minibatch of an RBM's training on this machine: the estimator's statistics and the rule's update. */
    private final class RbmStep implements TrainingLoop.Step<Rbm>, AutoCloseable {
        private final Backend backend;
        private final DataSet data;
        private final BoundRbm rbm;
        private final GradientEstimator.State est;
        private final UpdateRule.State rule;
        private final Matrix full;
        private final Matrix partial;
        private final int size;
        private final float[] scratch;
        private int[] order;

        RbmStep(Backend backend, Rbm initial, DataSet data) {
            this.backend = backend;
            this.data = data;
            int n = data.rows();
            this.size = Math.min(batchSize, n);
            // Minibatches are gathered from the data set itself: no backend copy of the whole table.
            this.scratch = new float[size * data.cols()];
            this.rbm = initial.bind(backend);
            this.full = backend.matrix(size, data.cols());
            this.partial = backend.matrix(n % size == 0 ? size : n % size, data.cols());
            RandomStream random = backend.randomStream(TrainingSeeds.samplingStream(seed, -1));
            int[] starts = TrainingSeeds.chainStarts(n, Math.min(n, 1000), seed);
            try (Matrix startRows = backend.matrix(starts.length, data.cols())) {
                data.gatherRows(starts, 0, startRows, new float[starts.length * data.cols()]);
                this.est = estimator.start(rbm, size, random, startRows);
            }
            this.rule = updateRule.start(rbm);
        }

        @Override
        public int batches() {
            return (data.rows() + size - 1) / size;
        }

        @Override
        public void startEpoch(int epoch) {
            est.reseed(backend.randomStream(TrainingSeeds.samplingStream(seed, epoch)));
            order = DataSet.permutation(data.rows(), TrainingSeeds.order(seed, epoch));
        }

        @Override
        public TrainingLoop.Batch train(int epoch, int batch) {
            int from = batch * size;
            Matrix m = from + size <= data.rows() ? full : partial;
            data.gatherRows(order, from, m, scratch);
            rule.step(rbm, est, m, epoch);
            return new TrainingLoop.Batch(est.lastReconstructionError(), m.rows());
        }

        @Override
        public Rbm snapshot() {
            return rbm.snapshot();
        }

        @Override
        public Map<String, Double> epochMetrics(Rbm model) {
            return heldOut != null && heldOut.rows() > 0 ? Evaluation.heldOutMetrics(rbm, data, heldOut) : Map.of();
        }

        @Override
        public StrategyState saveState() {
            return StrategyState.ofRbm(est.saveState(), rule.saveState());
        }

        @Override
        public String likelyCause() {
            return Divergence.likelyCause(data, rbm.spec(), updateRule.toString());
        }

        @Override
        public void close() {
            rule.close();
            est.close();
            full.close();
            partial.close();
            rbm.close();
        }
    }
}
