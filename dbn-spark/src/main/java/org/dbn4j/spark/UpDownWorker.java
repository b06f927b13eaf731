package org.dbn4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.training.UpDownFineTuner;
import org.dbn4j.training.internal.BackpropNetwork;
import org.dbn4j.training.internal.BackpropValues;
import org.dbn4j.training.internal.UpDownNetwork;

/** The executor side of up-down fine-tuning: a partition's minibatches of one round. */
final class UpDownWorker {

    private UpDownWorker() {
    }

    /** One partition's network, data and labels, kept between rounds. */
    static final class PartitionState implements AutoCloseable {
        final Backend backend;
        final Dbn start;
        final UpDownNetwork net;
        final Matrix data;
        final Matrix labels;
        private Matrix penultimate;
        private String orderKey;
        private int[] order;

        PartitionState(RowBlock block, UpDownRound round) {
            backend = ExecutorSide.backend(round.backendName, round.threads);
            try {
                start = ModelFile.load(round.structure.value(), "the up-down structure");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // The structure has label units, so the counts that would start them are not needed.
            net = new UpDownNetwork(backend, start, round.classes, new int[round.classes], round.rate,
                    round.topGibbsSteps);
            data = backend.matrix(block.rows, block.cols, block.features);
            DataSet rows = new DataSet(block.features, block.rows, block.cols, block.labels, round.classes);
            labels = backend.matrix(block.rows, round.classes, BackpropValues.oneHot(rows, round.classes));
        }

        /** The top RBM's input for every row: the starting model's features below it, as local training uses. */
        Matrix penultimate(RowBlock block) {
            if (penultimate == null) {
                try (BoundDbn bound = start.bind(backend)) {
                    penultimate = bound.features(DataSet.unlabelled(block.features, block.rows, block.cols),
                            start.depth() - 1).toMatrix(backend);
                }
            }
            return penultimate;
        }

        int[] order(String stage, int epoch, long seed) {
            String key = stage + "/" + epoch;
            if (!key.equals(orderKey)) {
                order = DataSet.permutation(data.rows(), UpDownFineTuner.orderSeed(seed, epoch, stage));
                orderKey = key;
            }
            return order;
        }

        @Override
        public void close() {
            net.close();
            data.close();
            labels.close();
            if (penultimate != null) {
                penultimate.close();
            }
        }
    }

    /** Runs one partition's part of a round: its minibatches from the broadcast parameters. */
    static PartitionResult run(RowBlock block, int partition, UpDownRound round) {
        if (block.rows == 0) {
            return PartitionResult.empty(partition, round.positions[partition]);
        }
        if (block.labels == null) {
            throw new IllegalArgumentException("up-down fine-tuning needs labelled data; partition " + partition
                    + " has none");
        }
        PartitionState st = ExecutorSide.partitionState(round, partition, () -> new PartitionState(block, round));
        // Every round starts from the driver's parameters and stream position, so a retry repeats it.
        st.net.setParameters(round.parameters.value());
        long seed = round.partitionSeeds[partition];
        RandomStream random = ExecutorSide.stream(st.backend, UpDownFineTuner.samplingSeed(seed, round.epoch,
                round.stage), round, partition);
        boolean labelStage = UpDownFineTuner.LABELS.equals(round.stage);
        Matrix input = labelStage ? st.penultimate(block) : st.data;
        int[] order = st.order(round.stage, round.epoch, seed);
        int size = round.batchSizes[partition];
        int rows = 0;
        double squaredError = 0;
        for (int k = 0; k < round.batches; k++) {
            int from = (round.firstBatch + k) * size;
            if (from >= block.rows) {
                break;
            }
            int m = Math.min(size, block.rows - from);
            UpDownNetwork.Buffers buf = st.net.buffers(m);
            st.backend.gatherRows(st.labels, order, from, buf.labels);
            if (labelStage) {
                st.backend.gatherRows(input, order, from, buf.wake[st.net.depth - 1]);
                // Mean-field CD-1, the local label stage without persistent chains (refused on Spark).
                squaredError += st.net.topCd(buf, random, 1, (float) round.labelRate, true, null);
            } else {
                st.backend.gatherRows(input, order, from, buf.wake[0]);
                squaredError += st.net.upDown(buf, random);
            }
            rows += m;
        }
        ExecutorSide.maybeFail(round.fault, labelStage ? -2 : -1, round.round, partition);
        return new PartitionResult(partition, rows, squaredError, random.position(), st.net.parameters(),
                java.util.Map.of(), java.util.Map.of());
    }
}
