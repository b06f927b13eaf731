package org.dbn4j.spark;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.Rbm;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.RbmGradient;
import org.dbn4j.train.UpdateRule;
import org.dbn4j.training.TrainingSeeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's side of a round of RBM training: one partition's gradient of its share of a
 * global minibatch, or its own minibatches from the current parameters.
 *
 * <p>Retries: the state a round changes (the estimator's persistent chains) is saved when the
 * round starts and restored when the same round runs again in this JVM; the sampling stream is
 * restored from the position the driver sends. A retried task therefore computes exactly what
 * the failed attempt would have. A task that lands in a JVM without the partition's state (a lost
 * executor) starts its chains afresh from the partition's data.
 */
final class RbmWorker {

    private static final Logger LOG = LoggerFactory.getLogger(RbmWorker.class);

    private RbmWorker() {
    }

    /** One partition's state between rounds of one layer. */
    static final class PartitionState implements AutoCloseable {
        final Backend backend;
        final Matrix data;
        final BoundRbm rbm;
        final GradientEstimator.State estimator;
        final UpdateRule.State rule;
        final RbmGradient gradient;
        final Map<Integer, Matrix> batches = new HashMap<>();
        int orderEpoch = -1;
        int[] order;
        int startedRound = -1;
        int completedRound = -1;
        Map<String, float[]> estimatorAtStart;

        PartitionState(RowBlock block, int partition, RbmRound round) {
            backend = ExecutorSide.backend(round.backendName, round.threads);
            RbmParameters p = round.payload.value().parameters;
            data = backend.matrix(block.rows, block.cols, block.features);
            rbm = p.toRbm().bind(backend);
            long seed = round.partitionSeeds[partition];
            int starts = Math.min(block.rows, 1000);
            int[] rows = TrainingSeeds.chainStarts(block.rows, starts, seed);
            try (Matrix startRows = backend.matrix(starts, block.cols)) {
                backend.gatherRows(data, rows, 0, startRows);
                estimator = round.estimator.start(rbm, round.batchSizes[partition],
                        backend.randomStream(TrainingSeeds.samplingStream(seed, -1)), startRows);
            }
            if (round.mode == SparkMode.PARAMETER_AVERAGING) {
                rule = round.updateRule.start(rbm);
                gradient = null;
            } else {
                rule = null;
                gradient = RbmGradient.zerosLike(rbm);
            }
        }

        Matrix batch(int rows) {
            return batches.computeIfAbsent(rows, r -> backend.matrix(r, data.cols()));
        }

        int[] order(int epoch, long seed) {
            if (orderEpoch != epoch) {
                order = DataSet.permutation(data.rows(), TrainingSeeds.order(seed, epoch));
                orderEpoch = epoch;
            }
            return order;
        }

        @Override
        public void close() {
            estimator.close();
            if (rule != null) {
                rule.close();
            }
            if (gradient != null) {
                gradient.close();
            }
            batches.values().forEach(Matrix::close);
            rbm.close();
            data.close();
        }
    }

    /** Runs one partition's part of a round. */
    static PartitionResult run(RowBlock block, int partition, RbmRound round) {
        if (block.rows == 0) {
            return PartitionResult.empty(partition, round.positions[partition]);
        }
        String key = round.stateKey + "/" + partition;
        PartitionState st = ExecutorSide.state(key);
        if (st == null) {
            st = new PartitionState(block, partition, round);
            ExecutorSide.keep(key, st);
            if (round.round > 0) {
                LOG.warn("partition {} of {} has no state in this executor at round {}: its chains start afresh",
                        partition, round.stateKey, round.round);
            }
            st.estimatorAtStart = st.estimator.saveState();
            st.startedRound = round.round;
        } else if (st.startedRound == round.round) {
            // A retry of a round that already ran here, in part or in full: undo what it changed.
            st.estimator.restoreState(st.estimatorAtStart);
        } else {
            st.estimatorAtStart = st.estimator.saveState();
            st.startedRound = round.round;
        }
        Backend b = st.backend;
        round.payload.value().parameters.copyInto(st.rbm);
        long seed = round.partitionSeeds[partition];
        RandomStream random = b.randomStream(TrainingSeeds.samplingStream(seed, round.epoch));
        if (round.positions[partition] != null) {
            random.restore(round.positions[partition]);
        }
        st.estimator.reseed(random);
        int[] order = st.order(round.epoch, seed);
        int size = round.batchSizes[partition];
        int n = block.rows;
        int rows = 0;
        double squaredError = 0;
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, float[]> sums = new LinkedHashMap<>();
        Map<String, float[]> ruleState = Map.of();
        if (round.mode == SparkMode.SYNCHRONOUS) {
            int from = round.firstBatch * size;
            if (from < n) {
                Matrix m = st.batch(Math.min(size, n - from));
                b.gatherRows(st.data, order, from, m);
                st.estimator.accumulate(m, 1f, 0f, st.gradient);
                rows = m.rows();
                squaredError = st.estimator.lastReconstructionError();
                values.put(Rbm.WEIGHTS, st.gradient.weights().toArray());
                values.put(Rbm.VISIBLE_BIAS, st.gradient.visibleBias().toArray());
                values.put(Rbm.HIDDEN_BIAS, st.gradient.hiddenBias().toArray());
                if (st.gradient.visibleLogVariance() != null) {
                    values.put(Rbm.VISIBLE_LOG_VARIANCE, st.gradient.visibleLogVariance().toArray());
                }
                sums.put(FixedGradient.HIDDEN_MEANS, columnSums(st.estimator.positiveHiddenMeans(), rows));
                sums.put(FixedGradient.VISIBLE_MEANS, columnSums(m, rows));
            }
        } else {
            st.rule.restoreState(round.payload.value().ruleState);
            for (int k = 0; k < round.batches; k++) {
                int from = (round.firstBatch + k) * size;
                if (from >= n) {
                    break;
                }
                Matrix m = st.batch(Math.min(size, n - from));
                b.gatherRows(st.data, order, from, m);
                st.rule.step(st.rbm, st.estimator, m, round.epoch);
                rows += m.rows();
                squaredError += st.estimator.lastReconstructionError();
            }
            values.putAll(st.rbm.snapshot().parameters());
            ruleState = st.rule.saveState();
        }
        ExecutorSide.maybeFail(round.fault, round.layer, round.round, partition);
        st.completedRound = round.round;
        return new PartitionResult(partition, rows, squaredError, random.position(), values, sums, ruleState);
    }

    /** The column sums of the first {@code rows} rows of a matrix. */
    private static float[] columnSums(Matrix m, int rows) {
        float[] all = m.toArray();
        float[] out = new float[m.cols()];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < out.length; c++) {
                out[c] += all[r * out.length + c];
            }
        }
        return out;
    }
}
