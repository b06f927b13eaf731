package org.dbn4j.spark;

import java.io.Serializable;

/** What every round of distributed training tells its partitions, whatever is trained. Immutable once sent. */
abstract class Round implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The prefix under which partitions keep their state between rounds. */
    String stateKey;
    int epoch;
    /** The round, counted from 0 over the whole stage. */
    int round;
    /** The first of this round's minibatches within the epoch. */
    int firstBatch;
    /** The minibatches each partition runs this round. */
    int batches;
    SparkMode mode;
    /** Each partition's sampling-stream position, or null where the epoch has not reached it yet. */
    long[][] positions;
    int[] batchSizes;
    long[] partitionSeeds;
    String backendName;
    int threads;
    FaultInjection fault;
}
