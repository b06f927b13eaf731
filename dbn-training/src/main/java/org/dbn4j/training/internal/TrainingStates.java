package org.dbn4j.training.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sections of a checkpoint's named arrays: each owner of state (the optimiser, the
 * estimator, the update rule, early stopping) writes under its own section, and reads its own
 * section back whole.
 */
public final class TrainingStates {

    /** The optimiser of backpropagation. */
    public static final String OPTIMIZER = "optimizer.";
    /** The gradient estimator of an RBM (persistent chains and the like). */
    public static final String ESTIMATOR = "estimator.";
    /** The update rule of an RBM (momentum and the like). */
    public static final String UPDATE = "update.";
    /** The best parameters that early stopping keeps. */
    public static final String BEST = "best.";

    private TrainingStates() {
    }

    /**
     * The arrays of one section.
     *
     * @param state all the arrays
     * @param section the section, for example {@link #OPTIMIZER}
     * @return its arrays, by their names within the section
     */
    public static Map<String, float[]> part(Map<String, float[]> state, String section) {
        Map<String, float[]> out = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (k.startsWith(section)) {
                out.put(k.substring(section.length()), v);
            }
        });
        return out;
    }

    /**
     * Adds a section's arrays.
     *
     * @param into where they go
     * @param section the section
     * @param values the arrays, by their names within the section
     */
    public static void put(Map<String, float[]> into, String section, Map<String, float[]> values) {
        values.forEach((k, v) -> into.put(section + k, v));
    }
}
