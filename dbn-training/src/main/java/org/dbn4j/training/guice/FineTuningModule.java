package org.dbn4j.training.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.Optimizer;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.training.BackpropFineTuner;

/** Binds the {@link FineTuner} to backpropagation with a softmax head and the bound {@link Optimizer}. */
public final class FineTuningModule extends AbstractModule {

    private final int epochs;
    private final int batchSize;
    private final long seed;

    /**
     * Creates the module.
     *
     * @param epochs epochs of fine-tuning
     * @param batchSize the minibatch size
     * @param seed the seed
     */
    public FineTuningModule(int epochs, int batchSize, long seed) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Provides
    FineTuner fineTuner(Optimizer optimizer, TrainingListener listener) {
        return BackpropFineTuner.builder().optimizer(optimizer).epochs(epochs).batchSize(batchSize).seed(seed)
                .listener(listener).build();
    }
}
