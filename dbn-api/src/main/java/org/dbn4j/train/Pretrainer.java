package org.dbn4j.train;

import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;

/**
 * Builds a DBN from unlabelled data without supervision, typically greedily, one RBM at a time.
 * Implementations are immutable configurations; each call trains from scratch (or resumes from
 * the implementation's checkpoint, where it has one).
 */
public interface Pretrainer {

    /**
     * Trains the stack.
     *
     * @param backend where the arithmetic runs
     * @param data the training examples (labels, if any, are ignored)
     * @return the pretrained DBN, without a head
     */
    Dbn pretrain(Backend backend, DataSet data);

    /**
     * Continues an interrupted run from its checkpoint, with the same data and configuration, to
     * the result the uninterrupted run would have had.
     *
     * @param backend where the arithmetic runs
     * @param data the same training examples
     * @param checkpoint a checkpoint of pretraining that this configuration wrote
     * @return the pretrained DBN
     * @throws IllegalArgumentException if the checkpoint is not one of pretraining or does not fit
     *     this configuration
     */
    Dbn resume(Backend backend, DataSet data, ModelFile.Checkpoint checkpoint);
}
