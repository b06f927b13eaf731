package org.dbn4j.spark;

import java.util.List;
import org.dbn4j.training.TrainingSeeds;

/**
 * How an epoch is cut into rounds, for both trainers: each partition's seed and minibatch size,
 * the local minibatches per round, and the rounds per epoch.
 */
final class RoundPlan {

    final long[] partitionSeeds;
    final int[] batchSizes;
    final int perRound;
    final int rounds;

    /**
     * Plans an epoch. In synchronous mode each partition takes its share of the global
     * minibatch; in parameter averaging it runs whole minibatches of its own.
     *
     * @param rowsOf rows of each partition
     * @param seed the trainer's seed; partition 0 uses it unchanged, so that one partition draws
     *     exactly what local training draws
     * @param batchSize the global minibatch size
     * @param mode the mode
     * @param averageEvery local minibatches per round in parameter averaging
     */
    RoundPlan(int[] rowsOf, long seed, int batchSize, SparkMode mode, int averageEvery) {
        int n = 0;
        for (int r : rowsOf) {
            n += r;
        }
        partitionSeeds = new long[rowsOf.length];
        batchSizes = new int[rowsOf.length];
        int mostBatches = 0;
        for (int p = 0; p < rowsOf.length; p++) {
            partitionSeeds[p] = p == 0 ? seed : TrainingSeeds.mix(seed, p, 0x5EED);
            int share = mode == SparkMode.SYNCHRONOUS ? (int) Math.round((double) batchSize * rowsOf[p] / n) : batchSize;
            batchSizes[p] = Math.max(1, Math.min(share, Math.max(rowsOf[p], 1)));
            mostBatches = Math.max(mostBatches, (rowsOf[p] + batchSizes[p] - 1) / batchSizes[p]);
        }
        perRound = mode == SparkMode.SYNCHRONOUS ? 1 : averageEvery;
        rounds = (mostBatches + perRound - 1) / perRound;
    }

    /** What a round's results add up to: rows processed, summed loss, and each partition's stream position. */
    static final class Totals {
        final int rows;
        final double lossSum;
        final long[][] positions;

        private Totals(int rows, double lossSum, long[][] positions) {
            this.rows = rows;
            this.lossSum = lossSum;
            this.positions = positions;
        }

        /** Adds up the results, with the positions the partitions reached replacing those they started from. */
        static Totals of(List<PartitionResult> results, long[][] startPositions) {
            long[][] positions = startPositions.clone();
            int rows = 0;
            double loss = 0;
            for (PartitionResult result : results) {
                positions[result.partition] = result.position;
                rows += result.rows;
                loss += result.lossSum;
            }
            return new Totals(rows, loss, positions);
        }
    }
}
