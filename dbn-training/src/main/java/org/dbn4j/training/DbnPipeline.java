package org.dbn4j.training;

import java.util.Objects;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.Pretrainer;

/**
 * The whole training of a DBN: unsupervised pretraining, then fine-tuning. Built with
 * {@link #builder()} and constructors alone, or by Guice from the modules in
 * {@code org.dbn4j.training.guice}; both give the same pipeline.
 */
public final class DbnPipeline {

    private final Pretrainer pretrainer;
    private final FineTuner fineTuner;

    /**
     * Creates the pipeline.
     *
     * @param pretrainer builds the stack from the data
     * @param fineTuner adjusts it for the task, or null to stop after pretraining
     */
    public DbnPipeline(Pretrainer pretrainer, FineTuner fineTuner) {
        this.pretrainer = Objects.requireNonNull(pretrainer, "pretrainer");
        this.fineTuner = fineTuner;
    }

    /**
     * A builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link DbnPipeline}. */
    public static final class Builder {
        private Pretrainer pretrainer;
        private FineTuner fineTuner;

        private Builder() {
        }

        /**
         * The pretrainer (required).
         *
         * @param p for example a {@link GreedyPretrainer}
         * @return this builder
         */
        public Builder pretrainer(Pretrainer p) {
            this.pretrainer = p;
            return this;
        }

        /**
         * The fine-tuner (optional).
         *
         * @param f for example a {@link BackpropFineTuner} or an {@link UpDownFineTuner}
         * @return this builder
         */
        public Builder fineTuner(FineTuner f) {
            this.fineTuner = f;
            return this;
        }

        /**
         * Builds the pipeline.
         *
         * @return the pipeline
         */
        public DbnPipeline build() {
            return new DbnPipeline(pretrainer, fineTuner);
        }
    }

    /**
     * The pretrainer.
     *
     * @return the pretrainer
     */
    public Pretrainer pretrainer() {
        return pretrainer;
    }

    /**
     * The fine-tuner.
     *
     * @return the fine-tuner, or null
     */
    public FineTuner fineTuner() {
        return fineTuner;
    }

    /**
     * Pretrains on the training data, then fine-tunes.
     *
     * @param backend the backend
     * @param train the training examples (labelled if the fine-tuning needs labels)
     * @param validation held-out examples for the fine-tuner, or null
     * @return the trained DBN
     */
    public Dbn run(Backend backend, DataSet train, DataSet validation) {
        Dbn dbn = pretrainer.pretrain(backend, train);
        return fineTuner == null ? dbn : fineTuner.fineTune(backend, dbn, train, validation);
    }
}
