package org.dbn4j.training;

import java.util.Map;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.training.internal.BackpropNetwork;
import org.dbn4j.training.internal.BackpropValues;
import org.dbn4j.training.internal.Divergence;
import org.dbn4j.training.internal.UpDownNetwork;
import org.dbn4j.train.StrategyState;

/** The stages of up-down fine-tuning on this machine: one minibatch of the data set per step. */
final class UpDownLocalStages implements UpDownFineTuner.Stages {
    private final UpDownFineTuner config;
    private final Backend backend;
    private final Dbn dbn;
    private final DataSet train;
    private final DataSet validation;

    UpDownLocalStages(UpDownFineTuner config, Backend backend, Dbn dbn, DataSet train, DataSet validation) {
        this.config = config;
        this.backend = backend;
        this.dbn = dbn;
        this.train = train;
        this.validation = validation;
    }

    @Override
    public UpDownFineTuner.StageStep step(String stage, UpDownNetwork s) {
        return UpDownFineTuner.LABELS.equals(stage) ? labelStage(backend, dbn, s, train, validation)
                : upDownStage(backend, s, train, validation);
    }

    private UpDownFineTuner.StageStep labelStage(Backend backend, Dbn dbn, UpDownNetwork s, DataSet train, DataSet validation) {
        Matrix penAll = penultimate(backend, dbn, train).toMatrix(backend);
        Matrix labelsAll = backend.matrix(train.rows(), s.classes(), BackpropValues.oneHot(train, s.classes()));
        int full = Math.min(config.batchSize(), train.rows());
        return new Phase(UpDownFineTuner.LABELS, s, train, validation, (order, from, rows, random, buf) -> {
            backend.gatherRows(penAll, order, from, buf.wake[s.depth - 1]);
            backend.gatherRows(labelsAll, order, from, buf.labels);
            return config.labelStep(s, buf, random, rows == full);
        }, penAll, labelsAll);
    }

    private UpDownFineTuner.StageStep upDownStage(Backend backend, UpDownNetwork s, DataSet train, DataSet validation) {
        Matrix dataAll = train.toMatrix(backend);
        Matrix labelsAll = backend.matrix(train.rows(), s.classes(), BackpropValues.oneHot(train, s.classes()));
        return new Phase(UpDownFineTuner.UP_DOWN, s, train, validation, (order, from, rows, random, buf) -> {
            backend.gatherRows(dataAll, order, from, buf.wake[0]);
            backend.gatherRows(labelsAll, order, from, buf.labels);
            return s.upDown(buf, random);
        }, dataAll, labelsAll);
    }

    /** One minibatch's work; returns its squared reconstruction error. */
    private interface BatchWork {
        double run(int[] order, int from, int rows, RandomStream random, UpDownNetwork.Buffers buf);
    }

    /** One stage of up-down on this machine, as a step of the {@link TrainingLoop}. */
    private final class Phase implements UpDownFineTuner.StageStep {
        private final String stage;
        private final UpDownNetwork s;
        private final DataSet train;
        private final DataSet validation;
        private final BatchWork work;
        private final Matrix[] held;
        private final int size;
        private int[] order;
        private RandomStream random;

        Phase(String stage, UpDownNetwork s, DataSet train, DataSet validation, BatchWork work, Matrix... held) {
            this.stage = stage;
            this.s = s;
            this.train = train;
            this.validation = validation;
            this.work = work;
            this.held = held;
            this.size = Math.min(config.batchSize(), train.rows());
        }

        @Override
        public int batches() {
            return (train.rows() + size - 1) / size;
        }

        @Override
        public void startEpoch(int epoch) {
            order = DataSet.permutation(train.rows(), UpDownFineTuner.orderSeed(config.seed(), epoch, stage));
            random = s.backend.randomStream(UpDownFineTuner.samplingSeed(config.seed(), epoch, stage));
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
            return UpDownFineTuner.validationMetrics(s.backend, model, validation);
        }

        @Override
        public StrategyState saveState() {
            float[] chains = s.savedChains();
            return chains == null ? StrategyState.NONE
                    : StrategyState.ofRbm(Map.of(UpDownFineTuner.LABEL_CHAINS, chains), Map.of());
        }

        @Override
        public String likelyCause() {
            return Divergence.likelyCause(train, s.original.layer(0).spec(), config.rates());
        }

        @Override
        public void close() {
            for (Matrix m : held) {
                m.close();
            }
        }
    }

    /** The top RBM's input for every example: hidden probabilities up to the penultimate layer. */
    private static DataSet penultimate(Backend backend, Dbn dbn, DataSet data) {
        try (BoundDbn bound = dbn.bind(backend)) {
            return bound.features(data, dbn.depth() - 1);
        }
    }
}
