package org.dbn4j.spark;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;

/** What every partition needs for one round of up-down fine-tuning. Immutable once sent. */
// The broadcasts hold a byte array and a HashMap of float arrays.
@SuppressWarnings("serial")
final class UpDownRound implements Serializable {
    private static final long serialVersionUID = 1L;

    String stateKey;
    /** The starting model as a model file: its shape, specs and label units. */
    Broadcast<byte[]> structure;
    /** {@code UpDownFineTuner.LABELS} or {@code UpDownFineTuner.UP_DOWN}. */
    String stage;
    int epoch;
    int round;
    int firstBatch;
    int batches;
    /** The current parameters, named as the model file names them. */
    Broadcast<Map<String, float[]>> parameters;
    long[][] positions;
    int[] batchSizes;
    long[] partitionSeeds;
    int classes;
    double rate;
    double labelRate;
    int topGibbsSteps;
    String backendName;
    int threads;
    FaultInjection fault;
}
