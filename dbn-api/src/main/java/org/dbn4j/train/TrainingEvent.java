package org.dbn4j.train;

import java.util.Map;

/**
 * What happens during training, for progress bars, logs and plots. Metrics are named doubles,
 * for example {@code "reconstructionError"}.
 */
public sealed interface TrainingEvent {

    /**
     * An epoch begins.
     *
     * @param stage what is being trained, for example {@code "rbm 1 of 3"}
     * @param epoch the epoch, from 0
     * @param epochs the number of epochs
     * @param batches the number of minibatches in the epoch
     */
    record EpochStarted(String stage, int epoch, int epochs, int batches) implements TrainingEvent {
    }

    /**
     * A minibatch is done.
     *
     * @param stage what is being trained
     * @param epoch the epoch, from 0
     * @param batch the minibatch, from 0
     * @param batches the number of minibatches in the epoch
     * @param metrics running metrics of the epoch so far
     */
    record BatchFinished(String stage, int epoch, int batch, int batches, Map<String, Double> metrics)
            implements TrainingEvent {
    }

    /**
     * An epoch is done.
     *
     * @param stage what is being trained
     * @param epoch the epoch, from 0
     * @param epochs the number of epochs
     * @param seconds the epoch's wall time
     * @param metrics the epoch's metrics
     */
    record EpochFinished(String stage, int epoch, int epochs, double seconds, Map<String, Double> metrics)
            implements TrainingEvent {
    }

    /**
     * Training found a NaN or an infinity and stopped; the parameters of the last good epoch are
     * kept.
     *
     * @param stage what was being trained
     * @param epoch the epoch
     * @param batch the minibatch
     * @param message what was found and the likely cause
     */
    record DivergenceDetected(String stage, int epoch, int batch, String message) implements TrainingEvent {
    }

    /**
     * A checkpoint was written.
     *
     * @param stage what is being trained
     * @param epoch the last epoch it holds
     * @param file where it was written
     */
    record CheckpointWritten(String stage, int epoch, java.nio.file.Path file) implements TrainingEvent {
    }
}
