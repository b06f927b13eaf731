package org.dbn4j.spark;

/** How the work of the partitions is combined into one model. */
public enum SparkMode {
    /**
     * Synchronous gradient averaging: every round is one global minibatch, split across the
     * partitions; the driver averages their gradients (weighted by rows) and applies one update
     * with the local update rule or optimiser, whose momentum or Adam state lives on the driver.
     * With one partition this is local training.
     */
    SYNCHRONOUS,
    /**
     * Parameter averaging: every round, each partition starts from the current parameters and
     * the current optimiser state (momentum, Adam moments), trains on N of its own minibatches,
     * and the driver averages the resulting parameters and optimiser states, weighted by rows.
     * Fewer, larger rounds: less communication, a different (noisier) trajectory.
     */
    PARAMETER_AVERAGING
}
