package org.dbn4j.spark;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.UpdateRule;

/** What every partition needs for one round of training an RBM layer. Immutable once sent. */
// The strategy and map fields hold serializable implementations (those of dbn-training, HashMap, ArrayList).
@SuppressWarnings("serial")
final class RbmRound extends Round {
    private static final long serialVersionUID = 1L;

    /** The broadcast part: the parameters, and the averaged update-rule state (parameter averaging). */
    @SuppressWarnings("serial")
    static final class Payload implements Serializable {
        private static final long serialVersionUID = 1L;
        final RbmParameters parameters;
        final Map<String, float[]> ruleState;

        Payload(RbmParameters parameters, Map<String, float[]> ruleState) {
            this.parameters = parameters;
            this.ruleState = ruleState;
        }
    }

    int layer;
    Broadcast<Payload> payload;
    GradientEstimator estimator;
    UpdateRule updateRule;
}
