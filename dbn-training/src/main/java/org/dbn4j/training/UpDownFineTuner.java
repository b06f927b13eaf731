package org.dbn4j.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.LabelUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.TrainingState;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.training.internal.Divergence;
import org.dbn4j.training.internal.TrainingStates;
import org.dbn4j.training.internal.BackpropNetwork;

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
        return run(backend, dbn, train, validation, null);
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
    public Dbn resume(Backend backend, DataSet train, DataSet validation, ModelFile.Checkpoint checkpoint) {
        TrainingState state = checkpoint.state();
        if (state == null || !TrainingState.FINE_TUNING.equals(state.phase())
                || !METHOD.equals(state.info().get(METHOD_KEY))) {
            throw new IllegalArgumentException("the checkpoint is not one of up-down fine-tuning (its phase is "
                    + (state == null ? "missing" : state.phase() + ", " + state.info().getOrDefault(METHOD_KEY,
                    "backprop")) + ")");
        }
        return run(backend, checkpoint.model(), train, validation, state);
    }

    /** The name of this fine-tuning in a checkpoint's facts, and which of its stages a checkpoint is in. */
    private static final String METHOD_KEY = BackpropFineTuner.METHOD_KEY;
    private static final String METHOD = "up-down";
    private static final String STAGE_KEY = "stage";
    private static final String LABELS = "labels";
    private static final String UP_DOWN = "up-down";
    private static final String LABEL_CHAINS = "label_chains";

    private Dbn run(Backend backend, Dbn dbn, DataSet train, DataSet validation, TrainingState resumeFrom) {
        if (!train.hasLabels()) {
            throw new IllegalArgumentException("up-down fine-tuning with labels needs labelled training data");
        }
        if (train.cols() != dbn.inputs()) {
            throw new IllegalArgumentException("the data have " + train.cols() + " features but the DBN takes "
                    + dbn.inputs());
        }
        for (Rbm rbm : dbn.layers()) {
            if (rbm.spec().hiddenUnits() != HiddenUnits.BERNOULLI
                    || (rbm != dbn.layer(0) && rbm.spec().visibleUnits() != VisibleUnits.BERNOULLI)) {
                throw new IllegalArgumentException("up-down needs Bernoulli hidden units throughout; " + rbm.spec()
                        + " has others");
            }
        }
        int classes = train.classes();
        boolean inUpDown = resumeFrom != null && UP_DOWN.equals(resumeFrom.info().get(STAGE_KEY));
        try (State s = new State(backend, dbn, classes, train)) {
            Dbn model = dbn;
            try (Matrix labelsAll = backend.matrix(train.rows(), classes, BackpropNetwork.oneHot(train, classes))) {
                if (!inUpDown && labelEpochs > 0) {
                    DataSet pen = penultimate(backend, dbn, train);
                    try (Matrix penAll = pen.toMatrix(backend)) {
                        Phase labels = new Phase(LABELS, s, train, validation, (order, from, rows, random, buf) -> {
                            backend.gatherRows(penAll, order, from, buf.wake[s.depth - 1]);
                            backend.gatherRows(labelsAll, order, from, buf.labels);
                            if (persistentLabelChains && rows == Math.min(batchSize, train.rows())) {
                                return s.topCd(buf, random, 1, (float) labelRate, false, s.chains(buf, random));
                            }
                            return s.topCd(buf, random, 1, (float) labelRate, !persistentLabelChains, null);
                        });
                        if (resumeFrom != null) {
                            float[] chains = TrainingStates.part(resumeFrom.values(), TrainingStates.ESTIMATOR)
                                    .get(LABEL_CHAINS);
                            if (chains != null) {
                                s.restoreChains(chains, Math.min(batchSize, train.rows()));
                            }
                        }
                        model = loop(LABELS, labelEpochs).run(labels, model, resumeFrom == null ? null
                                : new TrainingLoop.Resume<>(resumeFrom.nextEpoch(), null, 0, -1));
                    }
                }
                if (epochs > 0) {
                    try (Matrix dataAll = train.toMatrix(backend)) {
                        Phase upDown = new Phase(UP_DOWN, s, train, validation, (order, from, rows, random, buf) -> {
                            backend.gatherRows(dataAll, order, from, buf.wake[0]);
                            backend.gatherRows(labelsAll, order, from, buf.labels);
                            return s.upDown(buf, random);
                        });
                        model = loop(UP_DOWN, epochs).run(upDown, model, inUpDown
                                ? new TrainingLoop.Resume<>(resumeFrom.nextEpoch(), null, 0, -1) : null);
                    }
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

    private TrainingLoop<Dbn> loop(String stage, int stageEpochs) {
        return TrainingLoop.<Dbn>builder(stage, stageEpochs, "reconstructionError").listener(listener)
                .checkpoints(checkpoints == null ? null : new TrainingLoop.Checkpointing<>(checkpoints, m -> m,
                        TrainingState.FINE_TUNING, 0, Map.of(METHOD_KEY, METHOD, STAGE_KEY, stage)))
                .build();
    }

    /** One minibatch's work; returns its squared reconstruction error. */
    private interface BatchWork {
        double run(int[] order, int from, int rows, RandomStream random, State.Buffers buf);
    }

    /** One phase of up-down as a step of the {@link TrainingLoop}. */
    private final class Phase implements TrainingLoop.Step<Dbn> {
        private final String stage;
        private final State s;
        private final DataSet train;
        private final DataSet validation;
        private final BatchWork work;
        private final int size;
        private int[] order;
        private RandomStream random;

        Phase(String stage, State s, DataSet train, DataSet validation, BatchWork work) {
            this.stage = stage;
            this.s = s;
            this.train = train;
            this.validation = validation;
            this.work = work;
            this.size = Math.min(batchSize, train.rows());
        }

        @Override
        public int batches() {
            return (train.rows() + size - 1) / size;
        }

        @Override
        public void startEpoch(int epoch) {
            order = DataSet.permutation(train.rows(), TrainingSeeds.mix(seed, epoch, stage.hashCode()));
            random = s.backend.randomStream(TrainingSeeds.mix(seed, epoch, 31L * stage.hashCode() + 7));
        }

        @Override
        public TrainingLoop.Batch train(int epoch, int batch) {
            int from = batch * size;
            int rows = Math.min(size, train.rows() - from);
            return new TrainingLoop.Batch(work.run(order, from, rows, random, s.buffers(rows)), rows);
        }

        @Override
        public Dbn snapshot() {
            return s.snapshot();
        }

        @Override
        public Map<String, Double> epochMetrics(Dbn model) {
            if (validation == null || !validation.hasLabels()) {
                return Map.of();
            }
            try (BoundDbn bound = model.bind(s.backend)) {
                return Map.of("validationAccuracy", bound.accuracy(validation));
            }
        }

        @Override
        public Map<String, float[]> saveState() {
            Map<String, float[]> state = new LinkedHashMap<>();
            if (s.persistent != null) {
                TrainingStates.put(state, TrainingStates.ESTIMATOR, Map.of(LABEL_CHAINS, s.persistent.toArray()));
            }
            return state;
        }

        @Override
        public String likelyCause() {
            return Divergence.likelyCause(train, s.original.layer(0).spec(), "rate " + rate + ", label rate "
                    + labelRate);
        }
    }

    /** The top RBM's input for every example: hidden probabilities up to the penultimate layer. */
    private static DataSet penultimate(Backend backend, Dbn dbn, DataSet data) {
        try (BoundDbn bound = dbn.bind(backend)) {
            return bound.features(data, dbn.depth() - 1);
        }
    }


    /** The parameters being trained and the per-minibatch buffers. */
    private final class State implements AutoCloseable {
        final Backend backend;
        final Dbn original;
        final int depth;
        final int classes;
        final int[] sizes;
        final Matrix[] recognition;
        final Matrix[] recognitionBias;
        final Matrix[] generative;
        final Matrix[] generativeBias;
        final Matrix topWeights;
        final Matrix topHiddenBias;
        final Matrix topVisibleBias;
        final Matrix labelWeights;
        final Matrix labelBias;
        private final Map<Integer, Buffers> bySize = new HashMap<>();
        private Matrix persistent;

        State(Backend backend, Dbn dbn, int classes, DataSet train) {
            this.backend = backend;
            this.original = dbn;
            this.depth = dbn.depth();
            this.classes = classes;
            this.sizes = dbn.sizes();
            recognition = new Matrix[depth - 1];
            recognitionBias = new Matrix[depth - 1];
            generative = new Matrix[depth - 1];
            generativeBias = new Matrix[depth - 1];
            for (int i = 0; i < depth - 1; i++) {
                Rbm rbm = dbn.layer(i);
                recognition[i] = backend.matrix(rbm.hidden(), rbm.visible(), rbm.weights());
                recognitionBias[i] = backend.matrix(1, rbm.hidden(), rbm.hiddenBias());
                float[] g = dbn.tied(i) ? rbm.weights() : dbn.generativeWeights(i);
                generative[i] = backend.matrix(rbm.hidden(), rbm.visible(), g);
                generativeBias[i] = backend.matrix(1, rbm.visible(), rbm.visibleBias());
            }
            Rbm top = dbn.top();
            topWeights = backend.matrix(top.hidden(), top.visible(), top.weights());
            topHiddenBias = backend.matrix(1, top.hidden(), top.hiddenBias());
            topVisibleBias = backend.matrix(1, top.visible(), top.visibleBias());
            LabelUnits labels = dbn.labels();
            if (labels != null && labels.classes() == classes) {
                labelWeights = backend.matrix(top.hidden(), classes, labels.weights());
                labelBias = backend.matrix(1, classes, labels.bias());
            } else {
                labelWeights = backend.matrix(top.hidden(), classes);
                backend.fill(0f, labelWeights);
                float[] prior = new float[classes];
                int[] counts = new int[classes];
                for (int i = 0; i < train.rows(); i++) {
                    counts[train.label(i)]++;
                }
                for (int c = 0; c < classes; c++) {
                    prior[c] = (float) Math.log(Math.max(1, counts[c]) / (double) train.rows());
                }
                labelBias = backend.matrix(1, classes, prior);
            }
        }

        /** Buffers of one minibatch size. */
        final class Buffers implements AutoCloseable {
            final Matrix[] wake;
            final Matrix[] sleep;
            final Matrix[] generativePrediction;
            final Matrix[] recognitionPrediction;
            final Matrix labels;
            final Matrix labelsNegative;
            final Matrix hidden;
            final Matrix hiddenSample;
            final Matrix hiddenNegative;
            final Matrix penNegative;
            final Matrix difference;

            Buffers(int rows) {
                wake = new Matrix[depth];
                sleep = new Matrix[depth];
                generativePrediction = new Matrix[depth];
                recognitionPrediction = new Matrix[depth];
                for (int i = 0; i < depth; i++) {
                    wake[i] = backend.matrix(rows, sizes[i]);
                    sleep[i] = backend.matrix(rows, sizes[i]);
                    generativePrediction[i] = backend.matrix(rows, sizes[i]);
                    recognitionPrediction[i] = backend.matrix(rows, sizes[i]);
                }
                labels = backend.matrix(rows, classes);
                labelsNegative = backend.matrix(rows, classes);
                hidden = backend.matrix(rows, sizes[depth]);
                hiddenSample = backend.matrix(rows, sizes[depth]);
                hiddenNegative = backend.matrix(rows, sizes[depth]);
                penNegative = backend.matrix(rows, sizes[depth - 1]);
                difference = backend.matrix(rows, sizes[depth - 1]);
            }

            @Override
            public void close() {
                List<Matrix> all = new ArrayList<>(List.of(labels, labelsNegative, hidden, hiddenSample, hiddenNegative,
                        penNegative, difference));
                for (Matrix[] group : new Matrix[][] {wake, sleep, generativePrediction, recognitionPrediction}) {
                    all.addAll(List.of(group));
                }
                all.forEach(Matrix::close);
            }
        }

        Buffers buffers(int rows) {
            return bySize.computeIfAbsent(rows, Buffers::new);
        }

        /** Hidden means of the top RBM given its input and labels. */
        private void topHidden(Matrix pen, Matrix labels, Matrix out) {
            backend.affine(pen, topWeights, true, topHiddenBias, Activation.IDENTITY, out);
            backend.gemm(false, true, 1f, labels, labelWeights, 1f, out);
            backend.activateInPlace(Activation.SIGMOID, out);
        }

        /** Persistent hidden states saved by a checkpoint, for a full minibatch. */
        void restoreChains(float[] values, int rows) {
            if (values.length != rows * sizes[depth]) {
                throw new IllegalArgumentException("the checkpoint's label chains have " + values.length
                        + " values, expected " + rows + " x " + sizes[depth]);
            }
            persistent = backend.matrix(rows, sizes[depth], values);
        }

        /** Persistent hidden states for the label phase, started from the first minibatch's positive phase. */
        Matrix chains(Buffers buf, RandomStream random) {
            if (persistent == null) {
                persistent = backend.matrix(buf.hidden.rows(), buf.hidden.cols());
                topHidden(buf.wake[depth - 1], buf.labels, persistent);
                backend.sampleBernoulli(random, persistent, persistent);
            }
            return persistent;
        }

        /**
         * CD-k on the top RBM with labels; the input is in buf.wake[depth - 1]. With
         * {@code meanField} the negative visible states are probabilities (CD-1 for the labels),
         * otherwise samples (up-down). With a {@code chain}, the negative phase starts from those
         * persistent hidden states and leaves its last ones there (PCD). Returns the squared error
         * of the input's reconstruction.
         */
        double topCd(Buffers buf, RandomStream random, int steps, float rate, boolean meanField, Matrix chain) {
            Matrix pen = buf.wake[depth - 1];
            int n = pen.rows();
            topHidden(pen, buf.labels, buf.hidden);
            if (chain != null) {
                backend.copy(chain, buf.hiddenSample);
            } else {
                backend.sampleBernoulli(random, buf.hidden, buf.hiddenSample);
            }
            double error = 0;
            for (int step = 0; step < steps; step++) {
                backend.affine(buf.hiddenSample, topWeights, false, topVisibleBias, Activation.SIGMOID, buf.penNegative);
                if (step == 0) {
                    backend.subtract(pen, buf.penNegative, buf.difference);
                    error = backend.sumOfSquares(buf.difference);
                }
                backend.affine(buf.hiddenSample, labelWeights, false, labelBias, Activation.IDENTITY,
                        buf.labelsNegative);
                backend.activateInPlace(Activation.SOFTMAX, buf.labelsNegative);
                if (!meanField) {
                    backend.sampleBernoulli(random, buf.penNegative, buf.penNegative);
                    backend.sampleOneHotGroups(random, classes, buf.labelsNegative, buf.labelsNegative);
                }
                topHidden(buf.penNegative, buf.labelsNegative, buf.hiddenNegative);
                if (step + 1 < steps) {
                    backend.sampleBernoulli(random, buf.hiddenNegative, buf.hiddenSample);
                }
            }
            if (chain != null) {
                backend.sampleBernoulli(random, buf.hiddenNegative, chain);
            }
            float f = rate / n;
            backend.gemm(true, false, f, buf.hidden, pen, 1f, topWeights);
            backend.gemm(true, false, -f, buf.hiddenNegative, buf.penNegative, 1f, topWeights);
            backend.gemm(true, false, f, buf.hidden, buf.labels, 1f, labelWeights);
            backend.gemm(true, false, -f, buf.hiddenNegative, buf.labelsNegative, 1f, labelWeights);
            backend.columnSums(f, buf.hidden, 1f, topHiddenBias);
            backend.columnSums(-f, buf.hiddenNegative, 1f, topHiddenBias);
            backend.columnSums(f, pen, 1f, topVisibleBias);
            backend.columnSums(-f, buf.penNegative, 1f, topVisibleBias);
            backend.columnSums(f, buf.labels, 1f, labelBias);
            backend.columnSums(-f, buf.labelsNegative, 1f, labelBias);
            return error;
        }

        /** One up-down step on the minibatch in buf.wake[0] with labels in buf.labels. */
        double upDown(Buffers buf, RandomStream random) {
            int n = buf.wake[0].rows();
            float f = (float) rate / n;
            for (int i = 0; i < depth - 1; i++) {
                backend.affine(buf.wake[i], recognition[i], true, recognitionBias[i], Activation.SIGMOID, buf.wake[i + 1]);
                backend.sampleBernoulli(random, buf.wake[i + 1], buf.wake[i + 1]);
            }
            double error = topCd(buf, random, topGibbsSteps, (float) rate, false, null);
            // Sleep: down from the top RBM's negative visible states with the generative weights.
            backend.copy(buf.penNegative, buf.sleep[depth - 1]);
            for (int i = depth - 2; i >= 0; i--) {
                backend.affine(buf.sleep[i + 1], generative[i], false, generativeBias[i], Activation.SIGMOID, buf.sleep[i]);
                backend.sampleBernoulli(random, buf.sleep[i], buf.sleep[i]);
            }
            for (int i = 0; i < depth - 1; i++) {
                // What the generative weights predict for the wake states, and the recognition
                // weights for the sleep states; both learn toward the states they missed.
                backend.affine(buf.wake[i + 1], generative[i], false, generativeBias[i], Activation.SIGMOID,
                        buf.generativePrediction[i]);
                backend.subtract(buf.wake[i], buf.generativePrediction[i], buf.generativePrediction[i]);
                backend.affine(buf.sleep[i], recognition[i], true, recognitionBias[i], Activation.SIGMOID,
                        buf.recognitionPrediction[i + 1]);
                backend.subtract(buf.sleep[i + 1], buf.recognitionPrediction[i + 1], buf.recognitionPrediction[i + 1]);
            }
            for (int i = 0; i < depth - 1; i++) {
                backend.gemm(true, false, f, buf.wake[i + 1], buf.generativePrediction[i], 1f, generative[i]);
                backend.columnSums(f, buf.generativePrediction[i], 1f, generativeBias[i]);
                backend.gemm(true, false, f, buf.recognitionPrediction[i + 1], buf.sleep[i], 1f, recognition[i]);
                backend.columnSums(f, buf.recognitionPrediction[i + 1], 1f, recognitionBias[i]);
            }
            return error;
        }

        Dbn snapshot() {
            List<Rbm> rbms = new ArrayList<>();
            for (int i = 0; i < depth - 1; i++) {
                Rbm old = original.layer(i);
                rbms.add(new Rbm(old.spec(), recognition[i].toArray(), generativeBias[i].toArray(),
                        recognitionBias[i].toArray(), old.visibleLogVariance()));
            }
            Rbm top = original.top();
            rbms.add(new Rbm(top.spec(), topWeights.toArray(), topVisibleBias.toArray(), topHiddenBias.toArray(),
                    top.visibleLogVariance()));
            Dbn out = Dbn.of(rbms);
            for (int i = 0; i < depth - 1; i++) {
                out = out.withGenerativeWeights(i, generative[i].toArray());
            }
            return out.withLabels(new LabelUnits(classes, top.hidden(), labelWeights.toArray(), labelBias.toArray()))
                    .withProvenance(original.provenance());
        }

        @Override
        public void close() {
            bySize.values().forEach(Buffers::close);
            for (int i = 0; i < depth - 1; i++) {
                recognition[i].close();
                recognitionBias[i].close();
                generative[i].close();
                generativeBias[i].close();
            }
            for (Matrix m : new Matrix[] {topWeights, topHiddenBias, topVisibleBias, labelWeights, labelBias}) {
                m.close();
            }
            if (persistent != null) {
                persistent.close();
            }
        }
    }
}
