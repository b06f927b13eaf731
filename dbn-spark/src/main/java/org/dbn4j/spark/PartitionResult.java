package org.dbn4j.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What one partition sends back from a round: rows processed, summed loss (or squared error),
 * stream position, and its arrays by kind, each named as the model file names the tensor (see
 * {@link org.dbn4j.model.Rbm#parameters()}) or as its strategy names its state.
 */
// The map fields hold HashMaps of float arrays.
@SuppressWarnings("serial")
final class PartitionResult implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final int rows;
    final double lossSum;
    final long[] position;
    /** Gradients (synchronous) or parameters (parameter averaging): averaged, weighted by rows. */
    final Map<String, float[]> values;
    /** Column sums over the partition's rows: added up and divided by all rows. */
    final Map<String, float[]> columnSums;
    /** The optimiser's or update rule's state (parameter averaging): averaged, weighted by rows. */
    final Map<String, float[]> strategyState;

    PartitionResult(int partition, int rows, double lossSum, long[] position, Map<String, float[]> values,
                    Map<String, float[]> columnSums, Map<String, float[]> strategyState) {
        this.partition = partition;
        this.rows = rows;
        this.lossSum = lossSum;
        this.position = position;
        this.values = values;
        this.columnSums = columnSums;
        this.strategyState = strategyState;
    }

    /** A result of a partition that had nothing to do this round. */
    static PartitionResult empty(int partition, long[] position) {
        return new PartitionResult(partition, 0, 0, position, Map.of(), Map.of(), Map.of());
    }

    Map<String, float[]> values() {
        return values;
    }

    Map<String, float[]> columnSums() {
        return columnSums;
    }

    Map<String, float[]> strategyState() {
        return strategyState;
    }
}
