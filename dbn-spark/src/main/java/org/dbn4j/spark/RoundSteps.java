package org.dbn4j.spark;

import java.util.List;
import org.dbn4j.training.TrainingLoop;

/**
 * A step of the training loop that runs one distributed round per "minibatch": the rounds of an
 * epoch follow the {@link RoundPlan}, and the partitions' stream positions carry from one round
 * to the next.
 *
 * @param <M> the model trained
 */
abstract class RoundSteps<M> implements TrainingLoop.Step<M> {
    final SparkData data;
    final RoundPlan plan;
    private final String stateKey;
    private final SparkMode mode;
    private final String backendName;
    private final int threads;
    private final FaultInjection fault;
    private long[][] positions;

    RoundSteps(SparkData data, RoundPlan plan, String stateKey, SparkMode mode, String backendName, int threads,
               FaultInjection fault) {
        this.data = data;
        this.plan = plan;
        this.stateKey = stateKey;
        this.mode = mode;
        this.backendName = backendName;
        this.threads = threads;
        this.fault = fault;
    }

    @Override
    public final int batches() {
        return plan.rounds;
    }

    @Override
    public final void startEpoch(int epoch) {
        positions = new long[data.partitions()][];
    }

    /** Fills in what every round carries: its place in the epoch, the plan, the positions and the executors' settings. */
    final <R extends Round> R place(R round, int epoch, int r) {
        round.stateKey = stateKey;
        round.epoch = epoch;
        round.round = epoch * plan.rounds + r;
        round.firstBatch = r * plan.perRound;
        round.batches = plan.perRound;
        round.mode = mode;
        round.positions = positions;
        round.batchSizes = plan.batchSizes;
        round.partitionSeeds = plan.partitionSeeds;
        round.backendName = backendName;
        round.threads = threads;
        round.fault = fault;
        return round;
    }

    /** Adds up a round's results and keeps the stream positions the partitions reached. */
    final RoundPlan.Totals collect(List<PartitionResult> results) {
        RoundPlan.Totals totals = RoundPlan.Totals.of(results, positions);
        positions = totals.positions;
        return totals;
    }
}
