package org.dbn4j.training;

import java.util.Objects;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.Pretrainer;
import org.dbn4j.train.TrainingState;

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
        return train(backend, train, train, validation).model();
    }

    /**
     * What a run produced: the pretrained stack (the generative model whose filters and samples
     * are worth looking at once backprop has turned the weights into a classifier's) and the final
     * model.
     *
     * @param pretrained the stack after pretraining, or null when a run resumed in fine-tuning
     * @param model the model after fine-tuning (the pretrained stack without a fine-tuner)
     */
    public record Result(Dbn pretrained, Dbn model) {
    }

    /**
     * Pretrains on one data set, then fine-tunes on another (for example the pretraining data
     * with shifted copies added).
     *
     * @param backend the backend
     * @param pretraining the pretraining examples
     * @param fineTuning the fine-tuning examples (labelled if the fine-tuning needs labels)
     * @param validation held-out examples for the fine-tuner, or null
     * @return both models
     */
    public Result train(Backend backend, DataSet pretraining, DataSet fineTuning, DataSet validation) {
        return fineTune(backend, pretrainer.pretrain(backend, pretraining), fineTuning, validation);
    }

    /**
     * Continues an interrupted {@link #train} from its checkpoint, in whichever stage it was
     * written, with the same data and configuration.
     *
     * @param backend the backend
     * @param pretraining the same pretraining examples
     * @param fineTuning the same fine-tuning examples
     * @param validation the same held-out examples, or null
     * @param checkpoint the checkpoint
     * @return both models, the pretrained one null if the run resumed in fine-tuning
     * @throws IllegalArgumentException if the checkpoint is one of fine-tuning and this pipeline
     *     has no fine-tuner, or it does not fit the configuration
     */
    public Result resume(Backend backend, DataSet pretraining, DataSet fineTuning, DataSet validation,
                         ModelFile.Checkpoint checkpoint) {
        TrainingState state = checkpoint.state();
        if (state != null && TrainingState.FINE_TUNING.equals(state.phase())) {
            if (fineTuner == null) {
                throw new IllegalArgumentException("the checkpoint is one of fine-tuning, but this pipeline has no"
                        + " fine-tuner");
            }
            return new Result(null, fineTuner.resume(backend, fineTuning, validation, checkpoint));
        }
        return fineTune(backend, pretrainer.resume(backend, pretraining, checkpoint), fineTuning, validation);
    }

    private Result fineTune(Backend backend, Dbn pretrained, DataSet fineTuning, DataSet validation) {
        return new Result(pretrained, fineTuner == null ? pretrained
                : fineTuner.fineTune(backend, pretrained, fineTuning, validation));
    }
}
