package org.dbn4j.train;

import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;

/**
 * Adjusts a (usually pretrained) DBN for a task: supervised with a head, or generatively.
 * Implementations are immutable configurations.
 */
public interface FineTuner {

    /**
     * Fine-tunes a DBN.
     *
     * @param backend where the arithmetic runs
     * @param dbn the starting model (not changed)
     * @param train the training examples, labelled where the task needs labels
     * @param validation held-out examples for early stopping and monitoring, or null
     * @return the fine-tuned DBN
     */
    Dbn fineTune(Backend backend, Dbn dbn, DataSet train, DataSet validation);

    /**
     * Continues an interrupted run from its checkpoint, with the same data and configuration, to
     * the result the uninterrupted run would have had.
     *
     * @param backend where the arithmetic runs
     * @param train the same training examples
     * @param validation the same held-out examples, or null
     * @param checkpoint a checkpoint of fine-tuning that this kind of fine-tuner wrote
     * @return the fine-tuned DBN
     * @throws IllegalArgumentException if the checkpoint is not one of this fine-tuning or does
     *     not fit this configuration
     */
    Dbn resume(Backend backend, DataSet train, DataSet validation, ModelFile.Checkpoint checkpoint);
}
