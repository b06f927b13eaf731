package org.dbn4j.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of a run's strategies that a checkpoint keeps, by owner: each owner's row-major
 * arrays under its own names. Owners are typed fields, not name prefixes, so no reader has to
 * take a name apart to find its arrays.
 *
 * @param optimizer the fine-tuning optimiser's (Adam's moments and step counts, velocities)
 * @param estimator the gradient estimator's (persistent chains, label chains of up-down)
 * @param updateRule the RBM update rule's (momentum velocities, sparsity averages)
 * @param best the best parameters early stopping kept, named as the model file names them
 */
public record StrategyState(Map<String, float[]> optimizer, Map<String, float[]> estimator,
                            Map<String, float[]> updateRule, Map<String, float[]> best) {

    /** No state at all: the strategies of the run keep none. */
    public static final StrategyState NONE = new StrategyState(Map.of(), Map.of(), Map.of(), Map.of());

    /**
     * Keeps unmodifiable copies of the maps (not of the arrays).
     *
     * @param optimizer the optimiser's arrays
     * @param estimator the estimator's arrays
     * @param updateRule the update rule's arrays
     * @param best the best parameters
     */
    public StrategyState {
        optimizer = copy(optimizer);
        estimator = copy(estimator);
        updateRule = copy(updateRule);
        best = copy(best);
    }

    private static Map<String, float[]> copy(Map<String, float[]> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m == null ? Map.of() : m));
    }

    /**
     * The state of an optimiser alone.
     *
     * @param arrays its arrays
     * @return the state
     */
    public static StrategyState ofOptimizer(Map<String, float[]> arrays) {
        return new StrategyState(arrays, Map.of(), Map.of(), Map.of());
    }

    /**
     * The state of an RBM's estimator and update rule.
     *
     * @param estimator the estimator's arrays
     * @param updateRule the update rule's arrays
     * @return the state
     */
    public static StrategyState ofRbm(Map<String, float[]> estimator, Map<String, float[]> updateRule) {
        return new StrategyState(Map.of(), estimator, updateRule, Map.of());
    }

    /**
     * This state with the best parameters early stopping kept.
     *
     * @param parameters the parameters
     * @return a new state
     */
    public StrategyState withBest(Map<String, float[]> parameters) {
        return new StrategyState(optimizer, estimator, updateRule, parameters);
    }

    /**
     * Whether no owner keeps any array.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return optimizer.isEmpty() && estimator.isEmpty() && updateRule.isEmpty() && best.isEmpty();
    }
}
