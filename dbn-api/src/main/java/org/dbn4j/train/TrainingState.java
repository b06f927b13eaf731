package org.dbn4j.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a training run stands, beyond the model's parameters: enough to resume it with the same
 * result as an uninterrupted run. Written into checkpoints next to the model.
 *
 * @param phase {@code "pretraining"} or {@code "fine-tuning"}
 * @param layer the RBM being pretrained (for fine-tuning, 0)
 * @param nextEpoch the epoch to run next, from 0
 * @param strategies the strategies' own state (momentum buffers, persistent chains, optimiser
 *     moments, the best parameters of early stopping), by owner
 * @param info small facts as text (best validation score so far, epochs without improvement...)
 */
public record TrainingState(String phase, int layer, int nextEpoch, StrategyState strategies,
                            Map<String, String> info) {

    /** The phase of greedy layer-wise pretraining. */
    public static final String PRETRAINING = "pretraining";
    /** The phase of fine-tuning. */
    public static final String FINE_TUNING = "fine-tuning";

    /**
     * Creates the state, keeping an unmodifiable copy of the facts.
     *
     * @param phase the phase
     * @param layer the layer
     * @param nextEpoch the next epoch
     * @param strategies the strategies' arrays
     * @param info named facts
     */
    public TrainingState {
        Objects.requireNonNull(phase, "phase");
        if (layer < 0 || nextEpoch < 0) {
            throw new IllegalArgumentException("layer and epoch must be zero or more, got " + layer + " and "
                    + nextEpoch);
        }
        strategies = strategies == null ? StrategyState.NONE : strategies;
        info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }
}
