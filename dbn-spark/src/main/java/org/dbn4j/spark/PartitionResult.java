package org.dbn4j.spark;

import java.io.Serializable;
import java.util.Map;

/** What one partition sends back from a round: rows processed, summed loss (or squared error), stream position, arrays. */
// The strategy and map fields hold serializable implementations (those of dbn-training, HashMap, ArrayList).
@SuppressWarnings("serial")
final class PartitionResult implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final int rows;
    final double lossSum;
    final long[] position;
    final Map<String, float[]> values;

    PartitionResult(int partition, int rows, double lossSum, long[] position, Map<String, float[]> values) {
        this.partition = partition;
        this.rows = rows;
        this.lossSum = lossSum;
        this.position = position;
        this.values = values;
    }
}
