package org.dbn4j.spark;

import java.io.Serializable;

/**
 * A deliberate failure of the first attempt of one task, for testing that Spark's retry leaves
 * the result unchanged. Never set in production.
 *
 * @param stage the layer (pretraining, from 0), -1 (fine-tuning: backprop, or the up-down stage of
 *     up-down) or -2 (the label stage of up-down)
 * @param round the round, counted from 0 over the whole stage
 * @param partition the partition
 */
public record FaultInjection(int stage, int round, int partition) implements Serializable {

    /**
     * Whether a task is the one to fail.
     *
     * @param stage its stage
     * @param round its round
     * @param partition its partition
     * @return true for the targeted task
     */
    public boolean matches(int stage, int round, int partition) {
        return this.stage == stage && this.round == round && this.partition == partition;
    }
}
