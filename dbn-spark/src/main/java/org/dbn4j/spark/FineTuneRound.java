package org.dbn4j.spark;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.dbn4j.train.Optimizer;

/** What every partition needs for one round of fine-tuning. Immutable once sent. */
// The strategy and map fields hold serializable implementations (those of dbn-training, HashMap, ArrayList).
@SuppressWarnings("serial")
final class FineTuneRound extends Round {
    private static final long serialVersionUID = 1L;

    /** The broadcast part: the parameters, and the averaged optimiser state (parameter averaging). */
    @SuppressWarnings("serial")
    static final class Payload implements Serializable {
        private static final long serialVersionUID = 1L;
        final Map<String, float[]> parameters;
        final Map<String, float[]> optimizerState;

        Payload(Map<String, float[]> parameters, Map<String, float[]> optimizerState) {
            this.parameters = parameters;
            this.optimizerState = optimizerState;
        }
    }

    Broadcast<DbnParameters> structure;
    boolean frozen;
    Broadcast<Payload> payload;
    Optimizer optimizer;
    int classes;
    org.dbn4j.training.internal.Regularization regularization;
}
