package org.dbn4j.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.TrainingDivergedException;
import org.dbn4j.train.TrainingEvent;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.train.UpdateRule;
import org.dbn4j.training.eval.Evaluation;

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
    private final EpochHook epochHook;
    private final Map<String, float[]> resumeState;

    /** Called after each clean epoch with the model and the strategies' state, for checkpoints. */
    interface EpochHook {
        void afterEpoch(int epoch, Rbm model, Map<String, float[]> state);
    }

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
        this.epochHook = b.epochHook;
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
        private EpochHook epochHook;
        private Map<String, float[]> resumeState;

        private Builder() {
        }

        /** A hook after each epoch (for checkpoints). */
        Builder epochHook(EpochHook hook) {
            this.epochHook = hook;
            return this;
        }

        /** The estimator's and update rule's state to restore before the first epoch (to resume). */
        Builder resumeState(Map<String, float[]> state) {
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
        int n = data.rows();
        int size = Math.min(batchSize, n);
        int batches = (n + size - 1) / size;
        GradientEstimator est = estimator.copy();
        UpdateRule rule = updateRule.copy();
        // Minibatches are gathered from the data set itself: no backend copy of the whole table.
        float[] scratch = new float[size * data.cols()];
        try (BoundRbm rbm = initial.bind(backend);
             Matrix full = backend.matrix(size, data.cols());
             Matrix partial = backend.matrix(n % size == 0 ? size : n % size, data.cols())) {
            RandomStream random = backend.randomStream(TrainingSeeds.samplingStream(seed, -1));
            int[] starts = TrainingSeeds.chainStarts(n, Math.min(n, 1000), seed);
            try (Matrix startRows = backend.matrix(starts.length, data.cols())) {
                data.gatherRows(starts, 0, startRows, new float[starts.length * data.cols()]);
                est.init(rbm, size, random, startRows);
            }
            rule.init(rbm);
            if (resumeState != null) {
                est.restoreState(prefixed(resumeState, "estimator."));
                rule.restoreState(prefixed(resumeState, "update."));
            }
            Rbm lastGood = initial;
            for (int epoch = firstEpoch; epoch < firstEpoch + epochs; epoch++) {
                publish(new TrainingEvent.EpochStarted(stage, epoch, firstEpoch + epochs, batches));
                est.reseed(backend.randomStream(TrainingSeeds.samplingStream(seed, epoch)));
                long t0 = System.nanoTime();
                int[] order = org.dbn4j.data.DataSet.permutation(n, TrainingSeeds.order(seed, epoch));
                double squaredError = 0;
                for (int batch = 0; batch < batches; batch++) {
                    int from = batch * size;
                    Matrix m = from + size <= n ? full : partial;
                    data.gatherRows(order, from, m, scratch);
                    rule.step(rbm, est, m, epoch);
                    double error = est.lastReconstructionError();
                    if (!Double.isFinite(error)) {
                        diverged(epoch, batch, "the reconstruction error of minibatch " + batch + " is " + error,
                                data, lastGood);
                    }
                    squaredError += error;
                    if (!listeners.isEmpty()) {
                        Map<String, Double> running = Map.of("reconstructionError",
                                squaredError / Math.min(n, from + m.rows()));
                        publish(new TrainingEvent.BatchFinished(stage, epoch, batch, batches, running));
                    }
                }
                Rbm snapshot = finiteSnapshot(rbm, epoch, batches, data, lastGood);
                lastGood = snapshot;
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("reconstructionError", squaredError / n);
                if (heldOut != null && heldOut.rows() > 0) {
                    metrics.putAll(Evaluation.heldOutMetrics(rbm, data, heldOut));
                }
                publish(new TrainingEvent.EpochFinished(stage, epoch, firstEpoch + epochs,
                        (System.nanoTime() - t0) / 1e9, metrics));
                if (epochHook != null) {
                    Map<String, float[]> state = new LinkedHashMap<>();
                    est.saveState().forEach((k, v) -> state.put("estimator." + k, v));
                    rule.saveState().forEach((k, v) -> state.put("update." + k, v));
                    epochHook.afterEpoch(epoch, snapshot, state);
                }
            }
            return lastGood;
        } finally {
            est.reset();
            rule.reset();
        }
    }

    private static Map<String, float[]> prefixed(Map<String, float[]> state, String prefix) {
        Map<String, float[]> out = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private void diverged(int epoch, int batch, String what, DataSet data, Rbm lastGood) {
        String message = stage + " diverged in epoch " + epoch + ", minibatch " + batch + ": " + what + ". "
                + likelyCause(data, lastGood.spec()) + " The model of the last clean epoch is kept.";
        publish(new TrainingEvent.DivergenceDetected(stage, epoch, batch, message));
        throw new TrainingDivergedException(message, epoch, batch, lastGood);
    }

    private String likelyCause(DataSet data, RbmSpec spec) {
        float max = 0;
        for (float v : data.features()) {
            max = Math.max(max, Math.abs(v));
        }
        if (spec.visibleUnits() == VisibleUnits.BERNOULLI && max > 1) {
            return "Likely cause: the data are not scaled to [0, 1] (the largest value is " + max
                    + "); scale them, for example by 1/255 for pixels.";
        }
        if (spec.visibleUnits() == VisibleUnits.GAUSSIAN && max > 10) {
            return "Likely cause: the data are not standardised (the largest |value| is " + max
                    + ") for Gaussian units; subtract the mean and divide by the standard deviation.";
        }
        if (spec.hiddenUnits() == HiddenUnits.NOISY_RELU || spec.visibleUnits() == VisibleUnits.GAUSSIAN) {
            return "Likely cause: the learning rate (" + updateRule + ") is too high for real-valued units;"
                    + " try 10 to 100 times lower.";
        }
        return "Likely cause: the learning rate (" + updateRule + ") is too high; try 10 times lower.";
    }

    /** The parameters at the end of an epoch; a snapshot refuses non-finite values. */
    private Rbm finiteSnapshot(BoundRbm rbm, int epoch, int batches, DataSet data, Rbm lastGood) {
        try {
            return rbm.snapshot();
        } catch (IllegalArgumentException e) {
            diverged(epoch, batches - 1, "a parameter is not finite at the end of the epoch (" + e.getMessage() + ")",
                    data, lastGood);
            throw e;
        }
    }

    private void publish(TrainingEvent event) {
        for (TrainingListener l : listeners) {
            l.onEvent(event);
        }
    }
}
