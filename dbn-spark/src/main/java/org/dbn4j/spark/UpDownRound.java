package org.dbn4j.spark;

import java.util.Map;
import org.apache.spark.broadcast.Broadcast;

/** What every partition needs for one round of up-down fine-tuning. Immutable once sent. */
// The broadcasts hold a byte array and a HashMap of float arrays.
@SuppressWarnings("serial")
final class UpDownRound extends Round {
    private static final long serialVersionUID = 1L;

    /** The starting model as a model file: its shape, specs and label units. */
    Broadcast<byte[]> structure;
    /** {@code UpDownFineTuner.LABELS} or {@code UpDownFineTuner.UP_DOWN}. */
    String stage;
    /** The current parameters, named as the model file names them. */
    Broadcast<Map<String, float[]>> parameters;
    int classes;
    double rate;
    double labelRate;
    int topGibbsSteps;
}
