package org.dbn4j.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dbn4j.data.DataSet;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.Optimizer;
import org.dbn4j.training.TrainingSeeds;
import org.dbn4j.training.internal.Replica;

/**
 * The executor's side of a round of fine-tuning: one partition's gradient of its share of a
 * global minibatch, or its own minibatches from the current parameters and optimiser state.
 * Everything a round changes is reset from the broadcast at its start, and the dropout stream
 * from the position the driver sends, so a retried task repeats the failed attempt exactly.
 */
final class FineTuneWorker {

    private FineTuneWorker() {
    }

    /** One partition's replica and buffers, kept between rounds. */
    static final class PartitionState implements AutoCloseable {
        final Backend backend;
        final Replica replica;
        final Optimizer.State optimizer;
        final float[] targets;
        private final java.util.Map<Integer, float[][]> batches = new java.util.HashMap<>();
        int orderEpoch = -1;
        int[] order;

        PartitionState(RowBlock block, FineTuneRound round) {
            backend = ExecutorSide.backend(round.backendName, round.threads);
            replica = new Replica(backend, round.structure.value().toDbn(), round.regularization);
            if (round.mode == SparkMode.PARAMETER_AVERAGING) {
                optimizer = replica.startOptimizer(round.optimizer);
            } else {
                optimizer = null;
            }
            targets = new float[block.rows * round.classes];
            for (int i = 0; i < block.rows; i++) {
                targets[i * round.classes + block.labels[i]] = 1f;
            }
        }

        /** Reusable {features, one-hot targets} arrays for minibatches of {@code rows} rows. */
        float[][] batch(int rows, int cols, int classes) {
            return batches.computeIfAbsent(rows, r -> new float[][] {new float[r * cols], new float[r * classes]});
        }

        int[] order(int epoch, long seed, int rows) {
            if (orderEpoch != epoch) {
                order = DataSet.permutation(rows, TrainingSeeds.order(seed, epoch));
                orderEpoch = epoch;
            }
            return order;
        }

        @Override
        public void close() {
            if (optimizer != null) {
                optimizer.close();
            }
            replica.close();
        }
    }

    /** Runs one partition's part of a round. */
    static PartitionResult run(RowBlock block, int partition, FineTuneRound round) {
        if (block.rows == 0) {
            return PartitionResult.empty(partition, round.positions[partition]);
        }
        if (block.labels == null) {
            throw new IllegalArgumentException("supervised fine-tuning needs labelled data; partition " + partition
                    + " has none");
        }
        PartitionState st = ExecutorSide.partitionState(round, partition, () -> new PartitionState(block, round));
        st.replica.setParameters(round.payload.value().parameters);
        long seed = round.partitionSeeds[partition];
        RandomStream random = ExecutorSide.stream(st.backend, TrainingSeeds.dropoutStream(seed, round.epoch), round,
                partition);
        int[] order = st.order(round.epoch, seed, block.rows);
        int size = round.batchSizes[partition];
        int cols = block.cols;
        int classes = round.classes;
        int rows = 0;
        double lossSum = 0;
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, float[]> optimizerState = Map.of();
        if (round.mode == SparkMode.PARAMETER_AVERAGING) {
            st.optimizer.restoreState(round.payload.value().optimizerState);
        }
        int steps = round.mode == SparkMode.SYNCHRONOUS ? 1 : round.batches;
        for (int k = 0; k < steps; k++) {
            int from = (round.firstBatch + k) * size;
            if (from >= block.rows) {
                break;
            }
            int m = Math.min(size, block.rows - from);
            float[][] batch = st.batch(m, cols, classes);
            float[] x = batch[0];
            float[] t = batch[1];
            for (int i = 0; i < m; i++) {
                int row = order[from + i];
                System.arraycopy(block.features, row * cols, x, i * cols, cols);
                System.arraycopy(st.targets, row * classes, t, i * classes, classes);
            }
            double loss = st.replica.computeGradients(x, t, m, random, round.frozen);
            if (round.mode == SparkMode.SYNCHRONOUS) {
                values.putAll(st.replica.gradients());
            } else {
                st.replica.applyGradients(null, st.optimizer, round.frozen, round.epoch);
            }
            rows += m;
            lossSum += loss * m;
        }
        if (round.mode == SparkMode.PARAMETER_AVERAGING) {
            values.putAll(st.replica.parameters());
            optimizerState = st.optimizer.saveState();
        }
        ExecutorSide.maybeFail(round.fault, -1, round.round, partition);
        return new PartitionResult(partition, rows, lossSum, random.position(), values, Map.of(), optimizerState);
    }
}
